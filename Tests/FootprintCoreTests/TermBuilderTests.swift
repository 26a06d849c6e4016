import Testing
@testable import FootprintCore
import FootprintTestSupport

/// The scan's byte paths must give exactly the keys the String normalizers give; a
/// difference would make an indexed lookup miss what a live one finds.
@Suite("Index terms from bytes")
struct TermBuilderTests {
    static func text(from pieces: [String], count: ClosedRange<Int>, _ random: inout SplitMix64) -> String {
        (0..<Int.random(in: count, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    @Test("the ASCII email path agrees with the general one wherever it answers")
    func emails() {
        var random = SplitMix64(seed: 42)
        let plain = ["a", "B", "z", "Q", "0", "9", ".", "-", "_", "+", "Jane.Doe", "example", "ORG"]
        let odd = ["@", " ", "\t", "%40", "%", "<", ">", "mailto:", "MAILTO:", ",", ";", "\"", ":", "é", "Ω", "\u{a0}", "\r\n"]
        var answered = 0
        for _ in 0..<50_000 {
            // Mostly address-shaped, with odd pieces anywhere now and then.
            func part(_ count: ClosedRange<Int>) -> String {
                Int.random(in: 0..<4, using: &random) == 0 ? Self.text(from: plain + odd, count: count, &random) : Self.text(from: plain, count: count, &random)
            }
            let text = part(0...1) + part(1...3) + "@" + part(1...2) + "." + part(1...1) + part(0...1)
            guard let fast = EmailNormalizer.normalizeASCII(text) else { continue }
            answered += 1
            #expect(fast == EmailNormalizer.normalizeGeneral(text), "\(text.debugDescription)")
        }
        #expect(answered > 1_000)
    }

    @Test("split given and family columns give the name terms of the name they make")
    func nameTerms() {
        var random = SplitMix64(seed: 11)
        let words = ["ana", "Ana", "GARCÍA", "Garcia", "o'brien", "Mr", "DR", "Jr", "III", "van", "de", "Li", "X", "Bob", " ", "-", "", "Zoë"]
        var given = FieldMapping(name: "First", identifier: .name)
        given.part = .given
        var family = FieldMapping(name: "Last", identifier: .name)
        family.part = .family
        let builder = TermBuilder(policy: MatchingPolicy(), defaultRegion: "US")
        var fast = 0
        for _ in 0..<20_000 {
            let first = Self.text(from: words, count: 0...2, &random), last = Self.text(from: words, count: 0...2, &random)
            let record = Record(locator: Locator(source: "s", container: "c", key: "1"),
                                fields: [Field(name: "First", value: .string(first)), Field(name: "Last", value: .string(last))])
            var rows = IndexRows()
            rows.append(record, specs: [("First", rows.number(of: TermSpec(given, defaultRegion: "US")!)),
                                        ("Last", rows.number(of: TermSpec(family, defaultRegion: "US")!))])
            var terms: [String] = []
            builder.forEachTerm(ofRow: 0, in: rows) { terms.append(String(decoding: $0, as: UTF8.self)) }
            let name = PersonName(given: first.isEmpty ? nil : first, family: last.isEmpty ? nil : last)
            #expect(terms == (name.map(IndexTerms.terms(for:)) ?? []), "\(first.debugDescription) \(last.debugDescription)")
            if PersonName.quickKey(given: first, family: last) != nil { fast += 1 }
        }
        #expect(fast > 1_000)
    }

    @Test("the ASCII word and token splitters of addresses and birth dates agree with the Unicode ones")
    func asciiSplitters() {
        var random = SplitMix64(seed: 3)
        let pieces = ["12", "-", "14", "Oak", "st", ".", "'", "#", "4", " ", ",", "\t", "APT", "b", "_", "/", "1984", "Mar", "07", "T00:00", "(", "&"]
        for _ in 0..<20_000 {
            let text = Self.text(from: pieces, count: 1...8, &random)
            #expect(PostalAddress.asciiWords(text) == PostalAddress.unicodeWords(text), "\(text.debugDescription)")
            #expect(DateOfBirthNormalizer.asciiTokens(Substring(text)) == DateOfBirthNormalizer.unicodeTokens(Substring(text)), "\(text.debugDescription)")
        }
        #expect(PostalAddress.asciiWords("Straße 5") == nil)
    }

    @Test("the quick name key agrees with the full name path wherever it answers")
    func names() {
        var random = SplitMix64(seed: 7)
        let words = ["ana", "Ana", "GARCÍA", "Garcia", "o'brien", "Mr", "mrs", "DR", "Prof", "Jr", "III", "van", "de", "Li", "X",
                     "Bob", "robert", "Zoë", " ", "-", ".", "", "Smith-Jones", "MacDonald"]
        var answered = 0
        for _ in 0..<50_000 {
            let given = Self.text(from: words, count: 0...2, &random)
            let family = Self.text(from: words, count: 0...2, &random)
            guard let quick = PersonName.quickKey(given: given, family: family) else { continue }
            answered += 1
            #expect(quick == PersonName(given: given, family: family)?.key, "\(given.debugDescription) \(family.debugDescription)")
        }
        #expect(answered > 1_000)
    }

    static let mappings = [
        FieldMapping(name: "Email", identifier: .email),
        FieldMapping(name: "Emails", identifier: .email),
        FieldMapping(name: "Phones", identifier: .phone),
        FieldMapping(name: "UK Phone", identifier: .phone, region: "GB"),
        FieldMapping(name: "Id", identifier: .accountID, namespace: "crm"),
        FieldMapping(name: "Born", identifier: .dob),
        FieldMapping(name: "Notes"),
    ]

    @Test("each kind of field gives its terms, several values give several, and non-identifiers none")
    func kinds() {
        var given = FieldMapping(name: "First", identifier: .name)
        given.part = .given
        var family = FieldMapping(name: "Last", identifier: .name)
        family.part = .family
        var street = FieldMapping(name: "Street", identifier: .address)
        street.part = .street
        var zip = FieldMapping(name: "Zip", identifier: .address)
        zip.part = .zip
        let record = Record(locator: Locator(source: "s", container: "c", key: "7"), fields: [
            Field(name: "Email", value: .string(" Jane.Doe@Example.COM ")),
            Field(name: "Emails", value: .string("a@x.com; b@y.org")),
            Field(name: "Phones", value: .string("(415) 555-0134 | +44 20 7946 0958\n555-0199")),
            Field(name: "UK Phone", value: .string("020 7946 0958")),
            Field(name: "Id", value: .string("A-17")),
            Field(name: "Born", value: .string("March 7, 1984")),
            Field(name: "First", value: .string("Dr")),
            Field(name: "Last", value: .string("García")),
            Field(name: "Street", value: .string("12 Oak Street Apt 4")),
            Field(name: "Zip", value: .string("62704-1234")),
            Field(name: "Notes", value: .string("call jane@example.com")),
        ])
        let terms = IndexTerms.terms(of: record, mappings: Self.mappings + [given, family, street, zip], defaultRegion: "US", policy: MatchingPolicy())
        let expected = [
            "email:jane.doe@example.com", "email:a@x.com", "email:b@y.org",
            "phone:+14155550134", "phone:+442079460958", "phone:+442079460958",
            "id:" + AccountIDNormalizer.key(namespace: "crm", value: "A-17")!,
            "dob:1984-03-07",
            "name:garcia|",   // "Dr" is an honorific, not a given name
            "address-zip:12 62704",
        ]
        #expect(terms.sorted() == expected.sorted())
        // 555-0199 has no area code: not a full number, so no term.
        #expect(!terms.contains { $0.hasSuffix("5550199") })
    }

    @Test("values added as bytes and as a record give the same terms")
    func bytesAndRecords() {
        var rows = IndexRows()
        var specs: [(name: String, spec: Int32)] = []
        for mapping in Self.mappings {
            if let spec = TermSpec(mapping, defaultRegion: "US") { specs.append((mapping.name, rows.number(of: spec))) }
        }
        let record = Record(locator: Locator(source: "s", container: "c", key: "k1"), fields: [
            Field(name: "Email", value: .string("JANE@EXAMPLE.COM")), Field(name: "Phones", value: .string("1-415-555-0134")),
        ])
        rows.append(record, specs: specs)
        for (name, text) in [("Email", "JANE@EXAMPLE.COM"), ("Phones", "1-415-555-0134")] {
            rows.appendValue(spec: specs.first { $0.name == name }!.spec, text: text)
        }
        rows.endRow(key: "k2", position: 99)
        let builder = TermBuilder(policy: MatchingPolicy(), defaultRegion: "US")
        var terms: [[String]] = [[], []]
        for row in 0..<2 { builder.forEachTerm(ofRow: row, in: rows) { terms[row].append(String(decoding: $0, as: UTF8.self)) } }
        #expect(terms[0] == ["email:jane@example.com", "phone:+14155550134"])
        #expect(terms[1] == terms[0])
        #expect(rows.withKey(ofRow: 1) { String(decoding: $0, as: UTF8.self) } == "k2")
        #expect(rows.position(ofRow: 1) == 99)
    }
}
