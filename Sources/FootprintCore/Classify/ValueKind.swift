/// What a value looks like, told from the value alone: the kinds of personal data a
/// data map reports as observed (and `discover` proposes from). Distinct from
/// `IdentifierKind`, which says how a configured field is matched: an SSN or a card
/// number is personal data to map and to redact, never a matching identifier here.
public enum ValueKind: String, CaseIterable, Sendable, Codable, Comparable {
    case email
    case phone
    case ssn
    case paymentCard = "payment_card"
    case iban
    case ipAddress = "ip_address"
    case dateOfBirth = "date_of_birth"
    case postalCode = "postal_code"
    case streetLine = "street_line"
    case personName = "person_name"

    public static func < (a: ValueKind, b: ValueKind) -> Bool { a.bit < b.bit }

    var bit: UInt16 { UInt16(1) << UInt16(Self.allCases.firstIndex(of: self)!) }

    /// How a person reads it in a map or a proposal.
    public var label: String {
        switch self {
        case .email: return "email address"
        case .phone: return "phone number"
        case .ssn: return "Social Security number"
        case .paymentCard: return "payment card number"
        case .iban: return "IBAN"
        case .ipAddress: return "IP address"
        case .dateOfBirth: return "date of birth"
        case .postalCode: return "postal code"
        case .streetLine: return "street address"
        case .personName: return "person's name"
        }
    }

    /// The CCPA category (§1798.140(v)(1)) data of this kind falls in.
    public var category: PICategory {
        switch self {
        case .email, .ipAddress, .postalCode, .streetLine, .personName: return .A
        case .phone: return .B
        case .paymentCard, .iban: return .B
        case .ssn: return .L
        case .dateOfBirth: return .C
        }
    }

    /// Sensitive personal information (§1798.140(ae)): government IDs; an account or card
    /// number is sensitive with the code giving access, which a map cannot see, so it is
    /// flagged for review as well.
    public var isSensitive: Bool { self == .ssn || self == .paymentCard || self == .iban }

    /// The matching identifier a field of this kind would be mapped as, when there is one.
    public var identifier: IdentifierKind? {
        switch self {
        case .email: return .email
        case .phone: return .phone
        case .dateOfBirth: return .dob
        case .postalCode, .streetLine: return .address
        case .personName: return .name
        case .ssn, .paymentCard, .iban, .ipAddress: return nil
        }
    }
}

/// A set of value kinds, as bits: the classifier answers with one per value, on a hot path.
public struct ValueKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ kind: ValueKind) { rawValue = kind.bit }

    public var kinds: [ValueKind] { ValueKind.allCases.filter { rawValue & $0.bit != 0 } }
    public func contains(_ kind: ValueKind) -> Bool { rawValue & kind.bit != 0 }
    public mutating func insert(_ kind: ValueKind) { formUnion(ValueKinds(kind)) }
}
