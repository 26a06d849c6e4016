/// How well a name in a record agrees with a name in the request, and why.
enum NameComparison {
    struct Result {
        var how: MatchHow
        var score: Double
        /// Why an agreement counts for less than it seems (`Evidence.partialNameNote`, ...).
        var note: String? = nil
    }

    static func compare(_ wanted: PersonName, _ found: PersonName, threshold: Double) -> Result {
        if wanted.key == found.key { return Result(how: .normalized, score: 1) }
        if let a = wanted.suffix, let b = found.suffix, a != b { return Result(how: .different, score: 0) } // Jr. vs Sr.
        var result = compareIgnoringSuffix(wanted, found, threshold: threshold)
        guard result.how != .different else { return result }
        // A name with no given part (or no family part) on one side agrees in one word at
        // most: no evidence that it is the same person's name.
        if wanted.given.isEmpty || found.given.isEmpty || wanted.family.isEmpty || found.family.isEmpty {
            return Result(how: .fuzzy, score: min(result.score, 0.5), note: Evidence.partialNameNote)
        }
        // John Smith beside John Smith Jr.: a father and a son at one address, unless
        // something else tells them apart.
        if (wanted.suffix == nil) != (found.suffix == nil) {
            result.how = .fuzzy
            result.note = Evidence.suffixNote
        }
        return result
    }

    private static func compareIgnoringSuffix(_ wanted: PersonName, _ found: PersonName, threshold: Double) -> Result {
        // The same words in another order without a comma: "Garcia Ana".
        let all = { (n: PersonName) in (n.given + n.family).sorted() }
        if all(wanted) == all(found) { return Result(how: .normalized, score: 0.98) }
        let straight = score(wanted, found, threshold: threshold)
        // Given and family swapped by whoever typed it: a fuzzy agreement at best.
        let swapped = score(wanted, PersonName(given: found.family, family: found.given, suffix: found.suffix), threshold: threshold)
        var best = straight.score >= swapped.score ? straight : swapped
        if best.how == .normalized && straight.how != .normalized { best.how = .fuzzy }
        return best
    }

    private static func score(_ wanted: PersonName, _ found: PersonName, threshold: Double) -> Result {
        let family = familyScore(wanted.family, found.family, threshold: threshold)
        let given = givenScore(wanted.first, found.first, threshold: threshold)
        let parts = [family, given]
        if parts.contains(where: { $0.how == .different }) { return Result(how: .different, score: family.score * given.score) }
        let how: MatchHow = parts.allSatisfy({ $0.how == .normalized }) ? .normalized : .fuzzy
        return Result(how: how, score: family.score * given.score)
    }

    private static func familyScore(_ a: [String], _ b: [String], threshold: Double) -> Result {
        guard !a.isEmpty, !b.isEmpty else { return Result(how: .fuzzy, score: 0.8) }
        if a == b { return Result(how: .normalized, score: 1) }
        // Compound surnames written in part: "García López" and "García".
        if Set(a).isSubset(of: Set(b)) || Set(b).isSubset(of: Set(a)) { return Result(how: .fuzzy, score: 0.95) }
        // Hyphenation or spacing: "Smith-Jones" vs "Smith Jones" already fold alike; "McDonald" vs "Mc Donald":
        if a.joined() == b.joined() { return Result(how: .normalized, score: 1) }
        let similarity = JaroWinkler.similarity(a.joined(separator: " "), b.joined(separator: " "))
        return similarity >= threshold ? Result(how: .fuzzy, score: similarity) : Result(how: .different, score: similarity)
    }

    private static func givenScore(_ a: String?, _ b: String?, threshold: Double) -> Result {
        guard let a, let b else { return Result(how: .fuzzy, score: 0.8) } // one side has a family name only
        if a == b { return Result(how: .normalized, score: 1) }
        if a.count == 1 || b.count == 1 {
            return a.first == b.first ? Result(how: .fuzzy, score: 0.9) : Result(how: .different, score: 0)
        }
        if Nicknames.areVariants(a, b) { return Result(how: .fuzzy, score: 0.93) }
        let similarity = JaroWinkler.similarity(a, b)
        // Paul and Paula, Francis and Frances: two names, however alike (see GivenNames).
        if GivenNames.areDistinct(a, b) { return Result(how: .different, score: similarity) }
        return similarity >= threshold ? Result(how: .fuzzy, score: similarity) : Result(how: .different, score: similarity)
    }
}

/// How well a postal address in a record agrees with one in the request.
enum AddressComparison {
    /// Nil when the record's address has no street part to compare (a city or ZIP alone
    /// says nothing about who lives where).
    static func compare(_ wanted: PostalAddress, _ found: PostalAddress, threshold: Double) -> NameComparison.Result? {
        guard found.number != nil || !found.street.isEmpty, wanted.number != nil || !wanted.street.isEmpty else { return nil }
        var parts: [NameComparison.Result] = []
        switch (wanted.number, found.number) {
        case let (a?, b?): parts.append(a == b ? .init(how: .normalized, score: 1) : .init(how: .different, score: 0))
        // A street without a house number names every house on it: no evidence of this one
        // (and the address probe, which looks for the house number, may rightly skip it).
        case (_?, nil): return nil
        default: parts.append(.init(how: .fuzzy, score: 0.85))
        }
        if wanted.street == found.street {
            parts.append(.init(how: .normalized, score: 1))
        } else {
            let similarity = JaroWinkler.similarity(wanted.street.joined(separator: " "), found.street.joined(separator: " "))
            parts.append(.init(how: similarity >= threshold ? .fuzzy : .different, score: similarity))
        }
        switch (unitNumber(wanted.unit), unitNumber(found.unit)) {
        case let (a?, b?): parts.append(a == b ? .init(how: .normalized, score: 1) : .init(how: .different, score: 0))
        case (nil, nil): break
        default: parts.append(.init(how: .fuzzy, score: 0.9))
        }
        let cityAgrees: Bool? = wanted.city.isEmpty || found.city.isEmpty ? nil : wanted.city == found.city
        switch (wanted.zip, found.zip) {
        case let (a?, b?) where a == b: parts.append(.init(how: .normalized, score: 1))
        case (_?, _?): parts.append(cityAgrees == true ? .init(how: .fuzzy, score: 0.85) : .init(how: .different, score: 0))
        default:
            switch cityAgrees {
            case true?: parts.append(.init(how: .normalized, score: 1))
            case false?: parts.append(.init(how: .different, score: 0))
            case nil: parts.append(.init(how: .fuzzy, score: 0.9))
            }
        }
        if let a = wanted.state, let b = found.state, a != b { parts.append(.init(how: .different, score: 0)) }
        let score = parts.map(\.score).reduce(1, *)
        if parts.contains(where: { $0.how == .different }) { return .init(how: .different, score: score) }
        return .init(how: parts.allSatisfy { $0.how == .normalized } ? .normalized : .fuzzy, score: score)
    }

    /// "APT 4", "# 4", "STE 4" all name unit 4 of the building.
    private static func unitNumber(_ unit: String?) -> String? {
        guard let unit else { return nil }
        return unit.split(separator: " ").last.map(String.init) ?? unit
    }
}
