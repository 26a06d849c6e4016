import Foundation
import Testing
@testable import FootprintCore
@testable import FootprintJSON
import FootprintTestSupport

final class MemoryStream: ByteStream {
    var bytes: [UInt8]
    var offset = 0
    init(_ text: String) { bytes = Array(text.utf8) }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        for i in 0..<n { buffer[i] = bytes[offset + i] }
        offset += n
        return n
    }
}

func values(_ text: String) throws -> [(JSONValue, Int)] {
    let reader = JSONRecordReader(stream: MemoryStream(text), container: "t.json")
    var out: [(JSONValue, Int)] = []
    try reader.forEachValue { bytes, line in
        out.append((try JSONParser.parse(bytes), line))
        return true
    }
    return out
}

@Suite("JSON connector")
struct JSONConnectorTests {
    @Test("a top-level array yields its objects one by one, with their lines")
    func array() throws {
        let got = try values("[\n  {\"a\": 1, \"s\": \"x, ]y\"},\n  {\"a\": [1, {\"b\": 2}]}\n]\n")
        #expect(got.count == 2)
        #expect(got.map(\.1) == [2, 3])
        #expect(got[0].0 == .object([("a", .number("1")), ("s", .string("x, ]y"))]))
    }

    @Test("JSON Lines yields one object a line, blank lines skipped")
    func lines() throws {
        let got = try values("{\"a\":1}\n\n{\"a\":2}\r\n{\"a\":\"\\u00e9\\n\"}")
        #expect(got.map(\.1) == [1, 3, 4])
        #expect(got[2].0 == .object([("a", .string("é\n"))]))
    }

    @Test("nested objects flatten to dotted paths; arrays of values stay arrays; arrays of objects are numbered")
    func flatten() throws {
        let text = #"{"id":"u1","properties":{"email":"a@example.com","tags":["x","y"]},"identities":[{"type":"email","value":"b@example.com"}],"ok":true,"n":null}"#
        let value = try Array(text.utf8).withUnsafeBufferPointer { try JSONParser.parse($0) }
        let fields = value.flattened()
        #expect(fields.map(\.name) == ["id", "properties.email", "properties.tags", "identities.0.type", "identities.0.value", "ok", "n"])
        #expect(fields[2].value == .array([.string("x"), .string("y")]))
        #expect(fields[5].value == .bool(true))
        #expect(fields[6].value == .null)
    }

    @Test("a truncated array is an error naming the line")
    func truncated() throws {
        #expect(throws: SourceError.self) { _ = try values("[{\"a\": 1},\n{\"a\": ") }
        #expect(throws: SourceError.self) { _ = try values("[{\"a\": 1}") }
    }

    @Test("invalid JSON inside a record is a syntax error with an offset")
    func invalid() throws {
        #expect(throws: JSONSyntaxError.self) { _ = try values("{\"a\": tru}\n") }
    }

    @Test("the connector matches nested paths and keys records by the configured path")
    func connectorLookup() throws {
        let dir = NSTemporaryDirectory() + "json-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
        [{"event_id": "e1", "properties": {"email": "Jane@Example.com"}},
         {"event_id": "e2", "properties": {"email": "other@example.com"}},
         {"event_id": "e3", "properties": {"emails": ["x@example.com", "jane@example.com"]}}]
        """.write(toFile: dir + "/events.json", atomically: true, encoding: .utf8)
        let config = try FootprintConfig.parse(yaml: """
            sources:
              - name: events
                connector: json
                path: events.json
                key: event_id
                fields:
                  properties.email: {identifier: email}
                  properties.emails: {identifier: email}
            """, file: dir + "/footprint.yaml", connectorKeys: ["json": JSONConnectorFactory.configKeys])
        let connector = try JSONConnectorFactory.make(source: config.sources[0])
        try connector.validate()
        let keys = try IdentityKeys(Identity(emails: ["jane@example.com"]), region: "US")
        var report = ScanReport()
        var found: [String] = []
        try connector.search(IdentityMatcher(keys: keys, source: config.sources[0]), into: &report) { result in
            found.append(result.record.locator.key)
            #expect(result.match.tier == .confirmed)
        }
        #expect(found == ["e1", "e3"])
        #expect(report.recordsExamined == 3)
        #expect(report.status == .complete)
    }

    @Test("a mapped path no record has is a configuration error")
    func missingPath() throws {
        let dir = NSTemporaryDirectory() + "json-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "{\"properties\": {\"email\": \"a@example.com\"}}\n".write(toFile: dir + "/e.jsonl", atomically: true, encoding: .utf8)
        let config = try FootprintConfig.parse(yaml: "sources:\n  - name: e\n    connector: json\n    path: e.jsonl\n    fields:\n      properties.mail: {identifier: email}\n",
                                               file: dir + "/footprint.yaml", connectorKeys: ["json": JSONConnectorFactory.configKeys])
        let connector = try JSONConnectorFactory.make(source: config.sources[0])
        #expect(throws: ConfigError.self) { try connector.validate() }
    }
}

@Suite("JSON records for the index")
struct JSONIndexTests {
    /// A source over `files` (name → text) in a fresh folder.
    func source(_ files: [String: String], key: String?) throws -> (JSONConnector, String) {
        let folder = NSTemporaryDirectory() + "json-index-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        let config = try FootprintConfig.parse(yaml: """
            sources:
              - name: events
                connector: json
                path: "*.json*"
            \(key.map { "    key: \($0)\n" } ?? "")    fields:
                  user.email: {identifier: email}
            """, file: folder + "/footprint.yaml", connectorKeys: ["json": JSONConnectorFactory.configKeys])
        return (try JSONConnectorFactory.make(source: config.sources[0]), folder)
    }

    /// Every record's key and position as a scan indexes them.
    func scanned(_ connector: JSONConnector) throws -> [IndexedLocator] {
        var found: [IndexedLocator] = []
        for state in try connector.scanContainers() {
            let rows = IndexRowSink(defaultRegion: "US", mappings: connector.mappings(for:)) { batch in
                for row in 0..<batch.count {
                    found.append(IndexedLocator(container: state.name, key: batch.withKey(ofRow: row) { String(decoding: $0, as: UTF8.self) },
                                                position: batch.position(ofRow: row)))
                }
            }
            var report = ScanReport()
            try connector.scan(state, into: &report, rows)
            try rows.finish()
        }
        return found
    }

    @Test("a lookup reads just the records at their indexed positions, in JSON Lines and in a pretty-printed array", arguments: [nil, "id"])
    func positions(key: String?) throws {
        let lines = (0..<50).map { #"{"id": "L\#($0)", "user": {"email": "u\#($0)@example.com"}}"# }.joined(separator: "\n") + "\n"
        let array = "\u{FEFF}[\n" + (0..<50).map { "  {\n    \"id\": \"A\($0)\",\n    \"user\": {\"email\": \"u\($0)@example.com\"}\n  }" }.joined(separator: ",\n") + "\n]\n"
        let (connector, _) = try source(["a.jsonl": lines, "b.json": array], key: key)
        let locators = try scanned(connector)
        #expect(locators.count == 100)
        #expect(locators.allSatisfy { $0.position >= 0 })
        let matcher = IdentityMatcher(keys: try IdentityKeys(Identity(emails: ["u37@example.com"]), region: "US"), source: connector.source)
        let wanted = locators.filter { [key == nil ? "38" : "L37", key == nil ? "38" : "A37"].contains($0.key) }
        #expect(wanted.count == 2)
        var report = ScanReport()
        var found: [Found] = []
        let stale = try connector.searchIndexed(matcher, candidates: wanted, into: &report) { found.append($0) }
        #expect(stale.isEmpty)
        #expect(Set(found.map { "\($0.record.locator.container) \($0.record.locator.key)" }) == Set(wanted.map { "\($0.container) \($0.key)" }))
        #expect(found.allSatisfy { $0.match.tier == .confirmed })
        #expect(report.recordsExamined == 2)
    }

    @Test("a record keyed by a field that is no longer at its position is stale")
    func moved() throws {
        let (connector, folder) = try source(["a.jsonl": #"{"id": "x1", "user": {"email": "a@example.com"}}"# + "\n" + #"{"id": "x2", "user": {"email": "b@example.com"}}"# + "\n"], key: "id")
        let locators = try scanned(connector)
        try (#"{"id": "x2", "user": {"email": "b@example.com"}}"# + "\n").write(toFile: folder + "/a.jsonl", atomically: true, encoding: .utf8)
        let matcher = IdentityMatcher(keys: try IdentityKeys(Identity(emails: ["a@example.com"]), region: "US"), source: connector.source)
        var report = ScanReport()
        let stale = try connector.searchIndexed(matcher, candidates: locators.filter { $0.key == "x1" }, into: &report) { _ in }
        #expect(stale.map(\.key) == ["x1"])
    }
}

@Suite("JSON live search")
struct JSONSearchTests {
    @Test("the byte probes skip only records that cannot match: search finds what matching every record finds", arguments: [
        Identity(emails: ["jane.doe@example.com"]), Identity(phones: ["415-555-0134"]), Identity(names: ["Jane Doe"]),
        Identity(emails: ["nobody@example.com"], phones: ["212 555 0199"]),
    ])
    func probes(identity: Identity) throws {
        let lines = [
            #"{"id": 1, "user": {"email": "jane.doe@example.com", "phone": "(415) 555-0134", "first": "Jane", "last": "Doe"}}"#,
            #"{"id": 2, "user": {"email": "JANE.DOE@EXAMPLE.COM"}}"#,
            #"{"id": 3, "user": {"email": "jane.doe\u0040example.com"}}"#,
            #"{"id": 4, "user": {"phone": 14155550134}}"#,
            #"{"id": 5, "user": {"email": "tom@example.net", "phone": "+1 212 555 0199", "first": "Tom", "last": "Baker"}}"#,
            #"{"id": 6, "user": {"emails": ["x@example.org", "jane.doe@example.com"]}}"#,
            #"{"id": 7, "user": {"first": "J.", "last": "Doe"}}"#,
        ] + (8..<40).map { #"{"id": \#($0), "user": {"email": "someone\#($0)@example.com", "phone": "(303) 555-01\#($0 % 10)0"}}"# }
        let folder = NSTemporaryDirectory() + "json-search-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/e.jsonl", atomically: true, encoding: .utf8)
        let config = try FootprintConfig.parse(yaml: """
            sources:
              - name: events
                connector: json
                path: e.jsonl
                key: id
                fields:
                  user.email: {identifier: email}
                  user.emails: {identifier: email}
                  user.phone: {identifier: phone}
                  user.first: {identifier: name, part: given}
                  user.last: {identifier: name, part: family}
            """, file: folder + "/footprint.yaml", connectorKeys: ["json": JSONConnectorFactory.configKeys])
        let connector = try JSONConnectorFactory.make(source: config.sources[0])
        let matcher = IdentityMatcher(keys: try IdentityKeys(identity, region: "US"), source: config.sources[0])
        var everyRecord: [String: MatchTier] = [:]
        var report = ScanReport()
        try connector.records(into: &report) { record in
            if let match = matcher.match(record) { everyRecord[record.locator.key] = match.tier }
            return true
        }
        var searched: [String: MatchTier] = [:]
        var searchReport = ScanReport()
        try connector.search(matcher, into: &searchReport) { searched[$0.record.locator.key] = $0.match.tier }
        #expect(searched == everyRecord)
        #expect(searchReport.recordsExamined == lines.count)
        #expect(searchReport.errors.isEmpty)
        if identity.emails == ["jane.doe@example.com"] { #expect(Set(searched.keys) == ["1", "2", "3", "6"]) }
        if identity.phones == ["415-555-0134"] { #expect(Set(searched.keys) == ["1", "4"]) }
    }
}
