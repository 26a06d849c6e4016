/// The normalized terms an index stores (as keyed hashes) for a record, and looks up for
/// an identity: `email:jane@example.com`, `phone:+14155550134`, `id:crm=1017`,
/// `dob:1984-03-07`, `name:ana garcia`, `address:12 OAK ST APT 4, SPRINGFIELD IL 62704`.
/// The same normalizers as live matching produce both sides, so an indexed lookup finds
/// what a live one finds by exact-after-normalization keys (fuzzy names need `--live`).
public enum IndexTerms {
    public static func terms(of record: Record, mappings: [FieldMapping], defaultRegion: String, policy: MatchingPolicy) -> [(term: String, field: String)] {
        var terms: [(String, String)] = []
        var given: String?, family: String?
        var parts: [FieldMapping.Part: String] = [:]
        for mapping in mappings {
            guard let kind = mapping.identifier, let value = record.value(of: mapping.name) else { continue }
            // Plain strings (every CSV value) skip building an array of one.
            let texts: [String]
            if case .string(let single) = value { texts = [single] } else { texts = value.strings }
            for text in texts where !text.isEmpty {
                switch (kind, mapping.part) {
                case (.email, _):
                    if let key = EmailNormalizer.normalize(text) {
                        terms.append(("email:" + key, mapping.name))
                    } else {
                        terms += EmailNormalizer.keys(in: text).map { ("email:\($0)", mapping.name) }
                    }
                case (.phone, _):
                    for part in text.split(whereSeparator: { $0 == ";" || $0 == "\n" || $0 == "|" }) {
                        if let key = PhoneNormalizer.normalize(String(part), region: mapping.region ?? defaultRegion) { terms.append(("phone:\(key)", mapping.name)) }
                    }
                case (.accountID, _):
                    if let key = AccountIDNormalizer.key(namespace: mapping.namespace ?? "", value: text) { terms.append(("id:\(key)", mapping.name)) }
                case (.dob, _):
                    let order = policy.dobOrder ?? DateOfBirthNormalizer.order(forRegion: defaultRegion)
                    if let key = DateOfBirthNormalizer.normalize(text, order: order) { terms.append(("dob:\(key)", mapping.name)) }
                case (.name, .given): given = text
                case (.name, .family): family = text
                case (.name, _):
                    if let name = PersonName(full: text) { terms.append(("name:\(name.key)", mapping.name)) }
                case (.address, .full):
                    if let address = PostalAddress(full: text) { terms.append(("address:\(address.key)", mapping.name)) }
                case (.address, let part): parts[part] = text
                default: break
                }
            }
        }
        if let given, let family, let key = PersonName.quickKey(given: given, family: family) {
            terms.append(("name:" + key, "name"))
        } else if given != nil || family != nil, let name = PersonName(given: given, family: family) {
            terms.append(("name:\(name.key)", "name"))
        }
        if !parts.isEmpty, let address = PostalAddress(street: parts[.street], city: parts[.city], state: parts[.state], zip: parts[.zip]) {
            terms.append(("address:\(address.key)", "address"))
        }
        return terms
    }

    /// The terms to look up for an identity.
    public static func terms(of keys: IdentityKeys) -> [String] {
        keys.emails.map { "email:\($0)" } + keys.phones.map { "phone:\($0)" } + keys.accountIDs.map { "id:\($0)" }
            + keys.datesOfBirth.map { "dob:\($0)" } + keys.names.map { "name:\($0.key)" } + keys.addresses.map { "address:\($0.key)" }
    }
}
