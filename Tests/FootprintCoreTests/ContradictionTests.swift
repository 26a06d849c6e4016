import Testing
@testable import FootprintCore

/// The neighbours a tier must never confirm: relatives with similar names, twins,
/// housemates, fathers and sons. Each case is a person the requester is not.
@Suite("Contradictions between medium identifiers")
struct ContradictionTests {
    static let address = "12 Oak Street Apt 4, Springfield IL 62704"

    @Test("same address and birthday under another name is not confirmed (twins, housemates)")
    func twins() throws {
        let identity = Identity(names: ["Ana Garcia"], addresses: [Self.address], datesOfBirth: ["1990-05-12"])
        let twin = try tier(identity, ["Name": "Lucia Garcia", "Address": Self.address, "DOB": "1990-05-12"])
        #expect(twin == .probable)
        let housemate = try tier(identity, ["Name": "Mei Chen", "Address": Self.address, "DOB": "05/12/1990"])
        #expect(housemate == .probable)
        // The requester herself still confirms.
        #expect(try tier(identity, ["Name": "Ana Garcia", "Address": Self.address, "DOB": "1990-05-12"]) == .confirmed)
    }

    @Test("given names that share letters are different names", arguments: [
        ("Paul", "Paula"), ("Michael", "Michelle"), ("Daniel", "Daniela"), ("Christopher", "Christina"),
        ("Francis", "Frances"), ("Alexander", "Alexandra"), ("Mario", "Maria"), ("Luis", "Luisa"),
    ])
    func siblings(_ a: String, _ b: String) throws {
        func how(_ x: String, _ y: String) throws -> MatchHow {
            NameComparison.compare(try #require(PersonName(full: "\(x) Rivera")), try #require(PersonName(full: "\(y) Rivera")), threshold: 0.88).how
        }
        #expect(try how(a, b) == .different)
        #expect(try how(b, a) == .different)
        // With the address they share, the sibling is no match by name at all.
        let identity = Identity(names: ["\(a) Rivera"], addresses: [Self.address])
        #expect(try tier(identity, ["Name": "\(b) Rivera", "Address": Self.address]) == .possible)
    }

    @Test("short forms come from the nickname table and initials, typos from similarity")
    func shortForms() throws {
        func how(_ x: String, _ y: String) throws -> MatchHow {
            NameComparison.compare(try #require(PersonName(full: x)), try #require(PersonName(full: y)), threshold: 0.88).how
        }
        #expect(try how("Kimberly Smith", "Kim Smith") == .fuzzy)      // nickname table
        #expect(try how("Jonathan Smith", "Jonathon Smith") == .fuzzy) // typo
        #expect(try how("Ana Smith", "Anna Smith") == .fuzzy)
        #expect(try how("Philip Smith", "Phillip Smith") == .fuzzy)    // a doubled letter
        #expect(try how("Jane Smith", "Jan Smith") == .different)      // starts with it, is not it
        #expect(try how("Rob Smith", "Robin Smith") == .different)
    }

    @Test("the household guard holds however alike the names are")
    func household() throws {
        let identity = Identity(phones: ["+14155550134"], names: ["Paul Rivera"], addresses: [Self.address])
        #expect(try tier(identity, ["Phone": "415-555-0134", "Name": "Paula Rivera", "Address": Self.address]) == .probable)
        #expect(try tier(identity, ["Phone": "415-555-0134", "Name": "Daniela Rivera"]) == .probable)
        #expect(try tier(identity, ["Phone": "415-555-0134", "Name": "Paul Rivera"]) == .confirmed)
    }

    @Test("a generational suffix on one side only does not confirm; with another birthday it contradicts")
    func juniors() throws {
        let identity = Identity(names: ["John Smith"], addresses: [Self.address])
        #expect(try tier(identity, ["Name": "John Smith Jr.", "Address": Self.address]) == .probable)
        #expect(try tier(Identity(names: ["John Smith Jr."], addresses: [Self.address]), ["Name": "John Smith", "Address": Self.address]) == .probable)
        #expect(try tier(identity, ["Name": "John Smith", "Address": Self.address]) == .confirmed)
        // The same phone: at most probable, as a household's is.
        let phone = Identity(phones: ["+14155550134"], names: ["John Smith"])
        #expect(try tier(phone, ["Phone": "415-555-0134", "Name": "John Smith Jr."]) == .probable)
        // A birthday that differs makes the suffix a contradiction.
        let born = Identity(names: ["John Smith"], addresses: [Self.address], datesOfBirth: ["1958-02-01"])
        let keys = try IdentityKeys(born, region: "US")
        let match = try #require(IdentityMatcher(keys: keys, source: try contactsSource())
            .match(record(["Name": "John Smith Jr.", "Address": Self.address, "DOB": "1986-07-19"])))
        #expect(match.tier == .possible)
        #expect(match.evidence.contains { $0.identifier == .name && $0.how == .different })
    }

    @Test("a date of birth alone lists nothing; a blank given name is no evidence of the name")
    func weakAlone() throws {
        let identity = Identity(names: ["Ana Garcia"], addresses: [Self.address], datesOfBirth: ["1990-05-12"])
        #expect(try tier(identity, ["DOB": "1990-05-12"]) == nil)
        #expect(try tier(identity, ["Name": "Garcia", "DOB": "1990-05-12"]) == nil)
        #expect(try tier(identity, ["First": "", "Last": "Garcia", "DOB": "1990-05-12"]) == nil)
        // A family name beside the address is the address alone: possible.
        #expect(try tier(identity, ["First": " ", "Last": "Garcia", "Address": Self.address]) == .possible)
        #expect(try tier(identity, ["First": "Ana", "Last": "Garcia", "Address": Self.address]) == .confirmed)
    }
}
