import Testing
@testable import FootprintCore

/// An indexed lookup fetches only records that share a term with the request. For names
/// and addresses those terms are blocking keys, and they must be coarse enough: every
/// record the matcher would count as agreeing on a name or an address (and so could rank
/// confirmed or probable) has to share one, or the index would miss what `--live` finds.
@Suite("Index blocking terms")
struct IndexBlockingTests {
    static let people: [(given: String, family: String)] = [
        ("Ana", "García"), ("Robert", "Smith"), ("Elizabeth", "O'Brien"), ("Jean-Luc", "Picard"), ("Wei", "Li"),
        ("María José", "García López"), ("Katherine", "McDonald"), ("William", "van der Berg"), ("José", "de la Cruz"),
    ]

    /// The ways records write one person's name.
    static func variants(_ given: String, _ family: String) -> [String] {
        let first = given.split(separator: " ").first.map(String.init) ?? given
        var out = ["\(given) \(family)", "\(family), \(given)", "\(family) \(given)", "\(first.prefix(1)). \(family)",
                   "\(given.uppercased()) \(family.uppercased())", "Dr. \(given) \(family)", family,
                   "\(given) \(family.replacingOccurrences(of: " ", with: ""))", "\(given) \(family.replacingOccurrences(of: " ", with: "-"))"]
        for nickname in Nicknames.variants(of: PersonName.fold(first).first ?? "") { out.append("\(nickname.capitalized) \(family)") }
        return out
    }

    @Test("a name the matcher calls the same, or a nickname or an initial of, shares a term with the request")
    func names() throws {
        var compared = 0
        for (given, family) in Self.people {
            for request in Self.variants(given, family) {
                let wanted = try #require(PersonName(full: request))
                let lookup = Set(IndexTerms.lookupTerms(for: wanted))
                for written in Self.variants(given, family) {
                    let found = try #require(PersonName(full: written))
                    let how = NameComparison.compare(wanted, found, threshold: 0.88).how
                    guard how == .normalized || how == .fuzzy && wanted.family == found.family else { continue }
                    compared += 1
                    #expect(!lookup.isDisjoint(with: IndexTerms.terms(for: found)), "\(request) / \(written): \(how)")
                }
            }
        }
        #expect(compared > 300)
    }

    @Test("an address the matcher calls the same dwelling shares a term with the request")
    func addresses() throws {
        let streets = ["12 Oak Street Apt 4", "12 OAK ST # 4", "12 Oak St. Unit 4", "12 oak street apartment 4"]
        let places = ["Springfield, IL 62704", "Springfield, Illinois 62704-1234", "SPRINGFIELD IL", "IL 62704", "62704-1234", "Springfield"]
        let written = streets.flatMap { street in places.map { "\(street), \($0)" } }
        var compared = 0
        for request in written {
            let wanted = try #require(PostalAddress(full: request))
            let lookup = Set(IndexTerms.terms(for: wanted))
            for text in written {
                let found = try #require(PostalAddress(full: text))
                guard AddressComparison.compare(wanted, found, threshold: 0.88)?.how == .normalized else { continue }
                compared += 1
                #expect(!lookup.isDisjoint(with: IndexTerms.terms(for: found)), "\(request) / \(text)")
            }
        }
        #expect(compared > 100)
        // Split columns key like one column.
        let split = try #require(PostalAddress(street: "12 Oak St Apt 4", city: "Springfield", state: "IL", zip: "62704"))
        #expect(IndexTerms.terms(for: split) == ["address-zip:12 62704", "address-city:12 SPRINGFIELD"])
    }

    @Test("a different house or person does not share the name or address terms")
    func specific() throws {
        let ana = IndexTerms.terms(for: try #require(PersonName(full: "Ana Garcia")))
        #expect(Set(ana).isDisjoint(with: IndexTerms.lookupTerms(for: try #require(PersonName(full: "Bea Lopez")))))
        let home = try #require(PostalAddress(full: "12 Oak St, Springfield IL 62704"))
        let neighbour = try #require(PostalAddress(full: "14 Oak St, Springfield IL 62704"))
        #expect(Set(IndexTerms.terms(for: home)).isDisjoint(with: IndexTerms.terms(for: neighbour)))
    }
}
