import Foundation
import Testing
@testable import FootprintCore
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
