import Foundation
import Testing
import FootprintFuzzChecks
@testable import FootprintCore
@testable import FootprintJSON
import FootprintTestSupport

/// What fuzzing the JSON splitter found, kept as regression tests.
@Suite("JSON hostile input")
struct JSONHostileTests {
    @Test("a stray closing bracket where a record should start is an error, not an endless loop", arguments: ["[}", "[1,}", "[{\"a\":1},]]", "[ ] ", "[\n}\n]"])
    func strayCloser(_ text: String) throws {
        let reader = JSONRecordReader(stream: MemoryStream(text), container: "t.json")
        var count = 0
        do {
            try reader.forEachValue { _, _ in
                count += 1
                return count < 100 // a loop handing over the same empty value would be caught here
            }
        } catch is SourceError {}
        #expect(count < 100)
    }

    @Test("JSON Lines after more blank lines than one read holds are still read")
    func blankLines() throws {
        let text = String(repeating: "\n", count: 200_000) + "{\"email\":\"a@example.com\"}\n{\"email\":\"b@example.com\"}\n"
        let reader = JSONRecordReader(stream: FuzzStream(Array(text.utf8), chunk: 1 << 16), container: "t.jsonl")
        var lines: [Int] = []
        try reader.forEachValue { _, line in lines.append(line); return true }
        #expect(lines == [200_001, 200_002])
    }

    @Test("a huge record read 64 KiB at a time is scanned again only a logarithmic number of times")
    func largeValue() throws {
        let text = "[{\"notes\":\"" + String(repeating: "y", count: 8 << 20) + "\"},{\"a\":1}]"
        let reader = JSONRecordReader(stream: FuzzStream(Array(text.utf8), chunk: 1 << 16), container: "big.json")
        var sizes: [Int] = []
        try reader.forEachValue { bytes, _ in sizes.append(bytes.count); return true }
        #expect(sizes == [(8 << 20) + 12, 7])
        #expect(reader.refills <= 8, "\(reader.refills) refills")
    }

    @Test("a malformed number makes the record malformed, never output that does not parse")
    func malformedNumber() throws {
        #expect(throws: JSONSyntaxError.self) { _ = try values("[{\"a\": -}]").map { $0.0 } }
        #expect(throws: JSONSyntaxError.self) { _ = try values("{\"a\": +1.2.3e}\n") }
    }
}
