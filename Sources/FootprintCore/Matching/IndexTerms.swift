/// The terms an index stores (as keyed hashes) for a record, and looks up for an identity.
///
/// Strong identifiers and dates of birth are keyed exactly after normalization:
/// `email:jane@example.com`, `phone:+14155550134`, `id:crm=1017`, `dob:1984-03-07`.
/// Names and postal addresses are matched with some tolerance (an initial, a nickname,
/// words reordered, `#4` for `Apt 4`, ZIP+4), so they get *blocking* terms instead: keys
/// coarse enough that any record the matcher could rank confirmed or probable on them
/// shares one with the request — `name:garcia|a` (a family word and a first initial),
/// `address-zip:12 62704` and `address-city:12 SPRINGFIELD` (house number with ZIP or
/// city). The lookup fetches those records and the matcher decides, as live. What only a
/// live lookup finds: "possible" records on a misspelt family name or a fuzzy address alone.
///
/// Scans build the terms of records with `TermBuilder` over `IndexRows`; this is the same
/// path for one record, for tests and tools.
public enum IndexTerms {
    public static func terms(of record: Record, mappings: [FieldMapping], defaultRegion: String, policy: MatchingPolicy) -> [String] {
        var rows = IndexRows()
        let specs = mappings.compactMap { mapping in TermSpec(mapping, defaultRegion: defaultRegion).map { (mapping.name, rows.number(of: $0)) } }
        rows.append(record, specs: specs, position: -1)
        var terms: [String] = []
        TermBuilder(policy: policy, defaultRegion: defaultRegion).forEachTerm(ofRow: 0, in: rows) { terms.append(String(decoding: $0, as: UTF8.self)) }
        return terms
    }

    /// The terms to look up for an identity.
    public static func terms(of keys: IdentityKeys) -> [String] {
        var terms = keys.emails.map { "email:\($0)" } + keys.phones.map { "phone:\($0)" } + keys.accountIDs.map { "id:\($0)" }
            + keys.datesOfBirth.map { "dob:\($0)" }
        terms += keys.names.flatMap(lookupTerms(for:))
        terms += keys.addresses.flatMap(terms(for:))
        var seen: Set<String> = []
        return terms.filter { seen.insert($0).inserted }
    }

    /// A record's name terms: each family word, and the family words joined ("mc donald"
    /// and "mcdonald" meet), with the first letter of the first given name (or nothing).
    /// A name with no family word is keyed by its given words.
    public static func terms(for name: PersonName) -> [String] {
        let initial = name.first.map { String($0.prefix(1)) } ?? ""
        guard !name.family.isEmpty else { return name.given.map { "name:\($0)|" } }
        var words = name.family
        if name.family.count > 1 { words.append(name.family.joined()) }
        return words.map { "name:\($0)|\(initial)" }
    }

    /// What a lookup for a name searches: every word of it (and its family words joined)
    /// with the initial of every word and of every word's nickname variants, and with no
    /// initial (every initial when the request has no given name). A record the matcher
    /// could call the same name — reordered, swapped between columns, written with an
    /// initial or a nickname, missing a given name — has one of these among its `terms(for:)`.
    static func lookupTerms(for name: PersonName) -> [String] {
        let all = name.given + name.family
        var words = all
        if name.family.count > 1 { words.append(name.family.joined()) }
        var initials: Set<String> = [""]
        // A family name alone may be anyone's of that family: every (Latin) initial.
        if name.given.isEmpty { initials.formUnion((UInt8(ascii: "a")...UInt8(ascii: "z")).map { String(UnicodeScalar($0)) }) }
        for word in all {
            initials.insert(String(word.prefix(1)))
            for variant in Nicknames.variants(of: word) { initials.insert(String(variant.prefix(1))) }
        }
        return words.flatMap { word in initials.sorted().map { "name:\(word)|\($0)" } }
    }

    /// An address's terms, the same for records and lookups: the house number with the
    /// ZIP code and with the city, which is what an address the matcher accepts as the
    /// same dwelling agrees on. Without a house number, the whole normalized address.
    public static func terms(for address: PostalAddress) -> [String] {
        guard let number = address.number else { return address.key.isEmpty ? [] : ["address:" + address.key] }
        var terms: [String] = []
        if let zip = address.zip { terms.append("address-zip:\(number) \(zip)") }
        if !address.city.isEmpty { terms.append("address-city:\(number) \(address.city.joined(separator: " "))") }
        return terms.isEmpty ? ["address:" + address.key] : terms
    }
}
