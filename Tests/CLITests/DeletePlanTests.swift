import Foundation
import Testing
import FootprintCore
import FootprintTestSupport

/// `footprint delete --plan-out` and `--show`: the plan a deletion would carry out.
@Suite("Right to Delete: the plan")
struct DeletePlanTests {
    static func plan(config: String = CLI.fixtures + "/footprint.yaml", extra: [String] = []) throws -> (CLIResult, String, [String: Any]) {
        let path = NSTemporaryDirectory() + "footprint-plan-\(UUID().uuidString).json"
        let result = try CLI.run(["delete", "--config", config, "--request", CLI.fixtures + "/requests/jane-verified.json", "--plan-out", path] + extra,
                                 environment: ["FOOTPRINT_INDEX_KEY": "plan test key"])
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        return (result, path, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    static func actions(_ plan: [String: Any]) -> [String: String] {
        Dictionary(((plan["items"] as? [[String: Any]]) ?? []).map { ("\($0["source"]!):\($0["container"]!)#\($0["key"]!)", $0["action"] as! String) },
                   uniquingKeysWith: { a, _ in a })
    }

    @Test("every record of hers has an action; matches that need a person are review; what Footprint cannot erase is manual, with what to do")
    func plan() throws {
        let (result, path, plan) = try Self.plan()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(plan["schema"] as? String == "footprint.delete-plan/2")
        let actions = Self.actions(plan)
        #expect(actions["hubspot:exports/hubspot/contacts-2025.csv#1002"] == "review")   // the other Jane Doe
        #expect(actions["hubspot:exports/hubspot/contacts-2025.csv#1006"] == "review")   // found through her phone
        #expect(actions["web-events:exports/events/web-events.jsonl#ev_0005"] == "review") // found through her second email
        // Every fixture format can be rewritten: gz, zip, UTF-16, Windows-1252, JSON Lines.
        #expect(Set(actions.filter { $0.value == "erase" }.keys) == ["hubspot:exports/hubspot/contacts-2025.csv#1001",
                                                                     "mailchimp:exports/mailchimp/audience-members.csv#1", "loyalty:exports/loyalty/members.csv#M-0005",
                                                                     "web-events:exports/events/web-events.jsonl#ev_0001", "web-events:exports/events/web-events.jsonl#ev_0002",
                                                                     "legacy-leads:exports/legacy/leads-2022.txt.gz#L-77", "mailchimp:exports/mailchimp/unsubscribed-eu.csv#1",
                                                                     "salesforce:exports/salesforce/WE_00D5e000000ABCD_1.zip/Contact.csv#0035e00000A1b2CAAR",
                                                                     "salesforce:exports/salesforce/WE_00D5e000000ABCD_1.zip/Lead.csv#00Q5e00000Bc3dEEAR"])
        #expect(actions.values.filter { $0 == "manual" }.isEmpty)
        let items = plan["items"] as! [[String: Any]]
        #expect(items.filter { $0["action"] as? String != "deferred" }.allSatisfy { ($0["fingerprint"] as? String)?.count == 32 })
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    }

    @Test("the plan names no one: no field value and no identifier in clear, the identity only sealed")
    func noValues() throws {
        let (result, path, plan) = try Self.plan()
        #expect(result.status == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for value in ["jane.doe", "Jane", "Doe", "Howard", "4155550134", "555-0134", "078-05-1120", "Acme", "1984-03-07"] {
            #expect(!text.contains(value), "\(value) is in the plan")
        }
        let sealed = try #require((plan["people"] as? [[String: Any]])?.first?["identity"] as? String)
        let opened = String(decoding: Data(base64Encoded: sealed) ?? Data(), as: UTF8.self)
        #expect(!opened.contains("jane"))
    }

    @Test("the configuration decides retain (with its exception), deidentify (which fields) and deferred (backups)")
    func configuredActions() throws {
        let dir = try CLI.scratchCopy()
        var yaml = try String(contentsOfFile: dir + "/footprint.yaml", encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "      retention: while a member plus 1 year\n      deletion: erase",
                                         with: "      retention: while a member plus 1 year\n      deletion: none\n      exceptions: [\"§1798.105(d)(8): comply with a legal obligation (loyalty points are a liability on the books)\"]")
        yaml = yaml.replacingOccurrences(of: "      retention: 13 months\n      deletion: erase", with: "      retention: 13 months\n      deletion: deidentify")
        yaml = yaml.replacingOccurrences(of: "      retention: 3 years after last activity\n      deletion: erase",
                                         with: "      retention: 3 years after last activity\n      deletion: erase\n      backups: nightly snapshots kept 35 days")
        try yaml.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let (result, _, plan) = try Self.plan(config: dir + "/footprint.yaml")
        #expect(result.status == 0, "\(result.stderr)")
        let items = plan["items"] as! [[String: Any]]
        let loyalty = try #require(items.first { $0["source"] as? String == "loyalty" })
        #expect(loyalty["action"] as? String == "retain")
        #expect((loyalty["exception"] as? String)?.contains("§1798.105(d)(8)") == true)
        let event = try #require(items.first { $0["key"] as? String == "ev_0002" })
        #expect(event["action"] as? String == "deidentify")
        #expect(Set(event["fields"] as? [String] ?? []) == ["properties.email", "properties.phone"])
        let backups = try #require(items.first { $0["action"] as? String == "deferred" })
        #expect(backups["source"] as? String == "hubspot")
        #expect((backups["reason"] as? String)?.contains("§7022(d)") == true)
    }

    @Test("--show --format html is a page for the reviewer: every action with its records and reasons, in a real browser, no request made")
    func showHTML() throws {
        let (_, path, _) = try Self.plan()
        let shown = try CLI.run(["delete", "--show", path, "--format", "html"])
        #expect(shown.status == 0)
        let page = NSTemporaryDirectory() + "plan-\(UUID().uuidString).html"
        try shown.stdout.write(toFile: page, atomically: true, encoding: .utf8)
        let rendering = try Browser.render(page)
        #expect(rendering.dom.contains("To be erased (9)"))
        #expect(rendering.dom.contains("Waiting for review: nothing is done until approved (3)"))
        #expect(rendering.dom.contains("contacts-2025.csv"))
        #expect(rendering.dom.contains("possible match: weak evidence only"))
        #expect(rendering.pageRequests.isEmpty)
        #expect(!shown.stdout.contains("jane.doe"))
    }

    @Test("record keys and file names holding markup show as text in the plan page and in the receipt letter, in a real browser")
    func hostileMarkup() throws {
        let dir = try temporaryDirectory()
        try "id,Email\r\n\"<img src=x onerror=alert(1)>\",jane.doe@example.com\r\n2,other@example.com\r\n"
            .write(toFile: dir + "/<b>crm<i>.csv", atomically: true, encoding: .utf8)
        try """
            sources:
              - name: crm
                connector: csv
                path: "<b>crm<i>.csv"
                key: id
                fields:
                  Email: {identifier: email, category: A}
            """.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/requests/jane-verified.json", toPath: dir + "/request.json")
        let env = DeleteExecuteTests.env
        let plan = dir + "/plan.json"
        #expect(try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--request", dir + "/request.json", "--plan-out", plan], environment: env).status == 0)
        let page = dir + "/plan.html"
        try CLI.run(["delete", "--show", plan, "--format", "html"]).stdout.write(toFile: page, atomically: true, encoding: .utf8)
        let shown = try Browser.render(page)
        #expect(shown.dom.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!shown.dom.contains("<img") && !shown.dom.contains("<b>crm"))
        #expect(shown.pageRequests.isEmpty)
        let executed = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--execute", plan], environment: env)
        #expect(executed.status == 0, "\(executed.stdout)\(executed.stderr)")
        let letter = try Browser.render(plan + ".receipt/receipt.html")
        #expect(letter.dom.contains("&lt;b&gt;crm&lt;i&gt;.csv"))
        #expect(!letter.dom.contains("<b>crm") && letter.pageRequests.isEmpty)
    }

    @Test("--show prints a plan for review; what is not a plan is refused, and no plan is written over another")
    func show() throws {
        let (_, path, _) = try Self.plan()
        let shown = try CLI.run(["delete", "--show", path])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("erase 9 · deidentify 0 · retain 0 · deferred 0 · manual 0 · review 3"))
        #expect(shown.stdout.contains("review      hubspot:exports/hubspot/contacts-2025.csv#1006"))
        let json = try CLI.run(["delete", "--show", path, "--format", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["schema"] as? String == "footprint.delete-plan/2")
        let notPlan = try CLI.run(["delete", "--show", CLI.fixtures + "/requests/jane-verified.json"])
        #expect(notPlan.status == 1)
        let again = try CLI.run(["delete", "--config", CLI.fixtures + "/footprint.yaml", "--request", CLI.fixtures + "/requests/jane-verified.json",
                                 "--plan-out", path], environment: ["FOOTPRINT_INDEX_KEY": "plan test key"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
    }
}

@Suite("Right to Delete: carrying out a plan on exported files")
struct DeleteExecuteTests {
    static let env = ["FOOTPRINT_INDEX_KEY": "execute test key"]

    static func planned() throws -> (dir: String, plan: String) {
        let dir = try CLI.scratchCopy()
        let plan = dir + "/plan.json"
        let made = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--request", dir + "/requests/jane-verified.json", "--plan-out", plan], environment: env)
        #expect(made.status == 0, "\(made.stderr)")
        return (dir, plan)
    }

    static func execute(_ dir: String, _ plan: String) throws -> CLIResult {
        try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--execute", plan], environment: env)
    }

    @Test("her rows leave each UTF-8 CSV export; every other byte of the file is as it was, mode kept; a fresh lookup no longer finds them")
    func erases() throws {
        let (dir, plan) = try Self.planned()
        let path = dir + "/exports/hubspot/contacts-2025.csv"
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        chmod(path, 0o640)
        let result = try Self.execute(dir, plan)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("erased  hubspot:exports/hubspot/contacts-2025.csv#1001"))
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        // Exactly her row is gone: from "1001," to the start of the next row, quoted newlines and all.
        let start = try #require(before.range(of: Data("\r\n1001,".utf8))).lowerBound + 2
        let end = try #require(before.range(of: Data("\r\n1002,".utf8))).lowerBound + 2
        var expected = before
        expected.removeSubrange(start..<end)
        #expect(after == expected)
        #expect(after.starts(with: [0xEF, 0xBB, 0xBF])) // the BOM stays
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o640)
        let lookup = try CLI.lookup(["--email", "jane.doe@example.com", "--live"], config: dir + "/footprint.yaml")
        for gone in ["hubspot:exports/hubspot/contacts-2025.csv#1001", "mailchimp:exports/mailchimp/audience-members.csv#1", "loyalty:exports/loyalty/members.csv#M-0005"] {
            #expect(!lookup.recordLocators.contains(gone))
        }
        // JSON Lines: her two events are gone, the others' lines are as they were.
        let events = try String(contentsOfFile: dir + "/exports/events/web-events.jsonl", encoding: .utf8)
        let original = try String(contentsOfFile: CLI.fixtures + "/exports/events/web-events.jsonl", encoding: .utf8)
        #expect(events == original.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("ev_0001") && !$0.contains("ev_0002") }.joined(separator: "\n"))
        #expect(!lookup.recordLocators.contains("legacy-leads:exports/legacy/leads-2022.txt.gz#L-77"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir + "/exports/hubspot").filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    /// `bytes` without the row that starts with `marker` (after a line break) and runs to the next line break that ends a row.
    static func removingRow(_ bytes: [UInt8], from marker: [UInt8], to next: [UInt8]) throws -> [UInt8] {
        let data = Data(bytes)
        let start = try #require(data.range(of: Data(marker))).lowerBound
        let end = try #require(data.range(of: Data(next), in: start..<data.count)).lowerBound
        var copy = bytes
        copy.removeSubrange(start..<end)
        return copy
    }

    static func gunzip(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }

    @Test("every fixture format loses exactly her rows — UTF-16 inside .gz, members of a .zip, Windows-1252, BOM, quoted newlines — and keeps every other byte")
    func everyFormat() throws {
        let (dir, plan) = try Self.planned()
        let exports = dir + "/exports"
        let read = { (path: String) in [UInt8](try Data(contentsOf: URL(fileURLWithPath: exports + "/" + path))) }
        let legacyBefore = try Self.gunzip(exports + "/legacy/leads-2022.txt.gz")
        let unsubscribedBefore = try read("mailchimp/unsubscribed-eu.csv")
        let zip = try ZipArchive(path: exports + "/salesforce/WE_00D5e000000ABCD_1.zip", displayName: "zip")
        func member(_ archive: ZipArchive, _ name: String) throws -> [UInt8] {
            let stream = try archive.open(try #require(archive.members.first { $0.name == name }))
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while case let n = try buffer.withUnsafeMutableBytes({ try stream.read(into: $0) }), n > 0 { out += buffer[0..<n] }
            return out
        }
        let contactBefore = try member(zip, "Contact.csv"), leadBefore = try member(zip, "Lead.csv"), readmeBefore = try member(zip, "README.txt.bak")
        let result = try Self.execute(dir, plan)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        // UTF-16LE with a BOM, tab-separated, in a gzip: her row's UTF-16 bytes are gone, the rest identical.
        let utf16 = { (text: String) in text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        #expect(try Self.gunzip(exports + "/legacy/leads-2022.txt.gz") == Self.removingRow(legacyBefore, from: utf16("L-77\t"), to: utf16("L-78\t")))
        #expect(Array(try Self.gunzip(exports + "/legacy/leads-2022.txt.gz").prefix(2)) == [0xFF, 0xFE])
        // Windows-1252 with CRLF and ; as the delimiter.
        #expect(try read("mailchimp/unsubscribed-eu.csv") == Self.removingRow(unsubscribedBefore, from: Array("jane.doe@example.com;".utf8), to: Array("carlos.garcia".utf8)))
        #expect(try read("mailchimp/unsubscribed-eu.csv").contains(0xED)) // García's í, still one byte
        // The zip: both members lose her row (a quoted newline in the Contact row), the third member is as it was.
        let after = try ZipArchive(path: exports + "/salesforce/WE_00D5e000000ABCD_1.zip", displayName: "zip")
        #expect(after.members.map(\.name) == zip.members.map(\.name))
        #expect(try member(after, "Contact.csv") == Self.removingRow(contactBefore, from: Array("0035e00000A1b2CAAR,".utf8), to: Array("0035e00000A1b2DAAR,".utf8)))
        #expect(try member(after, "Lead.csv") == Self.removingRow(leadBefore, from: Array("00Q5e00000Bc3dEEAR,".utf8), to: Array("00Q5e00000Bc3dFEAR,".utf8)))
        #expect(try member(after, "README.txt.bak") == readmeBefore)
        #expect(try FileManager.default.contentsOfDirectory(atPath: exports + "/salesforce").count == 1) // nothing left aside
    }

    @Test("a row that changed since the plan stops its file (nothing in it erased, exit 2); a finished plan run again changes nothing")
    func staleAndIdempotent() throws {
        let (dir, plan) = try Self.planned()
        let path = dir + "/exports/hubspot/contacts-2025.csv"
        let changed = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "See ticket #88.", with: "See ticket #89.")
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let stale = try Self.execute(dir, plan)
        #expect(stale.status == 2)
        #expect(stale.stdout.contains("failed  hubspot:exports/hubspot/contacts-2025.csv#1001: stale"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // The other files of the plan were still done; done again, they are already gone.
        let members = try Data(contentsOf: URL(fileURLWithPath: dir + "/exports/loyalty/members.csv"))
        let again = try Self.execute(dir, plan)
        #expect(again.stdout.contains("resume  8 item(s) are done already"))
        #expect(again.stdout.contains("failed  hubspot:exports/hubspot/contacts-2025.csv#1001: stale"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/exports/loyalty/members.csv")) == members)
    }

    @Test("verification is a fresh search: a record of hers that appeared after the plan is reported, exit 2")
    func verification() throws {
        let (dir, plan) = try Self.planned()
        let done = try Self.execute(dir, plan)
        #expect(done.stdout.contains("each one the plan keeps, leaves to a person or reports as failed"))
        let (dir2, plan2) = try Self.planned()
        let members = dir2 + "/exports/loyalty/members.csv"
        try (try String(contentsOfFile: members, encoding: .utf8) + "M-0099,Jane Doe,\"500 Howard St Ste 300, San Francisco CA 94105\",,,2026-01-10\r\n")
            .write(toFile: members, atomically: true, encoding: .utf8)
        let result = try Self.execute(dir2, plan2)
        #expect(result.status == 2)
        #expect(result.stdout.contains("NOT accounted for by the plan"))
        #expect(result.stdout.contains("loyalty:exports/loyalty/members.csv#M-0099"))
        #expect(result.stdout.contains("erased  loyalty:exports/loyalty/members.csv#M-0005"))
    }

    @Test("--dry-run writes nothing; a finished plan run again changes nothing and says so; a lost or torn journal is survived")
    func journal() throws {
        let (dir, plan) = try Self.planned()
        let files = ["/exports/hubspot/contacts-2025.csv", "/exports/loyalty/members.csv", "/exports/events/web-events.jsonl"]
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: dir + $0)) }
        let dry = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--execute", plan, "--dry-run"], environment: Self.env)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would erase hubspot:exports/hubspot/contacts-2025.csv#1001"))
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: dir + $0)) } == before)
        #expect(!FileManager.default.fileExists(atPath: plan + ".journal"))
        #expect(try Self.execute(dir, plan).status == 0)
        let after = try files.map { try Data(contentsOf: URL(fileURLWithPath: dir + $0)) }
        let again = try Self.execute(dir, plan)
        #expect(again.status == 0)
        #expect(again.stdout.contains("every erase and deidentify item of this plan is done already"))
        #expect(again.stdout.contains("0 of 0 erase or deidentify item(s) done in this run (9 in an earlier one)"))
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: dir + $0)) } == after)
        // A run killed while writing its journal: the last line torn, one outcome lost.
        var lines = try String(contentsOfFile: plan + ".journal", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        lines.removeLast()
        try (lines.joined(separator: "\n") + "\n{\"item\": \"web-ev").write(toFile: plan + ".journal", atomically: true, encoding: .utf8)
        let resumed = try Self.execute(dir, plan)
        #expect(resumed.status == 0, "\(resumed.stdout)")
        #expect(resumed.stdout.contains("resume  8 item(s) are done already"))
        #expect(resumed.stdout.contains("1 of 1 erase or deidentify item(s) done in this run (8 in an earlier one)"))
        #expect(resumed.stdout.contains("(already not there)"))
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: dir + $0)) } == after)
    }

    @Test("a journal lost after the files were rewritten: run again, every record is found gone — rows keyed by position too (the rows after them moved up) — and nothing else changes")
    func lostJournal() throws {
        let (dir, plan) = try Self.planned()
        #expect(try Self.execute(dir, plan).status == 0)
        let files = ["/exports/mailchimp/audience-members.csv", "/exports/hubspot/contacts-2025.csv"]
        let after = try files.map { try Data(contentsOf: URL(fileURLWithPath: dir + $0)) }
        try FileManager.default.removeItem(atPath: plan + ".journal")
        let again = try Self.execute(dir, plan)
        #expect(again.status == 0, "\(again.stdout)")
        #expect(again.stdout.contains("gone    mailchimp:exports/mailchimp/audience-members.csv#1 (already not there)"))
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: dir + $0)) } == after)
        // A row inserted above a position-keyed record: the plan is stale for that file, nothing erased.
        let (dir2, plan2) = try Self.planned()
        let members = dir2 + "/exports/mailchimp/audience-members.csv"
        var text = try String(contentsOfFile: members, encoding: .utf8)
        let header = text.prefix { $0 != "\n" && $0 != "\r" }
        text.insert(contentsOf: "\r\nnew.member@example.net" + String(repeating: ",", count: header.filter { $0 == "," }.count), at: header.endIndex)
        try text.write(toFile: members, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: members))
        let stale = try Self.execute(dir2, plan2)
        #expect(stale.status == 2)
        #expect(stale.stdout.contains("failed  mailchimp:exports/mailchimp/audience-members.csv#1: stale"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: members)) == before)
    }

    @Test("the receipt: what was deleted, kept and left to a person; who must be told (§1798.105(c)); evidence with digests; no value; renders without a request")
    func receipt() throws {
        let (dir, plan) = try Self.planned()
        let result = try Self.execute(dir, plan)
        #expect(result.status == 0, "\(result.stdout)")
        let folder = plan + ".receipt"
        let receipt = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/receipt.json"))) as? [String: Any])
        let records = receipt["records"] as! [[String: Any]]
        #expect(records.filter { $0["outcome"] as? String == "erased" }.count == 9)
        #expect(records.contains { $0["key"] as? String == "L-77" && $0["outcome"] as? String == "erased" })
        #expect((receipt["plan_sha256"] as? String)?.count == 64 && (receipt["journal_sha256"] as? String)?.count == 64)
        let verification = receipt["verification"] as! [String: Any]
        #expect((verification["unaccounted"] as? [String])?.isEmpty == true)
        let notices = receipt["notices"] as! [[String: Any]]
        #expect(notices.contains { $0["recipient"] as? String == "advertising networks" && $0["relation"] as? String == "third party it was sold or shared to" })
        #expect(notices.contains { $0["recipient"] as? String == "analytics providers" })
        #expect(try String(contentsOfFile: folder + "/notices.csv", encoding: .utf8).contains("advertising networks"))
        for (path, bytes) in try KnowTests.allBytes(folder) {
            #expect(bytes.range(of: Data("jane.doe".utf8)) == nil && bytes.range(of: Data("Howard".utf8)) == nil, "\(path)")
        }
        let rendering = try Browser.render(folder + "/receipt.html")
        for heading in ["What we deleted", "What we kept, and why", "What is still being handled", "Who we asked to delete it too", "The record we keep"] {
            #expect(rendering.dom.contains(heading))
        }
        #expect(rendering.pageRequests.isEmpty)
    }

    @Test("a deleted person coming back is reported by the next scan (not what the plan knowingly left), a plan can be made for them at once, and they can be removed from the list")
    func suppression() throws {
        let (dir, plan) = try Self.planned()
        #expect(try Self.execute(dir, plan).status == 0)
        let config = dir + "/footprint.yaml"
        let list = try CLI.run(["suppression", "list", "--config", config], environment: Self.env)
        let id = try #require(list.stdout.split(separator: "\n").dropFirst().first?.split(separator: " ").first.map(String.init))
        #expect(list.stdout.contains("REQ-2026-0042"))
        let stored = try String(contentsOfFile: dir + "/.footprint/suppression.json", encoding: .utf8)
        #expect(!stored.contains("jane") && !stored.contains("Jane"))
        // A re-import of an old contact.
        let path = dir + "/exports/hubspot/contacts-2025.csv"
        try (try String(contentsOfFile: path, encoding: .utf8) + "2001,Jane,Doe,JANE.DOE@example.com,,,,,2026-12-01 10:00,,\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        let scan = try CLI.run(["scan", "--config", config], environment: Self.env)
        #expect(scan.stdout.contains("a person deleted on"))
        #expect(scan.stdout.contains("exports/hubspot/contacts-2025.csv#2001 — re-imported?"))
        #expect(!scan.stdout.contains("leads-2022.txt.gz#L-77")) // left to a person by the plan: not news
        #expect(!scan.stdout.lowercased().contains("jane.doe"))
        let again = dir + "/plan2.json"
        let planned = try CLI.run(["delete", "--config", config, "--suppressed", id, "--request", dir + "/requests/jane-categories.json", "--plan-out", again], environment: Self.env)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(DeletePlanTests.actions(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: again))) as! [String: Any])["hubspot:exports/hubspot/contacts-2025.csv#2001"] == "erase")
        #expect(try CLI.run(["suppression", "remove", id, "--config", config], environment: Self.env).status == 0)
        #expect(try CLI.run(["suppression", "list", "--config", config], environment: Self.env).stdout.contains("no one is suppressed"))
        #expect(!(try CLI.run(["scan", "--config", config], environment: Self.env).stdout.contains("a person deleted on")))
    }

    @Test("a plan made with another configuration is refused, and nothing is touched")
    func otherConfiguration() throws {
        let (dir, plan) = try Self.planned()
        let yaml = try String(contentsOfFile: dir + "/footprint.yaml", encoding: .utf8)
        try (yaml + "\n# changed after the plan\n").write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/exports/hubspot/contacts-2025.csv"))
        let result = try Self.execute(dir, plan)
        #expect(result.status == 1)
        #expect(result.stderr.contains("another configuration"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/exports/hubspot/contacts-2025.csv")) == before)
    }
}
