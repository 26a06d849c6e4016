/// Turns the evidence gathered for one record into a tier. The rules, strongest first:
///
/// - **confirmed**: a strong identifier (email, phone, account id) agrees after
///   normalization — unless it is the only strong agreement and the record's name or
///   date of birth contradicts the request, or its name differs by a generational suffix
///   (a household phone, a shared inbox, a father and a son), which makes it probable;
///   or two independent medium identifiers agree (name + postal address, name + date of
///   birth) and nothing in the record contradicts the request: no email or phone, no
///   date of birth, no name (twins and housemates share an address and a birthday).
/// - **probable**: one medium identifier agrees and another agrees fuzzily (a typo, a
///   nickname, a partial address, a suffix on one side), or a confirmed case weakened by
///   a contradiction.
/// - **possible**: weak evidence only — a name alone, a fuzzy name, a role address.
/// - **nothing**: a date of birth alone (thousands share one), or a family name alone
///   (a blank given name is no evidence of the same name).
///
/// A role address (info@, sales@) never confirms alone: it counts as medium evidence.
enum TierRules {
    static func tier(_ evidence: [Evidence]) -> MatchTier? {
        /// Evidence that says nothing for or against (a name with one part missing).
        func silent(_ e: Evidence) -> Bool { e.note == Evidence.partialNameNote }
        func agreeing(_ kind: IdentifierKind, strict: Bool) -> Bool {
            evidence.contains {
                $0.identifier == kind && $0.note != Evidence.roleNote && !silent($0)
                    && ($0.how == .exact || $0.how == .normalized || (!strict && $0.how == .fuzzy))
            }
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
        let suffixOnly = evidence.contains { $0.identifier == .name && $0.note == Evidence.suffixNote } && !agreeing(.name, strict: true)
        let personConflict = conflicting(.name) || conflicting(.dob)

        if !strong.isEmpty {
            return strong.count == 1 && (personConflict || suffixOnly) ? .probable : .confirmed
        }
        if medium.count >= 2 {
            return strongConflicts > 0 || personConflict ? .probable : .confirmed
        }
        if medium.count == 1 && !fuzzy.isEmpty {
            return strongConflicts >= 2 || conflicting(.dob) ? .possible : .probable
        }
        // A date of birth is shared by thousands: alone it lists nothing.
        if medium == [.dob] && fuzzy.isEmpty { return nil }
        if !medium.isEmpty || !fuzzy.isEmpty { return .possible }
        return nil
    }
}
