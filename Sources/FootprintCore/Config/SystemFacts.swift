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
    /// Where a record's collection date is, for the lookback window: a field name, or
    /// `file_modified` for exports without one (the file's modification time, said so).
    public var collectedAt: String?
    /// Why this system is not searched for requests (§7024(c): not reasonably accessible,
    /// kept only for legal compliance, never sold or used commercially): described in
    /// every package instead.
    public var notSearched: String?
    /// GDPR Art. 15(1)(c): recipients in third countries, and the safeguard (Art. 46).
    public var thirdCountryTransfers: [String] = []
    /// GDPR Art. 15(1)(h): automated decision-making or profiling in this system, described.
    public var automatedDecisions: String?
    /// Backups or archives of this system (§7022(d)): their data is erased when they are
    /// next restored or roll off; a deletion plan says so and when.
    public var backups: String?
    /// GDPR Art. 30(1)(c): whose data this is (customers, leads, newsletter subscribers).
    public var dataSubjects: String?
    /// GDPR Art. 30(1)(g): the security measures protecting this system, when they differ
    /// from the organisation's.
    public var security: String?

    public init() {}

    static func parse(_ node: ConfigNode) throws -> SystemFacts {
        try node.requireKeys(allowed: ["purposes", "collected_from", "sold_or_shared_to", "disclosed_for_business_purpose_to",
                                       "retention", "deletion", "exceptions", "service_provider", "collected_at", "not_searched",
                                       "third_country_transfers", "automated_decisions", "backups", "data_subjects", "security_measures"])
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
        facts.collectedAt = try node["collected_at"]?.string()
        facts.notSearched = try node["not_searched"]?.string()
        facts.thirdCountryTransfers = try node["third_country_transfers"]?.stringList() ?? []
        facts.automatedDecisions = try node["automated_decisions"]?.string()
        facts.backups = try node["backups"]?.string()
        facts.dataSubjects = try node["data_subjects"]?.string()
        facts.security = try node["security_measures"]?.string()
        return facts
    }
}
