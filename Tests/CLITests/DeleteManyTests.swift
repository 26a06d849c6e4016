import Foundation
import Testing
import FootprintTestSupport

@Suite("Right to Delete: a day's requests in one plan")
struct DeleteManyTests {
    /// A day's folder of two requests: Jane (the fixtures' verified request) and Tom.
    static func twoRequests(in dir: String) throws -> String {
        let requests = dir + "/day"
        try FileManager.default.createDirectory(atPath: requests, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir + "/requests/jane-verified.json", toPath: requests + "/1-jane.json")
        try #"{"id": "REQ-2026-0050", "received": "2026-01-20", "verification": {"level": "reasonably_high", "method": "account login"}, "identity": {"email": ["tom.baker@example.net"]}}"#
            .write(toFile: requests + "/2-tom.json", atomically: true, encoding: .utf8)
        return requests
    }

    @Test("--requests FOLDER plans every request together; each file is rewritten once; each person gets a receipt and a verification of their own")
    func several() throws {
        let dir = try CLI.scratchCopy()
        let requests = try Self.twoRequests(in: dir)
        let plan = dir + "/day-plan.json"
        let environment = DeleteExecuteTests.env
        let made = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--requests", requests, "--plan-out", plan], environment: environment)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("for 2 requests"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan))) as? [String: Any])
        #expect((json["people"] as? [[String: Any]])?.count == 2)
        let items = json["items"] as! [[String: Any]]
        #expect(items.contains { $0["person"] as? Int == 1 && $0["action"] as? String == "erase" })
        let before = try String(contentsOfFile: dir + "/exports/hubspot/contacts-2025.csv", encoding: .utf8)
        let result = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--execute", plan], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("verified by a fresh live search (REQ-2026-0042)"))
        #expect(result.stdout.contains("verified by a fresh live search (REQ-2026-0050)"))
        #expect(result.stdout.contains("verified as written: exports/hubspot/contacts-2025.csv"), "the rewritten export is searched as it is written")
        let after = try String(contentsOfFile: dir + "/exports/hubspot/contacts-2025.csv", encoding: .utf8)
        #expect(!after.contains("jane.doe@example.com") && !after.contains("tom.baker@example.net"))
        #expect(before.contains("tom.baker@example.net"))
        for receipt in ["REQ-2026-0042", "REQ-2026-0050"] {
            let path = plan + ".receipt/\(receipt)/receipt.json"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains(receipt))
        }
        let tom = try String(contentsOfFile: plan + ".receipt/REQ-2026-0050/receipt.json", encoding: .utf8)
        #expect(!tom.contains("\"ev_0001\""))   // Jane's events are not in Tom's receipt
        let lookup = try CLI.lookup(["--email", "tom.baker@example.net", "--live"], config: dir + "/footprint.yaml")
        #expect(!lookup.recordLocators.contains { $0.hasPrefix("hubspot:") })
    }

    @Test("a record the plan does not name, added to a file after planning, is found by the search made as the file is rewritten")
    func witnessFinds() throws {
        let dir = try CLI.scratchCopy()
        let requests = try Self.twoRequests(in: dir)
        let plan = dir + "/day-plan.json"
        let environment = DeleteExecuteTests.env
        #expect(try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--requests", requests, "--plan-out", plan], environment: environment).status == 0)
        // A new row for Tom lands in the export after the plan was made.
        let path = dir + "/exports/hubspot/contacts-2025.csv"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("1099,Tom,Baker,tom.baker@example.net,,Initech,lead,United States,2025-12-01 10:00,,\r\n".utf8))
        try handle.close()
        let result = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--execute", plan], environment: environment)
        #expect(result.stdout.contains("verified as written: exports/hubspot/contacts-2025.csv"), "\(result.stdout)")
        #expect(result.status == 2, "a record not accounted for fails the run")
        #expect(result.stdout.contains("verified by a fresh live search (REQ-2026-0050): 1 record(s) still found, 1 of them NOT accounted for by the plan:\n  hubspot:exports/hubspot/contacts-2025.csv#1099"), "\(result.stdout)")
    }

    @Test("with an index, several people are verified through it in one pass, each on their own; a row added after the scan is caught there too")
    func throughTheIndex() throws {
        let dir = try CLI.scratchCopy()
        let requests = try Self.twoRequests(in: dir)
        let plan = dir + "/day-plan.json"
        let environment = DeleteExecuteTests.env
        let config = dir + "/footprint.yaml"
        #expect(try CLI.run(["scan", "--config", config], environment: environment).status == 0)
        #expect(try CLI.run(["delete", "--config", config, "--requests", requests, "--plan-out", plan], environment: environment).status == 0)
        let path = dir + "/exports/hubspot/contacts-2025.csv"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("1099,Tom,Baker,tom.baker@example.net,,Initech,lead,United States,2025-12-01 10:00,,\r\n".utf8))
        try handle.close()
        let result = try CLI.run(["delete", "--config", config, "--execute", plan], environment: environment)
        #expect(result.status == 2, "a record not accounted for fails the run")
        // The export changed after the scan: the index cannot follow it and rescans it.
        #expect(result.stdout.contains("index: rescanned what the deletion changed in hubspot"), "\(result.stdout)")
        #expect(result.stdout.contains("verified through the index (REQ-2026-0042): 2 record(s) still found, each one the plan keeps"), "\(result.stdout)")
        #expect(result.stdout.contains("verified through the index (REQ-2026-0050): 1 record(s) still found, 1 of them NOT accounted for by the plan:\n  hubspot:exports/hubspot/contacts-2025.csv#1099"),
                "\(result.stdout)")
    }
}
