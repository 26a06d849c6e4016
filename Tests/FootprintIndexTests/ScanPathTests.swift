import Foundation
import Testing
@testable import FootprintCore
@testable import FootprintIndex
import FootprintCSV
import FootprintJSON

/// A CSV scan reads identifier fields as bytes, never building records; every record must
/// still get exactly the terms its record would (or an indexed lookup would miss it).
@Suite("Scan paths")
struct ScanPathTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test("over every bundled export, the byte scan gives each record the terms of its record")
    func csvScanMatchesRecords() throws {
        let config = try FootprintConfig.load(path: Self.root + "/fixtures/footprint.yaml", connectorKeys: [
            CSVConnectorFactory.kind: CSVConnectorFactory.configKeys, JSONConnectorFactory.kind: JSONConnectorFactory.configKeys,
        ])
        var checked = 0
        for source in config.sources where source.connector == CSVConnectorFactory.kind {
            let connector = try CSVConnectorFactory.make(source: source)
            var expected: [String: [String]] = [:]
            var report = ScanReport()
            try connector.records(into: &report) { record in
                let terms = IndexTerms.terms(of: record, mappings: connector.mappings(for: record.locator.container),
                                             defaultRegion: source.defaultRegion, policy: config.matching)
                expected[record.locator.container + " " + record.locator.key, default: []] += terms
                return true
            }
            var scanned: [String: [String]] = [:]
            for state in try connector.scanContainers() {
                let builder = TermBuilder(policy: config.matching, defaultRegion: source.defaultRegion)
                let rows = IndexRowSink(defaultRegion: source.defaultRegion, mappings: connector.mappings(for:)) { batch in
                    for row in 0..<batch.count {
                        let key = batch.withKey(ofRow: row) { String(decoding: $0, as: UTF8.self) }
                        var terms: [String] = []
                        builder.forEachTerm(ofRow: row, in: batch) { terms.append(String(decoding: $0, as: UTF8.self)) }
                        scanned[state.name + " " + key, default: []] += terms
                    }
                }
                var scanReport = ScanReport()
                try connector.scan(state, into: &scanReport, rows)
                try rows.finish()
                #expect(scanReport.errors.isEmpty, "\(source.name): \(scanReport.errors)")
            }
            #expect(scanned.mapValues { $0.sorted() } == expected.mapValues { $0.sorted() }, "\(source.name)")
            checked += expected.values.reduce(0) { $0 + $1.count }
        }
        // hubspot, mailchimp, salesforce, loyalty and legacy-leads: every kind of identifier.
        #expect(checked > 50)
    }
}

@Suite("Scans in bounded memory")
struct SpillTests {
    @Test("a scan that spills postings and key pages to scratch files writes the same index, and leaves no scratch file")
    func spilled() throws {
        let folder = NSTemporaryDirectory() + "footprint-spill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var csv = "id,first,last,email,phone\n"
        for i in 0..<30_000 {
            csv += "\(i),Given\(i % 97),Family\(i % 501),person\(i)@example.com,(415) 555-\(String(format: "%04d", i % 10_000))\n"
        }
        try csv.write(toFile: folder + "/people.csv", atomically: true, encoding: .utf8)
        let config = try FootprintConfig.parse(yaml: """
            sources:
              - name: people
                connector: csv
                path: people.csv
                key: id
                fields:
                  id: {identifier: id, namespace: crm}
                  first: {identifier: name, part: given}
                  last: {identifier: name, part: family}
                  email: {identifier: email}
                  phone: {identifier: phone}
            """, file: folder + "/footprint.yaml", connectorKeys: [CSVConnectorFactory.kind: CSVConnectorFactory.configKeys])
        let key = try IndexKey.load(indexPath: folder + "/a/index.sqlite", environment: ["FOOTPRINT_INDEX_KEY": "k"], create: false)
        var pages: [[String]] = []
        for (name, spill) in [("a", false), ("b", true)] {
            let store = try IndexStore(path: folder + "/\(name)/index.sqlite", key: key, create: true)
            var scanner = Scanner(connectors: [try CSVConnectorFactory.make(source: config.sources[0])], store: store, key: key,
                                  policy: config.matching, full: true)
            if spill {
                // 30,000 records, 4 terms each: several runs of postings and of key pages.
                scanner.postingsInMemory = 10_000
                scanner.keyBytesInMemory = 50_000
                // What a killed scan would have left: removed by the next one.
                #expect(FileManager.default.createFile(atPath: folder + "/b/scan-1-killed" + SpillFile.suffix, contents: Data([1, 2, 3])))
            }
            let summary = try #require(scanner.run().first)
            #expect(summary.errors.isEmpty)
            #expect(summary.records == 30_000)
            #expect(summary.identifiers == 120_000)
            let rows = try store.database.prepare("""
                SELECT 'p' || first_hash || ':' || hex(data) FROM posting_page UNION ALL SELECT 'k' || first_record || ':' || hex(data) FROM key_page
                """).rows()
            pages.append(rows.map { $0[0].string! }.sorted())
            let left = try FileManager.default.contentsOfDirectory(atPath: folder + "/\(name)").filter { $0.hasSuffix(SpillFile.suffix) }
            #expect(left.isEmpty)
        }
        #expect(pages[0].count > 30)
        #expect(pages[0] == pages[1])
    }
}

@Suite("Scans over many files")
struct ManyFilesTests {
    @Test("a damaged archive among good files fails alone, with its own error, and the good files are indexed")
    func damagedArchive() throws {
        let folder = NSTemporaryDirectory() + "footprint-many-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/exports", withIntermediateDirectories: true)
        for i in 0..<30 {
            try "id,email\n\(i),p\(i)@example.com\n".write(toFile: folder + "/exports/part-\(i).csv", atomically: true, encoding: .utf8)
        }
        try "this is not a zip".write(toFile: folder + "/exports/weekly.zip", atomically: true, encoding: .utf8)
        let config = try FootprintConfig.parse(yaml: """
            sources:
              - name: parts
                connector: csv
                path: exports
                key: id
                fields:
                  email: {identifier: email}
            """, file: folder + "/footprint.yaml", connectorKeys: [CSVConnectorFactory.kind: CSVConnectorFactory.configKeys])
        let key = try IndexKey.load(indexPath: folder + "/.footprint/index.sqlite", environment: ["FOOTPRINT_INDEX_KEY": "k"], create: false)
        let store = try IndexStore(path: folder + "/.footprint/index.sqlite", key: key, create: true)
        let scanner = Scanner(connectors: [try CSVConnectorFactory.make(source: config.sources[0])], store: store, key: key,
                              policy: config.matching, full: false)
        let summary = try #require(scanner.run().first)
        #expect(summary.containersScanned == 30)
        #expect(summary.errors.count == 1)
        #expect(summary.errors.first?.description.contains("zip") == true, "\(summary.errors)")
        #expect(summary.errors.first?.description.contains("gone") == false)
        #expect(try store.candidates(source: "parts", hashes: [key.hasher().hash("email:p17@example.com")]).map(\.key) == ["17"])
    }
}

@Suite("Scan paths over odd encodings")
struct EncodingScanTests {
    @Test("Windows-1252 bytes in identifier columns (a whole file, and one stray field) key as their records do")
    func windows1252() throws {
        let folder = NSTemporaryDirectory() + "footprint-1252-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Whole file in Windows-1252: "José Núñez", "Zoë".
        let whole: [UInt8] = Array("id,first,last,email\n1,Jos".utf8) + [0xE9] + Array(",N".utf8) + [0xFA, 0xF1] + Array("ez,jose@example.com\n2,Zo".utf8)
            + [0xEB] + Array(",Smith,zoe@example.com\n".utf8)
        try Data(whole).write(to: URL(fileURLWithPath: folder + "/a.csv"))
        // UTF-8 except one stray byte in one field.
        let stray: [UInt8] = Array("id,first,last,email\n3,Ana,Garc\u{ED}a,ana@example.com\n4,Ren".utf8) + [0xE9] + Array(",Roy,r@example.com\n".utf8)
        try Data(stray).write(to: URL(fileURLWithPath: folder + "/b.csv"))
        let config = try FootprintConfig.parse(yaml: """
            sources:
              - name: s
                connector: csv
                path: "*.csv"
                key: id
                fields:
                  first: {identifier: name, part: given}
                  last: {identifier: name, part: family}
                  email: {identifier: email}
            """, file: folder + "/footprint.yaml", connectorKeys: [CSVConnectorFactory.kind: CSVConnectorFactory.configKeys])
        let connector = try CSVConnectorFactory.make(source: config.sources[0])
        var expected: [String: [String]] = [:]
        var report = ScanReport()
        try connector.records(into: &report) { record in
            expected[record.locator.key, default: []] += IndexTerms.terms(of: record, mappings: connector.mappings(for: record.locator.container),
                                                                           defaultRegion: "US", policy: MatchingPolicy())
            return true
        }
        var scanned: [String: [String]] = [:]
        let builder = TermBuilder(policy: MatchingPolicy(), defaultRegion: "US")
        for state in try connector.scanContainers() {
            let rows = IndexRowSink(defaultRegion: "US", mappings: connector.mappings(for:)) { batch in
                for row in 0..<batch.count {
                    builder.forEachTerm(ofRow: row, in: batch) {
                        scanned[batch.withKey(ofRow: row) { String(decoding: $0, as: UTF8.self) }, default: []].append(String(decoding: $0, as: UTF8.self))
                    }
                }
            }
            var scanReport = ScanReport()
            try connector.scan(state, into: &scanReport, rows)
            try rows.finish()
        }
        #expect(scanned.mapValues { $0.sorted() } == expected.mapValues { $0.sorted() })
        #expect(scanned["1"]?.contains("name:nunez|j") == true)
        #expect(scanned["4"]?.contains("name:roy|r") == true)
    }
}
