import Foundation
import Testing
import FootprintCore
import FootprintIndex
import FootprintCSV

/// A wrapper must neither hide what the store under it can do nor lend it what it cannot.
@Suite("Capabilities through wrappers")
struct CapabilityTests {
    @Test("an indexed CSV connector is still indexable and erasable underneath, and still cannot stream rows")
    func throughTheIndex() throws {
        let folder = NSTemporaryDirectory() + "footprint-cap-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "Email\na@example.com\n".write(toFile: folder + "/c.csv", atomically: true, encoding: .utf8)
        let config = try FootprintConfig.parse(yaml: "sources:\n  - name: crm\n    connector: csv\n    path: c.csv\n    fields: {Email: {identifier: email}}\n",
                                               file: folder + "/footprint.yaml", connectorKeys: [CSVConnectorFactory.kind: CSVConnectorFactory.configKeys])
        let csv = try CSVConnectorFactory.make(source: config.sources[0])
        let key = try IndexKey.load(indexPath: folder + "/index.sqlite", environment: ["FOOTPRINT_INDEX_KEY": "k"], create: true)
        let store = try IndexStore(path: folder + "/index.sqlite", key: key, create: true)
        let wrapped: any Connector = IndexedConnector(csv, store: store, key: key)
        #expect(!(wrapped is any IndexableConnector))
        #expect(wrapped.capability((any IndexableConnector).self) != nil)
        #expect(!(wrapped is any ErasingConnector))
        #expect(wrapped.capability((any ErasingConnector).self) != nil)
        #expect(wrapped.capability((any RowStreamingConnector).self) == nil)
        #expect(wrapped.capabilities == ["index", "erase"])
        #expect(wrapped.source.name == "crm")
        #expect(wrapped.mappings(for: "c.csv").map(\.name) == ["Email"])
    }
}

@Suite("Sealing and fingerprints under the index key")
struct SealTests {
    @Test("a sealed identity opens with its key only, and a changed byte is refused")
    func seal() throws {
        let key = try IndexKey.load(indexPath: "/nonexistent/index.sqlite", environment: ["FOOTPRINT_INDEX_KEY": "one"], create: false)
        let other = try IndexKey.load(indexPath: "/nonexistent/index.sqlite", environment: ["FOOTPRINT_INDEX_KEY": "two"], create: false)
        let sealed = try key.seal(Array(#"{"email":["jane.doe@example.com"]}"#.utf8))
        #expect(!String(decoding: Data(base64Encoded: sealed)!, as: UTF8.self).contains("jane"))
        #expect(try key.unseal(sealed) == Array(#"{"email":["jane.doe@example.com"]}"#.utf8))
        #expect(throws: ConfigError.self) { try other.unseal(sealed) }
        var bytes = [UInt8](Data(base64Encoded: sealed)!)
        bytes[14] ^= 1
        #expect(throws: ConfigError.self) { try key.unseal(Data(bytes).base64EncodedString()) }
        #expect(try key.seal([1, 2, 3]) != key.seal([1, 2, 3])) // a fresh nonce every time
    }

    @Test("a record's fingerprint changes with any field and differs between keys")
    func fingerprint() throws {
        let key = try IndexKey.load(indexPath: "/nonexistent/index.sqlite", environment: ["FOOTPRINT_INDEX_KEY": "one"], create: false)
        let other = try IndexKey.load(indexPath: "/nonexistent/index.sqlite", environment: ["FOOTPRINT_INDEX_KEY": "two"], create: false)
        let locator = Locator(source: "crm", container: "c.csv", key: "1")
        let record = Record(locator: locator, fields: [Field(name: "Email", value: .string("a@example.com")), Field(name: "Notes", value: .string("x"))])
        var changed = record
        changed.fields[1].value = .string("y")
        var moved = record
        moved.fields = [Field(name: "Email", value: .string("a@example.comx")), Field(name: "Notes", value: .string(""))]
        #expect(key.fingerprint(record) == key.fingerprint(record))
        #expect(key.fingerprint(record) != key.fingerprint(changed))
        #expect(key.fingerprint(record) != key.fingerprint(moved))
        #expect(key.fingerprint(record) != other.fingerprint(record))
    }
}
