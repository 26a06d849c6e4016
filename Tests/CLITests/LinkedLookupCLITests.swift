import Foundation
import Testing
import FootprintTestSupport

/// An indexed lookup that reaches a vendor's linked objects makes each request once: the
/// expansion pass that follows the direct one neither fetches the records it already has
/// confirmed again nor follows their links again (the test server's bench contact has 50
/// notes: scripts/test.sh starts it with --bench-links 50).
@Suite("footprint lookup: linked vendor objects through the index", .enabled(if: apiURL != nil))
struct LinkedLookupCLITests {
    func requests(_ session: String) throws -> Int {
        let data = try Data(contentsOf: URL(string: "\(apiURL!)/_stats/\(session)")!)
        return try #require((try JSONSerialization.jsonObject(with: data) as? [String: Int])?["requests"])
    }

    @Test("the 50 notes of the bench contact are fetched once each, with or without expansion")
    func onceEach() throws {
        var counts: [Int] = []
        for depth in [0, 2] {
            let dir = try temporaryDirectory()
            let session = UUID().uuidString
            try """
                matching: {expansion_depth: \(depth)}
                sources:
                  - {name: crm, connector: http, template: hubspot, base_url: \(apiURL!)/_s/\(session)/ok, auth: {bearer: env:HUBSPOT_TOKEN}}
                """.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
            let environment = ["HUBSPOT_TOKEN": "t", "FOOTPRINT_INDEX_KEY": "linked lookup key"]
            let scan = try CLI.run(["scan", "--config", dir + "/footprint.yaml"], environment: environment)
            #expect(scan.status == 0, "\(scan.stderr)")
            let before = try requests(session)
            let found = try CLI.run(["lookup", "--config", dir + "/footprint.yaml", "--email", "bench.linked@example.com", "--format", "json"],
                                    environment: environment)
            #expect(found.status == 0, "\(found.stderr)")
            let inventory = try #require(try JSONSerialization.jsonObject(with: Data(found.stdout.utf8)) as? [String: Any])
            let records = inventory["records"] as? [[String: Any]] ?? []
            #expect(records.filter { $0["container"] as? String == "notes" }.count == 50)
            counts.append(try requests(session) - before)
        }
        // The contact search, 8 association lists and profiles, 50 notes.
        #expect(counts == [59, 59], "\(counts)")
    }

    @Test("the table names a linked record's link once, in its via")
    func tableNamesTheLinkOnce() throws {
        let dir = try temporaryDirectory()
        try """
            sources:
              - {name: crm, connector: http, template: hubspot, base_url: \(apiURL!)/_s/\(UUID().uuidString)/ok, auth: {bearer: env:HUBSPOT_TOKEN}}
            """.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let found = try CLI.run(["lookup", "--live", "--config", dir + "/footprint.yaml", "--email", "jane.doe@example.com"], environment: ["HUBSPOT_TOKEN": "t"])
        #expect(found.status == 0, "\(found.stderr)")
        let note = try #require(found.stdout.split(separator: "\n").first { $0.contains("crm:notes#7001") })
        #expect(note.hasSuffix("linked via crm:contacts#512 note on the contact (association)"), "\(note)")
        #expect(!note.contains("(linked)"), "\(note)")
        // A record matched on its own values and reached through another keeps both.
        let derived = try #require(found.stdout.split(separator: "\n").first { $0.contains("crm:contacts#514") })
        #expect(derived.contains("phone=properties.phone (derived)  via crm:contacts#512 properties.phone"), "\(derived)")
    }
}
