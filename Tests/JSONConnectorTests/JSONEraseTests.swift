import Foundation
import Testing
@testable import FootprintCore
@testable import FootprintJSON
import FootprintTestSupport

/// The JSON eraser on its own: which bytes leave with a record, for every choice of
/// records in an array (the array must stay valid JSON), and de-identification in place.
@Suite("JSON erasure")
struct JSONEraseTests {
    static func connector(_ dir: String, file: String) throws -> JSONConnector {
        let config = try FootprintConfig.parse(yaml: """
            sources:
              - name: events
                connector: json
                path: \(file)
                key: id
                fields:
                  who.email: {identifier: email}
            """, file: dir + "/footprint.yaml", connectorKeys: ["json": JSONConnectorFactory.configKeys])
        return try JSONConnectorFactory.make(source: config.sources[0])
    }

    static func erase(_ connector: JSONConnector, _ file: String, _ keys: [String], blanking: [String]? = nil) throws -> [ErasureOutcome] {
        var report = ScanReport()
        var fingerprints: [String: String] = [:]
        try connector.records(into: &report) { fingerprints[$0.locator.key] = "\($0.fields)"; return true }
        let requests = keys.map { ErasureRequest(locator: Locator(source: "events", container: file, key: $0), fingerprint: fingerprints[$0] ?? "?", fields: blanking) }
        return try connector.erase(requests, fingerprint: { "\($0.fields)" }, dryRun: false, into: &report)
    }

    @Test("every subset of a four-element array can be erased and the file stays valid JSON with exactly the others", arguments: 0..<16)
    func arraySubsets(mask: Int) throws {
        let dir = try temporaryDirectory()
        let elements = (0..<4).map { "{\"id\": \"r\($0)\", \"who\": {\"email\": \"p\($0)@example.com\"}}" }
        try ("[\n  " + elements.joined(separator: ",\n  ") + "\n]\n").write(toFile: dir + "/a.json", atomically: true, encoding: .utf8)
        let gone = (0..<4).filter { mask & (1 << $0) != 0 }
        let outcomes = try Self.erase(try Self.connector(dir, file: "a.json"), "a.json", gone.map { "r\($0)" })
        #expect(outcomes.allSatisfy { $0 == .erased })
        let text = try String(contentsOfFile: dir + "/a.json", encoding: .utf8)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "\(text)")
        #expect(parsed.map { $0["id"] as? String } == (0..<4).filter { !gone.contains($0) }.map { "r\($0)" })
        // The kept elements are byte for byte as they were.
        for kept in (0..<4) where !gone.contains(kept) { #expect(text.contains(elements[kept])) }
    }

    @Test("de-identifying a JSON Lines record sets the fields to null on its line; the other lines are untouched; UTF-16 stays UTF-16")
    func deidentify() throws {
        let dir = try temporaryDirectory()
        let lines = "{\"id\": \"a\", \"who\": {\"email\": \"a@example.com\", \"plan\": \"pro\"}}\r\n{\"id\": \"b\", \"who\": {\"email\": \"b@example.com\"}}\r\n"
        try Data([0xFF, 0xFE] + lines.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: URL(fileURLWithPath: dir + "/e.jsonl"))
        let outcomes = try Self.erase(try Self.connector(dir, file: "e.jsonl"), "e.jsonl", ["a"], blanking: ["who.email"])
        #expect(outcomes == [.deidentified])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/e.jsonl")))
        #expect(bytes.prefix(2) == [0xFF, 0xFE])
        let text = String(decoding: stride(from: 2, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }, as: UTF16.self)
        #expect(text == "{\"id\":\"a\",\"who\":{\"email\":null,\"plan\":\"pro\"}}\r\n{\"id\": \"b\", \"who\": {\"email\": \"b@example.com\"}}\r\n")
    }

    @Test("a record that changed since the plan stops its file: nothing in it changes")
    func stale() throws {
        let dir = try temporaryDirectory()
        try "{\"id\": \"a\"}\n{\"id\": \"b\"}\n".write(toFile: dir + "/e.jsonl", atomically: true, encoding: .utf8)
        let connector = try Self.connector(dir, file: "e.jsonl")
        var report = ScanReport()
        let requests = [ErasureRequest(locator: Locator(source: "events", container: "e.jsonl", key: "a"), fingerprint: "not the content")]
        let outcomes = try connector.erase(requests, fingerprint: { "\($0.fields)" }, dryRun: false, into: &report)
        guard case .failed(.stale, _) = outcomes[0] else { Issue.record("\(outcomes)"); return }
        #expect(try String(contentsOfFile: dir + "/e.jsonl", encoding: .utf8) == "{\"id\": \"a\"}\n{\"id\": \"b\"}\n")
    }
}
