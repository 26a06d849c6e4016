import Foundation

/// What a deletion came to, for the consumer (the receipt letter), for an auditor (the
/// evidence: locators, methods, times, the verification, digests of plan and journal) and
/// for the recipients who must be told (§1798.105(c)): built after execution and the fresh
/// search, from the plan, the outcomes and the system facts.
public struct DeletionReceipt: Sendable {
    public struct Line: Sendable {
        public var item: DeletionPlan.Item
        /// erased, gone, failed, or the plan's action for what was not executed.
        public var outcome: String
        public var detail: String?
        /// For `soft-deleted`: the day the vendor purges its copy.
        public var purgesBy: String?

        public init(item: DeletionPlan.Item, outcome: String, detail: String?, purgesBy: String? = nil) {
            self.item = item
            self.outcome = outcome
            self.detail = detail
            self.purgesBy = purgesBy
        }
    }

    /// Someone who holds or received the data and must be asked to delete it.
    public struct Notice: Sendable {
        public var recipient: String
        public var relation: String
        public var systems: [String]
        public var ask: String
    }

    public var request: String?
    public var received: String
    public var executed: Date
    public var planDigest: String
    public var journalDigest: String
    public var lines: [Line]
    public var stillFound: Int
    public var unaccounted: [String]
    public var verificationComplete: Bool
    public var notices: [Notice]

    public init(request: String?, received: String, executed: Date, planDigest: String, journalDigest: String, lines: [Line],
                stillFound: Int, unaccounted: [String], verificationComplete: Bool, notices: [Notice]) {
        self.request = request
        self.received = received
        self.executed = executed
        self.planDigest = planDigest
        self.journalDigest = journalDigest
        self.lines = lines
        self.stillFound = stillFound
        self.unaccounted = unaccounted
        self.verificationComplete = verificationComplete
        self.notices = notices
    }

    /// The notices §1798.105(c) requires, from the systems that held this person's records:
    /// service providers and contractors operating them, and third parties the data was
    /// sold or shared to (unless impossible or involving disproportionate effort).
    public static func notices(for plan: DeletionPlan, sources: [SourceConfig]) -> [Notice] {
        let held = Set(plan.items.map(\.source))
        var byRecipient: [String: Notice] = [:]
        var order: [String] = []
        func add(_ recipient: String, _ relation: String, _ system: String, _ ask: String) {
            let key = relation + "\u{0}" + recipient
            if byRecipient[key] == nil { order.append(key); byRecipient[key] = Notice(recipient: recipient, relation: relation, systems: [], ask: ask) }
            if !byRecipient[key]!.systems.contains(system) { byRecipient[key]!.systems.append(system) }
        }
        for source in sources where held.contains(source.name) {
            let facts = source.system
            let providerAsk = "delete the consumer's personal information from your records and tell any service provider or contractor of yours to do the same (Civ. Code §1798.105(c)(1), 11 CCR §7022(b)(2)–(3))"
            if facts.serviceProvider { add("the service provider operating \(source.name)", "service provider or contractor", source.name, providerAsk) }
            for recipient in facts.disclosedForBusinessPurposeTo { add(recipient, "service provider or contractor", source.name, providerAsk) }
            for recipient in facts.soldOrSharedTo {
                add(recipient, "third party it was sold or shared to", source.name,
                    "delete the consumer's personal information, unless this proves impossible or involves disproportionate effort (Civ. Code §1798.105(c)(1), 11 CCR §7022(b)(3))")
            }
        }
        return order.map { byRecipient[$0]! }
    }
}
