import Foundation
import FootprintCore

/// What `footprint scan` prints when it is done: per source, containers scanned,
/// unchanged and dropped, records and identifiers indexed, and what failed.
public enum ScanSummaryReport {
    public static func json(_ result: ScanResult) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("index"); json.string(result.index)
        json.key("seconds"); json.raw(String(format: "%.3f", result.seconds))
        json.key("sources")
        json.beginArray()
        for s in result.sources {
            json.beginObject()
            json.key("name"); json.string(s.name)
            json.key("containers_scanned"); json.int(s.containersScanned)
            json.key("containers_unchanged"); json.int(s.containersSkipped)
            json.key("containers_dropped"); json.int(s.containersDropped)
            json.key("records"); json.int(s.records)
            json.key("identifiers"); json.int(s.identifiers)
            json.key("errors"); json.sourceErrors(s.errors)
            json.key("warnings"); json.stringArray(s.warnings)
            json.key("seconds"); json.raw(String(format: "%.3f", s.seconds))
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output + "\n"
    }

    public static func table(_ result: ScanResult) -> String {
        var out = "SOURCE".padded(14) + "SCANNED".padded(9) + "UNCHANGED".padded(11) + "DROPPED".padded(9) + "RECORDS".padded(11)
            + "IDENTIFIERS".padded(13) + "TIME\n"
        for s in result.sources {
            out += s.name.padded(14) + String(s.containersScanned).padded(9) + String(s.containersSkipped).padded(11)
                + String(s.containersDropped).padded(9) + String(s.records).padded(11) + String(s.identifiers).padded(13)
                + String(format: "%.2fs", s.seconds) + "\n"
            for error in s.errors { out += "  error: \(error.description.forTerminal)\n" }
            for warning in s.warnings { out += "  warning: \(warning.forTerminal)\n" }
        }
        out += "index: \(result.index.forTerminal)\n"
        return out
    }
}
