/// What a field probably holds, from its name and its values together, with how sure
/// that is and why — `discover`'s proposal. The values decide when they are clear; the
/// name refines them (a name column's given or family part) or decides alone when the
/// values say nothing (a status code, an empty sample).
public struct ColumnAssessment: Sendable {
    public enum Confidence: String, Sendable { case high, medium, low }

    public var proposal: FieldClassifier.Proposal?
    public var confidence: Confidence
    /// One sentence a reviewer can check ("412 of 500 sampled values are email addresses").
    public var why: String
    /// Kinds carried inside free text, with their counts: personal data nobody mapped.
    public var carried: [(kind: ValueKind, count: Int)]
    /// The kind of value the proposal rests on; nil when it rests on the name alone.
    public var kind: ValueKind?

    public init(proposal: FieldClassifier.Proposal?, confidence: Confidence, why: String, carried: [(kind: ValueKind, count: Int)], kind: ValueKind? = nil) {
        self.kind = kind
        self.proposal = proposal
        self.confidence = confidence
        self.why = why
        self.carried = carried
    }

    public static func assess(name: String, sqlType: String? = nil, container: String? = nil, observation: FieldObservation) -> ColumnAssessment {
        let byName = FieldClassifier.propose(name: name, sqlType: sqlType, container: container)
        let carried = observation.inText.sorted { $0.value > $1.value }.map { (kind: $0.key, count: $0.value) }
        let sampled = observation.values
        guard let (kind, count) = observation.dominant else {
            if let byName {
                let why = sampled == 0 ? "from the name alone (no values sampled)" : "from the name; the \(sampled) sampled values show no one kind"
                return ColumnAssessment(proposal: byName, confidence: sampled == 0 ? .medium : .low, why: why, carried: carried)
            }
            let why = carried.isEmpty ? "neither the name nor \(sampled) sampled values suggest personal data"
                : "free text: " + carried.map { "\($0.count) of \(sampled) values carry a \($0.kind.label)" }.joined(separator: "; ")
            let proposal = carried.first.map { FieldClassifier.Proposal(category: $0.kind.category, redact: $0.kind.isSensitive) }
            return ColumnAssessment(proposal: proposal, confidence: carried.isEmpty ? .low : .medium, why: why, carried: carried)
        }
        // A date's column name that says which date it is (an expiry, a creation) outweighs
        // dates that would be plausible birthdays.
        if kind == .dateOfBirth, !FieldClassifier.words(name).filter(otherDates.contains).isEmpty || FieldClassifier.words(name).contains(where: { w in otherDates.contains { w.hasPrefix($0) } }) {
            return ColumnAssessment(proposal: byName, confidence: .low, why: "\(count) of \(sampled) values are dates, but the name says which date it is", carried: carried)
        }
        let share = Double(count) / Double(sampled)
        let evidence = "\(count) of \(sampled) sampled values are \(plural(kind))"
        let byValue = proposal(for: kind)
        if let byName, agrees(byName, kind) {
            return ColumnAssessment(proposal: byName, confidence: .high, why: evidence + ", as the name says", carried: carried, kind: kind)
        }
        // A name list is weak evidence: cities and companies are named after people, so a
        // name that says what the field is (city, company) is kept.
        if let byName, kind == .personName {
            return ColumnAssessment(proposal: byName, confidence: .medium, why: "from the name; \(evidence), but the name says otherwise", carried: carried)
        }
        let confidence: Confidence = share >= 0.8 ? .high : .medium
        let why = byName.map { evidence + "; the name alone would say \($0.yaml)" } ?? evidence
        return ColumnAssessment(proposal: byValue, confidence: byName == nil ? confidence : .medium, why: why, carried: carried, kind: kind)
    }

    /// Words of a date column's name that say it is not a birth date.
    static let otherDates: Set<String> = ["exp", "expire", "expiry", "expiration", "expires", "created", "updated", "modified", "start", "end",
                                          "due", "issued", "valid", "since", "until", "last", "first", "signup", "joined", "order", "paid", "shipped"]

    /// The mapping a field wholly of this kind gets.
    public static func proposal(for kind: ValueKind) -> FieldClassifier.Proposal {
        switch kind {
        case .postalCode: return FieldClassifier.Proposal(identifier: .address, part: .zip, category: .A)
        case .streetLine: return FieldClassifier.Proposal(identifier: .address, part: .street, category: .A)
        case .personName: return FieldClassifier.Proposal(identifier: .name, part: .full, category: .A)
        default: return FieldClassifier.Proposal(identifier: kind.identifier, category: kind.category, redact: kind.isSensitive)
        }
    }

    /// Whether a name's proposal and the values' kind say the same thing.
    static func agrees(_ proposal: FieldClassifier.Proposal, _ kind: ValueKind) -> Bool {
        if let identifier = proposal.identifier { return identifier == kind.identifier }
        return proposal.category == kind.category || (proposal.redact && kind.isSensitive)
    }

    static func plural(_ kind: ValueKind) -> String {
        switch kind {
        case .ssn: return "Social Security numbers"
        case .iban: return "IBANs"
        case .ipAddress: return "IP addresses"
        case .dateOfBirth: return "plausible dates of birth"
        case .postalCode: return "postal codes"
        case .streetLine: return "street addresses"
        case .personName: return "known given or family names"
        case .email: return "valid email addresses"
        case .phone: return "valid phone numbers"
        case .paymentCard: return "payment card numbers (Luhn and issuer checked)"
        }
    }
}
