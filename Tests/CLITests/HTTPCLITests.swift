import Foundation
import Testing
import FootprintTestSupport

let apiURL = ProcessInfo.processInfo.environment["FOOTPRINT_TEST_API_URL"]

@Suite("footprint lookup over vendor APIs", .enabled(if: apiURL != nil))
struct HTTPCLITests {
    /// A config with every template pointed at the test server; `refused` names the vendor that answers 401.
    func config(refused: String? = nil) throws -> String {
        let session = UUID().uuidString
        func base(_ vendor: String) -> String { "\(apiURL!)/_s/\(session)-\(vendor)/\(vendor == refused ? "401" : "ok")" }
        let yaml = """
            sources:
              - name: hubspot
                connector: http
                template: hubspot
                base_url: \(base("hubspot"))
                auth: {bearer: env:HUBSPOT_TOKEN}
              - name: mailchimp
                connector: http
                template: mailchimp
                base_url: \(base("mailchimp"))
                auth: {basic: {username: footprint, password: env:MAILCHIMP_API_KEY}}
                params: {list_id: list1}
              - name: salesforce
                connector: http
                template: salesforce
                base_url: \(base("salesforce"))
                auth: {oauth2: {token_url: /oauth/token, client_id: env:SF_CLIENT_ID, client_secret: env:SF_CLIENT_SECRET}}
              - name: stripe
                connector: http
                template: stripe
                base_url: \(base("stripe"))
                auth: {bearer: env:STRIPE_KEY}
              - name: zendesk
                connector: http
                template: zendesk
                base_url: \(base("zendesk"))
                auth: {api_key: {header: X-Api-Key, value: env:ZENDESK_TOKEN}}
            """
        let path = NSTemporaryDirectory() + "api-\(session).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    let secrets = ["HUBSPOT_TOKEN": "t", "MAILCHIMP_API_KEY": "k", "SF_CLIENT_ID": "id", "SF_CLIENT_SECRET": "s", "STRIPE_KEY": "k", "ZENDESK_TOKEN": "z"]

    @Test("an email finds the person in every vendor, each record keyed by the vendor's object id")
    func everyVendor() throws {
        let result = try CLI.run(["lookup", "--config", try config(), "--email", "jane.doe@example.com", "--format", "json"], environment: secrets)
        #expect(result.status == 0, "\(result.stderr)")
        let locators = result.recordLocators
        for expected in ["hubspot:contacts#512", "hubspot:contacts#513", "hubspot:contacts#515", "mailchimp:members#list1/0cba00ca3da1b283a57287bcceb17e35", "mailchimp:members#list2/0cba00ca3da1b283a57287bcceb17e35",
                         "salesforce:Contact#0035e00000A1b2CAAR", "salesforce:Lead#00Q5e00000Bc3dEEAR",
                         "stripe:customers#cus_JaneDoe01", "stripe:customers#cus_JaneDoe03", "zendesk:users#9001", "zendesk:users#9003"] {
            #expect(locators.contains(expected), "\(expected)")
        }
        #expect(!locators.contains("hubspot:contacts#600"))
        #expect(!locators.contains("stripe:customers#cus_Other01"))
    }

    @Test("after a scan, a lookup finds in an API what its search cannot — a phone in Mailchimp, a name anywhere — fetched fresh by id")
    func indexed() throws {
        let folder = NSTemporaryDirectory() + "api-index-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/footprint.yaml"
        // No expansion: a phone must not reach Mailchimp through an email found elsewhere.
        try ("matching: {expansion_depth: 0}\n" + String(contentsOfFile: try config(), encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
        var environment = secrets
        environment["FOOTPRINT_INDEX_KEY"] = "api index test"
        let member = "mailchimp:members#list1/0cba00ca3da1b283a57287bcceb17e35"
        let live = try CLI.run(["lookup", "--config", path, "--phone", "415.555.0134", "--format", "json"], environment: environment)
        #expect(live.status == 0, "\(live.stderr)")
        #expect(!live.recordLocators.contains(member))   // Mailchimp searches by email only
        let scan = try CLI.run(["scan", "--config", path], environment: environment)
        #expect(scan.status == 0, "\(scan.stderr)")
        let indexed = try CLI.run(["lookup", "--config", path, "--phone", "415.555.0134", "--format", "json"], environment: environment)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        #expect(indexed.recordLocators.contains(member))
        #expect(Set(live.recordLocators).isSubset(of: Set(indexed.recordLocators)))
        #expect(indexed.stdout.contains("cannot tell what changed since it was last scanned"))
        #expect(indexed.searched["mailchimp"] == "index and live")
        #expect(live.searched["mailchimp"] == "live")
        // No template searches by name: only the index can find these.
        let liveByName = try CLI.run(["lookup", "--config", path, "--live", "--name", "Jane Doe", "--format", "json"], environment: environment)
        #expect(!liveByName.recordLocators.contains("hubspot:contacts#512"))
        let byName = try CLI.run(["lookup", "--config", path, "--name", "Jane Doe", "--format", "json"], environment: environment)
        #expect(byName.recordLocators.contains("hubspot:contacts#512"))
        #expect(byName.recordLocators.contains(member))
        #expect(!byName.stderr.lowercased().contains("jane"))
    }

    @Test("a vendor answering 401 fails alone: the others' records still print, exit 2")
    func oneRefuses() throws {
        let result = try CLI.run(["lookup", "--config", try config(refused: "stripe"), "--email", "jane.doe@example.com", "--format", "json"], environment: secrets)
        #expect(result.status == 2)
        #expect(result.status(of: "stripe") == "failed")
        #expect(result.errorKinds(of: "stripe") == ["authentication"])
        #expect(result.status(of: "hubspot") == "complete")
        #expect(result.recordLocators.contains("zendesk:users#9001"))
        #expect(!result.recordLocators.contains { $0.hasPrefix("stripe:") })
        #expect(result.stderr.contains("HTTP 401"))
        #expect(!result.stderr.contains("jane.doe"))
    }

    @Test("a missing secret is a configuration error naming the variable")
    func missingSecret() throws {
        var environment = secrets
        environment["STRIPE_KEY"] = ""
        let result = try CLI.run(["lookup", "--config", try config(), "--email", "jane.doe@example.com"], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("STRIPE_KEY is not set"))
    }
}
