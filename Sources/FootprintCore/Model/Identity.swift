/// What a verified request carries: the requester's identifiers as they supplied them.
///
/// Raw values are kept only to tell an `exact` match from a `normalized` one; all
/// matching uses the keys from `IdentityKeys`.
public struct Identity: Sendable {
    public var emails: [String] = []
    public var phones: [String] = []
    public var names: [String] = []
    public var addresses: [String] = []
    /// `namespace=value` account ids.
    public var accountIDs: [String] = []

    public init(emails: [String] = [], phones: [String] = [], names: [String] = [], addresses: [String] = [], accountIDs: [String] = []) {
        self.emails = emails
        self.phones = phones
        self.names = names
        self.addresses = addresses
        self.accountIDs = accountIDs
    }

    public var isEmpty: Bool {
        emails.isEmpty && phones.isEmpty && names.isEmpty && addresses.isEmpty && accountIDs.isEmpty
    }
}

/// A usage mistake in the identity given on the command line or in a request file.
/// It names the option and the position, never the value itself.
public struct IdentityError: Error, Sendable, CustomStringConvertible {
    public var option: String
    public var position: Int
    public var reason: String

    public var description: String {
        "the \(ordinal(position)) \(option) value \(reason)"
    }

    private func ordinal(_ n: Int) -> String {
        switch n {
        case 1: return "1st"
        case 2: return "2nd"
        case 3: return "3rd"
        default: return "\(n)th"
        }
    }
}

/// The identity's normalized match keys, ready for comparing against records.
public struct IdentityKeys: Sendable {
    public var emails: Set<String> = []
    /// E.164 keys.
    public var phones: Set<String> = []
    public var names: Set<String> = []
    public var addresses: Set<String> = []
    /// `namespace=value` keys.
    public var accountIDs: Set<String> = []
    /// The values as supplied, to report `exact` matches.
    public var raw: Set<String> = []

    /// Normalizes every identifier of `identity`; a value that yields no key is an error,
    /// because silently dropping it would search for less than the requester gave.
    public init(_ identity: Identity, region: String) throws {
        func each(_ values: [String], _ option: String, _ reason: String, _ normalize: (String) -> String?) throws -> Set<String> {
            var keys: Set<String> = []
            for (index, value) in values.enumerated() {
                guard let key = normalize(value) else {
                    throw IdentityError(option: option, position: index + 1, reason: reason)
                }
                keys.insert(key)
            }
            return keys
        }
        emails = try each(identity.emails, "--email", "is not an email address") { EmailNormalizer.normalize($0) }
        phones = try each(identity.phones, "--phone", "is not a complete phone number for region \(region) (write it with + and the country code, or pass --region)") {
            PhoneNormalizer.normalize($0, region: region)
        }
        names = try each(identity.names, "--name", "holds no letters") { NameNormalizer.normalize($0) }
        addresses = try each(identity.addresses, "--address", "holds no letters or digits") { AddressNormalizer.normalize($0) }
        accountIDs = try each(identity.accountIDs, "--id", "is not NAMESPACE=VALUE") { text in
            AccountIDNormalizer.parse(text).flatMap { AccountIDNormalizer.key(namespace: $0.namespace, value: $0.value) }
        }
        raw = Set(identity.emails + identity.phones + identity.names + identity.addresses)
    }

    public func keys(for kind: IdentifierKind) -> Set<String> {
        switch kind {
        case .email: return emails
        case .phone: return phones
        case .name: return names
        case .address: return addresses
        case .accountID: return accountIDs
        case .dob, .device: return []
        }
    }

    public var isEmpty: Bool { emails.isEmpty && phones.isEmpty && names.isEmpty && addresses.isEmpty && accountIDs.isEmpty }
}
