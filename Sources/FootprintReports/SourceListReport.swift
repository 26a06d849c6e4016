import FootprintCore

/// `footprint sources`: each configured source, whether it can be read, what it can do.
public enum SourceListReport {
    public static func json(_ checks: [SourceCheck]) -> String {
        var json = JSONWriter()
        json.beginArray()
        for check in checks {
            json.beginObject()
            json.key("name"); json.string(check.name)
            json.key("connector"); json.string(check.connector)
            json.key("mapped_fields"); json.int(check.mappedFields)
            json.key("capabilities"); json.stringArray(check.capabilities)
            json.key("reachable"); json.bool(check.isReadable)
            json.key("problem"); json.string(check.isReadable ? nil : check.problems.map(\.description).joined(separator: "\n"))
            json.key("problems"); json.sourceErrors(check.problems)
            json.endObject()
        }
        json.endArray()
        return json.output + "\n"
    }

    public static func table(_ checks: [SourceCheck]) -> String {
        var out = "NAME".padded(16) + "CONNECTOR".padded(11) + "FIELDS".padded(8) + "CAN".padded(12) + "STATUS\n"
        for check in checks {
            out += check.name.padded(16) + check.connector.padded(11) + String(check.mappedFields).padded(8)
                + (["read"] + check.capabilities).joined(separator: ",").padded(12) + (check.isReadable ? "ok" : "PROBLEM") + "\n"
            for problem in check.problems { out += "  \(problem.description.forTerminal)\n" }
        }
        return out
    }
}
