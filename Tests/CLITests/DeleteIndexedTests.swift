import Foundation
import Testing
import FootprintTestSupport

@Suite("Right to Delete: with an index")
struct DeleteIndexedTests {
    @Test("a row inserted above her after an indexed plan: the planned position is off, the whole file is read instead, and exactly her row goes")
    func positionsOff() throws {
        let dir = try CLI.scratchCopy()
        let env = DeleteExecuteTests.env
        let config = dir + "/footprint.yaml"
        #expect(try CLI.run(["scan", "--config", config], environment: env).status == 0)
        let plan = dir + "/plan.json"
        #expect(try CLI.run(["delete", "--config", config, "--request", dir + "/requests/jane-verified.json", "--plan-out", plan], environment: env).status == 0)
        let path = dir + "/exports/hubspot/contacts-2025.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let firstRow = try #require(text.range(of: "\r\n1001,"))
        text.insert(contentsOf: "\r\n0999,Pat,Inserted,pat@example.net,,,,,,,,,,", at: firstRow.lowerBound)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["delete", "--config", config, "--execute", plan, "--no-rescan"], environment: env)
        #expect(result.stdout.contains("erased  hubspot:exports/hubspot/contacts-2025.csv#1001"), "\(result.stdout)")
        let after = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!after.contains("\r\n1001,") && after.contains("0999,Pat,Inserted") && after.contains("\r\n1002,"))
    }

    @Test("with an index, execution follows the rows cut (or rescans what it changed) and verifies through the index too; the index then names none of her erased records and finds the others where they moved")
    func rescans() throws {
        let dir = try CLI.scratchCopy()
        let env = DeleteExecuteTests.env
        let config = dir + "/footprint.yaml"
        #expect(try CLI.run(["scan", "--config", config], environment: env).status == 0)
        let plan = dir + "/plan.json"
        let made = try CLI.run(["delete", "--config", config, "--request", dir + "/requests/jane-verified.json", "--plan-out", plan], environment: env)
        #expect(made.status == 0, "\(made.stderr)")
        // Planned through the index: each export row carries where it starts, so execution reads just it.
        let items = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan))) as! [String: Any])["items"] as! [[String: Any]]
        #expect(items.first { $0["key"] as? String == "1001" }?["position"] as? Int != nil)
        let path = dir + "/exports/hubspot/contacts-2025.csv"
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = try CLI.run(["delete", "--config", config, "--execute", plan], environment: env)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let start = try #require(before.range(of: Data("\r\n1001,".utf8))).lowerBound + 2
        let end = try #require(before.range(of: Data("\r\n1002,".utf8))).lowerBound + 2
        var expected = before
        expected.removeSubrange(start..<end)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == expected)
        // A plain CSV that only lost rows is followed, not read again; a zip member is rescanned.
        #expect(result.stdout.contains("index: followed the deletion in hubspot:exports/hubspot/contacts-2025.csv (1 record(s) dropped"), "\(result.stdout)")
        #expect(result.stdout.contains("index: rescanned what the deletion changed in") && result.stdout.contains("salesforce"))
        #expect(result.stdout.contains("verified through the index"))
        // Carlos's row moved up by her row's bytes: the index finds it there, not stale.
        let carlos = try CLI.run(["lookup", "--config", config, "--email", "carlos.garcia@example.es", "--format", "json"], environment: env)
        #expect(carlos.recordLocators.contains("hubspot:exports/hubspot/contacts-2025.csv#1003"), "\(carlos.stdout)")
        #expect(!carlos.stdout.contains("stale") && !carlos.stdout.contains("searched live"), "\(carlos.stdout)")
        let hubspot = (carlos.json?["sources"] as? [[String: Any]])?.first { $0["name"] as? String == "hubspot" }
        #expect(hubspot?["searched"] as? String == "index" && hubspot?["records_examined"] as? Int == 1, "\(carlos.stdout)")
        let indexed = try CLI.run(["lookup", "--config", config, "--email", "jane.doe@example.com", "--format", "json"], environment: env)
        #expect(!indexed.recordLocators.contains("hubspot:exports/hubspot/contacts-2025.csv#1001"))
        #expect(!indexed.stdout.contains("changed since it was last scanned"))
        // The rescan left nothing for the next scan to do.
        let again = try CLI.run(["scan", "--config", config, "--format", "json"], environment: env)
        let sources = try #require(again.json?["sources"] as? [[String: Any]])
        #expect(sources.allSatisfy { $0["containers_scanned"] as? Int == 0 }, "\(again.stdout)")
    }
}
