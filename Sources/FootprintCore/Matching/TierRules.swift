/// Turns the evidence gathered for one record into a tier. The rules, strongest first:
///
/// - **confirmed**: a strong identifier (email, phone, account id) agrees after
///   normalization — unless it is the only strong agreement and the record's name or
///   date of birth contradicts the request (a household phone, a shared inbox), which
///   makes it probable; or two independent medium identifiers agree (name + postal
///   address, name + date of birth) and no email or phone in the record contradicts
///   the request.
/// - **probable**: one medium identifier agrees and another agrees fuzzily (a typo, a
///   nickname, a partial address), or a confirmed case weakened by a contradiction.
/// - **possible**: weak evidence only — a name alone, a fuzzy name, a role address.
///
/// A role address (info@, sales@) never confirms alone: it counts as medium evidence.
enum TierRules {
    static func tier(_ evidence: [Evidence]) -> MatchTier? {
        func agreeing(_ kind: IdentifierKind, strict: Bool) -> Bool {
            evidence.contains { $0.identifier == kind && $0.note != Evidence.roleNote && ($0.how == .exact || $0.how == .normalized || (!strict && $0.how == .fuzzy)) }
        }
        func conflicting(_ kind: IdentifierKind) -> Bool {
            !agreeing(kind, strict: false) && evidence.contains { $0.identifier == kind && $0.how == .different }
        }
        let strong = [IdentifierKind.email, .phone, .accountID].filter { agreeing($0, strict: true) }
        let roleOnly = !agreeing(.email, strict: true) && evidence.contains { $0.note == Evidence.roleNote && $0.how != .different }
        var medium = [IdentifierKind.name, .address, .dob].filter { agreeing($0, strict: true) }
        if roleOnly { medium.append(.email) }
        let fuzzy = [IdentifierKind.name, .address].filter { !agreeing($0, strict: true) && agreeing($0, strict: false) }
        let strongConflicts = [IdentifierKind.email, .phone, .accountID].filter(conflicting).count
        let personConflict = conflicting(.name) || conflicting(.dob)

        if !strong.isEmpty {
            return strong.count == 1 && personConflict ? .probable : .confirmed
        }
        if medium.count >= 2 {
            return strongConflicts > 0 || conflicting(.dob) ? .probable : .confirmed
        }
        if medium.count == 1 && !fuzzy.isEmpty {
            return strongConflicts >= 2 || conflicting(.dob) ? .possible : .probable
        }
        if !medium.isEmpty || !fuzzy.isEmpty { return .possible }
        return nil
    }
}
