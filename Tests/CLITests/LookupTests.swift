import Foundation
import Testing
import FootprintTestSupport

/// The demo person's records across the fixtures (see scripts/make-fixtures.py).
let janeByEmail: Set<String> = [
    "hubspot:exports/hubspot/contacts-2025.csv#1001",                           // BOM file, multi-line notes
    "mailchimp:exports/mailchimp/audience-members.csv#1",
    "mailchimp:exports/mailchimp/unsubscribed-eu.csv#1",                        // semicolons, Windows-1252
    "salesforce:exports/salesforce/WE_00D5e000000ABCD_1.zip/Contact.csv#0035e00000A1b2CAAR", // inside the zip
    "salesforce:exports/salesforce/WE_00D5e000000ABCD_1.zip/Lead.csv#00Q5e00000Bc3dEEAR",    // %40-encoded email
    "legacy-leads:exports/legacy/leads-2022.txt.gz#L-77",                       // gzip, UTF-16, tabs
    "web-events:exports/events/web-events.jsonl#ev_0001",
    "web-events:exports/events/web-events.jsonl#ev_0002",
]

/// Her records that carry her phone number (1006 is her billing contact on the same line).
let janeByPhone: Set<String> = [
    "hubspot:exports/hubspot/contacts-2025.csv#1001",
    "hubspot:exports/hubspot/contacts-2025.csv#1006",
    "mailchimp:exports/mailchimp/audience-members.csv#1",
    "mailchimp:exports/mailchimp/unsubscribed-eu.csv#1",
    "salesforce:exports/salesforce/WE_00D5e000000ABCD_1.zip/Contact.csv#0035e00000A1b2CAAR",
    "salesforce:exports/salesforce/WE_00D5e000000ABCD_1.zip/Lead.csv#00Q5e00000Bc3dEEAR",
    "legacy-leads:exports/legacy/leads-2022.txt.gz#L-77",
    "web-events:exports/events/web-events.jsonl#ev_0002",
]

/// Everything of hers: the email and phone records reach each other through expansion, and
/// her personal address in HubSpot's "Additional email addresses" reaches a newsletter sign-up.
let janeAll = janeByEmail.union(janeByPhone).union(["web-events:exports/events/web-events.jsonl#ev_0005"])

@Suite("footprint lookup over the fixtures")
struct LookupTests {
    @Test("an email finds every planted record of that person, and nobody else's")
    func byEmail() throws {
        let result = try CLI.lookup(["--email", "jane.doe@example.com"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.recordLocators == janeAll)
        let records = try #require(result.json?["records"] as? [[String: Any]])
        for record in records {
            let locator = "\(record["source"]!):\(record["container"]!)#\(record["key"]!)"
            let match = try #require(record["match"] as? [String: Any])
            #expect(match["tier"] as? String == "confirmed")
            let evidence = try #require(match["evidence"] as? [[String: Any]])
            if janeByEmail.contains(locator) {
                #expect(evidence.contains { $0["identifier"] as? String == "email" && $0["how"] as? String != "different" })
                #expect(record["via"] is NSNull)
            } else {
                // Reached by expansion: through an identifier found in one of her confirmed records.
                let via = try #require(record["via"] as? [String: Any])
                #expect(via["field"] as? String != nil)
                #expect(evidence.contains { ["phone", "email"].contains($0["identifier"] as? String) && $0["how"] as? String != "different" })
            }
        }
        let sources = try #require(result.json?["sources"] as? [[String: Any]])
        #expect(sources.count == 6)
        #expect(sources.allSatisfy { $0["status"] as? String == "complete" })
    }

    @Test("the same-name stranger's email finds only her own records")
    func stranger() throws {
        let result = try CLI.lookup(["--email", "JANE.DOE@example.org"])
        #expect(result.status == 0)
        #expect(result.recordLocators.isDisjoint(with: janeByEmail))
        #expect(result.recordLocators == ["hubspot:exports/hubspot/contacts-2025.csv#1002", "mailchimp:exports/mailchimp/audience-members.csv#2",
                                         "web-events:exports/events/web-events.jsonl#ev_0003"])
    }

    @Test("a phone alone, in any common format, finds the same phone-bearing records", arguments: [
        "(415) 555-0134", "415.555.0134", "+1 415 555 0134", "1-415-555-0134", "14155550134", "415-555-0134 ext. 12",
    ])
    func byPhone(_ phone: String) throws {
        let result = try CLI.lookup(["--phone", phone])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.recordLocators == janeAll)
        let records = try #require(result.json?["records"] as? [[String: Any]])
        let direct = Set(records.filter { $0["via"] is NSNull }.map { "\($0["source"]!):\($0["container"]!)#\($0["key"]!)" })
        #expect(direct == janeByPhone)
    }

    @Test("international numbers match across formats and regions")
    func international() throws {
        // Priya: "+44 7700 900123" in HubSpot, "07700 900123" would need region GB, "+44 (0)7700 900123" in events.
        let result = try CLI.lookup(["--phone", "07700 900123", "--region", "GB"])
        #expect(result.recordLocators == ["hubspot:exports/hubspot/contacts-2025.csv#1004", "web-events:exports/events/web-events.jsonl#ev_0004",
                                          // reached through her email in HubSpot: Salesforce wrote her mobile without +44
                                          "salesforce:exports/salesforce/WE_00D5e000000ABCD_1.zip/Contact.csv#0035e00000A1b2DAAR"])
        let carlos = try CLI.lookup(["--phone", "+34 612 345 678"])
        #expect(carlos.recordLocators.contains("hubspot:exports/hubspot/contacts-2025.csv#1003"))
    }

    @Test("fields carry their value, category, identifier role and disclose flag; multi-line notes intact")
    func fieldAnnotations() throws {
        let result = try CLI.lookup(["--email", "jane.doe@example.com"])
        let records = try #require(result.json?["records"] as? [[String: Any]])
        let hubspot = try #require(records.first { $0["key"] as? String == "1001" })
        let fields = try #require(hubspot["fields"] as? [[String: Any]])
        #expect(fields.map { $0["name"] as? String } == ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name",
                                                          "Lifecycle Stage", "Country/Region", "Create Date", "Notes", "Additional email addresses"])
        let email = try #require(fields.first { $0["name"] as? String == "Email" })
        #expect(email["value"] as? String == "  Jane.Doe@Example.com ")
        #expect(email["category"] as? String == "A")
        #expect(email["identifier"] as? String == "email")
        #expect(email["disclose"] as? Bool == true)
        let notes = try #require(fields.first { $0["name"] as? String == "Notes" })
        #expect(notes["value"] as? String == "Called about renewal.\nPrefers email; \"no calls\" after 5pm.\r\nSee ticket #88.")
        // The Windows-1252 file decodes its accents properly.
        let unsub = try CLI.lookup(["--email", "carlos.garcia@example.es"])
        #expect(unsub.stdout.contains("Carlos García"))
    }

    @Test("table output lists sources and records")
    func table() throws {
        let result = try CLI.run(["lookup", "--config", CLI.fixtures + "/footprint.yaml", "--email", "jane.doe@example.com"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("confirmed"))
        #expect(result.stdout.contains("WE_00D5e000000ABCD_1.zip/Contact.csv"))
    }

    @Test("an account id matches exactly in its namespace only")
    func accountID() throws {
        let result = try CLI.lookup(["--id", "mailchimp=118273645"])
        let records = try #require(result.json?["records"] as? [[String: Any]])
        let direct = Set(records.filter { $0["via"] is NSNull }.map { "\($0["source"]!):\($0["container"]!)#\($0["key"]!)" })
        #expect(direct == ["mailchimp:exports/mailchimp/audience-members.csv#1", "mailchimp:exports/mailchimp/unsubscribed-eu.csv#1"])
        #expect(result.recordLocators == janeAll)
        let wrongNamespace = try CLI.lookup(["--id", "hubspot=118273645"])
        #expect(wrongNamespace.recordLocators.isEmpty)
    }

    @Test("a request file works like the options")
    func requestFile() throws {
        let path = NSTemporaryDirectory() + "request-\(UUID().uuidString).json"
        try #"{"email": "jane.doe@example.com", "phone": ["(415) 555-0134"]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.lookup(["--request", path])
        #expect(result.status == 0)
        #expect(result.recordLocators == janeAll)
    }
}

@Suite("Matching names and addresses, expansion")
struct MatchingCLITests {
    @Test("name + address confirms GARCÍA, Ana at 12 OAK ST APT 4 … 62704-1234; the same name elsewhere is only possible")
    func anaGarcia() throws {
        let result = try CLI.lookup(["--name", "Ana Garcia", "--address", "12 Oak Street Apt 4, Springfield IL 62704"])
        #expect(result.status == 0)
        let records = try #require(result.json?["records"] as? [[String: Any]])
        func tier(_ key: String) -> String? {
            (records.first { $0["key"] as? String == key }?["match"] as? [String: Any])?["tier"] as? String
        }
        #expect(tier("M-0001") == "confirmed")            // "GARCÍA, Ana", "12 OAK ST APT 4, SPRINGFIELD, IL 62704-1234"
        #expect(tier("0035e00000A1b2EAAR") == "confirmed") // the same, in split Salesforce columns
        #expect(tier("M-0002") == "possible")             // Ana Garcia at 880 Pine Ave, Portland
        let stranger = try #require(records.first { $0["key"] as? String == "M-0002" })
        let evidence = try #require((stranger["match"] as? [String: Any])?["evidence"] as? [[String: Any]])
        #expect(evidence.contains { $0["identifier"] as? String == "address" && $0["how"] as? String == "different" })
    }

    @Test("expansion reaches a record that carries only the second email of a confirmed record, with via set")
    func expansion() throws {
        let result = try CLI.lookup(["--email", "jane.doe@example.com"])
        let records = try #require(result.json?["records"] as? [[String: Any]])
        let event = try #require(records.first { $0["key"] as? String == "ev_0005" })
        let via = try #require(event["via"] as? [String: Any])
        #expect(via["source"] as? String == "hubspot")
        #expect(via["key"] as? String == "1001")
        #expect(via["field"] as? String == "Additional email addresses")
        // The evidence says the email was derived, not held by the request, and how.
        let evidence = try #require((event["match"] as? [String: Any])?["evidence"] as? [[String: Any]])
        let derived = try #require(evidence.first { $0["how"] as? String == "derived" })
        #expect(derived["identifier"] as? String == "email")
        let chain = try #require(derived["chain"] as? [[String: Any]])
        #expect(chain.map { $0["key"] as? String } == ["1001"])
        #expect(chain.first?["field"] as? String == "Additional email addresses")
        // Records matched on what the request held carry no chain.
        let direct = try #require(records.first { $0["key"] as? String == "1001" })
        let directEvidence = try #require((direct["match"] as? [String: Any])?["evidence"] as? [[String: Any]])
        #expect(!directEvidence.contains { $0["how"] as? String == "derived" || $0["chain"] != nil })
    }

    @Test("a possible match starts no expansion")
    func noExpansionFromPossible() throws {
        // Name alone: every Ana Garcia is only possible; their emails and phones are not searched.
        let result = try CLI.lookup(["--name", "Ana Garcia"])
        let records = try #require(result.json?["records"] as? [[String: Any]])
        #expect(!records.isEmpty)
        #expect(records.allSatisfy { ($0["match"] as? [String: Any])?["tier"] as? String == "possible" })
        #expect(records.allSatisfy { $0["via"] is NSNull })
    }

    @Test("expansion can be turned off")
    func depthZero() throws {
        let dir = try CLI.scratchCopy()
        let path = dir + "/footprint.yaml"
        let yaml = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "expansion_depth: 2", with: "expansion_depth: 0")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.lookup(["--email", "jane.doe@example.com"], config: path)
        #expect(result.recordLocators == janeByEmail)
    }

    @Test("records_examined counts what the expansion rounds read too")
    func examinedCountsExpansion() throws {
        let dir = try CLI.scratchCopy()
        let path = dir + "/footprint.yaml"
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
        try yaml.replacingOccurrences(of: "expansion_depth: 2", with: "expansion_depth: 0").write(toFile: dir + "/flat.yaml", atomically: true, encoding: .utf8)
        func examined(_ config: String) throws -> [String: Int] {
            let result = try CLI.lookup(["--email", "jane.doe@example.com"], config: config)
            return Dictionary(uniqueKeysWithValues: ((result.json?["sources"] as? [[String: Any]]) ?? []).map { ($0["name"] as! String, $0["records_examined"] as! Int) })
        }
        let flat = try examined(dir + "/flat.yaml"), expanded = try examined(path)
        #expect(!flat.isEmpty)
        // Expansion searched every source again for the identifiers found: each read more.
        for (name, count) in flat { #expect(expanded[name, default: 0] > count, "\(name): \(expanded[name, default: 0]) vs \(count)") }
    }

    @Test("normalize prints name, address and date keys")
    func normalizeKeys() throws {
        #expect(try CLI.run(["normalize", "name", "Dr. GARCÍA, Ana M."]).stdout == "ana m garcia\n")
        #expect(try CLI.run(["normalize", "address", "12 Oak Street Apt 4, Springfield, Illinois 62704-1234"]).stdout == "12 OAK ST APT 4, SPRINGFIELD IL 62704\n")
        #expect(try CLI.run(["normalize", "dob", "7 Mar 1984"]).stdout == "1984-03-07\n")
    }
}
