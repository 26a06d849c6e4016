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
    ]

    @Test("every linked object is planned with the vendor's erasure, with its parent, or by hand; executing erases them")
    func linked() throws {
        let vendors = try DeleteAPITests.Vendors()
        let actions = try vendors.makePlan()
        for (place, want) in Self.expected { #expect(actions[place] == want.action, "\(place)") }
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
}
