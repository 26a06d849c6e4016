/// Guesses a file's delimiter from its first lines: the candidate (comma, semicolon,
/// tab, pipe) that appears outside quotes on the header line and the same number of
/// times on most lines after it. European Excel writes semicolons; many tools write tabs.
public enum CSVDialect {
    public static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>, maxLines: Int = 50) -> UInt8 {
        sniffLines(bytes, maxLines: maxLines).delimiter
    }

    /// `sniff`, and whether `maxLines` lines decided it (more bytes would not change it).
    public static func sniffLines(_ bytes: UnsafeBufferPointer<UInt8>, maxLines: Int = 50) -> (delimiter: UInt8, decided: Bool) {
        var counts: [[Int]] = []
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var i = 0
        while i < bytes.count && counts.count < maxLines {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes && (b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")) {
                if current.contains(where: { $0 > 0 }) || !counts.isEmpty { counts.append(current) }
                current = [Int](repeating: 0, count: candidates.count)
                if b == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
            } else if !inQuotes, let k = candidates.firstIndex(of: b) {
                current[k] += 1
            }
            i += 1
        }
        let decided = counts.count >= maxLines
        if current.contains(where: { $0 > 0 }) { counts.append(current) }
        guard let header = counts.first else { return (candidates[0], decided) }
        var best = candidates[0]
        var bestScore = -1
        for (k, candidate) in candidates.enumerated() where header[k] > 0 {
            // Lines whose count agrees with the header's; ties go to the earlier candidate.
            let agreeing = counts.filter { $0[k] == header[k] }.count
            let score = agreeing * 1000 + min(header[k], 999)
            if score > bestScore {
                bestScore = score
                best = candidate
            }
        }
        return (best, decided)
    }
}
