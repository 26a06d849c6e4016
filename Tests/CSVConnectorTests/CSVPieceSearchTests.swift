import Foundation
import Synchronization
import Testing
@testable import FootprintCore
@testable import FootprintCSV
import FootprintTestSupport

/// A deletion's witness searching a CSV file's new bytes in pieces on two threads must
/// find exactly what one search of the rewritten file finds: pieces start at removed rows,
/// are read after the header, in the file's dialect and encoding, across quoted line
/// breaks, doubled quotes and a BOM.
@Suite("CSV witness search in pieces")
struct CSVPieceSearchTests {
    struct Variant: CustomTestStringConvertible, Sendable {
        var name: String
        var bom: [UInt8]
        var newline: String
        var encoding: String?
        var delimiter: String
        var key = "id"
        /// Whether the file can be cut into pieces at all.
        var pieces: Bool
        var testDescription: String { name }
    }

    static let variants = [
        Variant(name: "UTF-8 with a BOM, CRLF, comma sniffed", bom: [0xEF, 0xBB, 0xBF], newline: "\r\n", encoding: nil, delimiter: ",", pieces: true),
        Variant(name: "Windows-1252, LF, semicolon sniffed", bom: [], newline: "\n", encoding: "windows-1252", delimiter: ";", pieces: true),
        Variant(name: "UTF-16 with a BOM: one piece", bom: [0xFF, 0xFE], newline: "\r\n", encoding: nil, delimiter: ",", pieces: false),
        Variant(name: "a key column the header lacks: one piece", bom: [], newline: "\n", encoding: nil, delimiter: ",", key: "Record ID", pieces: false),
    ]

    @Test("pieces find what one search of the rewritten file finds", arguments: variants)
    func samePeople(_ variant: Variant) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // 60,000 rows (the first megabyte is one piece). In the first half every 13th is
        // Jane's and every 41st is removed (some of hers among them); in the second every
        // row is hers and every 5,000th removed: there reads also end at 1 MiB, inside rows,
        // where a piece must not start.
        var rows: [[UInt8]] = []
        let d = variant.delimiter
        let header = ["id", "name", "note", "email"].joined(separator: d) + variant.newline
        for i in 0..<60_000 {
            let email = Self.janes(i) ? "Jane.Doe@Example.com" : "person\(i)@example.net"
            // A long quoted note before the email, with line breaks, the delimiter and doubled
            // quotes in it: a piece started inside one would misread every row after it.
            let note = "\"line one\nline\(d) two \"\"quoted\"\"" + String(repeating: " and more", count: 15) + "\nlast line\""
            rows.append(encode("\(100_000 + i)\(d)Zoë \(i)\(d)\(note)\(d)\(email)\(variant.newline)", variant))
        }
        var bytes = variant.bom + encode(header, variant, bom: false)
        var edits: [ByteEdit] = []
        for (i, row) in rows.enumerated() {
            if Self.removed(i) { edits.append(ByteEdit(Int64(bytes.count)..<Int64(bytes.count + row.count))) }
            bytes += row
        }
        let path = dir + "/people.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var yaml = "sources:\n  - name: crm\n    connector: csv\n    path: people.csv\n    key: \(variant.key)\n"
        if let encoding = variant.encoding { yaml += "    encoding: \(encoding)\n" }
        yaml += "    fields:\n      email: {identifier: email}\n"
        let config = try FootprintConfig.parse(yaml: yaml, file: dir + "/footprint.yaml", connectorKeys: ["csv": CSVConnectorFactory.configKeys])
        let connector = try CSVConnectorFactory.make(source: config.sources[0])
        let identity = Identity(emails: ["jane.doe@example.com"])
        let matcher = IdentityMatcher(keys: try IdentityKeys(identity, region: "US"), source: connector.source)
        let found = Mutex<[String]>([])
        let keep = { (report: ScanReport, keys: [String]) throws in
            if let error = report.errors.first { throw error }
            found.withLock { $0 += keys }
        }
        let witness = RewriteWitness(pieceBytes: 32 << 10) { _ in
            RewriteWitness.Search(whole: { container, stream in
                var report = ScanReport()
                var keys: [String] = []
                try connector.search(matcher, container: container, stream: stream, into: &report) { keys.append($0.record.locator.key) }
                try keep(report, keys)
            }, pieces: { container, first in
                connector.pieceSearch(matcher, container: container, firstBytes: first).map { piece in
                    RewriteWitness.Pieces(header: piece.header) { stream in
                        var report = ScanReport()
                        var keys: [String] = []
                        try piece.search(stream, &report) { keys.append($0.record.locator.key) }
                        try keep(report, keys)
                    }
                }
            })
        }
        let container = try #require(try connector.container(named: "people.csv"))
        try RewriteWitness.$current.withValue(witness) { try ContainerRewriter.apply([(container, edits)]) }

        let pieces = try #require(witness.pieces["people.csv"], "the rewrite was not witnessed")
        if variant.pieces { #expect(pieces > 40, "\(pieces) pieces") } else { #expect(pieces == 1) }
        let expected = try search(connector, identity).found.map(\.record.locator.key)
        #expect(expected.count == (0..<60_000).filter { Self.janes($0) && !Self.removed($0) }.count)
        #expect(found.withLock { $0 }.sorted() == expected.sorted())
    }

    static func removed(_ row: Int) -> Bool { row < 30_000 ? row % 41 == 7 : row % 5_000 == 7 }
    /// Every 13th row of the first half, every row of the second: a row cut in two there is one of hers lost.
    static func janes(_ row: Int) -> Bool { row < 30_000 ? row % 13 == 0 : true }

    private func encode(_ text: String, _ variant: Variant, bom: Bool = false) -> [UInt8] {
        switch (variant.bom, variant.encoding) {
        case ([0xFF, 0xFE], _): return text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case (_, "windows-1252"): return TextOffsets.encode(Array(text.utf8), as: .windows1252)!
        default: return Array(text.utf8)
        }
    }
}
