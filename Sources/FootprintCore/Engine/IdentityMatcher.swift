/// Decides, for one source, whether a record belongs to the identity and why.
///
/// It knows the identity's keys, the source's field mappings and the matching policy,
/// nothing of files or SQL: readers hand it records (and, on their fast path, raw field
/// bytes through `probe(for:)`). Every identifier the record and the request both have
/// is compared and listed as evidence — agreements and contradictions — and
/// `TierRules` turns the evidence into a tier.
public struct IdentityMatcher: Sendable {
    public let keys: IdentityKeys
    public let source: SourceConfig
    public let policy: MatchingPolicy

    /// The mapped fields that could take part in a match for this identity.
    public let probedFields: [FieldMapping]

    /// Records this lookup already found confirmed (set in its expansion passes): a store
    /// need not fetch them again, nor follow again what hangs off them.
    public var known: Set<Locator> = []

    public init(keys: IdentityKeys, source: SourceConfig, policy: MatchingPolicy = MatchingPolicy()) {
        self.keys = keys
        self.source = source
        self.policy = policy
        probedFields = source.identifierFields.filter { $0.identifier.map(keys.has) ?? false }
    }

    /// The cheap byte test for one mapped field (see `FieldProbe`).
    public func probe(for mapping: FieldMapping) -> FieldProbe {
        FieldProbe.make(for: mapping, keys: keys, defaultRegion: source.defaultRegion, threshold: policy.nameSimilarity)
    }

    /// The verdict for one record, or nil when nothing agreed.
    public func match(_ record: Record) -> Match? {
        var evidence: [Evidence] = []
        var nameParts: (given: String?, family: String?, fields: [String]) = (nil, nil, [])
        var addressParts: [FieldMapping.Part: String] = [:]
        var addressFields: [String] = []
        for mapping in probedFields {
            guard let kind = mapping.identifier, let value = record.value(of: mapping.name) else { continue }
            let texts = value.strings.filter { !$0.allSatisfy(\.isWhitespace) }
            guard !texts.isEmpty else { continue }
            switch (kind, mapping.part) {
            case (.name, .given): nameParts.given = texts[0]; nameParts.fields.append(mapping.name)
            case (.name, .family): nameParts.family = texts[0]; nameParts.fields.append(mapping.name)
            case (.name, _): evidence += compareNames(texts.compactMap { PersonName(full: $0) }, field: mapping.name, raw: texts)
            case (.address, .full): evidence += compareAddresses(texts.compactMap { PostalAddress(full: $0) }, field: mapping.name, raw: texts)
            case (.address, let part): addressParts[part] = texts[0]; addressFields.append(mapping.name)
            default: evidence += compareKeys(kind, texts, mapping: mapping)
            }
        }
        if !nameParts.fields.isEmpty, let name = PersonName(given: nameParts.given, family: nameParts.family) {
            evidence += compareNames([name], field: nameParts.fields.joined(separator: "+"), raw: [])
        }
        if !addressFields.isEmpty, let address = PostalAddress(street: addressParts[.street], city: addressParts[.city],
                                                               state: addressParts[.state], zip: addressParts[.zip]) {
            evidence += compareAddresses([address], field: addressFields.joined(separator: "+"), raw: [])
        }
        // A suffix on one side (John Smith / John Smith Jr.) beside a date of birth that
        // differs: two generations, not one person written twice.
        if evidence.contains(where: { $0.identifier == .dob && $0.how == .different }),
           !evidence.contains(where: { $0.identifier == .dob && $0.how != .different }) {
            for i in evidence.indices where evidence[i].identifier == .name && evidence[i].note == Evidence.suffixNote {
                evidence[i].how = .different
            }
        }
        guard let tier = TierRules.tier(evidence) else { return nil }
        // A second field of a kind that already agreed (an old email beside the current one)
        // is no contradiction: list contradictions only for kinds with no agreement.
        let agreed = Set(evidence.filter { $0.how != .different }.map(\.identifier))
        return Match(tier: tier, evidence: evidence.filter { $0.how != .different || !agreed.contains($0.identifier) })
    }

    /// A strong identifier found in a record: what expansion searches for next.
    public struct FoundKey: Hashable {
        public var kind: IdentifierKind
        public var key: String
        public var field: String
        var id: String { "\(kind == .accountID ? "id" : kind.rawValue):\(key)" }
    }

    /// Every email, phone and account-id key in the record's mapped identifier fields
    /// (the source's mappings, or those given for the record's container).
    public func strongKeys(in record: Record, mappings: [FieldMapping]? = nil) -> [FoundKey] {
        var found: [FoundKey] = []
        for mapping in (mappings ?? source.fields) where mapping.identifier != nil {
            guard let kind = mapping.identifier, kind.isStrong, let value = record.value(of: mapping.name) else { continue }
            for text in value.strings {
                switch kind {
                case .email: found += EmailNormalizer.keys(in: text).map { FoundKey(kind: kind, key: $0, field: mapping.name) }
                case .phone:
                    if let key = PhoneNormalizer.normalize(text, region: mapping.region ?? source.defaultRegion) {
                        found.append(FoundKey(kind: kind, key: key, field: mapping.name))
                    }
                default:
                    if let key = AccountIDNormalizer.key(namespace: mapping.namespace ?? "", value: text) {
                        found.append(FoundKey(kind: kind, key: key, field: mapping.name))
                    }
                }
            }
        }
        return found
    }

    private func compareKeys(_ kind: IdentifierKind, _ texts: [String], mapping: FieldMapping) -> [Evidence] {
        var found: [String] = []
        switch kind {
        case .email:
            found = texts.flatMap { EmailNormalizer.keys(in: $0) }
        case .phone:
            let region = mapping.region ?? source.defaultRegion
            found = texts.flatMap { $0.split(whereSeparator: { $0 == ";" || $0 == "\n" || $0 == "|" }) }
                .compactMap { PhoneNormalizer.normalize(String($0), region: region) }
        case .accountID:
            found = texts.compactMap { AccountIDNormalizer.key(namespace: mapping.namespace ?? "", value: $0) }
        case .dob:
            let order = policy.dobOrder ?? DateOfBirthNormalizer.order(forRegion: source.defaultRegion)
            found = texts.compactMap { DateOfBirthNormalizer.normalize($0, order: order) }
        default:
            return []
        }
        guard !found.isEmpty else { return [] } // nothing recognisable in the field: no evidence either way
        let wanted: Set<String>
        switch kind {
        case .email: wanted = keys.emails
        case .phone: wanted = keys.phones
        case .accountID:
            // An id contradicts only within its own namespace.
            let prefix = "\(mapping.namespace ?? "")="
            wanted = keys.accountIDs.filter { $0.hasPrefix(prefix) }
            if wanted.isEmpty { return [] }
        default: wanted = keys.datesOfBirth
        }
        guard let hit = found.first(where: wanted.contains) else {
            return [Evidence(identifier: kind, field: mapping.name, how: .different, score: 0)]
        }
        let how: MatchHow = texts.contains(where: keys.raw.contains) || kind == .accountID ? .exact : .normalized
        let note = kind == .email && policy.isRoleAddress(hit) ? Evidence.roleNote : nil
        return [Evidence(identifier: kind, field: mapping.name, how: how, score: 1, note: note)]
    }

    private func compareNames(_ names: [PersonName], field: String, raw: [String]) -> [Evidence] {
        best(.name, found: names, wanted: keys.names, field: field, raw: raw) {
            NameComparison.compare($0, $1, threshold: policy.nameSimilarity)
        }
    }

    private func compareAddresses(_ addresses: [PostalAddress], field: String, raw: [String]) -> [Evidence] {
        best(.address, found: addresses, wanted: keys.addresses, field: field, raw: raw) {
            AddressComparison.compare($0, $1, threshold: policy.streetSimilarity)
        }
    }

    /// The strongest agreement (or weakest contradiction) between any value found and any
    /// value wanted, as one piece of evidence; `exact` when the text is as the requester wrote it.
    private func best<Value>(_ kind: IdentifierKind, found: [Value], wanted: [Value], field: String, raw: [String],
                             _ compare: (Value, Value) -> NameComparison.Result?) -> [Evidence] {
        var best: NameComparison.Result?
        for value in found {
            for target in wanted {
                guard let result = compare(target, value) else { continue }
                if best == nil || rank(result) > rank(best!) { best = result }
            }
        }
        guard var result = best else { return [] }
        if result.how == .normalized, raw.contains(where: keys.raw.contains) { result.how = .exact }
        return [Evidence(identifier: kind, field: field, how: result.how, score: rounded(result.score), note: result.note)]
    }

    private func rank(_ result: NameComparison.Result) -> Double {
        switch result.how {
        case .exact, .normalized: return 2 + result.score
        case .fuzzy: return 1 + result.score
        case .different: return result.score
        case .linked, .derived: return 0 // comparisons never produce these
        }
    }

    private func rounded(_ score: Double) -> Double { (score * 1000).rounded() / 1000 }
}
