import Testing
@testable import FootprintCore

/// A source with the usual columns, mapped, for matcher tests.
func contactsSource(extra: String = "") throws -> SourceConfig {
    let config = try FootprintConfig.parse(yaml: """
        sources:
          - name: crm
            connector: csv
            fields:
              Name: {identifier: name}
              First: {identifier: name, part: given}
              Last: {identifier: name, part: family}
              Email: {identifier: email}
              Phone: {identifier: phone}
              Address: {identifier: address}
              Street: {identifier: address, part: street}
              City: {identifier: address, part: city}
              State: {identifier: address, part: state}
              Zip: {identifier: address, part: zip}
              DOB: {identifier: dob}
        \(extra)
        """, file: "/tmp/footprint.yaml", connectorKeys: ["csv": ["path"]])
    return config.sources[0]
}

func record(_ fields: [String: String]) -> Record {
    Record(locator: Locator(source: "crm", container: "c.csv", key: "1"),
           fields: fields.sorted { $0.key < $1.key }.map { Field(name: $0.key, value: .string($0.value)) })
}

func tier(_ identity: Identity, _ fields: [String: String]) throws -> MatchTier? {
    let keys = try IdentityKeys(identity, region: "US")
    return IdentityMatcher(keys: keys, source: try contactsSource()).match(record(fields))?.tier
}

@Suite("Name, address and date keys")
struct KeyTests {
    @Test("names fold case and diacritics, reorder 'Last, First', drop honorifics, keep generational suffixes", arguments: [
        ("GARCÍA, Ana", "ana garcia"), ("Dr. Ana García", "ana garcia"), ("  ana   GARCIA ", "ana garcia"),
        ("Doe, Jane M.", "jane m doe"), ("Mr. John Smith Jr.", "john smith jr"), ("Smith, John, III", "john smith iii"),
        ("José Núñez", "jose nunez"), ("Ludwig van Beethoven", "ludwig van beethoven"), ("O'Brien, Seán", "sean obrien"),
        ("Zoë Müller-Lüdenscheidt", "zoe muller ludenscheidt"), ("Prince", "prince"),
    ])
    func names(_ text: String, _ key: String) throws {
        #expect(try #require(PersonName(full: text)).key == key)
    }

    @Test("addresses: USPS suffixes and units, state names, ZIP+4, one column or several", arguments: [
        ("12 Oak Street Apt 4, Springfield IL 62704", "12 OAK ST APT 4, SPRINGFIELD IL 62704"),
        ("12 OAK ST APT 4, SPRINGFIELD, IL 62704-1234", "12 OAK ST APT 4, SPRINGFIELD IL 62704"),
        ("12 Oak St., Apartment 4, Springfield, Illinois 62704", "12 OAK ST APT 4, SPRINGFIELD IL 62704"),
        ("500 North Main Boulevard Suite 200, Austin, Texas 78701", "500 N MAIN BLVD STE 200, AUSTIN TX 78701"),
        ("221 Baker Street", "221 BAKER ST"),
    ])
    func addresses(_ text: String, _ key: String) throws {
        #expect(try #require(PostalAddress(full: text)).key == key)
    }

    @Test("an address split over columns keys like the same address in one")
    func splitAddress() throws {
        let split = try #require(PostalAddress(street: "12 Oak Street\nApt 4", city: "Springfield", state: "Illinois", zip: "62704-1234"))
        #expect(split == PostalAddress(full: "12 Oak St Apt 4, Springfield IL 62704"))
    }

    @Test("dates of birth from the usual formats", arguments: [
        "1984-03-07", "03/07/1984", "3/7/1984", "7 Mar 1984", "March 7, 1984", "Mar 7 1984", "19840307",
        "1984-03-07T00:00:00Z", "1984/03/07", "03-07-84", "1984-03-07 00:00:00",
    ])
    func dates(_ text: String) {
        #expect(DateOfBirthNormalizer.normalize(text, order: .monthFirst) == "1984-03-07")
    }

    @Test("day-first regions, and days over 12, read the other way")
    func dateOrder() {
        #expect(DateOfBirthNormalizer.normalize("07/03/1984", order: .dayFirst) == "1984-03-07")
        #expect(DateOfBirthNormalizer.normalize("25/12/1990", order: .monthFirst) == "1990-12-25")
        #expect(DateOfBirthNormalizer.normalize("1984-02-30") == nil)
        #expect(DateOfBirthNormalizer.normalize("not a date") == nil)
    }

    @Test("nicknames and typos are fuzzy, different people are different")
    func nameComparison() throws {
        func how(_ a: String, _ b: String) throws -> MatchHow {
            NameComparison.compare(try #require(PersonName(full: a)), try #require(PersonName(full: b)), threshold: 0.88).how
        }
        #expect(try how("Ana Garcia", "GARCÍA, Ana") == .normalized)
        #expect(try how("William Smith", "Bill Smith") == .fuzzy)
        #expect(try how("Elizabeth Taylor", "Liz Taylor") == .fuzzy)
        #expect(try how("Jonathan Smith", "Jonathon Smith") == .fuzzy)
        #expect(try how("Catherine Zeta", "Katherine Zeta") == .fuzzy)
        #expect(try how("J. Smith", "John Smith") == .fuzzy)
        #expect(try how("Kimberly Smith", "Kim Smith") == .fuzzy)
        #expect(try how("Alexander Smith", "Alex Smith") == .fuzzy)
        #expect(try how("Smith John", "John Smith") == .normalized)
        #expect(try how("John Smith", "Mary Smith") == .different)
        #expect(try how("John Smith", "John Jones") == .different)
        #expect(try how("John Smith Jr.", "John Smith Sr.") == .different)
    }
}

@Suite("Tiers and guards")
struct TierTests {
    let ana = Identity(names: ["Ana Garcia"], addresses: ["12 Oak Street Apt 4, Springfield IL 62704"])

    @Test("name + postal address confirms, however each is written")
    func nameAndAddress() throws {
        #expect(try tier(ana, ["Name": "GARCÍA, Ana", "Address": "12 OAK ST APT 4, SPRINGFIELD, IL 62704-1234"]) == .confirmed)
        #expect(try tier(ana, ["First": "Ana", "Last": "García", "Street": "12 Oak St. Apt. 4", "City": "Springfield", "State": "Illinois", "Zip": "62704"]) == .confirmed)
    }

    @Test("the same name at another address is only possible; a name alone is possible")
    func sameNameElsewhere() throws {
        #expect(try tier(ana, ["Name": "Ana Garcia", "Address": "880 Pine Ave, Portland, OR 97205"]) == .possible)
        #expect(try tier(ana, ["Name": "Ana Garcia"]) == .possible)
        #expect(try tier(ana, ["Name": "Maria Lopez", "Address": "880 Pine Ave, Portland, OR 97205"]) == nil)
    }

    @Test("one medium identifier with a fuzzy one is probable")
    func probable() throws {
        #expect(try tier(ana, ["Name": "Anna Garcia", "Address": "12 Oak St Apt 4, Springfield IL 62704"]) == .probable)  // nickname
        #expect(try tier(ana, ["Name": "Ana Garcai", "Address": "12 Oak St Apt 4, Springfield IL 62704"]) == .probable)   // typo
        #expect(try tier(ana, ["Name": "Ana Garcia", "Address": "12 Oak St, Springfield IL 62704"]) == .probable)          // unit missing
    }

    @Test("name + date of birth confirms; a different date of birth weakens")
    func dateOfBirth() throws {
        let identity = Identity(names: ["Ana Garcia"], datesOfBirth: ["1990-05-12"])
        #expect(try tier(identity, ["Name": "Garcia, Ana", "DOB": "05/12/1990"]) == .confirmed)
        #expect(try tier(identity, ["Name": "Garcia, Ana", "DOB": "1961-01-02"]) == .possible)
    }

    @Test("a strong identifier confirms")
    func strong() throws {
        #expect(try tier(Identity(emails: ["jane@example.com"]), ["Email": "JANE@example.com", "Name": "Anyone"]) == .confirmed)
        #expect(try tier(Identity(phones: ["+14155550134"]), ["Phone": "(415) 555-0134"]) == .confirmed)
    }

    @Test("guard: the same name but a different email and phone is never confirmed")
    func sameNameDifferentContact() throws {
        let identity = Identity(emails: ["ana@example.com"], phones: ["+12175550142"], names: ["Ana Garcia"],
                                addresses: ["12 Oak Street Apt 4, Springfield IL 62704"])
        let t = try tier(identity, ["Name": "Ana Garcia", "Address": "12 Oak St Apt 4, Springfield IL 62704",
                                    "Email": "other.ana@example.org", "Phone": "(312) 555-0199"])
        #expect(t != .confirmed)
        #expect(t == .probable)
    }

    @Test("guard: a phone shared by a household under another name is at most probable")
    func householdPhone() throws {
        let identity = Identity(phones: ["+14155550134"], names: ["Jane Doe"])
        #expect(try tier(identity, ["Phone": "415-555-0134", "Name": "John Doe"]) == .probable)
        #expect(try tier(identity, ["Phone": "415-555-0134", "Name": "Jane Doe"]) == .confirmed)
    }

    @Test("guard: a role address never confirms alone", arguments: ["info@acme.example", "sales@acme.example", "Support@acme.example", "noreply@acme.example"])
    func roleAddress(_ address: String) throws {
        let identity = Identity(emails: [address.lowercased()])
        #expect(try tier(identity, ["Email": address]) == .possible)
        let keys = try IdentityKeys(identity, region: "US")
        let match = try #require(IdentityMatcher(keys: keys, source: try contactsSource()).match(record(["Email": address])))
        #expect(match.evidence.first?.note?.contains("role address") == true)
    }

    @Test("evidence lists every identifier compared, agreeing or not, with a score")
    func evidence() throws {
        let identity = Identity(emails: ["jane@example.com"], names: ["Jane Doe"])
        let keys = try IdentityKeys(identity, region: "US")
        let match = try #require(IdentityMatcher(keys: keys, source: try contactsSource()).match(record(["Email": "jane@example.com", "Name": "Jane Smith"])))
        #expect(Set(match.evidence.map(\.identifier)) == [.email, .name])
        #expect(match.evidence.first { $0.identifier == .name }?.how == .different)
        #expect(match.tier == .probable) // the email agrees, the surname does not (a shared inbox?)
    }

    @Test("the matching section tunes the rules, strictly")
    func policy() throws {
        let config = try FootprintConfig.parse(yaml: "matching: {name_similarity: 0.95, expansion_depth: 0, role_addresses: [frontdesk]}\nsources: []",
                                               file: "f.yaml", connectorKeys: [:])
        #expect(config.matching.nameSimilarity == 0.95)
        #expect(config.matching.expansionDepth == 0)
        #expect(config.matching.isRoleAddress("frontdesk@example.com"))
        #expect(config.matching.isRoleAddress("info+news@example.com"))
        #expect(throws: ConfigError.self) { try FootprintConfig.parse(yaml: "matching: {name_similarity: 3}\nsources: []", file: "f.yaml", connectorKeys: [:]) }
        #expect(throws: ConfigError.self) { try FootprintConfig.parse(yaml: "matching: {fuzzy: true}\nsources: []", file: "f.yaml", connectorKeys: [:]) }
    }
}

@Suite("Probes never say no to a record the matcher would accept")
struct ProbeTests {
    func passes(_ probe: FieldProbe, _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { probe.mayMatch($0) }
    }

    @Test("name probe: accents, case, typos and nicknames get through; unrelated names do not")
    func nameProbe() throws {
        let keys = try IdentityKeys(Identity(names: ["José García"]), region: "US")
        let source = try contactsSource()
        let probe = IdentityMatcher(keys: keys, source: source).probe(for: try #require(source.mapping(for: "Name")))
        for text in ["GARCÍA, José", "Jose Garcia", "jose garcai", "García", "Garcia Jose", "GARCIA-LOPEZ, J.", "Gracia, J"] {
            #expect(passes(probe, text), "\(text)")
        }
        // A given name alone, or another family name, is no name agreement (the matcher
        // needs the family name), so the probe may let it go.
        for text in ["Mary Smith", "Tom Baker", "", "José", "Pepe Smith"] { #expect(!passes(probe, text), "\(text)") }
    }

    @Test("phone, email, date and address probes")
    func otherProbes() throws {
        let keys = try IdentityKeys(Identity(emails: ["jane@example.com"], phones: ["+14155550134"],
                                             addresses: ["12 Oak Street Apt 4, Springfield IL 62704"], datesOfBirth: ["1984-03-07"]), region: "US")
        let source = try contactsSource()
        let matcher = IdentityMatcher(keys: keys, source: source)
        func probe(_ field: String) throws -> FieldProbe { matcher.probe(for: try #require(source.mapping(for: field))) }
        #expect(passes(try probe("Email"), "  JANE@Example.COM"))
        #expect(passes(try probe("Email"), "jane%40example.com"))
        #expect(!passes(try probe("Email"), "john@example.com"))
        #expect(passes(try probe("Phone"), "1-415-555-0134 x12"))
        #expect(!passes(try probe("Phone"), "415-555-0199"))
        #expect(passes(try probe("DOB"), "7 Mar 1984"))
        #expect(passes(try probe("Address"), "12 OAK ST"))
        #expect(passes(try probe("Zip"), "62704-1234"))
        #expect(!passes(try probe("City"), "Springfield"))  // a city alone never makes a match
    }
}

@Suite("Quick name keys")
struct QuickNameKeyTests {
    @Test("the quick key equals the full parser's key, or declines", arguments: [
        ("Ana", "Garcia"), ("ANA", "GARCIA"), ("Dr", "Smith"), ("Mr", "Jones"), ("José", "Núñez"), ("Mary Kate", "Smith"),
        ("J.", "Doe"), ("", "Doe"), ("Bill", "O'Brien"), ("Zoë", "Lee"),
    ])
    func sameAsFull(_ given: String, _ family: String) {
        if let quick = PersonName.quickKey(given: given, family: family) {
            #expect(quick == PersonName(given: given, family: family)?.key)
        }
    }
}
