import Foundation
import Testing
@testable import FootprintCore
@testable import FootprintHTTP
import FootprintTestSupport

/// The vendor-shaped test server scripts/test.sh starts (fixtures/api/server.py).

/// A source pointed at the test server, in its own session so faults and counts are per test.
func apiSource(_ name: String, template: String? = nil, fault: String = "ok", session: String = UUID().uuidString,
               list: String = "list1", params: String = "", extra: String = "") throws -> (SourceConfig, String) {
    setenv("FOOTPRINT_TEST_TOKEN", "test-token", 1)
    setenv("FOOTPRINT_TEST_SEGMENT_AUTH", "Basic c2VjcmV0Og==", 1)       // the Profiles API's access secret
    setenv("FOOTPRINT_TEST_SEGMENT_TOKEN", "segment-public-token", 1)   // the Public API's token
    let auth: String
    var params = params
    switch template {
    case "mailchimp": auth = "{basic: {username: footprint, password: env:FOOTPRINT_TEST_TOKEN}}"
    case "salesforce": auth = "{oauth2: {token_url: /oauth/token, client_id: env:FOOTPRINT_TEST_TOKEN, client_secret: env:FOOTPRINT_TEST_TOKEN}}"
    case "zendesk": auth = "{api_key: {header: X-Api-Key, value: env:FOOTPRINT_TEST_TOKEN}}"
    case "klaviyo": auth = "{api_key: {header: Authorization, value: env:FOOTPRINT_TEST_TOKEN}}"
    case "shopify": auth = "{api_key: {header: X-Shopify-Access-Token, value: env:FOOTPRINT_TEST_TOKEN}}"
    case "segment":
        auth = "{api_key: {header: Authorization, value: env:FOOTPRINT_TEST_SEGMENT_AUTH}}"
        params += ", space_id: spa_test, public_api: \"\(apiURL!)/_s/\(session)/\(fault)\", public_api_token: env:FOOTPRINT_TEST_SEGMENT_TOKEN"
    default: auth = "{bearer: env:FOOTPRINT_TEST_TOKEN}"
    }
    let yaml = """
        sources:
          - name: \(name)
            connector: http
        \(template.map { "    template: \($0)\n" } ?? "")    base_url: \(apiURL!)/_s/\(session)/\(fault)
            auth: \(auth)
            params: {list_id: \(list)\(params)}
        \(extra)
        """
    let config = try FootprintConfig.parse(yaml: yaml, file: "/tmp/footprint.yaml", connectorKeys: ["http": HTTPConnectorFactory.configKeys])
    return (config.sources[0], session)
}

func search(_ source: SourceConfig, _ identity: Identity) throws -> (found: [Found], report: ScanReport) {
    let connector = try HTTPConnectorFactory.make(source: source)
    try connector.validate()
    var report = ScanReport()
    var found: [Found] = []
    try connector.search(IdentityMatcher(keys: try IdentityKeys(identity, region: "US"), source: source), into: &report) { found.append($0) }
    return (found, report)
}

/// What the server saw for a session.
func stats(_ session: String) throws -> [String: Int] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["curl", "-s", "\(apiURL!)/_stats/\(session)"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Int])
}

@Suite("HTTP templates against the test server", .enabled(if: apiURL != nil))
struct HTTPTemplateTests {
    @Test("each vendor template finds the person by email, across page boundaries, keyed by the vendor's object id", arguments: [
        ("hubspot", ["contacts#512", "contacts#513", "contacts#515"]),
        ("mailchimp", ["members#list1/0cba00ca3da1b283a57287bcceb17e35", "members#list2/0cba00ca3da1b283a57287bcceb17e35"]),
        ("salesforce", ["Contact#0035e00000A1b2CAAR", "Contact#0035e00000A1b2FAAR", "Contact#0035e00000A1b2GAAR", "Lead#00Q5e00000Bc3dEEAR"]),
        ("stripe", ["customers#cus_JaneDoe01", "customers#cus_JaneDoe02", "customers#cus_JaneDoe03"]),
        ("zendesk", ["users#9001", "users#9002", "users#9003"]),
        ("klaviyo", ["profiles#01JK000JANE00000000000001", "profiles#01JK000JANE00000000000002", "profiles#01JK000JANE00000000000003"]),
        ("intercom", ["contacts#65f0c0ffee0000000000a001", "contacts#65f0c0ffee0000000000a002", "contacts#65f0c0ffee0000000000a003"]),
        ("sendgrid", ["contacts#b7a2c1d0-0000-4000-8000-00000000a001"]),
        ("shopify", ["customers#7001000001", "customers#7001000002", "customers#7001000003"]),
        ("segment", ["users#use_2AbJane0000000000000001"]),
    ])
    func byEmail(_ template: String, _ expected: [String]) throws {
        let (source, session) = try apiSource(template, template: template)
        let (found, report) = try search(source, Identity(emails: ["Jane.Doe@example.com"]))
        #expect(report.status == .complete, "\(report.errors)")
        // The first object's records; other objects and what hangs off them are the linked-objects suite's.
        let containers = Set(expected.map { String($0.split(separator: "#")[0]) })
        #expect(Set(found.filter { $0.via == nil && containers.contains($0.record.locator.container) }
            .map { "\($0.record.locator.container)#\($0.record.locator.key)" }) == Set(expected))
        #expect(found.allSatisfy { $0.match.tier == .confirmed })
        if expected.count > 2 { #expect(try stats(session)["requests"]! >= 2) } // more than one page was fetched
    }

    @Test("each template with a phone search finds the phone-bearing records", arguments: [
        ("hubspot", ["contacts#512", "contacts#514"]),
        ("salesforce", ["Contact#0035e00000A1b2CAAR", "Contact#0035e00000A1b2GAAR", "Lead#00Q5e00000Bc3dEEAR"]),
        ("stripe", ["customers#cus_JaneDoe01", "customers#cus_JaneDoe03"]),
        ("zendesk", ["users#9001", "users#9003", "users#9005"]), // stored as +14155550134, 415 555 0134, (415) 555-0134
        ("klaviyo", ["profiles#01JK000JANE00000000000001"]),    // asked in E.164
        ("intercom", ["contacts#65f0c0ffee0000000000a001"]),
        ("sendgrid", ["contacts#b7a2c1d0-0000-4000-8000-00000000a001", "contacts#b7a2c1d0-0000-4000-8000-00000000a002"]),
        ("shopify", ["customers#7001000001"]),
    ])
    func byPhone(_ template: String, _ expected: [String]) throws {
        let (source, _) = try apiSource(template, template: template)
        let (found, _) = try search(source, Identity(phones: ["(415) 555-0134"]))
        #expect(Set(found.filter { $0.via == nil }.map { "\($0.record.locator.container)#\($0.record.locator.key)" }) == Set(expected))
    }

    @Test("Mailchimp's member-by-hash request uses the MD5 of the lower-cased email")
    func subscriberHash() throws {
        var values = RequestValues(params: [:])
        values.set(identifier: .email, key: "Jane.Doe@Example.com")
        let expected = Insecure_md5("jane.doe@example.com")
        #expect(values.values["email_md5"] == expected)
    }

    @Test("an in-house API defined inline pages with the Link header")
    func inline() throws {
        let (source, _) = try apiSource("inhouse", extra: """
                objects:
                  people:
                    id: person_id
                    pagination: {style: link_header}
                    search:
                      email: {method: GET, path: /inhouse/people, query: {email: "{email}"}}
                    fields:
                      contact.email: {identifier: email, category: A}
            """)
        let (found, report) = try search(source, Identity(emails: ["jane.doe@example.com"]))
        #expect(report.status == .complete)
        #expect(found.map(\.record.locator.key).sorted() == ["p-1", "p-2", "p-3"])
    }

    @Test("records lists every object, paging as the API does")
    func listing() throws {
        let (source, _) = try apiSource("stripe", template: "stripe")
        let connector = try HTTPConnectorFactory.make(source: source)
        var report = ScanReport()
        var keys: [String] = []
        try connector.records(into: &report) { keys.append($0.locator.key); return true }
        // Each listable object in the template's order, every page of each.
        #expect(keys == ["cus_JaneDoe01", "cus_JaneDoe02", "cus_JaneDoe03", "cus_Other01", "cs_test_Jane01", "cs_test_Guest01", "cs_test_Other01",
                         "pi_Jane01", "pi_Jane02", "pi_Guest01", "pi_Other01", "ch_Jane01", "ch_Jane02", "ch_Jane03", "ch_Guest01", "ch_Other01",
                         "in_Jane01", "in_Jane02"])
    }
}

@Suite("HTTP faults", .enabled(if: apiURL != nil))
struct HTTPFaultTests {
    @Test("a 429 saying when to come back only in the vendor's own headers (RateLimit-Reset, X-RateLimit-Reset) waits that long",
          arguments: ["klaviyo", "intercom", "sendgrid", "shopify"])
    func vendorRateLimit(_ vendor: String) throws {
        let (source, session) = try apiSource(vendor, template: vendor, fault: "429vendor")
        let started = Date()
        let (found, report) = try search(source, Identity(emails: ["jane.doe@example.com"]))
        #expect(report.status == .complete, "\(report.errors)")
        #expect(!found.isEmpty)
        #expect(Date().timeIntervalSince(started) >= 0.9) // the reset is a second or two away
        #expect(try stats(session)["requests"]! >= 2)
    }

    @Test("the vendors' reset headers are read as they mean: seconds to wait, or a Unix time")
    func resetHeaders() {
        func response(_ headers: [String: String]) -> HTTPResponse { HTTPResponse(status: 429, headers: headers, body: []) }
        #expect(HTTPClient.retryAfter(response(["Retry-After": "3", "RateLimit-Reset": "9"])) == "3")
        #expect(HTTPClient.retryAfter(response(["RateLimit-Reset": "2"])) == "2.0")
        let unix = Date().timeIntervalSince1970 + 5
        let wait = Double(HTTPClient.retryAfter(response(["X-RateLimit-Reset": String(Int(unix))])) ?? "") ?? -1
        #expect(wait > 3 && wait <= 5)
        #expect(HTTPClient.retryAfter(HTTPResponse(status: 200, headers: ["X-RateLimit-Reset": "5"], body: [])) == nil)
    }

    @Test("429 with Retry-After is retried after the time it asks for")
    func rateLimited() throws {
        let (source, session) = try apiSource("stripe", template: "stripe", fault: "429once")
        let started = Date()
        let (found, report) = try search(source, Identity(emails: ["jane.doe@example.com"]))
        #expect(report.status == .complete)
        #expect(found.filter { $0.record.locator.container == "customers" }.count == 3)
        #expect(Date().timeIntervalSince(started) >= 1.0)
        #expect(try stats(session)["requests"]! >= 3) // the refused one, then the two pages
    }

    @Test("a 500 then success is retried with backoff")
    func serverError() throws {
        let (source, _) = try apiSource("zendesk", template: "zendesk", fault: "500once")
        let (found, report) = try search(source, Identity(emails: ["jane.doe@example.com"]))
        #expect(report.status == .complete)
        #expect(found.filter { $0.record.locator.container == "users" }.count == 3)
    }

    @Test("a response slower than the timeout is retried, then the source is reported partial")
    func slow() throws {
        let (source, session) = try apiSource("zendesk", template: "zendesk", fault: "slow", extra: "    timeout: 0.5\n    retries: 1\n")
        let (found, report) = try search(source, Identity(emails: ["jane.doe@example.com"]))
        #expect(found.isEmpty)
        #expect(report.status != .complete)
        #expect(report.errors.first?.description.contains("after 2 attempts") == true)
        #expect(try stats(session)["requests"]! == 2)
    }

    @Test("a 401 fails the source at once with a clear message, without retrying")
    func unauthorized() throws {
        let (source, session) = try apiSource("hubspot", template: "hubspot", fault: "401")
        #expect {
            _ = try search(source, Identity(emails: ["jane.doe@example.com"]))
        } throws: { error in
            let message = String(describing: error)
            return message.contains("HTTP 401") && message.contains("refused the credentials") && !message.contains("jane")
        }
        #expect(try stats(session)["requests"]! == 1)
    }

    @Test("requests never exceed the source's rate limit or in-flight bound (measured at the server)")
    func rateLimit() throws {
        // Listing 12 pages of the 'bench' audience takes about 2.2 s at 5 requests a second.
        let (source, session) = try apiSource("bench", template: "mailchimp", list: "bench",
                                              extra: "    rate_limit: {per_second: 5, in_flight: 2}\n    max_pages: 12\n")
        let connector = try HTTPConnectorFactory.make(source: source)
        var report = ScanReport()
        var count = 0
        try connector.records(into: &report) { _ in count += 1; return true }
        let seen = try stats(session)
        #expect(seen["requests"]! >= 10)
        #expect(seen["max_per_second"]! <= 5)
        #expect(seen["max_in_flight"]! <= 2)
        #expect(count > 0)
    }

    @Test("Retry-After as an HTTP date, and the backoff without one, stay within bounds")
    func backoff() throws {
        let (source, _) = try apiSource("x", template: "stripe")
        let client = HTTPClient(settings: try HTTPSettings(source: source, environment: ProcessInfo.processInfo.environment))
        #expect(client.delay(attempt: 1, retryAfter: "2") == 2)
        #expect(client.delay(attempt: 1, retryAfter: "3600") == 60)
        let first = client.delay(attempt: 1, retryAfter: nil)
        #expect(first >= 0.5 && first < 0.75)
        let third = client.delay(attempt: 3, retryAfter: nil)
        #expect(third >= 2 && third < 3)
    }
}

@Suite("HTTP templates and configuration")
struct HTTPTemplateConfigTests {
    @Test("every built-in template parses, and the embedded copies match the files")
    func builtins() throws {
        let templates = try BuiltinTemplates.all()
        #expect(Set(templates.map(\.name)) == ["HubSpot", "Mailchimp", "Salesforce", "Stripe", "Zendesk", "Klaviyo", "Intercom", "SendGrid", "Shopify", "Segment"])
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("connectors/HTTP/templates")
        for name in BuiltinTemplates.names {
            let file = try String(contentsOf: folder.appendingPathComponent("\(name).yaml"), encoding: .utf8)
            #expect(BuiltinTemplates.text[name] == file, "run scripts/gen-templates.py after editing \(name).yaml")
        }
        // Every object says how it is erased: the vendor's steps, with another object, or by a person and why.
        for template in templates {
            for object in template.objects {
                #expect(!object.erase.isEmpty || object.erasedWith != nil || object.manualErasure != nil, "\(template.name) \(object.name)")
            }
        }
    }

    @Test("placeholders are escaped for where they land")
    func placeholders() {
        var values = RequestValues(params: ["list_id": "a/b"])
        values.set(identifier: .email, key: "o'brien+x@example.com")
        #expect(values.fill("/lists/{list_id}/x", .path) == "/lists/a%2Fb/x")
        #expect(values.fill("Email = '{email|soql}'", .query) == "Email = 'o\\'brien+x@example.com'")
        #expect(values.fill("FIND {{{email}}}", .query) == "FIND {o'brien+x@example.com}")
        #expect(values.fill("{phone}", .query) == nil)
        #expect(QueryEncoding.encode("a+b@c.com") == "a%2Bb%40c.com")
    }

    @Test("secrets must be env: references; unknown templates and auth methods are errors")
    func config() {
        func parse(_ body: String, environment: [String: String] = ["T": "secret"]) throws {
            let config = try FootprintConfig.parse(yaml: "sources:\n  - name: x\n    connector: http\n" + body, file: "f.yaml",
                                                   connectorKeys: ["http": HTTPConnectorFactory.configKeys])
            _ = try HTTPConnectorFactory.make(source: config.sources[0], environment: environment)
        }
        #expect(throws: ConfigError.self) { try parse("    template: hubspot\n    auth: {bearer: pat-na1-123}\n") }
        #expect(throws: ConfigError.self) { try parse("    template: hubspott\n    auth: {bearer: env:T}\n") }
        #expect(throws: ConfigError.self) { try parse("    template: hubspot\n    auth: {digest: env:T}\n") }
        #expect(throws: ConfigError.self) { try parse("    template: zendesk\n    auth: {bearer: env:T}\n") } // no base_url
        #expect(throws: Never.self) { try parse("    template: hubspot\n    auth: {bearer: env:T}\n") }
        // Secrets are read when the connector is made: a missing one stops it there.
        #expect(throws: ConfigError.self) { try parse("    template: hubspot\n    auth: {bearer: env:T}\n", environment: [:]) }
    }

    @Test("a header value can never end its line and start another (values are filled from requests)")
    func headerInjection() throws {
        var request = HTTPRequest(url: try #require(URL(string: "https://api.example.com/x")))
        request.setValue("a@example.com\r\nX-Admin: yes", forHTTPHeaderField: "X-Search")
        request.setValue("second", forHTTPHeaderField: "x-search")
        #expect(request.headers.count == 1)
        #expect(request.value(forHTTPHeaderField: "X-SEARCH") == "second")
        request.setValue("v\r\nInjected: 1", forHTTPHeaderField: "X-Other")
        #expect(request.headers.allSatisfy { !$0.value.contains("\r") && !$0.value.contains("\n") })
    }

    @Test("response headers: only the final response's, repeated names joined, the status line skipped")
    func responseHeaders() {
        let headers = HTTPClient.headers("HTTP/1.1 200 OK\r\nLink: <https://a/p?page=2>; rel=\"next\"\r\nRetry-After: 3\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n")
        #expect(headers["Link"] == "<https://a/p?page=2>; rel=\"next\"")
        #expect(headers["Retry-After"] == "3")
        #expect(headers["Set-Cookie"] == "a=1, b=2")
        #expect(headers.count == 3)
    }

    @Test("Link headers name the next page")
    func linkHeader() {
        #expect(Paginator.nextLink(#"<https://api.example.com/p?page=2>; rel="next", <https://api.example.com/p?page=9>; rel="last""#) == "https://api.example.com/p?page=2")
        #expect(Paginator.nextLink(#"<https://api.example.com/p?page=1>; rel="prev""#) == nil)
    }
}

/// MD5 hex of a string, by a route independent of the connector's (shelling out to md5sum).
func Insecure_md5(_ text: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/md5sum")
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try? process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try? input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(String(decoding: data, as: UTF8.self).prefix(32))
}

@Suite("HTTP objects for the index", .enabled(if: apiURL != nil))
struct HTTPIndexTests {
    @Test("each template fetches an object by id fresh, and reports one the vendor no longer has as stale", arguments: [
        ("hubspot", "contacts", "512"), ("mailchimp", "members", "list1/0cba00ca3da1b283a57287bcceb17e35"),
        ("salesforce", "Contact", "0035e00000A1b2CAAR"), ("stripe", "customers", "cus_JaneDoe01"), ("zendesk", "users", "9001"),
        ("klaviyo", "profiles", "01JK000JANE00000000000001"), ("intercom", "contacts", "65f0c0ffee0000000000a001"),
        ("sendgrid", "contacts", "b7a2c1d0-0000-4000-8000-00000000a001"), ("shopify", "customers", "7001000001"),
    ])
    func fetchByID(vendor: String, object: String, id: String) throws {
        let (source, _) = try apiSource(vendor, template: vendor)
        let connector = try HTTPConnectorFactory.make(source: source)
        let matcher = IdentityMatcher(keys: try IdentityKeys(Identity(emails: ["jane.doe@example.com"]), region: "US"), source: source)
        let gone = ["hubspot": "999999", "zendesk": "424242", "stripe": "cus_Gone01", "salesforce": "0035e00000ZZZZZZZZ", "klaviyo": "01JK000GONE00000000000000",
                    "intercom": "65f0c0ffee000000000dead0", "sendgrid": "b7a2c1d0-0000-4000-8000-0000000dead0", "shopify": "7001099999"][vendor] ?? "gone"
        let candidates = [IndexedLocator(container: object, key: id, position: -1),
                          IndexedLocator(container: object, key: object == "members" ? "list1/" + String(repeating: "f", count: 32) : gone, position: -1)]
        var report = ScanReport()
        var found: [Found] = []
        let stale = try connector.searchIndexed(matcher, candidates: candidates, into: &report) { found.append($0) }
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(found.filter { $0.via == nil }.map(\.record.locator.key) == [id])
        #expect(found.first?.match.tier == .confirmed)
        let keys = Set(found.map(\.record.locator.key))
        #expect(found.allSatisfy { $0.via == nil || keys.contains($0.via!.locator.key) }) // what it reached hangs off what it fetched
        #expect(stale.map(\.key) == [candidates[1].key])
    }

    @Test("every listable object is a scan container with no fingerprint (an API cannot say what changed)")
    func containers() throws {
        let (source, _) = try apiSource("salesforce", template: "salesforce")
        let states = try HTTPConnectorFactory.make(source: source).scanContainers()
        #expect(states.map(\.name) == ["Contact", "Lead", "Case", "CampaignMember"])
        #expect(states.allSatisfy { $0.fingerprint == nil })
    }
}
