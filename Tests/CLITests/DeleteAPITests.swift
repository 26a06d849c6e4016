import Foundation
import Testing
import FootprintTestSupport

/// Right to Delete through the vendors' privacy endpoints on the test server: HubSpot's
/// GDPR delete, Mailchimp's permanent delete in each audience, Stripe's customer deletion
/// and redaction, Zendesk's soft then permanent deletion, Salesforce's delete and hard
/// delete; soft-deleted states with their purge day, 404 as already gone, 429 and 500
/// retried, a failure reported with its reason.
@Suite("Right to Delete: vendor APIs", .enabled(if: apiURL != nil))
struct DeleteAPITests {
    struct Vendors {
        let session = UUID().uuidString
        let dir: String
        var config: String { dir + "/footprint.yaml" }
        var plan: String { dir + "/plan.json" }
        let environment = ["HUBSPOT_TOKEN": "t", "MAILCHIMP_API_KEY": "k", "SF_CLIENT_ID": "id", "SF_CLIENT_SECRET": "s", "STRIPE_KEY": "k",
                           "ZENDESK_TOKEN": "z", "FOOTPRINT_INDEX_KEY": "api delete key"]

        /// Every template on the test server; `fault` per vendor, `params` added per vendor.
        init(fault: [String: String] = [:], params: [String: String] = [:]) throws {
            dir = try temporaryDirectory()
            let session = self.session
            func base(_ vendor: String) -> String { "\(apiURL!)/_s/\(session)-\(vendor)/\(fault[vendor] ?? "ok")" }
            func extra(_ vendor: String) -> String { params[vendor].map { ", \($0)" } ?? "" }
            try """
                matching: {expansion_depth: 0}
                sources:
                  - {name: hubspot, connector: http, template: hubspot, base_url: \(base("hubspot")), auth: {bearer: env:HUBSPOT_TOKEN}, retries: 2}
                  - {name: mailchimp, connector: http, template: mailchimp, base_url: \(base("mailchimp")), retries: 2,
                     auth: {basic: {username: footprint, password: env:MAILCHIMP_API_KEY}}, params: {list_id: list1\(extra("mailchimp"))}}
                  - {name: salesforce, connector: http, template: salesforce, base_url: \(base("salesforce")), retries: 2,
                     auth: {oauth2: {token_url: /oauth/token, client_id: env:SF_CLIENT_ID, client_secret: env:SF_CLIENT_SECRET}}\(params["salesforce"].map { ", params: {\($0)}" } ?? "")}
                  - {name: stripe, connector: http, template: stripe, base_url: \(base("stripe")), auth: {bearer: env:STRIPE_KEY}, retries: 2\(params["stripe"].map { ", params: {\($0)}" } ?? "")}
                  - {name: zendesk, connector: http, template: zendesk, base_url: \(base("zendesk")), auth: {api_key: {header: X-Api-Key, value: env:ZENDESK_TOKEN}}, retries: 2}
                """.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
            try #"{"id": "REQ-API-1", "received": "2026-11-20", "verification": {"level": "reasonably_high", "method": "test"}, "identity": {"email": ["jane.doe@example.com"]}}"#
                .write(toFile: dir + "/request.json", atomically: true, encoding: .utf8)
        }

        func makePlan() throws -> [String: String] {
            let made = try CLI.run(["delete", "--config", config, "--request", dir + "/request.json", "--plan-out", plan], environment: environment)
            #expect(made.status == 0, "\(made.stderr)")
            let items = ((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan)))) as? [String: Any])?["items"] as? [[String: Any]] ?? []
            return Dictionary(items.map { ("\($0["source"]!):\($0["container"]!)#\($0["key"]!)", $0["action"] as! String) }, uniquingKeysWith: { first, _ in first })
        }

        func execute() throws -> CLIResult { try CLI.run(["delete", "--config", config, "--execute", plan], environment: environment) }

        /// What the server says this test's sessions deleted, "vendor:id" → state.
        func erased() throws -> [String: String] {
            var all: [String: String] = [:]
            for vendor in ["hubspot", "mailchimp", "salesforce", "stripe", "zendesk"] {
                let data = try Data(contentsOf: URL(string: "\(apiURL!)/_erased/\(session)-\(vendor)")!)
                for (key, value) in (try JSONSerialization.jsonObject(with: data) as? [String: String]) ?? [:] { all[key] = value }
            }
            return all
        }
    }

    @Test("each vendor's privacy endpoint erases her; Salesforce's delete is soft until purged; a fresh lookup finds nothing of hers")
    func everyVendor() throws {
        let vendors = try Vendors(params: ["stripe": "redact: \"true\""])
        let actions = try vendors.makePlan()
        #expect(actions["mailchimp:members#list1/0cba00ca3da1b283a57287bcceb17e35"] == "erase")
        #expect(actions["mailchimp:members#list2/0cba00ca3da1b283a57287bcceb17e35"] == "erase") // every audience she is in
        let result = try vendors.execute()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let erased = try vendors.erased()
        #expect(erased["hubspot:512"] == "erased")
        #expect(erased["mailchimp:list1/0cba00ca3da1b283a57287bcceb17e35"] == "erased" && erased["mailchimp:list2/0cba00ca3da1b283a57287bcceb17e35"] == "erased")
        #expect(erased["stripe:cus_JaneDoe01"] == "erased" && erased["stripe-redaction:cus_JaneDoe01"] == "redacted")
        #expect(erased["zendesk:9001"] == "erased") // soft-deleted, then permanently
        #expect(erased["salesforce:0035e00000A1b2CAAR"] == "soft-deleted")
        #expect(result.stdout.contains("deleted salesforce:Contact#0035e00000A1b2CAAR: purged by the vendor by "))
        #expect(result.stdout.contains("each one the plan keeps"))
        let receipt = try String(contentsOfFile: vendors.plan + ".receipt/receipt.json", encoding: .utf8)
        #expect(receipt.contains("\"soft-deleted\""))
        let letter = try String(contentsOfFile: vendors.plan + ".receipt/receipt.html", encoding: .utf8)
        // The day itself, carried from the vendor's outcome, not read back out of a message.
        #expect(letter.range(of: "removes its last copy by 20[0-9]{2}-[0-9]{2}-[0-9]{2}", options: .regularExpression) != nil)
        #expect(receipt.contains("\"purges_by\""))
    }

    @Test("with the hard-delete permission Salesforce's recycle bin is emptied; without it (403) the record stays soft-deleted, and says why")
    func salesforcePurge() throws {
        let allowed = try Vendors(params: ["salesforce": "hard_delete: \"true\""])
        _ = try allowed.makePlan()
        #expect(try allowed.execute().status == 0)
        #expect(try allowed.erased()["salesforce:0035e00000A1b2CAAR"] == "erased")
        let refused = try Vendors(fault: ["salesforce": "nopurge", "zendesk": "nopurge"], params: ["salesforce": "hard_delete: \"true\""])
        _ = try refused.makePlan()
        let result = try refused.execute()
        #expect(result.status == 0, "\(result.stdout)")
        #expect(try refused.erased()["salesforce:0035e00000A1b2CAAR"] == "soft-deleted")
        #expect(try refused.erased()["zendesk:9001"] == "soft-deleted")
        #expect(result.stdout.contains("the credentials may not purge"))
    }

    @Test("429 and 500 on an erasure are retried; a vendor that keeps failing is reported with the reason, exit 2; a record already gone (404) is done")
    func faults() throws {
        let retried = try Vendors(fault: ["hubspot": "429erase", "stripe": "500erase"])
        _ = try retried.makePlan()
        let ok = try retried.execute()
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(try retried.erased()["hubspot:512"] == "erased" && retried.erased()["stripe:cus_JaneDoe01"] == "erased")
        let failing = try Vendors(fault: ["zendesk": "failerase"])
        _ = try failing.makePlan()
        let failed = try failing.execute()
        #expect(failed.status == 2)
        #expect(failed.stdout.contains("failed  zendesk:users#9001"))
        #expect(failed.stdout.contains("HTTP 500"))
        #expect(try failing.erased()["hubspot:512"] == "erased") // the other vendors were still done
        // Run again without its journal: what is gone answers 404 and counts as done.
        try FileManager.default.removeItem(atPath: failing.plan + ".journal")
        let again = try failing.execute()
        #expect(again.stdout.contains("gone    hubspot:contacts#512 (already not there)"))
    }
}
