/// The kinds of identifier a verified request can carry and a field can hold.
///
/// The kind decides how a raw value is normalized into match keys and how much a
/// match on it is worth: email, phone and account id are *strong* (one match confirms),
/// the rest are medium or weak evidence.
public enum IdentifierKind: String, CaseIterable, Sendable, Hashable, Codable {
    case email
    case phone
    case name
    case address
    case dob
    case accountID = "id"
    case device

    /// A strong identifier names one person on its own once normalized.
    public var isStrong: Bool {
        switch self {
        case .email, .phone, .accountID: return true
        case .name, .address, .dob, .device: return false
        }
    }

    /// Parses the spelling used in configuration and on the command line.
    public init?(configName: String) {
        switch configName.lowercased() {
        case "email": self = .email
        case "phone": self = .phone
        case "name": self = .name
        case "address", "postal_address": self = .address
        case "dob", "date_of_birth", "birthdate": self = .dob
        case "id", "account_id", "account": self = .accountID
        case "device", "device_id", "cookie": self = .device
        default: return nil
        }
    }
}
