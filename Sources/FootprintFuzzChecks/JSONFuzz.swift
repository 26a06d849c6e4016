import FootprintCore
import FootprintJSON
import FootprintReports

/// The JSON splitter and parser: the same values however the bytes arrive, a value that
/// parses serializes to JSON that parses back to the same value, and output never holds
/// a number JSON cannot read.
enum JSONFuzz {
    static func values(_ bytes: [UInt8], chunk: Int, bufferSize: Int) throws -> ([[UInt8]], String) {
        let reader = JSONRecordReader(stream: FuzzStream(bytes, chunk: chunk), container: "fuzz.json", bufferSize: bufferSize)
        var values: [[UInt8]] = []
        var outcome = "ok"
        do {
            try reader.forEachValue { value, _ in
                values.append(Array(value))
                return values.count < 10_000
            }
        } catch let error as SourceError {
            outcome = error.message
        }
        return (values, outcome)
    }

    static func check(_ bytes: [UInt8]) throws {
        let whole = try values(bytes, chunk: .max, bufferSize: 1 << 20)
        let chunk = 1 + Int(bytes.last ?? 0) % 61
        let small = try values(bytes, chunk: chunk, bufferSize: 8)
        try FuzzFailure.check(whole.0 == small.0, "json", "values differ when read \(chunk) bytes at a time")
        try FuzzFailure.check(whole.1 == small.1, "json", "outcome differs when read \(chunk) bytes at a time: \(whole.1) / \(small.1)")
        for value in whole.0 {
            guard let parsed = try? value.withUnsafeBufferPointer({ try JSONParser.parse($0) }) else { continue }
            let out = parsed.serialized()
            let again = try? out.withUnsafeBufferPointer { try JSONParser.parse($0) }
            try FuzzFailure.check(again == parsed, "json", "a parsed value does not survive serializing and parsing again")
            for field in parsed.flattened() {
                var line: [UInt8] = []
                RecordJSON.appendValue(field.value, to: &line)
                let reparsed = try? line.withUnsafeBufferPointer { try JSONParser.parse($0) }
                try FuzzFailure.check(reparsed != nil, "json", "a field's value is written as JSON that does not parse")
            }
        }
    }
}
