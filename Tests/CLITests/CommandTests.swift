import Foundation
import Testing
import FootprintTestSupport

@Suite("records, normalize, sources")
struct CommandTests {
    @Test("records prints JSON Lines with fields in source order, honouring --limit")
    func records() throws {
        let result = try CLI.run(["records", "mailchimp", "--config", CLI.fixtures + "/footprint.yaml", "--limit", "4"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["source"] as? String == "mailchimp")
        #expect(first["container"] as? String == "exports/mailchimp/audience-members.csv")
        #expect(first["key"] as? String == "1")
        #expect(lines[0].contains(#""fields":{"Email Address":"JANE.DOE@EXAMPLE.COM","First Name":"Jane""#))
        // The second file's repeated UNSUB_* headers are kept apart.
        #expect(lines[3].contains(#""UNSUB_REASON#2":"SPAM""#))
        #expect(lines[3].contains(#""UNSUB_CAMPAIGN_ID#2":"c-302""#))
    }

    @Test("records of a zip source name the member; JSON sources flatten nested paths")
    func recordsZipAndJSON() throws {
        let zip = try CLI.run(["records", "salesforce", "--config", CLI.fixtures + "/footprint.yaml"])
        #expect(zip.stdout.contains(#""container":"exports/salesforce/WE_00D5e000000ABCD_1.zip/Lead.csv""#))
        #expect(!zip.stdout.contains("README"))
        let events = try CLI.run(["records", "web-events", "--config", CLI.fixtures + "/footprint.yaml", "--limit", "2"])
        #expect(events.stdout.contains(#""properties.email":"jane.doe@example.com","properties.phone":"+14155550134""#))
        #expect(events.stdout.contains(#""properties.interests":["analytics","exports"]"#))
    }

    @Test("an unknown source is a configuration error listing the configured ones")
    func unknownSource() throws {
        let result = try CLI.run(["records", "nope", "--config", CLI.fixtures + "/footprint.yaml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("hubspot, mailchimp"))
    }

    @Test("normalize prints the key", arguments: [
        (["email", " Jane.Doe%40Example.COM "], "jane.doe@example.com"),
        (["phone", "(415) 555-0134"], "+14155550134"),
        (["phone", "020 7946 0958", "--region", "GB"], "+442079460958"),
        (["id", "crm = 1017"], "crm=1017"),
    ])
    func normalize(_ arguments: [String], _ expected: String) throws {
        let result = try CLI.run(["normalize"] + arguments)
        #expect(result.status == 0)
        #expect(result.stdout == expected + "\n")
    }

    @Test("normalize exits 1 on a value with no key")
    func normalizeInvalid() throws {
        let result = try CLI.run(["normalize", "phone", "555-0134"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test("sources lists every source as readable")
    func sources() throws {
        let result = try CLI.run(["sources", "--config", CLI.fixtures + "/footprint.yaml", "--format", "json"])
        #expect(result.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == ["hubspot", "mailchimp", "salesforce", "loyalty", "legacy-leads", "web-events"])
        #expect(list.allSatisfy { $0["reachable"] as? Bool == true })
        // What each store can do beyond reading: file exports are indexable and can be erased from.
        #expect(list.allSatisfy { $0["capabilities"] as? [String] == ["index", "erase"] })
    }

    @Test("--verbose tells on stderr how each source was searched, with counts and no identifier value; stdout is unchanged")
    func verbose() throws {
        let quiet = try CLI.lookup(["--email", "jane.doe@example.com", "--live"])
        let told = try CLI.lookup(["--email", "jane.doe@example.com", "--live", "--verbose"])
        #expect(told.status == quiet.status)
        #expect(told.recordLocators == quiet.recordLocators)
        #expect(quiet.stderr.isEmpty)
        for source in ["hubspot", "mailchimp", "salesforce", "loyalty", "legacy-leads", "web-events"] {
            #expect(told.stderr.contains("source=\(source) status=complete"))
        }
        #expect(told.stderr.contains("round=expansion"))
        // The expansion found jane's second address and her CRM id: neither may be told.
        #expect(!told.stderr.lowercased().contains("jane"))
        #expect(!told.stderr.contains("@"))
    }

    @Test("--help teaches the commands")
    func help() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        for command in ["lookup", "records", "normalize", "sources", "Exit codes"] { #expect(result.stdout.contains(command)) }
    }
}

@Suite("discover")
struct DiscoverTests {
    @Test("proposes mappings from a file source's headers")
    func csv() throws {
        let result = try CLI.run(["discover", "salesforce", "--config", CLI.fixtures + "/footprint.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("MailingPostalCode: {identifier: address, part: zip, category: A}"))
        #expect(result.stdout.contains("Email: {identifier: email, category: A}"))
        #expect(result.stdout.contains("# IsDeleted: no proposal"))
    }

    @Test("values decide where names say nothing: a column of emails, a notes field carrying phones; values printed only when asked")
    func byValues() throws {
        let dir = NSTemporaryDirectory() + "discover-values-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var csv = "col_a,col_b,Notes\n"
        for n in 0..<40 { csv += "person\(n)@example.com,\(222_00_0000 + n * 7),\(n % 4 == 0 ? "call on (415) 555-01\(10 + n % 90) after 5" : "no answer, will try again")\n" }
        try csv.write(toFile: dir + "/leads.csv", atomically: true, encoding: .utf8)
        try "sources:\n  - name: leads\n    connector: csv\n    path: leads.csv\n".write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["discover", "leads", "--config", dir + "/footprint.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  col_a: {identifier: email, category: A}  # high: 40 of 40 sampled values are valid email addresses\n"))
        #expect(result.stdout.contains("  # col_b: no proposal"))
        #expect(result.stdout.contains("  Notes: {category: B}  # medium: free text: 10 of 40 values carry a phone number\n"))
        #expect(!result.stdout.contains("person0@example.com"), "values are never printed unasked")
        let shown = try CLI.run(["discover", "leads", "--config", dir + "/footprint.yaml", "--show-values"])
        #expect(shown.stdout.contains("  #   e.g. person0@example.com\n"))
        let names = try CLI.run(["discover", "leads", "--config", dir + "/footprint.yaml", "--sample-rows", "0"])
        #expect(names.stdout.contains("  # col_a: no proposal"))
    }

    @Test("proposes mappings from the database catalog, with column types", .enabled(if: pgURL != nil))
    func postgres() throws {
        let dir = NSTemporaryDirectory() + "discover-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "sources:\n  - name: shop\n    connector: postgres\n    url: env:SHOP_DATABASE_URL\n    discover: [shop]\n"
            .write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["discover", "shop", "--config", dir + "/footprint.yaml"], environment: ["SHOP_DATABASE_URL": pgURL!])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  shop.customer:\n    fields:\n"))
        #expect(result.stdout.contains("      email: {identifier: email, category: A}  # high: 4 of 4 sampled values are valid email addresses, as the name says (text)"))
        #expect(result.stdout.contains("      card_number: {category: B, redact: true}  # "))
        #expect(result.stdout.contains("      birth_date: {identifier: dob, category: C}  # high: 3 of 3 sampled values are plausible dates of birth, as the name says (date)"))
        #expect(result.stdout.contains("      # shipping_address_id: no proposal — "))
        #expect(result.stdout.contains("      city: {identifier: address, part: city, category: A}  # medium: from the name;"), "a city is no person's name")
        #expect(!result.stdout.contains("      name: {identifier: name, category: A}  # text\n      sku:"), "product.name is no person's name")
    }
}
