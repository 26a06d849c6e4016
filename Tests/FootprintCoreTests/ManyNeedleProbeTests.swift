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

    @Test("Emails by the bytes around their @: random fields answer exactly as the addresses one by one would")
    func emailsAtRandom() throws {
        var generator = SplitMix(seed: 7)
        let pieces = ["a", "b", "ab", "x.y", "Ab", "Jo", "1", "@", "@@", "example.com", "ex.co", "b.c", ".", " ", "<", ">", "%40", "é"]
        let emails = (0..<40).map { n in "\(["a", "ab", "jo.x", "x"][n % 4])\(n)@\(["b.c", "example.com", "ex.co", "x.io"][n / 10])" } + ["a@b.c", "q.t@x.org"]
        let many = try Self.probe(emails, [], field: "email")
        let alone = try emails.map { try Self.probe([$0], [], field: "email") }
        for email in emails { #expect(Self.test(many, "x " + email.uppercased() + "@")) }
        var positives = 0
        for _ in 0..<20_000 {
            let count = Int(generator.next() % 7)
            var text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            if generator.next() % 3 == 0 { text += emails[Int(generator.next() % UInt64(emails.count))].prefix(Int(generator.next() % 12)) }
            let expected = alone.contains { Self.test($0, text) }
            if expected { positives += 1 }
            #expect(Self.test(many, text) == expected, "\(text)")
            if Self.test(many, text) != expected { return }
        }
        #expect(positives > 200, "the random fields must hold some of the needles")
    }

    @Test("Phones by packed digit windows: random fields answer exactly as the numbers one by one would")
    func phonesAtRandom() throws {
        var generator = SplitMix(seed: 11)
        let phones = (0..<20).map { n in "+1\(["415", "212", "650", "808"][n % 4])555\(String(format: "%04d", 1000 + n * 7))" } + ["+44 20 7946 0958", "+33 1 23 45 67 89"]
        let many = try Self.probe([], phones, field: "phone")
        let alone = try phones.map { try Self.probe([], [$0], field: "phone") }
        let pieces = ["4", "41", "415", "555", "1", "0", "7", "(", ")", "-", " ", "x", "+", "20", "7946", "0958", "2345", "6789"]
        var positives = 0
        for _ in 0..<20_000 {
            let count = Int(generator.next() % 12)
            var text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            if generator.next() % 3 == 0 {
                let digits = phones[Int(generator.next() % UInt64(phones.count))].filter(\.isNumber)
                text += " " + digits.dropFirst(Int(generator.next() % 3)).prefix(8 + Int(generator.next() % 5))
            }
            let expected = alone.contains { Self.test($0, text) }
            if expected { positives += 1 }
            #expect(Self.test(many, text) == expected, "\(text)")
            if Self.test(many, text) != expected { return }
        }
        #expect(positives > 200, "the random fields must hold some of the needles")
    }

    /// A small seeded generator: the same fields on every run.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
