/// Decides, for one source, whether a record belongs to the identity and why.
///
/// It knows the identity's keys and the source's field mappings, nothing of files or
/// SQL: readers hand it records (and, on their fast path, raw field bytes through
/// `probe(for:)`). Tiers: a strong identifier (email, phone, account id) matching after
/// normalization confirms; name or address alone is only `possible`.
public struct IdentityMatcher: Sendable {
    public let keys: IdentityKeys
    public let source: SourceConfig

    public init(keys: IdentityKeys, source: SourceConfig) {
        self.keys = keys
        self.source = source
    }

    /// The mapped fields that could match at all for this identity.
    public var probedFields: [FieldMapping] {
        source.identifierFields.filter { mapping in
            guard let kind = mapping.identifier else { return false }
            return !keys.keys(for: kind).isEmpty
        }
    }

    /// The cheap byte test for one mapped field (see `FieldProbe`).
    public func probe(for mapping: FieldMapping) -> FieldProbe {
        guard let kind = mapping.identifier else { return FieldProbe(test: .always) }
        switch kind {
        case .email:
            return FieldProbe(test: .containsAnyFolded(keys.emails.map { Array($0.utf8) }))
        case .phone:
            let region = PhoneMetadata.region(mapping.region ?? source.defaultRegion)
            // Regions that rewrite local numbers (adding an area code) can produce digits
            // the field does not contain; let the full normalizer see every value there.
            if region?.nationalPrefixTransformRule != nil { return FieldProbe(test: .always) }
            let nationals = keys.phones.compactMap { key -> [UInt8]? in
                guard let region = nationalSignificantNumber(of: key) else { return nil }
                return Array(region.utf8)
            }
            return FieldProbe(test: .digitsContainAny(nationals))
        case .accountID:
            let prefix = "\(mapping.namespace ?? "")="
            let values = keys.accountIDs.filter { $0.hasPrefix(prefix) }.map { Array($0.dropFirst(prefix.count).utf8) }
            return FieldProbe(test: .equalsAnyTrimmed(values))
        case .name, .address, .dob, .device:
            return FieldProbe(test: .always)
        }
    }

    /// The number after the country code of an E.164 key: every written form of the
    /// number contains these digits contiguously.
    private func nationalSignificantNumber(of key: String) -> String? {
        let digits = key.dropFirst()
        for length in 1...3 where digits.count > length {
            if let code = Int(digits.prefix(length)), PhoneMetadata.region(forCountryCode: code) != nil {
                return String(digits.dropFirst(length))
            }
        }
        return nil
    }

    /// The verdict for one record, or nil when nothing matched.
    public func match(_ record: Record) -> Match? {
        var evidence: [Evidence] = []
        for mapping in probedFields {
            guard let kind = mapping.identifier, let value = record.value(of: mapping.name) else { continue }
            let wanted = keys.keys(for: kind)
            for text in value.strings {
                if let how = compare(text, kind: kind, mapping: mapping, wanted: wanted) {
                    evidence.append(Evidence(identifier: kind, field: mapping.name, how: how))
                    break
                }
            }
        }
        guard !evidence.isEmpty else { return nil }
        let tier: MatchTier = evidence.contains { $0.identifier.isStrong } ? .confirmed : .possible
        return Match(tier: tier, evidence: evidence)
    }

    private func compare(_ text: String, kind: IdentifierKind, mapping: FieldMapping, wanted: Set<String>) -> MatchHow? {
        let matched: Bool
        switch kind {
        case .email:
            matched = EmailNormalizer.keys(in: text).contains { wanted.contains($0) }
        case .phone:
            let region = mapping.region ?? source.defaultRegion
            matched = text.split(whereSeparator: { $0 == ";" || $0 == "\n" || $0 == "|" }).contains { part in
                PhoneNormalizer.normalize(String(part), region: region).map(wanted.contains) ?? false
            }
        case .accountID:
            matched = AccountIDNormalizer.key(namespace: mapping.namespace ?? "", value: text).map(wanted.contains) ?? false
        case .name:
            matched = NameNormalizer.normalize(text).map(wanted.contains) ?? false
        case .address:
            matched = AddressNormalizer.normalize(text).map(wanted.contains) ?? false
        case .dob, .device:
            matched = false
        }
        guard matched else { return nil }
        return keys.raw.contains(text) || kind == .accountID ? .exact : .normalized
    }
}
