import Foundation
import Testing
import FootprintFuzzChecks
@testable import FootprintCore
@testable import FootprintCSV

/// What fuzzing the CSV reader and connector found, kept as regression tests.
@Suite("CSV hostile input")
struct CSVHostileTests {
    @Test("generated header names never take a name the file uses", arguments: [
        (["email", "email", "email#2"], ["email", "email#3", "email#2"]),
        (["", "column 1"], ["column 1#2", "column 1"]),
        (["a", "", "a", "column 2"], ["a", "column 2#2", "a#2", "column 2"]),
        (["x", "x", "x"], ["x", "x#2", "x#3"]),
        (["UNSUB_REASON", "UNSUB_REASON"], ["UNSUB_REASON", "UNSUB_REASON#2"]),
    ])
    func headerNames(_ raw: [String], _ expected: [String]) {
        let names = CSVHeader.names(raw)
        #expect(names == expected)
        #expect(Set(names).count == names.count)
    }

    @Test("a huge field read 64 KiB at a time is parsed again only a logarithmic number of times")
    func largeField() throws {
        let field = String(repeating: "x", count: 8 << 20)
        let bytes = Array("id,notes\n1,\"\(field)\"\n2,short\n".utf8)
        let reader = CSVReader(stream: FuzzStream(bytes, chunk: 1 << 16), delimiter: nil, container: "big.csv")
        var lengths: [Int] = []
        try reader.forEachRow { row in
            lengths.append(row.string(1)?.utf8.count ?? -1)
            return true
        }
        #expect(lengths == [5, 8 << 20, 5])
        #expect(reader.refills <= 8, "\(reader.refills) refills")
    }

    @Test("short rows under a very wide header are not padded into gigabytes")
    func wideHeader() throws {
        let dir = NSTemporaryDirectory() + "footprint-wide-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let header = (0..<5000).map { "c\($0)" }.joined(separator: ",")
        try (header + "\n" + (0..<50).map { "v\($0)\n" }.joined()).write(toFile: dir + "/wide.csv", atomically: true, encoding: .utf8)
        let config = try FootprintConfig.parse(yaml: "sources:\n  - name: w\n    connector: csv\n    path: wide.csv\n",
                                               file: dir + "/footprint.yaml", connectorKeys: ["csv": CSVConnectorFactory.configKeys])
        let connector = try CSVConnectorFactory.make(source: config.sources[0])
        var report = ScanReport()
        var widths: [Int] = []
        try connector.records(into: &report) { widths.append($0.fields.count); return true }
        #expect(widths == Array(repeating: 1, count: 50))
        // Under a header of ordinary width the missing columns are listed as null.
        try "a,b,c\n1\n".write(toFile: dir + "/narrow.csv", atomically: true, encoding: .utf8)
        let narrow = try FootprintConfig.parse(yaml: "sources:\n  - name: n\n    connector: csv\n    path: narrow.csv\n",
                                               file: dir + "/footprint.yaml", connectorKeys: ["csv": CSVConnectorFactory.configKeys])
        var fields: [Field] = []
        try CSVConnectorFactory.make(source: narrow.sources[0]).records(into: &report) { fields = $0.fields; return true }
        #expect(fields.map(\.name) == ["a", "b", "c"])
        #expect(fields.last?.value == .null)
    }

    @Test("a bad byte in every row gives a few warnings and a line saying more follow, not one per row")
    func boundedWarnings() throws {
        let dir = NSTemporaryDirectory() + "footprint-1252-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // Valid UTF-8 for the sniffing window, then a Windows-1252 byte in every row.
        var bytes = Array("id,name\n".utf8)
        for i in 0..<5000 { bytes += Array("\(i),plain name \(i)\n".utf8) }
        for i in 0..<20000 { bytes += Array("\(i),caf".utf8) + [0xE9] + Array("\n".utf8) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/mixed.csv"))
        let config = try FootprintConfig.parse(yaml: "sources:\n  - name: m\n    connector: csv\n    path: mixed.csv\n",
                                               file: dir + "/footprint.yaml", connectorKeys: ["csv": CSVConnectorFactory.configKeys])
        var report = ScanReport()
        var names: [String] = []
        try CSVConnectorFactory.make(source: config.sources[0]).records(into: &report) { record in
            if case .string(let s)? = record.value(of: "name") { names.append(s) }
            return true
        }
        #expect(names.count == 25000)
        #expect(names.last == "café")
        #expect(report.diagnostics.count <= ScanReport.listedPerKind + 3, "\(report.diagnostics.count) diagnostics")
        #expect(report.diagnostics.contains { $0.message.contains("also on more lines") })
    }
}
