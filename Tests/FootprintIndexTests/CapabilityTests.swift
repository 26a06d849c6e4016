import Foundation
import Testing
import FootprintCore
import FootprintIndex
import FootprintCSV

/// A wrapper must neither hide what the store under it can do nor lend it what it cannot.
@Suite("Capabilities through wrappers")
struct CapabilityTests {
    @Test("an indexed CSV connector is still indexable underneath, and still cannot erase or stream rows")
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
        #expect(wrapped.capability((any ErasingConnector).self) == nil)
        #expect(wrapped.capability((any RowStreamingConnector).self) == nil)
        #expect(wrapped.capabilities == ["index"])
        #expect(wrapped.source.name == "crm")
        #expect(wrapped.mappings(for: "c.csv").map(\.name) == ["Email"])
    }
}
