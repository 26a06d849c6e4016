import FootprintCore

/// `data/<source>/<container>.csv`: the specific pieces, readily usable (§1798.130(a)(2)(A)):
/// UTF-8, one row per record, portable file names. A cell a spreadsheet would run as a
/// formula (starting with = + - @, a tab or a carriage return) is neutralised with a
/// leading apostrophe, as OWASP advises; `response.json` keeps the raw value.
public enum KnowDataFiles {
    /// Relative path → file contents.
    public static func files(_ package: KnowPackage) -> [(path: String, bytes: [UInt8])] {
        guard package.disclosure == .specificPieces else { return [] }
        var files: [(String, [UInt8])] = []
        var used: Set<String> = []
        for system in package.systems where !system.records.isEmpty {
            let folder = "data/" + PortableName.make(system.source)
            var order: [String] = []
            var groups: [String: [KnowPackage.DisclosedRecord]] = [:]
            for record in system.records {
                if groups[record.container] == nil { order.append(record.container) }
                groups[record.container, default: []].append(record)
            }
            for container in order {
                let base = folder + "/" + PortableName.make(withoutExtension(container))
                var path = base + ".csv"
                var n = 2
                while used.contains(path.lowercased()) { path = base + "-\(n).csv"; n += 1 }
                used.insert(path.lowercased())
                files.append((path, Array(csv(groups[container]!).utf8)))
            }
        }
        return files
    }

    /// `exports/a.csv.gz` → `exports/a`: the data file is CSV whatever the source was.
    static func withoutExtension(_ name: String) -> String {
        var name = name
        for suffix in [".gz", ".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json"] where name.lowercased().hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        return name.isEmpty ? "records" : name
    }

    static func csv(_ records: [KnowPackage.DisclosedRecord]) -> String {
        var columns: [String] = []
        for record in records {
            for piece in record.pieces where !columns.contains(piece.name) { columns.append(piece.name) }
        }
        var out = (["record", "collected"] + columns).map(cell).joined(separator: ",") + "\r\n"
        for record in records {
            var row = [record.key, record.collected.map(DateOnly.format) ?? ""]
            for column in columns {
                guard let piece = record.pieces.first(where: { $0.name == column }) else { row.append(""); continue }
                row.append(piece.described.map { _ in "(collected; not disclosed, §7024(d))" } ?? piece.value.map(KnowText.text) ?? "")
            }
            out += row.map(cell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func cell(_ text: String) -> String { CSVCell.escape(text) }
}

/// File names that open on every system: letters, digits, `.`, `_` and `-` only, never
/// empty, `.` or `..`, at most 100 characters. A container name (`exports/a.zip/b.csv`,
/// `shop.customer`) is hostile input as much as a value.
public enum PortableName {
    public static func make(_ text: String) -> String {
        var name = String(text.unicodeScalars.map { scalar -> Character in
            let c = Character(scalar)
            return (c.isASCII && (c.isLetter || c.isNumber)) || c == "." || c == "_" || c == "-" ? c : "_"
        })
        while name.hasPrefix(".") { name.removeFirst() }
        if name.count > 100 { name = String(name.prefix(100)) }
        return name.isEmpty ? "_" : name
    }
}
