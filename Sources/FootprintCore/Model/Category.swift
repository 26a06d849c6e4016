/// The CCPA personal-information categories of Civ. Code §1798.140(v)(1), A–K, plus L
/// for sensitive personal information (§1798.140(ae)).
///
/// Every field a source maps carries one, because a Right-to-Know response must name
/// categories in the statute's own terms.
public enum PICategory: String, CaseIterable, Sendable, Codable {
    case A, B, C, D, E, F, G, H, I, J, K, L

    public var label: String {
        switch self {
        case .A: return "Identifiers"
        case .B: return "Customer records (Civ. Code §1798.80(e))"
        case .C: return "Characteristics of protected classifications"
        case .D: return "Commercial information"
        case .E: return "Biometric information"
        case .F: return "Internet or other electronic network activity"
        case .G: return "Geolocation data"
        case .H: return "Audio, electronic, visual, thermal, olfactory, or similar information"
        case .I: return "Professional or employment-related information"
        case .J: return "Non-public education information"
        case .K: return "Inferences drawn to create a profile"
        case .L: return "Sensitive personal information"
        }
    }
}
