import FootprintCore

/// Turns a header row into field names: surrounding spaces trimmed, an empty name
/// called `column N`, and a repeated name kept apart with a `#2`, `#3` suffix
/// (Mailchimp exports repeat UNSUB_REASON and UNSUB_CAMPAIGN_ID), so no column is lost.
public enum CSVHeader {
    /// The names of a header row, decoding any field that is not UTF-8 as Windows-1252.
    public static func names(of row: CSVRow) -> [String] {
        names((0..<row.count).map { row.string($0) ?? row.withField($0) { TextDecoding.decodeWindows1252($0) } })
    }

    public static func names(_ raw: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return raw.enumerated().map { index, text in
            var name = text.trimmingCharacters(in: " \t")
            if name.isEmpty { name = "column \(index + 1)" }
            let count = (seen[name] ?? 0) + 1
            seen[name] = count
            return count == 1 ? name : "\(name)#\(count)"
        }
    }
}
