/// How sure we are that a record belongs to the requester. Tiers decide what a Know
/// response may disclose and what a deletion may touch.
public enum MatchTier: String, Sendable, Codable, Comparable {
    case confirmed, probable, possible

    private var rank: Int {
        switch self {
        case .confirmed: return 2
        case .probable: return 1
        case .possible: return 0
        }
    }

    public static func < (a: MatchTier, b: MatchTier) -> Bool { a.rank < b.rank }
}

/// How a field's value agreed with the identity.
public enum MatchHow: String, Sendable, Codable {
    /// Byte-for-byte the same as the requester supplied it.
    case exact
    /// Equal after normalization (case, spacing, phone formatting, ...).
    case normalized
    /// Similar but not equal (typos, nicknames).
    case fuzzy
    /// Both sides have the identifier and they disagree: evidence *against* the match.
    case different
    /// Not matched at all: reached by following a key from a matched record (a customer's
    /// order). The evidence names the link; the record's tier is its parent's.
    case linked
    /// Matched on an identifier the request never held, found in another matched record
    /// (a second email in a CRM contact): expansion. The evidence carries the chain.
    case derived
}

/// One comparison that contributed to a match: which identifier, which field, how.
/// Evidence is what makes a match explainable to the privacy team and to a regulator.
public struct Evidence: Hashable, Sendable {
    public var identifier: IdentifierKind
    public var field: String
    public var how: MatchHow
    public var score: Double
    /// Why this evidence counts for less than its kind usually does ("role address").
    public var note: String?
    /// For `linked`: the key or constraint followed ("foreign key orders_customer_id_fkey").
    public var link: String?
    /// For `derived`: the records the identifier was found in, the direct match first.
    public var chain: [Inventory.Via]

    public init(identifier: IdentifierKind, field: String, how: MatchHow, score: Double = 1.0, note: String? = nil,
                link: String? = nil, chain: [Inventory.Via] = []) {
        self.identifier = identifier
        self.field = field
        self.how = how
        self.score = score
        self.note = note
        self.link = link
        self.chain = chain
    }

    static let roleNote = "role address: never confirms alone"
    /// A name with no given (or no family) part on one side agrees in one word at most.
    static let partialNameNote = "given or family name missing: no evidence of the same name"
    /// John Smith beside John Smith Jr.: perhaps a father and a son.
    static let suffixNote = "generational suffix on one side only"
}

/// The verdict for one record: its tier and every piece of evidence behind it.
public struct Match: Sendable {
    public var tier: MatchTier
    public var evidence: [Evidence]

    public init(tier: MatchTier, evidence: [Evidence]) {
        self.tier = tier
        self.evidence = evidence
    }
}
