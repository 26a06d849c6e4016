/// The normalized terms an index stores (as keyed hashes) for a record, and looks up for
/// an identity: `email:jane@example.com`, `phone:+14155550134`, `id:crm=1017`,
/// `dob:1984-03-07`, `name:ana garcia`, `address:12 OAK ST APT 4, SPRINGFIELD IL 62704`.
/// The same normalizers as live matching produce both sides, so an indexed lookup finds
/// what a live one finds by exact-after-normalization keys (fuzzy names need `--live`).
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
        keys.emails.map { "email:\($0)" } + keys.phones.map { "phone:\($0)" } + keys.accountIDs.map { "id:\($0)" }
            + keys.datesOfBirth.map { "dob:\($0)" } + keys.names.map { "name:\($0.key)" } + keys.addresses.map { "address:\($0.key)" }
    }
}
