import Foundation

/// A Right-to-Know response, decided and assembled (`KnowBuilder`), before any format:
/// the seven items of §1798.110/.115, the specific pieces (or why there are none), what
/// was withheld and why, how complete the search was — and, apart, the records staff
/// must review, which never reach the consumer unless approved. FootprintReports writes
/// it as response.json, the letter, the data files and the manifest.
public struct KnowPackage: Sendable {
    /// What the consumer receives, by the request and the verification (§7024(a)–(b)).
    public enum Disclosure: String, Sendable {
        case specificPieces = "specific_pieces"
        case categoriesOnly = "categories_only"
        case denied
    }

    public enum Status: String, Sendable { case complete, incomplete }

    /// A statute category with how many pieces of this person's data fall in it.
    public struct CategoryCount: Sendable, Equatable {
        public var category: PICategory
        public var pieces: Int
    }

    /// A category and the categories of third parties that received it.
    public struct CategoryRecipients: Sendable, Equatable {
        public var category: PICategory
        public var recipients: [String]
    }

    /// One field of a disclosed record: its value, or — for a value that must never be
    /// disclosed (§7024(d)) — a description that says it was collected.
    public struct Piece: Sendable {
        public var name: String
        public var category: PICategory?
        public var sensitive: Bool
        public var value: FieldValue?
        public var described: String?
    }

    public struct DisclosedRecord: Sendable {
        public var container: String
        public var key: String
        /// When it was collected, as far as the configuration says (`collected_at:`).
        public var collected: Date?
        /// How the date was known: the field it came from, "file modified", or nil (undated).
        public var collectedFrom: String?
        /// The record it was reached from (a customer's order), when not matched itself.
        public var via: Inventory.Via?
        public var pieces: [Piece]
    }

    /// One searched system: whether its part of the answer is complete, and its records.
    public struct System: Sendable {
        public var source: String
        public var status: SourceStatus
        public var searched: ScanReport.Method
        public var errors: [SourceError]
        public var records: [DisclosedRecord]
        /// How many of this person's records the answer rests on (kept when the records
        /// themselves are not sent, for a categories-only answer).
        public var held: Int
        public var facts: SystemFacts
    }

    /// A record staff must look at before anything of it is disclosed.
    public struct ReviewItem: Sendable {
        public var locator: Locator
        public var tier: MatchTier
        public var reason: String
        public var evidence: [Evidence]
        public var via: Inventory.Via?
    }

    public var request: KnowRequest
    public var organisation: Organisation
    public var generated: Date
    public var status: Status
    /// Why the package is incomplete (a source failed or was read in part).
    public var incompleteReasons: [String]
    /// `--allow-incomplete REASON`: why it may be sent anyway, recorded in the package.
    public var incompleteAllowed: String?
    public var disclosure: Disclosure
    /// What the letter must say about the disclosure level (the §7024(a) statement, a denial's reason).
    public var disclosureStatement: String?

    // The seven items (§1798.110(a)(1)–(5), §1798.115(a)(2)–(3)), from the systems that hold this person's records.
    public var categoriesCollected: [CategoryCount]
    public var sourcesOfCollection: [String]
    public var purposes: [String]
    public var thirdParties: [String]
    public var soldOrShared: [CategoryRecipients]
    public var disclosedForBusinessPurpose: [CategoryRecipients]

    public var windowStart: Date?
    public var windowEnd: Date
    /// Records left out because they were collected before the window.
    public var excludedByLookback: Int
    /// Records included without a collection date (marked so in the package).
    public var undated: Int

    public var systems: [System]
    /// Systems the configuration marks as not reasonably searchable (§7024(c)), described.
    public var notSearched: [(source: String, reason: String)]
    /// Why records or values are not in the package, with counts ("awaiting review": 2).
    public var withheld: [(reason: String, count: Int)]
    public var review: [ReviewItem]

    /// Every specific piece disclosed, for counting and for tests.
    public var disclosedRecords: [DisclosedRecord] { systems.flatMap(\.records) }
}
