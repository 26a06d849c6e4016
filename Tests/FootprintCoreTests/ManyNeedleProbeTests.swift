import Testing
@testable import FootprintCore

/// The probes for many identifiers at once (a deletion verifying a hundred people in one
/// pass) must answer exactly as trying each identifier alone would: never miss a field
/// that holds one, in any case or position, and reject fields that hold none.
@Suite("Probes for many identifiers")
struct ManyNeedleProbeTests {
    static func probe(_ emails: [String], _ phones: [String], field: String) throws -> FieldProbe {
        let keys = try IdentityKeys(Identity(emails: emails, phones: phones), region: "US")
        let kind: IdentifierKind = field == "email" ? .email : .phone
        let mapping = FieldMapping(name: field, identifier: kind)
        return FieldProbe.make(for: mapping, keys: keys, defaultRegion: "US", threshold: 0.88)
    }

    static func test(_ probe: FieldProbe, _ text: String) -> Bool { Array(text.utf8).withUnsafeBufferPointer { probe.mayMatch($0) } }

    @Test("30 emails: each is found in any case and inside other text; others are not; the answer equals trying them one by one")
    func emails() throws {
        let emails = (0..<30).map { "person\($0)@example.com" } + ["ann@x.org", "an@x.org"]
        let many = try Self.probe(emails, [], field: "email")
        for email in emails {
            #expect(Self.test(many, email))
            #expect(Self.test(many, "Name <" + email.uppercased() + ">, other@y.com"))
        }
        for text in ["person30@example.com", "person1@example.org", "", "p", "@", "nobody@nowhere.net", "ANN@X.OR"] {
            let alone = try emails.contains { Self.test(try Self.probe([$0], [], field: "email"), text) }
            #expect(Self.test(many, text) == alone, "\(text)")
        }
    }

    @Test("12 phones: found whatever the formatting and with a country code or extension; other numbers are not")
    func phones() throws {
        let phones = (0..<12).map { "+1415555\(1000 + $0)" }
        let many = try Self.probe([], phones, field: "phone")
        for n in 0..<12 {
            #expect(Self.test(many, "(415) 555-\(1000 + n)"))
            #expect(Self.test(many, "+1 415 555 \(1000 + n) ext. 12"))
        }
        for text in ["(415) 555-0999", "415-555-1012", "212 555 1000", "", "ext. 4155551000x"] {
            let alone = try phones.contains { Self.test(try Self.probe([], [$0], field: "phone"), text) }
            #expect(Self.test(many, text) == alone, "\(text)")
        }
    }
}
