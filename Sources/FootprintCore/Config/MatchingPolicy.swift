/// The tunable rules of matching — footprint.yaml's `matching:` section. The defaults
/// are chosen so that a confirmed match never names a stranger; loosening them trades
/// that guarantee for recall and should be a deliberate decision.
public struct MatchingPolicy: Sendable {
    /// Jaro–Winkler similarity at or above which two name words count as a fuzzy match.
    public var nameSimilarity: Double = 0.88
    /// The same for street names.
    public var streetSimilarity: Double = 0.90
    /// How many rounds of expansion follow identifiers found in confirmed records (0 = none).
    public var expansionDepth: Int = 2
    /// Local parts that name a function, not a person: a match on one never confirms alone.
    public var roleAddresses: Set<String> = MatchingPolicy.defaultRoleAddresses
    /// Day/month order of numeric dates of birth; nil means: from the default region.
    public var dobOrder: DateOfBirthNormalizer.Order?

    public static let defaultRoleAddresses: Set<String> = [
        "info", "sales", "support", "noreply", "no-reply", "donotreply", "do-not-reply", "admin", "administrator", "contact",
        "hello", "help", "team", "office", "billing", "accounts", "accounting", "marketing", "webmaster", "postmaster",
        "hostmaster", "abuse", "security", "privacy", "legal", "hr", "jobs", "careers", "press", "media", "enquiries",
        "inquiries", "service", "customerservice", "orders", "feedback", "newsletter", "mail", "reception", "all", "everyone",
    ]

    public init() {}

    public func isRoleAddress(_ emailKey: String) -> Bool {
        guard let at = emailKey.firstIndex(of: "@") else { return false }
        var local = String(emailKey[..<at])
        if let plus = local.firstIndex(of: "+") { local = String(local[..<plus]) }
        return roleAddresses.contains(local)
    }

    static func parse(_ node: ConfigNode) throws -> MatchingPolicy {
        try node.requireKeys(allowed: ["name_similarity", "street_similarity", "expansion_depth", "role_addresses", "dob_order"])
        var policy = MatchingPolicy()
        func fraction(_ key: String) throws -> Double? {
            guard let value = node[key] else { return nil }
            guard let number = Double(try value.string()), number > 0.5, number <= 1 else {
                throw value.error("expected a similarity between 0.5 and 1", hint: "0.88 is the default; higher is stricter")
            }
            return number
        }
        policy.nameSimilarity = try fraction("name_similarity") ?? policy.nameSimilarity
        policy.streetSimilarity = try fraction("street_similarity") ?? policy.streetSimilarity
        if let depth = node["expansion_depth"] {
            let value = try depth.int()
            guard (0...5).contains(value) else { throw depth.error("expected 0 to 5", hint: "2 is the default; 0 turns expansion off") }
            policy.expansionDepth = value
        }
        if let roles = node["role_addresses"] {
            policy.roleAddresses.formUnion(try roles.stringList().map { $0.lowercased() })
        }
        if let order = node["dob_order"] {
            let text = try order.string()
            guard let value = DateOfBirthNormalizer.Order(rawValue: text) else {
                throw order.error("expected mdy or dmy", hint: "mdy reads 03/07/1984 as March 7; dmy as 3 July")
            }
            policy.dobOrder = value
        }
        return policy
    }
}
