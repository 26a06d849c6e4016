import Foundation
import Testing
import FootprintCore
@testable import FootprintReports

@Suite("Reports: formats by name, hostile text escaped for where it lands")
struct ReportsTests {
    @Test("every report knows its formats; an unknown one is an error that lists them")
    func registry() throws {
        #expect(Reports.inventory.names == ["json", "table"])
        #expect(Reports.sources.has("json") && !Reports.sources.has("html"))
        #expect(throws: ConfigError.self) { try Reports.scan.render(ScanResult(index: "x", seconds: 0, sources: []), as: "xml") }
        let json = try Reports.scan.render(ScanResult(index: "i.db", seconds: 1, sources: [ScanSummary(name: "crm")]), as: "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["sources"] as? [[String: Any]])?.first?["name"] as? String == "crm")
    }

    @Test("control characters never reach a terminal: escape sequences in keys and names are shown, not sent")
    func terminal() {
        #expect(TerminalText.clean("plain Ünïcode") == "plain Ünïcode")
        #expect(TerminalText.clean("a\u{1B}[2Jb") == "a\\u{1b}[2Jb")
        #expect(TerminalText.clean("x\u{202E}y\u{7}") == "x\\u{202e}y\\u{7}")
        var summary = ScanSummary(name: "crm\u{1B}]0;pwned\u{7}")
        summary.errors = [SourceError(.malformedData, "bad \u{1B}[31m", container: "f\u{1B}.csv")]
        let table = ScanSummaryReport.table(ScanResult(index: "i", seconds: 0, sources: [summary]))
        #expect(!table.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test("discover's proposals stay valid YAML whatever a field is called", arguments: [
        "Email", "email \"work\"", "email\nwork", " email ", "email\\home", "email\twork", "# email", "email: home", "email\u{1B}[2J",
    ])
    func proposalYAML(_ name: String) throws {
        let container = DiscoveredContainer(name: "contacts.csv", fields: [(name, nil), ("Email", nil)])
        let yaml = MappingProposalReport.yaml(source: "crm", containers: [container])
        let node = try ConfigNode.parse(yaml: yaml, file: "proposal.yaml")
        let fields = try #require(node["fields"])
        let keys = try fields.entries().map(\.key)
        // A proposed field is a key of the mapping, spelt exactly as the export spells it.
        #expect(keys.contains("Email"))
        #expect(FieldClassifier.propose(name: name, sqlType: nil, container: "contacts.csv") != nil)
        #expect(keys.contains(name))
    }
}
