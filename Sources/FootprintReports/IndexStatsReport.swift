import Foundation
import FootprintCore

/// `footprint index stats`: the index's size, and per source what it holds, when it was
/// last scanned and which containers a lookup would search live (changed since).
public enum IndexStatsReport {
    public static func json(_ stats: IndexStats) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("index"); json.string(stats.path)
        json.key("bytes"); json.int(Int(stats.bytes))
        json.key("sources")
        json.beginArray()
        for source in stats.sources {
            json.beginObject()
            json.key("name"); json.string(source.name)
            json.key("containers"); json.int(source.containers)
            json.key("records"); json.int(source.records)
            json.key("identifiers"); json.int(source.identifiers)
            json.key("last_scan"); json.string(source.lastScan.map(timestamp))
            json.key("stale"); json.stringArray(source.stale)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output + "\n"
    }

    public static func table(_ stats: IndexStats) -> String {
        var out = "index: \(stats.path.forTerminal) (\(stats.bytes / 1024) KiB)\n" + "SOURCE".padded(14) + "CONTAINERS".padded(12)
            + "RECORDS".padded(11) + "IDENTIFIERS".padded(13) + "LAST SCAN".padded(22) + "STALE\n"
        for source in stats.sources {
            out += source.name.padded(14) + String(source.containers).padded(12) + String(source.records).padded(11)
                + String(source.identifiers).padded(13) + (source.lastScan.map(timestamp) ?? "never").padded(22)
                + (source.stale.isEmpty ? "none" : source.stale.joined(separator: ", ").forTerminal) + "\n"
        }
        return out
    }

    private static func timestamp(_ date: Date) -> String { Timestamp.iso8601(date) }
}
