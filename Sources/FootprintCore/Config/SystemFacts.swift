/// The facts about a system that a Right-to-Know response and the data map need and
/// that no record carries: why the data is held, where it came from, who receives it,
/// how long it is kept and how it is deleted. Entered once per source by the privacy team.
public struct SystemFacts: Sendable {
    public enum DeletionMethod: String, Sendable, CaseIterable { case erase, deidentify, aggregate, none }

    public var purposes: [String] = []
    public var collectedFrom: [String] = []
    public var soldOrSharedTo: [String] = []
    public var disclosedForBusinessPurposeTo: [String] = []
    public var retention: String?
    public var deletion: DeletionMethod = .erase
    public var exceptions: [String] = []
    /// True when a service provider or contractor holds this data for the business.
    public var serviceProvider: Bool = false

    public init() {}

    static func parse(_ node: ConfigNode) throws -> SystemFacts {
        try node.requireKeys(allowed: ["purposes", "collected_from", "sold_or_shared_to", "disclosed_for_business_purpose_to",
                                       "retention", "deletion", "exceptions", "service_provider"])
        var facts = SystemFacts()
        facts.purposes = try node["purposes"]?.stringList() ?? []
        facts.collectedFrom = try node["collected_from"]?.stringList() ?? []
        facts.soldOrSharedTo = try node["sold_or_shared_to"]?.stringList() ?? []
        facts.disclosedForBusinessPurposeTo = try node["disclosed_for_business_purpose_to"]?.stringList() ?? []
        facts.retention = try node["retention"]?.string()
        if let deletion = node["deletion"] {
            let text = try deletion.string()
            guard let method = DeletionMethod(rawValue: text) else {
                throw deletion.error("unknown deletion method '\(text)'",
                                     hint: "use erase, deidentify, aggregate or none (§7022(b)(1))")
            }
            facts.deletion = method
        }
        facts.exceptions = try node["exceptions"]?.stringList() ?? []
        facts.serviceProvider = try node["service_provider"]?.bool() ?? false
        return facts
    }
}
