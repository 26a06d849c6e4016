import Foundation
import Testing
import FootprintTestSupport

/// The request log end to end on the fixtures: a Know and a Delete request opened,
/// verified, answered through `--request-id` (the artefacts' digests recorded), closed;
/// the log verifying, a tampered entry found, a purge keeping the chain verifiable; the
/// identity never in clear; one extension, and only in time.
@Suite("request log")
struct RequestTests {
    static func run(_ arguments: [String], _ dir: String) throws -> CLIResult {
        try CLI.run(arguments + ["--config", dir + "/footprint.yaml"])
    }

    static func sha256(_ path: String) throws -> String {
        try runTool(["python3", "-c", "import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())", path])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func database(_ dir: String) -> String { dir + "/.footprint/requests.sqlite" }

    @Test("Know and Delete from open to close: artefacts by digest, the log verifies, a changed entry is found")
    func walk() throws {
        let dir = try CLI.scratchCopy()
        let opened = try Self.run(["request", "open", "--type", "know", "--channel", "phone", "--received", "2026-11-20",
                                   "--email", "jane.doe@example.com", "--name", "Jane Doe"], dir)
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains("R-2026-0001  know by phone, received 2026-11-20 (ccpa)\n  acknowledge by 2026-12-08\n  respond by     2027-01-04"))
        #expect(try Self.run(["request", "verify", "R-2026-0001", "--level", "reasonably_high", "--method", "three data points"], dir).status == 0)
        let know = try Self.run(["know", "--request-id", "R-2026-0001", "--out", dir + "/out-know"], dir)
        #expect(know.status == 0, "\(know.stderr)")
        #expect(try Self.run(["request", "open", "--type", "delete", "--channel", "web", "--received", "2026-11-25", "--email", "tom.baker@example.net"], dir).status == 0)
        #expect(try Self.run(["request", "verify", "R-2026-0002", "--level", "reasonably_high", "--method", "account login"], dir).status == 0)
        #expect(try Self.run(["delete", "--request-id", "R-2026-0002", "--plan-out", dir + "/plan.json"], dir).status == 0)
        let executed = try Self.run(["delete", "--execute", dir + "/plan.json"], dir)
        #expect(executed.status == 0, "\(executed.stderr)")
        #expect(try Self.run(["know", "--request-id", "R-2026-0002", "--out", dir + "/wrong"], dir).status != 0, "a delete request is not answered with know")
        #expect(try Self.run(["request", "close", "R-2026-0001", "--outcome", "fulfilled", "--on", "2026-12-01"], dir).status == 0)
        #expect(try Self.run(["request", "close", "R-2026-0002", "--outcome", "partly", "--on", "2026-12-01"], dir).status != 0, "a partial response needs its basis")
        #expect(try Self.run(["request", "close", "R-2026-0002", "--outcome", "partly", "--basis", "orders kept for tax law", "--on", "2026-12-01"], dir).status == 0)

        let list = try Self.run(["request", "list", "--format", "json", "--as-of", "2026-12-01"], dir)
        let requests = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [String: Any])["requests"] as! [[String: Any]]
        #expect(requests.map { $0["status"] as! String } == ["fulfilled", "fulfilled"])
        let knowArtefacts = requests[0]["artefacts"] as! [[String: String]]
        #expect(knowArtefacts.first?["kind"] == "know package")
        #expect(knowArtefacts.first?["sha256"] == (try Self.sha256(dir + "/out-know/response.json")))
        let deleteArtefacts = requests[1]["artefacts"] as! [[String: String]]
        #expect(deleteArtefacts.map { $0["kind"]! } == ["deletion plan", "deletion receipt"])
        #expect(deleteArtefacts[1]["outcome"] == "every item done, verified")
        #expect(knowArtefacts.first?["outcome"]?.hasPrefix("specific_pieces, complete") == true)
        #expect(deleteArtefacts[0]["sha256"] == (try Self.sha256(dir + "/plan.json")))
        #expect(deleteArtefacts[1]["sha256"] == (try Self.sha256(dir + "/plan.json.receipt/receipt.json")))
        #expect(requests[1]["basis"] as? String == "orders kept for tax law")

        let verified = try Self.run(["request", "log", "verify"], dir)
        #expect(verified.status == 0 && verified.stdout.contains("the request log verifies: 9 entries"), "\(verified.stdout)")
        let log = try Self.run(["request", "log", "export", "--format", "csv"], dir).stdout
        #expect(log.hasPrefix("seq,at,request,event,detail,previous,digest\r\n") && log.contains(",R-2026-0002,closed,"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.database(dir)))
        #expect(bytes.range(of: Data("jane.doe@example.com".utf8)) == nil && bytes.range(of: Data("tom.baker".utf8)) == nil, "identities are sealed")
        #expect(!log.contains("jane.doe") && !log.contains("tom.baker"))

        // Someone edits an entry, then someone removes one: both are found.
        _ = try runTool(["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE log SET detail = replace(detail, 'phone', 'email') WHERE seq = 1\"); c.commit()", Self.database(dir)])
        let edited = try Self.run(["request", "log", "verify"], dir)
        #expect(edited.status == 2 && edited.stderr.contains("broken at entry 1: its content does not match its digest"), "\(edited.stderr)")
        _ = try runTool(["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE log SET detail = replace(detail, 'email', 'phone') WHERE seq = 1\"); c.execute('DELETE FROM log WHERE seq = 4'); c.commit()", Self.database(dir)])
        let removed = try Self.run(["request", "log", "verify"], dir)
        #expect(removed.status == 2 && removed.stderr.contains("broken at entry 5: it does not follow the entry before it"), "\(removed.stderr)")
    }

    @Test("One extension, noticed in time; a purge past 24 months keeps the chain verifiable")
    func extensionAndPurge() throws {
        let dir = try CLI.scratchCopy()
        #expect(try Self.run(["request", "open", "--type", "know", "--channel", "mail", "--received", "2026-03-03", "--rule", "gdpr", "--email", "a@example.com"], dir).status == 0)
        #expect(try Self.run(["request", "open", "--type", "know", "--channel", "agent", "--received", "2026-03-03", "--email", "b@example.com"], dir).status == 0)
        let late = try Self.run(["request", "extend", "R-2026-0001", "--reason", "many systems", "--on", "2026-04-06"], dir)
        #expect(late.status != 0 && late.stderr.contains("can no longer be extended: the notice was due by 2026-04-03"))
        let extended = try Self.run(["request", "extend", "R-2026-0001", "--reason", "many systems", "--on", "2026-04-02"], dir)
        #expect(extended.stdout.contains("R-2026-0001 extended: respond by 2026-06-03"))
        #expect(try Self.run(["request", "extend", "R-2026-0001", "--reason", "again", "--on", "2026-04-02"], dir).stderr.contains("extended already"))
        let table = try Self.run(["request", "list", "--as-of", "2026-04-30"], dir).stdout
        #expect(table.contains("R-2026-0002  know      agent    2026-03-03  expired      respond 2026-04-17 OVERDUE ccpa"), "\(table)")
        #expect(table.components(separatedBy: "\n")[1].hasPrefix("R-2026-0002"), "overdue first")
        let purged = try Self.run(["request", "log", "purge", "--as-of", "2029-01-01"], dir)
        #expect(purged.stdout.contains("removed 3 log entries older than 2027-01-01"), "\(purged.stdout)")
        #expect(try Self.run(["request", "open", "--type", "delete", "--channel", "web", "--received", "2026-12-01", "--email", "c@example.com"], dir).status == 0)
        let verified = try Self.run(["request", "log", "verify"], dir)
        #expect(verified.status == 0 && verified.stdout.contains("1 entries"), "\(verified.stdout) \(verified.stderr)")
    }

    @Test("import from an intake system's CSV and JSON; a bad row stops it whole; metrics as a table, JSON and a page Chromium renders")
    func importAndMetrics() throws {
        let dir = try CLI.scratchCopy()
        let csv = """
        id,type,channel,received,email,verification_level,verification_method,responded,outcome,basis
        T-1,know,web,2026-01-10,a@example.com,reasonably_high,login,2026-01-20,fulfilled,
        T-2,know,email,2026-02-01,b@example.com,reasonable,email,2026-02-04,partly,"kept, as the law requires"
        T-3,delete,phone,2026-03-01,c@example.com,,,2026-03-31,denied,could not verify
        T-4,delete,web,2026-03-05,d@example.com,reasonable,email,2026-03-10,fulfilled,
        T-5,opt_out,web,2026-04-01,e@example.com,,,,,
        T-6,know,mail,2025-12-30,f@example.com,,,2026-01-02,fulfilled,

        """
        try csv.write(toFile: dir + "/intake.csv", atomically: true, encoding: .utf8)
        try #"[{"id": "J-1", "type": "delete", "channel": "agent", "received": "2026-05-02", "email": "g@example.com", "responded": "2026-05-09", "outcome": "fulfilled"}]"#
            .write(toFile: dir + "/intake.json", atomically: true, encoding: .utf8)
        try "type,channel,received\nknow,web,2026-01-01\nknow,fax,2026-01-02\n".write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        let bad = try Self.run(["request", "import", dir + "/bad.csv"], dir)
        #expect(bad.status != 0 && bad.stderr.contains("bad.csv, line 3: channel must be web, email, phone, mail or agent"), "\(bad.stderr)")
        #expect(try Self.run(["request", "import", dir + "/intake.csv"], dir).stdout.contains("imported 6 request(s)"))
        #expect(try Self.run(["request", "import", dir + "/intake.json"], dir).stdout.contains("imported 1 request(s)"))
        let list = try Self.run(["request", "list", "--format", "json", "--as-of", "2026-06-01"], dir).stdout
        #expect(list.contains(#""status":"expired""#) && list.contains(#""status":"denied""#), "T-5 was never answered; T-3 was denied")
        let metrics = try Self.run(["request", "metrics", "--year", "2026", "--format", "json"], dir)
        let types = (try JSONSerialization.jsonObject(with: Data(metrics.stdout.utf8)) as! [String: Any])["types"] as! [[String: Any]]
        let know = types.first { $0["type"] as? String == "know" }!, delete = types.first { $0["type"] as? String == "delete" }!
        #expect(know["received"] as? Int == 2 && know["complied_in_whole"] as? Int == 1 && know["complied_in_part"] as? Int == 1, "T-6 was received in 2025")
        #expect(know["median_days"] as? Double == 6.5 && know["mean_days"] as? Double == 6.5)
        #expect(delete["received"] as? Int == 3 && delete["denied"] as? Int == 1 && delete["median_days"] as? Double == 7.0)
        #expect(abs((delete["mean_days"] as? Double ?? 0) - 14.0) < 0.01)
        let table = try Self.run(["request", "metrics", "--year", "2026"], dir).stdout
        #expect(table.contains("Right to Delete             3        2        0       1      0    7.0         14.0"), "\(table)")
        #expect(try Self.run(["request", "metrics", "--year", "2026", "--format", "html", "--out", dir + "/metrics.html"], dir).status == 0)
        let rendering = try Browser.render(dir + "/metrics.html")
        #expect(rendering.dom.contains("<svg") && rendering.dom.components(separatedBy: "class=\"bar\"").count - 1 == 5, "bars: know in whole and in part, delete in whole and denied, opt-out open: \(rendering.dom.count)")
        #expect(rendering.dom.contains("Consumer privacy requests received in 2026"))
        #expect(rendering.pageRequests.isEmpty)
        #expect(try Self.run(["request", "log", "verify"], dir).status == 0)
    }

    @Test("requests.rule and requests.holidays in footprint.yaml: the law by default and a team's own holiday list")
    func configured() throws {
        let dir = try CLI.scratchCopy()
        try "# our office\n2026-12-02 Founders' Day\n".write(toFile: dir + "/holidays.txt", atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: dir + "/footprint.yaml", encoding: .utf8)
        try (config + "\nrequests:\n  rule: ccpa\n  holidays: holidays.txt\n").write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let opened = try Self.run(["request", "open", "--type", "know", "--channel", "web", "--received", "2026-12-01", "--email", "a@example.com"], dir)
        #expect(opened.stdout.contains("acknowledge by 2026-12-16"), "one more business day for Founders' Day: \(opened.stdout)")
        try (config + "\nrequests:\n  rule: pipeda\n").write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let bad = try Self.run(["request", "list"], dir)
        #expect(bad.status == 1 && bad.stderr.contains("unknown rule 'pipeda'"), "\(bad.stderr)")
    }
}
