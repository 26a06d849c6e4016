import Foundation
import Testing
import FootprintTestSupport

/// A deletion plan covers every object hanging off her vendor records: each with the
/// vendor's erasure, erased with its parent, or left to a person with the reason.
@Suite("Right to Delete: linked vendor objects", .enabled(if: apiURL != nil))
struct DeleteLinkedAPITests {
    /// Per linked record: the plan's action, and the state the server ends with ("" = none:
    /// erased with its parent, or not touched).
    static let expected: [String: (action: String, state: String?)] = [
        "hubspot:notes#7001": ("erase", "hubspot-notes:7001=soft-deleted"),
        "hubspot:notes#7004": ("erase", "hubspot-notes:7004=soft-deleted"),
        "hubspot:emails#7101": ("erase", "hubspot-emails:7101=soft-deleted"),
        "hubspot:calls#7201": ("erase", "hubspot-calls:7201=soft-deleted"),
        "hubspot:meetings#7301": ("erase", "hubspot-meetings:7301=soft-deleted"),
        "hubspot:tasks#7401": ("erase", "hubspot-tasks:7401=soft-deleted"),
        "hubspot:tickets#7601": ("erase", "hubspot-tickets:7601=soft-deleted"),
        "hubspot:deals#7501": ("manual", nil),               // can name other contacts; no privacy delete
        "hubspot:form_submissions#c0a1b2c3-0001": ("erase", nil), // with the contact's GDPR delete
        // Stripe: a redaction job for each payment object, the guest payment's too.
        "stripe:checkout_sessions#cs_test_Guest01": ("erase", "stripe-redaction:cs_test_Guest01=redacted"),
        "stripe:payment_intents#pi_Guest01": ("erase", "stripe-redaction:pi_Guest01=redacted"),
        "stripe:charges#ch_Guest01": ("erase", "stripe-redaction:ch_Guest01=redacted"),
        "stripe:charges#ch_Jane03": ("erase", "stripe-redaction:ch_Jane03=redacted"),
        "stripe:invoices#in_Jane01": ("erase", "stripe-redaction:in_Jane01=redacted"),
        // Zendesk: her tickets deleted then purged; identities and comments go with user and ticket.
        "zendesk:tickets#501": ("erase", "zendesk-tickets:501=erased"),
        "zendesk:identities#61002": ("erase", nil),
        "zendesk:comments#88001": ("erase", nil),
        "zendesk:tickets_copied#504": ("manual", nil),      // the requester's ticket
        // Salesforce: each sObject to the recycle bin (no hard-delete permission here).
        "salesforce:Case#5005e00000Ca5e1AAB": ("erase", "salesforce:5005e00000Ca5e1AAB=soft-deleted"),
        "salesforce:Case#5005e00000Ca5e2AAB": ("erase", "salesforce:5005e00000Ca5e2AAB=soft-deleted"),
        "salesforce:CampaignMember#00v5e00000Cm2AAA": ("erase", "salesforce:00v5e00000Cm2AAA=soft-deleted"),
        "salesforce:Task#00T5e00000Tk2AAA": ("erase", "salesforce:00T5e00000Tk2AAA=soft-deleted"),
        "salesforce:Event#00U5e00000Ev1AAA": ("erase", "salesforce:00U5e00000Ev1AAA=soft-deleted"),
        "salesforce:EmailMessage#02s5e00000Em2AAA": ("erase", "salesforce:02s5e00000Em2AAA=soft-deleted"),
        "salesforce:Account#0015e00000Pa1AAA": ("erase", "salesforce:0015e00000Pa1AAA=soft-deleted"), // a Person Account
        // Mailchimp: notes go with the member's permanent delete; store customers and orders are deleted.
        "mailchimp:notes#4103": ("erase", nil),
        "mailchimp:ecommerce_customers#store-pop/cust-101": ("erase", "mailchimp-customers:store-pop/cust-101=erased"),
        "mailchimp:ecommerce_orders#store-shop/ord-9002": ("erase", "mailchimp-orders:store-shop/ord-9002=erased"),
    ]

    @Test("every linked object is planned with the vendor's erasure, with its parent, or by hand; executing erases them")
    func linked() throws {
        let vendors = try DeleteAPITests.Vendors(params: ["salesforce": "person_accounts: \"true\""])
        let actions = try vendors.makePlan()
        for (place, want) in Self.expected { #expect(actions[place] == want.action, "\(place)") }
        // Every vendor record has the vendor's erasure or a person's step; none is left without one.
        #expect(actions.values.allSatisfy { ["erase", "manual", "review"].contains($0) }, "\(actions.filter { !["erase", "manual", "review"].contains($0.value) })")
        #expect(actions.count >= 60)
        let plan = try String(contentsOfFile: vendors.plan, encoding: .utf8)
        #expect(plan.contains("\"linked_from\" : \"hubspot:contacts#512\"") || plan.contains("\"linked_from\":\"hubspot:contacts#512\""))
        let result = try vendors.execute()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let erased = try vendors.erased()
        for (place, want) in Self.expected {
            guard let state = want.state else { continue }
            let parts = state.split(separator: "=").map(String.init)
            #expect(erased[parts[0]] == parts[1], "\(place)")
        }
        #expect(erased["hubspot-deals:7501"] == nil && erased["zendesk-tickets:504"] == nil) // a person's to do
        #expect(result.stdout.contains("erased  zendesk:comments#88001"))
        #expect(result.stdout.contains("erased  hubspot:form_submissions#c0a1b2c3-0001"))
        #expect(result.stdout.contains("deleted hubspot:notes#7001: purged by the vendor by "))
        let receipt = try String(contentsOfFile: vendors.plan + ".receipt/receipt.json", encoding: .utf8)
        #expect(receipt.contains("deals"))
    }

    @Test("the five marketing and support vendors: each erased with its privacy endpoint, conversations and orders with their parent")
    func newVendors() throws {
        let dir = try temporaryDirectory()
        let session = UUID().uuidString
        let base = "\(apiURL!)/_s/\(session)/ok"
        try """
            matching: {expansion_depth: 0}
            sources:
              - {name: klaviyo, connector: http, template: klaviyo, base_url: \(base), auth: {api_key: {header: Authorization, value: env:KLAVIYO_KEY}}}
              - {name: intercom, connector: http, template: intercom, base_url: \(base), auth: {bearer: env:INTERCOM_TOKEN}}
              - {name: sendgrid, connector: http, template: sendgrid, base_url: \(base), auth: {bearer: env:SENDGRID_KEY}}
              - {name: shopify, connector: http, template: shopify, base_url: \(base), auth: {api_key: {header: X-Shopify-Access-Token, value: env:SHOPIFY_TOKEN}}}
              - {name: segment, connector: http, template: segment, base_url: \(base), auth: {api_key: {header: Authorization, value: env:SEGMENT_PROFILES_AUTH}},
                 params: {space_id: spa_1, public_api: "\(base)", public_api_token: env:SEGMENT_TOKEN}}
            """.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        try #"{"id": "REQ-API-2", "received": "2026-11-20", "verification": {"level": "reasonably_high", "method": "test"}, "identity": {"email": ["jane.doe@example.com"]}}"#
            .write(toFile: dir + "/request.json", atomically: true, encoding: .utf8)
        let environment = ["KLAVIYO_KEY": "Klaviyo-API-Key pk_test", "INTERCOM_TOKEN": "t", "SENDGRID_KEY": "k", "SHOPIFY_TOKEN": "s",
                           "SEGMENT_PROFILES_AUTH": "Basic c2VjcmV0Og==", "SEGMENT_TOKEN": "segment-public-token", "FOOTPRINT_INDEX_KEY": "api delete key"]
        let plan = dir + "/plan.json"
        let made = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--request", dir + "/request.json", "--plan-out", plan], environment: environment)
        #expect(made.status == 0, "\(made.stderr)")
        let result = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--execute", plan], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for line in ["deleted klaviyo:profiles#01JK000JANE00000000000001: purged by the vendor by ", "erased  intercom:contacts#65f0c0ffee0000000000a001",
                     "erased  intercom:conversations#1911000003", "erased  sendgrid:contacts#b7a2c1d0-0000-4000-8000-00000000a001",
                     "deleted shopify:customers#7001000001: purged by the vendor by ", "deleted shopify:orders#5501000002: purged by the vendor by ",
                     "deleted segment:users#use_2AbJane0000000000000001: purged by the vendor by ", "deleted segment:traits#use_2AbJane0000000000000001"] {
            #expect(result.stdout.contains(line), "\(line)")
        }
        #expect(result.stdout.contains("0 record(s) still found"))
        let data = try Data(contentsOf: URL(string: "\(apiURL!)/_erased/\(session)")!)
        let erased = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(erased["klaviyo:01JK000JANE00000000000002"] == "erased" && erased["intercom:65f0c0ffee0000000000a003"] == "erased")
        #expect(erased["shopify:7001000001"] == "soft-deleted" && erased["segment:use_2AbJane0000000000000001"] == "soft-deleted")
        #expect(erased["shopify:7001000009"] == nil && erased["intercom:65f0c0ffee0000000000b001"] == nil) // Tom's stay
    }
}
