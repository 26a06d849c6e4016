import Foundation
import Testing
@testable import FootprintCore
@testable import FootprintCSV
import FootprintTestSupport

final class MemoryStream: ByteStream {
    var bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    convenience init(_ text: String) { self.init(Array(text.utf8)) }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        for i in 0..<n { buffer[i] = bytes[offset + i] }
        offset += n
        return n
    }
}

struct ParsedCSV {
    var rows: [[String]]
    var lines: [Int]
    var reader: CSVReader
}

func parse(_ bytes: [UInt8], delimiter: UInt8? = nil, bufferSize: Int = 1 << 16) throws -> ParsedCSV {
    let reader = CSVReader(stream: MemoryStream(bytes), delimiter: delimiter, container: "test.csv", bufferSize: bufferSize)
    var rows: [[String]] = []
    var lines: [Int] = []
    try reader.forEachRow { row in
        rows.append((0..<row.count).map { row.string($0) ?? "<invalid>" })
        lines.append(row.line)
        return true
    }
    return ParsedCSV(rows: rows, lines: lines, reader: reader)
}

let spectrum = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("csv-spectrum")

@Suite("CSV reader")
struct CSVReaderTests {
    static let cases = ["comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines", "newlines_crlf",
                        "quotes_and_newlines", "simple", "simple_crlf", "utf8"]

    @Test("csv-spectrum: every case parses to its expected JSON, field by field", arguments: cases)
    func spectrumCase(_ name: String) throws {
        let csv = try [UInt8](Data(contentsOf: spectrum.appendingPathComponent("csvs/\(name).csv")))
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: spectrum.appendingPathComponent("json/\(name).json"))) as? [[String: String]])
        let parsed = try parse(csv)
        let header = try #require(parsed.rows.first)
        let records = parsed.rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        #expect(records.count == expected.count)
        for (got, want) in zip(records, expected) {
            #expect(Set(got.keys) == Set(want.keys))
            for (key, value) in want { #expect(got[key] == value, "field \(key)") }
        }
        #expect(parsed.reader.diagnostics.isEmpty)
    }

    @Test("csv-spectrum location_coordinates: checked against the CSV's own values (its JSON names another phone)")
    func locationCoordinates() throws {
        let csv = try [UInt8](Data(contentsOf: spectrum.appendingPathComponent("csvs/location_coordinates.csv")))
        let parsed = try parse(csv)
        #expect(parsed.rows == [
            ["Contact Phone Number", "Location Coordinates", "Cities", "Counties"],
            ["2095257564", "37\u{FFFD}36'37.8\"N 121\u{FFFD}2'17.9\"W", "Modesto", "Stanislaus"],
        ])
        // The bare quote in an unquoted field is kept as text, and reported with its line.
        #expect(parsed.reader.diagnostics.map(\.line) == [2])
        #expect(parsed.reader.diagnostics.first?.severity == .warning)
    }

    @Test("every chunk size parses the same rows and lines as one big buffer", arguments: [1, 2, 3, 5, 8, 13, 64])
    func chunkBoundaries(_ size: Int) throws {
        let text = "a,b,c\r\n1,\"x\"\"y\",3\r\n\"multi\nline\r\nfield\",,\"\"\n4,5,6\r\"7\",8,\"9\"\n\nlast,row,\"with, comma\""
        let whole = try parse(Array(text.utf8))
        let small = try parse(Array(text.utf8), bufferSize: size)
        #expect(small.rows == whole.rows)
        #expect(small.lines == whole.lines)
        #expect(whole.rows == [["a", "b", "c"], ["1", "x\"y", "3"], ["multi\nline\r\nfield", "", ""], ["4", "5", "6"],
                               ["7", "8", "9"], ["last", "row", "with, comma"]])
        #expect(whole.lines == [1, 2, 3, 6, 7, 9])
    }

    @Test("the delimiter is sniffed among comma, semicolon, tab and pipe", arguments: [
        ("Name;Email;Note\nJane;jane@example.com;\"a, b\"\n", UInt8(ascii: ";")),
        ("Name\tEmail\nJane\tjane@example.com\n", UInt8(ascii: "\t")),
        ("Name|Email|Phone\nJane|jane@example.com|415,555\n", UInt8(ascii: "|")),
        ("\"Name; with semicolon\",Email\nJane,jane@example.com\n", UInt8(ascii: ",")),
        ("Email\njane@example.com\n", UInt8(ascii: ",")),
    ])
    func sniffing(_ text: String, _ delimiter: UInt8) throws {
        let parsed = try parse(Array(text.utf8))
        #expect(parsed.reader.delimiter == delimiter)
    }

    @Test("duplicate header names are kept apart with #2, empty ones named by position")
    func duplicateHeaders() {
        #expect(CSVHeader.names(["UNSUB_REASON", "Email", "UNSUB_REASON", " UNSUB_REASON ", ""]) ==
                ["UNSUB_REASON", "Email", "UNSUB_REASON#2", "UNSUB_REASON#3", "column 5"])
    }

    @Test("a quote never closed is read as text, so the rows after it are not lost, and is reported with its line")
    func unclosedQuote() throws {
        let text = "a,b\n1,2\n3,\"oops\n4,5\n"
        for size in [4, 1 << 16] {
            let parsed = try parse(Array(text.utf8), bufferSize: size)
            #expect(parsed.rows == [["a", "b"], ["1", "2"], ["3", "\"oops"], ["4", "5"]])
            #expect(parsed.reader.unterminatedQuoteLine == 3)
            #expect(parsed.reader.diagnostics.map(\.line) == [3])
        }
    }

    @Test("text after a closing quote is kept and reported")
    func textAfterQuote() throws {
        let parsed = try parse(Array("a,b\n\"abc\"def,2\n".utf8))
        #expect(parsed.rows[1] == ["abc\"def", "2"])
        #expect(parsed.reader.diagnostics.count == 1)
    }
}
