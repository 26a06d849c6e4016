import FootprintCore
import FootprintCSV

/// The CSV reader: the same rows however the bytes arrive (one read, or reads of 1 to 97
/// bytes), every header name unique, and no crash or hang on any input.
enum CSVFuzz {
    static func rows(_ bytes: [UInt8], chunk: Int, bufferSize: Int, delimiter: UInt8?) throws -> ([[String]], [Int], String, UInt8?) {
        let reader = CSVReader(stream: FuzzStream(bytes, chunk: chunk), delimiter: delimiter, container: "fuzz.csv", bufferSize: bufferSize)
        var rows: [[String]] = []
        var lines: [Int] = []
        var outcome = "ok"
        do {
            try reader.forEachRow { row in
                rows.append((0..<row.count).map { row.string($0) ?? row.withField($0) { TextDecoding.decodeWindows1252($0) } })
                lines.append(row.line)
                return rows.count < 10_000
            }
        } catch let error as SourceError {
            outcome = error.message
        }
        return (rows, lines, outcome, reader.delimiter)
    }

    static func check(_ bytes: [UInt8]) throws {
        let whole = try rows(bytes, chunk: .max, bufferSize: 1 << 20, delimiter: nil)
        let chunk = 1 + Int(bytes.first ?? 0) % 97
        // The delimiter is sniffed from the first buffer: give the small reader the same one.
        let small = try rows(bytes, chunk: chunk, bufferSize: 16, delimiter: whole.3)
        try FuzzFailure.check(whole.0 == small.0, "csv", "rows differ when read \(chunk) bytes at a time into a 16-byte buffer")
        try FuzzFailure.check(whole.1 == small.1, "csv", "lines differ when read \(chunk) bytes at a time")
        if let header = whole.0.first {
            let names = CSVHeader.names(header)
            try FuzzFailure.check(Set(names).count == names.count, "csv", "header names collide")
            for (name, raw) in zip(names, header) where !raw.trimmingCharacters(in: " \t").isEmpty {
                // A real name is kept, or given a suffix because an earlier column has it.
                try FuzzFailure.check(name == raw.trimmingCharacters(in: " \t") || name.hasPrefix(raw.trimmingCharacters(in: " \t") + "#"),
                                      "csv", "a header name was replaced")
            }
        }
    }
}
