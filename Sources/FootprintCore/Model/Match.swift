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

    public init(identifier: IdentifierKind, field: String, how: MatchHow, score: Double = 1.0, note: String? = nil) {
        self.identifier = identifier
        self.field = field
        self.how = how
        self.score = score
        self.note = note
    }

    static let roleNote = "role address: never confirms alone"
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
