/// Who answers a request: the business named in every letter, how to reach it, and for
/// GDPR its data protection officer and supervisory authority (Art. 15(1)(f), 13(1)(a)–(b)).
/// From footprint.yaml's `organisation:` section.
public struct Organisation: Sendable {
    public var name: String = "the business"
    public var contact: String?
    public var privacyPolicy: String?
    public var dpo: String?
    public var supervisoryAuthority: String?
    /// A replacement for the built-in letter (a Mustache file, relative to the config).
    public var knowTemplate: String?
    /// GDPR Art. 30(1)(g): a general description of the technical and organisational
    /// security measures, for the data map's record of processing.
    public var securityMeasures: String?

    public init() {}

    static func parse(_ node: ConfigNode) throws -> Organisation {
        try node.requireKeys(allowed: ["name", "contact", "privacy_policy", "dpo", "supervisory_authority", "know_template", "security_measures"])
        var organisation = Organisation()
        guard let name = node["name"] else { throw node.error("organisation: needs a name:", hint: "the business named in every letter") }
        organisation.name = try name.string()
        organisation.contact = try node["contact"]?.string()
        organisation.privacyPolicy = try node["privacy_policy"]?.string()
        organisation.dpo = try node["dpo"]?.string()
        organisation.supervisoryAuthority = try node["supervisory_authority"]?.string()
        organisation.knowTemplate = try node["know_template"]?.string()
        organisation.securityMeasures = try node["security_measures"]?.string()
        return organisation
    }
}
