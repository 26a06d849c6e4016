import FootprintCore

/// Turns a header row into field names: surrounding spaces trimmed, an empty name
/// called `column N`, and a repeated name kept apart with a `#2`, `#3` suffix
/// (Mailchimp exports repeat UNSUB_REASON and UNSUB_CAMPAIGN_ID), so no column is lost.
public enum CSVHeader {
    /// The names of a header row, decoding any field that is not UTF-8 as Windows-1252.
    public static func names(of row: CSVRow) -> [String] {
        names((0..<row.count).map { row.string($0) ?? row.withField($0) { TextDecoding.decodeWindows1252($0) } })
    }

    /// Every name is unique and a real header keeps its own name: a generated one (`#2`,
    /// `column N`) never takes a name the file uses elsewhere (`email,email,email#2` gives
    /// email, email#3, email#2), so a mapping never reads the wrong column.
    public static func names(_ raw: [String]) -> [String] {
        let trimmed = raw.map { $0.trimmingCharacters(in: " \t") }
        var taken = Set(trimmed.filter { !$0.isEmpty })
        var firstSeen: Set<String> = []
        return trimmed.enumerated().map { index, name in
            if !name.isEmpty, firstSeen.insert(name).inserted { return name }
            let base = name.isEmpty ? "column \(index + 1)" : name
            var n = name.isEmpty ? 1 : 2
            var candidate = n == 1 ? base : "\(base)#\(n)"
            while taken.contains(candidate) {
                n += 1
                candidate = "\(base)#\(n)"
            }
            taken.insert(candidate)
            return candidate
        }
    }
}
