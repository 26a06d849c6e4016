import Foundation
import Testing
@testable import FootprintCore
@testable import FootprintHTTP
import FootprintTestSupport

/// What hangs off the person's records in each vendor (`follow:` in the templates),
/// against the test server's shapes: reached through associations and sub-resources,
/// across their pages, as linked records whose `via` names the record and association.
@Suite("HTTP linked objects", .enabled(if: apiURL != nil))
struct LinkedObjectsTests {
    /// "container#key <- container#key" for every linked record found for Jane's email.
    static let expected: [(String, Set<String>)] = [
        ("hubspot", [
            "notes#7001 <- contacts#512", "notes#7002 <- contacts#512", "notes#7003 <- contacts#512", "notes#7004 <- contacts#513",
            "emails#7101 <- contacts#512", "calls#7201 <- contacts#512", "meetings#7301 <- contacts#512", "tasks#7401 <- contacts#512",
            "deals#7501 <- contacts#512", "tickets#7601 <- contacts#512",
            "form_submissions#c0a1b2c3-0001 <- contacts#512", "form_submissions#c0a1b2c3-0002 <- contacts#512",
        ]),
        // The guest payment is found by its checkout session's email, then followed to its intent and charge.
        ("stripe", [
            "payment_intents#pi_Jane01 <- customers#cus_JaneDoe01", "payment_intents#pi_Jane02 <- customers#cus_JaneDoe01",
            "charges#ch_Jane01 <- customers#cus_JaneDoe01", "charges#ch_Jane02 <- customers#cus_JaneDoe01", "charges#ch_Jane03 <- customers#cus_JaneDoe01",
            "invoices#in_Jane01 <- customers#cus_JaneDoe01", "invoices#in_Jane02 <- customers#cus_JaneDoe02",
            "payment_intents#pi_Guest01 <- checkout_sessions#cs_test_Guest01", "charges#ch_Guest01 <- payment_intents#pi_Guest01",
        ]),
        ("zendesk", [
            "identities#61001 <- users#9001", "identities#61002 <- users#9001", "identities#61003 <- users#9001",
            "tickets#501 <- users#9001", "tickets#502 <- users#9001", "tickets#503 <- users#9001", "tickets_copied#504 <- users#9001",
            "comments#88001 <- tickets#501", "comments#88002 <- tickets#501", "comments#88003 <- tickets#501", "comments#88004 <- tickets#502",
        ]),
        ("salesforce", [
            "Case#5005e00000Ca5e1AAB <- Contact#0035e00000A1b2CAAR", "CampaignMember#00v5e00000Cm1AAA <- Contact#0035e00000A1b2CAAR",
            "Task#00T5e00000Tk1AAA <- Contact#0035e00000A1b2CAAR", "Task#00T5e00000Tk3AAA <- Contact#0035e00000A1b2CAAR",
            "Event#00U5e00000Ev1AAA <- Contact#0035e00000A1b2CAAR", "CampaignMember#00v5e00000Cm2AAA <- Lead#00Q5e00000Bc3dEEAR",
            "Task#00T5e00000Tk2AAA <- Lead#00Q5e00000Bc3dEEAR", "EmailMessage#02s5e00000Em2AAA <- Case#5005e00000Ca5e1AAB",
        ]),
        ("mailchimp", [
            "notes#4101 <- members#list1/0cba00ca3da1b283a57287bcceb17e35", "notes#4102 <- members#list1/0cba00ca3da1b283a57287bcceb17e35",
            "notes#4103 <- members#list2/0cba00ca3da1b283a57287bcceb17e35",
            "ecommerce_orders#store-shop/ord-9001 <- ecommerce_customers#store-shop/cust-101",
            "ecommerce_orders#store-shop/ord-9002 <- ecommerce_customers#store-shop/cust-101",
            "ecommerce_orders#store-pop/ord-7001 <- ecommerce_customers#store-pop/cust-101",
        ]),
        ("intercom", [
            "conversations#1911000001 <- contacts#65f0c0ffee0000000000a001", "conversations#1911000002 <- contacts#65f0c0ffee0000000000a001",
            "conversations#1911000003 <- contacts#65f0c0ffee0000000000a002",
        ]),
        ("shopify", [
            "orders#5501000001 <- customers#7001000001", "orders#5501000002 <- customers#7001000001", "orders#5501000003 <- customers#7001000001",
        ]),
        ("segment", ["traits#use_2AbJane0000000000000001 <- users#use_2AbJane0000000000000001"]),
    ]

    /// Objects the vendor can search by email itself, found directly (not linked).
    static let direct: [(String, Set<String>)] = [
        ("stripe", ["checkout_sessions#cs_test_Jane01", "checkout_sessions#cs_test_Guest01"]),
        ("salesforce", ["Case#5005e00000Ca5e2AAB", "EmailMessage#02s5e00000Em1AAA"]),
        ("mailchimp", ["ecommerce_customers#store-shop/cust-101", "ecommerce_customers#store-pop/cust-101"]), // in every store
    ]

    @Test("without a configured audience, Mailchimp is searched and listed in every audience of the account")
    func everyAudience() throws {
        setenv("FOOTPRINT_TEST_TOKEN", "test-token", 1)
        let yaml = """
            sources:
              - {name: mailchimp, connector: http, template: mailchimp, base_url: \(apiURL!)/_s/\(UUID().uuidString)/ok,
                 auth: {basic: {username: footprint, password: env:FOOTPRINT_TEST_TOKEN}}}
            """
        let source = try FootprintConfig.parse(yaml: yaml, file: "/tmp/footprint.yaml", connectorKeys: ["http": HTTPConnectorFactory.configKeys]).sources[0]
        let connector = try HTTPConnectorFactory.make(source: source)
        var report = ScanReport()
        var members: [String] = []
        try connector.records(into: &report) { record in
            if record.locator.container == "members" { members.append(record.locator.key) }
            return true
        }
        #expect(Set(members.map { String($0.split(separator: "/")[0]) }) == ["list1", "list2"])
        #expect(members.count == 4)
        // Phone is not searchable in Mailchimp; the member by hash is asked of each audience.
        let (found, _) = try search(source, Identity(emails: ["jane.doe@example.com"]))
        #expect(Set(found.filter { $0.record.locator.container == "members" }.map(\.record.locator.key))
            == ["list1/0cba00ca3da1b283a57287bcceb17e35", "list2/0cba00ca3da1b283a57287bcceb17e35"])
    }

    @Test("objects the vendor searches by email are found directly: a guest checkout, a web-to-case case", arguments: direct)
    func searchedDirectly(_ vendor: String, _ wanted: Set<String>) throws {
        let (source, _) = try apiSource(vendor, template: vendor)
        let (found, _) = try search(source, Identity(emails: ["jane.doe@example.com"]))
        let direct = Set(found.filter { $0.via == nil }.map { "\($0.record.locator.container)#\($0.record.locator.key)" })
        #expect(wanted.isSubset(of: direct), "\(direct)")
        // Someone else's guest checkout and case stay out.
        #expect(!found.contains { ["cs_test_Other01", "5005e00000Ca5e9AAB", "pi_Other01", "ch_Other01"].contains($0.record.locator.key) })
    }

    @Test("Salesforce Person Accounts are searched only where the org has them (params: person_accounts)")
    func personAccounts() throws {
        let (plain, _) = try apiSource("salesforce", template: "salesforce", fault: "nopersonaccounts")
        let (without, report) = try search(plain, Identity(emails: ["jane.doe@example.com"]))
        #expect(report.status == .complete, "\(report.errors)") // the query naming PersonEmail was never sent
        #expect(!without.contains { $0.record.locator.container == "Account" })
        let (enabled, _) = try apiSource("salesforce", template: "salesforce", params: ", person_accounts: \"true\"")
        let (with, _) = try search(enabled, Identity(emails: ["jane.doe@example.com"]))
        #expect(with.contains { $0.record.locator.container == "Account" && $0.record.locator.key == "0015e00000Pa1AAA" && $0.via == nil })
    }

    @Test("a lookup reaches every object hanging off her records, across pages, each naming its parent and association",
          arguments: expected)
    func reached(_ vendor: String, _ linked: Set<String>) throws {
        let (source, _) = try apiSource(vendor, template: vendor)
        let (found, report) = try search(source, Identity(emails: ["jane.doe@example.com"]))
        #expect(report.status == .complete, "\(report.errors)")
        let reached = found.filter { $0.via != nil && $0.match.evidence.first?.how == .linked }
        #expect(Set(reached.map { "\($0.record.locator.container)#\($0.record.locator.key) <- \($0.via!.locator.container)#\($0.via!.locator.key)" }) == linked)
        for item in reached {
            #expect(item.match.tier == .confirmed) // the tier of the record it hangs off
            #expect(!(item.via?.field ?? "").isEmpty && item.via?.field == item.match.evidence.first?.link)
        }
        // Nothing twice, and nothing of somebody else's (HubSpot's note 7009 is another contact's).
        #expect(Set(found.map(\.record.locator)).count == found.count)
        #expect(!found.contains { $0.record.locator.key == "7009" })
    }

    @Test("a follow the API refuses makes the source partial, naming the object; what was found stays")
    func failedFollow() throws {
        let (source, _) = try apiSource("inhouse", extra: """
                objects:
                  people:
                    id: person_id
                    pagination: {style: link_header}
                    search:
                      email: {method: GET, path: /inhouse/people, query: {email: "{email}"}}
                    fields:
                      contact.email: {identifier: email, category: A}
                  notes:
                    follow: {from: people, path: "/inhouse/people/{id}/notes", link: note on the person}
                    erase: {manual: "by hand"}
            """)
        let (found, report) = try search(source, Identity(emails: ["jane.doe@example.com"]))
        #expect(found.map(\.record.locator.key).sorted() == ["p-1", "p-2", "p-3"])
        #expect(report.status == .partial)
        #expect(report.errors.contains { $0.container == "notes" && "\($0)".contains("HTTP 404") }, "\(report.errors)")
    }

    @Test("a follow cut short by max_pages says so for its object: the source is partial, never silently short")
    func followAtMaxPages() throws {
        let (source, _) = try apiSource("hubspot", template: "hubspot", extra: "    max_pages: 1\n")
        let (found, report) = try search(source, Identity(emails: ["jane.doe@example.com"]))
        #expect(report.status == .partial)
        // Contact 512's three notes come two to an association page: only the first page was read.
        #expect(report.errors.contains { $0.container == "notes" && "\($0)".contains("max_pages") }, "\(report.errors)")
        #expect(found.filter { $0.record.locator.container == "notes" && $0.via?.locator.key == "512" }.count == 2)
    }

    @Test("an indexed lookup follows from the records it fetched by id")
    func indexed() throws {
        let (source, _) = try apiSource("hubspot", template: "hubspot")
        let connector = try HTTPConnectorFactory.make(source: source)
        let matcher = IdentityMatcher(keys: try IdentityKeys(Identity(emails: ["jane.doe@example.com"]), region: "US"), source: source)
        var report = ScanReport()
        var found: [Found] = []
        _ = try connector.searchIndexed(matcher, candidates: [IndexedLocator(container: "contacts", key: "513", position: -1)], into: &report) { found.append($0) }
        #expect(found.map { "\($0.record.locator.container)#\($0.record.locator.key)" } == ["contacts#513", "notes#7004"])
        #expect(found.last?.via?.locator.key == "513")
    }

    @Test("a follow from an object the template lacks, or by ids without a get, is a configuration error naming the fix")
    func badFollow() throws {
        func parse(_ objects: String) throws {
            let yaml = """
                sources:
                  - name: api
                    connector: http
                    base_url: https://api.example.com
                    auth: {bearer: env:FOOTPRINT_TEST_TOKEN}
                    objects:
                \(objects)
                """
            let config = try FootprintConfig.parse(yaml: yaml, file: "/tmp/footprint.yaml", connectorKeys: ["http": HTTPConnectorFactory.configKeys])
            _ = try HTTPConnectorFactory.make(source: config.sources[0])
        }
        let person = "      people: {search: {email: {path: /people, query: {email: \"{email}\"}}}}\n"
        setenv("FOOTPRINT_TEST_TOKEN", "test-token", 1)
        func refusal(_ objects: String) -> String {
            do { try parse(objects) } catch { return "\(error)" }
            return "accepted"
        }
        let unknown = refusal(person + "      notes: {follow: {from: persons, path: \"/people/{id}/notes\", link: note}}")
        #expect(unknown.contains("names no object") && unknown.contains("one of: notes, people"), "\(unknown)")
        let byIDs = refusal(person + "      notes: {follow: {from: people, path: \"/people/{id}/notes\", ids: note_id, link: note}}")
        #expect(byIDs.contains("needs the object's get:"), "\(byIDs)")
        #expect(refusal(person + "      notes: {follow: {from: people, path: \"/people/{id}/notes\"}}").contains("needs link:"))
        try parse(person + "      notes: {follow: {from: people, path: \"/people/{id}/notes\", link: note}, erase: {manual: \"by hand\"}}")
    }

    @Test("a record erased only with its parent is left to a person when the plan keeps the parent")
    func erasedWith() throws {
        let (source, _) = try apiSource("hubspot", template: "hubspot")
        let connector = try HTTPConnectorFactory.make(source: source)
        func item(_ container: String, _ key: String, _ action: DeletionPlan.Action, from: String? = nil) -> DeletionPlan.Item {
            DeletionPlan.Item(source: "hubspot", container: container, key: key, action: action, linkedFrom: from)
        }
        var items = [item("contacts", "512", .erase), item("form_submissions", "a", .erase, from: "hubspot:contacts#512"),
                     item("contacts", "513", .review), item("form_submissions", "b", .erase, from: "hubspot:contacts#513"),
                     item("deals", "7501", .erase, from: "hubspot:contacts#512")]
        try connector.refine(&items)
        #expect(items.map(\.action) == [.erase, .erase, .review, .manual, .manual])
        #expect(items[3].instructions?.contains("only with the contacts record") == true)
        // The template's own words for what a person must do, in the vendor's terms.
        #expect(items[4].instructions?.hasPrefix("In HubSpot, deals record 7501: a HubSpot deal is a sales record") == true, "\(items[4].instructions ?? "")")
        #expect(connector.cannotErase("deals")?.contains("no privacy delete") == true)
        #expect(connector.cannotErase("notes") == nil && connector.cannotErase("form_submissions") == nil)
    }
}
