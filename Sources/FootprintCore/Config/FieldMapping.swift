/// What the configuration says about one field of a source: which identifier it
/// holds (if any), its CCPA category, whether it is sensitive, and whether its value
/// must never be disclosed (§7024(d): SSNs, account numbers, passwords, ...).
///
/// `name` is a column header for files and tables, or a dotted path
/// (`properties.email`) into nested JSON.
public struct FieldMapping: Sendable {
    public var name: String
    public var identifier: IdentifierKind?
    public var category: PICategory?
    public var sensitive: Bool
    public var redact: Bool
    /// Default region for phone numbers in this field, overriding `defaults.region`.
    public var region: String?
    /// For account ids: the namespace the value belongs to (`crm`, `stripe`, ...).
    public var namespace: String?
    /// For names and addresses split over several fields: which part this one holds.
    public var part: Part = .full

    /// The piece of a name or postal address a field holds.
    public enum Part: String, Sendable, CaseIterable {
        case full, given, family, street, city, state, zip

        func belongs(to kind: IdentifierKind) -> Bool {
            switch self {
            case .full: return kind == .name || kind == .address
            case .given, .family: return kind == .name
            case .street, .city, .state, .zip: return kind == .address
            }
        }
    }
    public var location: ConfigLocation

    public init(name: String, identifier: IdentifierKind? = nil, category: PICategory? = nil, sensitive: Bool = false,
                redact: Bool = false, region: String? = nil, namespace: String? = nil,
                location: ConfigLocation = ConfigLocation(file: "", line: 0, column: 0, keyPath: "")) {
        self.name = name
        self.identifier = identifier
        self.category = category
        self.sensitive = sensitive
        self.redact = redact
        self.region = region
        self.namespace = namespace
        self.location = location
    }

    static let allowedKeys = ["identifier", "category", "sensitive", "redact", "region", "namespace", "part"]

    public static func parse(name: String, node: ConfigNode) throws -> FieldMapping {
        var mapping = FieldMapping(name: name, location: node.location)
        // `Notes: {}` and a bare `Notes:` both mean "a field with no identifier role".
        if case .scalar(let scalar) = node.node, scalar.string.isEmpty { return mapping }
        try node.requireKeys(allowed: allowedKeys)
        if let id = node["identifier"] {
            let text = try id.string()
            guard let kind = IdentifierKind(configName: text) else {
                throw id.error("unknown identifier kind '\(text)'",
                               hint: "use one of: \(IdentifierKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            mapping.identifier = kind
        }
        if let cat = node["category"] {
            let text = try cat.string()
            guard let category = PICategory(rawValue: text.uppercased()) else {
                throw cat.error("unknown category '\(text)'", hint: "use a letter A–L from Civ. Code §1798.140(v)(1); L is sensitive PI")
            }
            mapping.category = category
        }
        mapping.sensitive = try node["sensitive"]?.bool() ?? (mapping.category == .L)
        mapping.redact = try node["redact"]?.bool() ?? false
        if let region = node["region"] {
            let code = try region.string().uppercased()
            guard PhoneMetadata.isKnownRegion(code) else {
                throw region.error("unknown region '\(code)'", hint: "use a two-letter ISO 3166 code such as US, GB, DE")
            }
            mapping.region = code
        }
        if let ns = node["namespace"] {
            guard mapping.identifier == .accountID else {
                throw ns.error("namespace applies only to fields with identifier: id")
            }
            mapping.namespace = try ns.string()
        }
        if let partNode = node["part"] {
            let text = try partNode.string()
            guard let part = Part(rawValue: text), let kind = mapping.identifier, part.belongs(to: kind) else {
                throw partNode.error("'\(text)' is not a part of \(mapping.identifier?.rawValue ?? "this field")",
                                     hint: "names: given, family, full; addresses: street, city, state, zip, full")
            }
            mapping.part = part
        }
        if mapping.identifier == .accountID && mapping.namespace == nil {
            throw node.error("an id field needs a namespace", hint: "add namespace: crm (the value requests use as --id crm=VALUE)")
        }
        return mapping
    }
}
