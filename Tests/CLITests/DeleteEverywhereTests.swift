import Foundation
import Testing
import FootprintTestSupport

/// The demo person deleted across every fixture system at once: the exports (every file
/// format), the shop database, and the five vendor APIs on the test server.
@Suite("Right to Delete: every fixture system", .enabled(if: pgURL != nil && apiURL != nil))
struct DeleteEverywhereTests {
    @Test("one plan, one execution: files, database and APIs; the receipt lists every system; a fresh lookup finds only what the plan keeps or leaves for review")
    func everywhere() throws {
        let dir = try CLI.scratchCopy()
        let database = try TestServers.scratchDatabase()
        let session = UUID().uuidString
        var yaml = try String(contentsOfFile: dir + "/footprint.yaml", encoding: .utf8)
        let shop = try String(contentsOfFile: dir + "/postgres/footprint.yaml", encoding: .utf8)
        let start = try #require(shop.range(of: "  - name: shop"))
        yaml += "\n" + String(shop[start.lowerBound...])
        func base(_ vendor: String) -> String { "\(apiURL!)/_s/\(session)-\(vendor)/ok" }
        yaml += """

              - {name: hubspot-api, connector: http, template: hubspot, base_url: \(base("hubspot")), auth: {bearer: env:HUBSPOT_TOKEN}}
              - {name: mailchimp-api, connector: http, template: mailchimp, base_url: \(base("mailchimp")),
                 auth: {basic: {username: footprint, password: env:MAILCHIMP_API_KEY}}, params: {list_id: list1}}
              - {name: salesforce-api, connector: http, template: salesforce, base_url: \(base("salesforce")),
                 auth: {oauth2: {token_url: /oauth/token, client_id: env:SF_CLIENT_ID, client_secret: env:SF_CLIENT_SECRET}}}
              - {name: stripe-api, connector: http, template: stripe, base_url: \(base("stripe")), auth: {bearer: env:STRIPE_KEY}}
              - {name: zendesk-api, connector: http, template: zendesk, base_url: \(base("zendesk")), auth: {api_key: {header: X-Api-Key, value: env:ZENDESK_TOKEN}}}

            """
        try yaml.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let environment = ["SHOP_DATABASE_URL": database, "SHOP_DATABASE_WRITE_URL": database, "FOOTPRINT_INDEX_KEY": "everywhere key",
                           "HUBSPOT_TOKEN": "t", "MAILCHIMP_API_KEY": "k", "SF_CLIENT_ID": "id", "SF_CLIENT_SECRET": "s", "STRIPE_KEY": "k", "ZENDESK_TOKEN": "z"]
        let plan = dir + "/plan.json"
        let made = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--request", dir + "/requests/jane-verified.json", "--plan-out", plan], environment: environment)
        #expect(made.status == 0, "\(made.stderr)")
        let items = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan))) as! [String: Any])["items"] as! [[String: Any]]
        let sources = Set(items.filter { $0["action"] as? String == "erase" }.compactMap { $0["source"] as? String })
        #expect(sources.isSuperset(of: ["hubspot", "mailchimp", "salesforce", "loyalty", "legacy-leads", "web-events", "shop",
                                        "hubspot-api", "mailchimp-api", "salesforce-api", "stripe-api", "zendesk-api"]), "\(sources)")
        let result = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--execute", plan], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("failed  "))
        #expect(result.stdout.contains("each one the plan keeps"))
        let receipt = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan + ".receipt/receipt.json"))) as? [String: Any])
        let listed = Set((receipt["records"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String })
        #expect(listed.isSuperset(of: sources))
        // What a fresh lookup still finds is only what the plan keeps or leaves for review.
        let kept = Set(items.filter { $0["action"] as? String != "erase" }.map { "\($0["source"]!):\($0["container"]!)#\($0["key"]!)" })
        let lookup = try CLI.run(["lookup", "--config", dir + "/footprint.yaml", "--request", dir + "/requests/jane-verified.json", "--live", "--format", "json"],
                                 environment: environment)
        for locator in lookup.recordLocators { #expect(kept.contains(locator), "\(locator) is still there") }
    }
}
