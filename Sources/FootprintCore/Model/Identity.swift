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
    public var datesOfBirth: [String] = []

    public init(emails: [String] = [], phones: [String] = [], names: [String] = [], addresses: [String] = [], accountIDs: [String] = [],
                datesOfBirth: [String] = []) {
        self.emails = emails
        self.phones = phones
        self.names = names
        self.addresses = addresses
        self.accountIDs = accountIDs
        self.datesOfBirth = datesOfBirth
    }

    public var isEmpty: Bool {
        emails.isEmpty && phones.isEmpty && names.isEmpty && addresses.isEmpty && accountIDs.isEmpty && datesOfBirth.isEmpty
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
    public var names: [PersonName] = []
    public var addresses: [PostalAddress] = []
    /// `YYYY-MM-DD` keys.
    public var datesOfBirth: Set<String> = []
    /// `namespace=value` keys.
    public var accountIDs: Set<String> = []
    /// The values as supplied, to report `exact` matches.
    public var raw: Set<String> = []

    public init() {}

    /// Normalizes every identifier of `identity`; a value that yields no key is an error,
    /// because silently dropping it would search for less than the requester gave.
    public init(_ identity: Identity, region: String, dobOrder: DateOfBirthNormalizer.Order? = nil) throws {
        func each<Key>(_ values: [String], _ option: String, _ reason: String, _ normalize: (String) -> Key?) throws -> [Key] {
            try values.enumerated().map { index, value in
                guard let key = normalize(value) else { throw IdentityError(option: option, position: index + 1, reason: reason) }
                return key
            }
        }
        emails = Set(try each(identity.emails, "--email", "is not an email address") { EmailNormalizer.normalize($0) })
        phones = Set(try each(identity.phones, "--phone", "is not a complete phone number for region \(region) (write it with + and the country code, or pass --region)") {
            PhoneNormalizer.normalize($0, region: region)
        })
        names = try each(identity.names, "--name", "holds no letters") { PersonName(full: $0) }
        addresses = try each(identity.addresses, "--address", "is not a postal address (give at least a street or a ZIP code)") { PostalAddress(full: $0) }
        let order = dobOrder ?? DateOfBirthNormalizer.order(forRegion: region)
        datesOfBirth = Set(try each(identity.datesOfBirth, "--dob", "is not a date (use YYYY-MM-DD)") { DateOfBirthNormalizer.normalize($0, order: order) })
        accountIDs = Set(try each(identity.accountIDs, "--id", "is not NAMESPACE=VALUE") { text in
            AccountIDNormalizer.parse(text).flatMap { AccountIDNormalizer.key(namespace: $0.namespace, value: $0.value) }
        })
        raw = Set(identity.emails + identity.phones + identity.names + identity.addresses + identity.datesOfBirth)
    }

    /// Whether the identity has anything of this kind to compare.
    public func has(_ kind: IdentifierKind) -> Bool {
        switch kind {
        case .email: return !emails.isEmpty
        case .phone: return !phones.isEmpty
        case .name: return !names.isEmpty
        case .address: return !addresses.isEmpty
        case .dob: return !datesOfBirth.isEmpty
        case .accountID: return !accountIDs.isEmpty
        case .device: return false
        }
    }

    /// The string keys of a kind, for display.
    public func displayKeys(for kind: IdentifierKind) -> [String] {
        switch kind {
        case .email: return emails.sorted()
        case .phone: return phones.sorted()
        case .name: return names.map(\.key)
        case .address: return addresses.map(\.key)
        case .dob: return datesOfBirth.sorted()
        case .accountID: return accountIDs.sorted()
        case .device: return []
        }
    }

    public var isEmpty: Bool { !IdentifierKind.allCases.contains(where: has) }
}
