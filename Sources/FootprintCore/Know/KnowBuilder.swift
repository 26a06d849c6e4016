import Foundation

/// Decides what a Right-to-Know package discloses and assembles it from a lookup's
/// inventory. The lookup finds; this decides — precision before recall when acting:
///
/// - specific pieces come only from records matched as `confirmed` directly, and from rows
///   linked to such a record by a key the store declares (a customer's orders);
/// - a record reached through an identifier the request never held (expansion), or matched
///   as probable or possible, goes to the review list and into the package only once approved;
/// - below `reasonably_high` verification only categories are given, with the statement
///   §7024(a) requires; with no verification the request is denied, pointing to the policy;
/// - a value mapped `redact: true` (§7024(d)) is described, never copied;
/// - records collected before the lookback window are left out and counted.
public struct KnowBuilder {
    public var request: KnowRequest
    public var sources: [SourceConfig]
    public var organisation: Organisation
    /// Records staff approved for disclosure (`--approve FILE`).
    public var approved: Set<Locator> = []
    public var allowIncomplete: String?
    public var now = Date()
    /// A container's modification time, for sources whose `collected_at:` is `file_modified`.
    public var fileModified: (SourceConfig, String) -> Date? = { _, _ in nil }

    public init(request: KnowRequest, sources: [SourceConfig], organisation: Organisation) {
        self.request = request
        self.sources = sources
        self.organisation = organisation
    }

    /// What the entries of an inventory come to: the records to disclose (by source), the
    /// ones that wait for review, and what was left out or described.
    struct Sorted {
        var records: [String: [KnowPackage.DisclosedRecord]] = [:]
        var review: [KnowPackage.ReviewItem] = []
        var excluded = 0, undated = 0, redacted = 0
    }

    func sort(_ inventory: Inventory) -> Sorted {
        let byLocator = Dictionary(inventory.entries.map { ($0.record.locator, $0) }, uniquingKeysWith: { first, _ in first })
        let sourcesByName = Dictionary(sources.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var sorted = Sorted()
        for entry in inventory.entries {
            if case .review(let reason) = RecordStanding.of(entry, in: byLocator, approved: approved) {
                sorted.review.append(KnowPackage.ReviewItem(locator: entry.record.locator, tier: entry.match.tier, reason: reason,
                                                            evidence: entry.match.evidence, via: entry.via))
                continue
            }
            let (collected, collectedFrom) = collectionDate(entry, source: sourcesByName[entry.record.locator.source])
            if let collected, let windowStart = request.windowStart, collected < windowStart {
                sorted.excluded += 1
                continue
            }
            if collected == nil { sorted.undated += 1 }
            let pieces = entry.record.fields.compactMap { piece($0, mapping: entry.mappings[$0.name], redacted: &sorted.redacted) }
            sorted.records[entry.record.locator.source, default: []].append(KnowPackage.DisclosedRecord(
                container: entry.record.locator.container, key: entry.record.locator.key, collected: collected,
                collectedFrom: collectedFrom, via: entry.via, pieces: pieces))
        }
        return sorted
    }

    /// A field as a piece of the package: its value, or a description for a value that is
    /// never disclosed (§7024(d)); nil for an empty field.
    func piece(_ field: Field, mapping: FieldMapping?, redacted: inout Int) -> KnowPackage.Piece? {
        guard !Self.isEmpty(field.value) else { return nil }
        if mapping?.redact == true {
            redacted += 1
            return KnowPackage.Piece(name: field.name, category: mapping?.category, sensitive: true, value: nil,
                                     described: "\(field.name): collected; not disclosed (a value of this kind is never sent, §7024(d))")
        }
        return KnowPackage.Piece(name: field.name, category: mapping?.category, sensitive: mapping?.sensitive ?? false,
                                 value: field.value, described: nil)
    }

    public func build(_ inventory: Inventory) -> KnowPackage {
        let sourcesByName = Dictionary(sources.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let disclosure: KnowPackage.Disclosure = request.verification == .none ? .denied
            : request.verification == .reasonablyHigh && request.kind == .specificPieces ? .specificPieces : .categoriesOnly
        let sorted = sort(inventory)
        var package = KnowPackage(
            request: request, organisation: organisation, generated: now, status: .complete, incompleteReasons: [],
            incompleteAllowed: nil, disclosure: disclosure, disclosureStatement: statement(for: disclosure),
            categoriesCollected: [], sourcesOfCollection: [], purposes: [], thirdParties: [], soldOrShared: [],
            disclosedForBusinessPurpose: [], windowStart: request.windowStart, windowEnd: request.received,
            excludedByLookback: sorted.excluded, undated: sorted.undated, systems: [], notSearched: [], withheld: [], review: sorted.review)
        for result in inventory.sources {
            let records = sorted.records[result.name] ?? []
            package.systems.append(KnowPackage.System(source: result.name, status: result.status, searched: result.method, errors: result.errors,
                                                      records: records, held: records.count, facts: sourcesByName[result.name]?.system ?? result.system))
            if result.status != .complete {
                package.incompleteReasons.append("\(result.name) was \(result.status == .failed ? "not searched" : "searched only in part"): "
                    + (result.errors.first.map(\.description) ?? "unknown reason"))
            }
        }
        package.notSearched = sources.compactMap { source in source.system.notSearched.map { (source.name, $0) } }
        if !package.incompleteReasons.isEmpty {
            package.status = .incomplete
            package.incompleteAllowed = allowIncomplete
        }
        fillItems(&package)
        if disclosure != .specificPieces {
            // The items are still derived from the records; the records themselves are not sent.
            for index in package.systems.indices { package.systems[index].records = [] }
        }
        if disclosure == .denied { clearItems(&package) }
        package.withheld = [
            ("awaiting staff review (probable, possible or derived matches)", sorted.review.count),
            ("collected before the lookback window", sorted.excluded),
            ("values never disclosed (§7024(d)); described instead", sorted.redacted),
        ].filter { $0.1 > 0 }
        return package
    }

    /// The seven items, from the records the package rests on: only systems holding them
    /// contribute, so the answer is this person's and not the privacy policy's.
    private func fillItems(_ package: inout KnowPackage) {
        var counts: [PICategory: Int] = [:]
        var sold: [PICategory: Set<String>] = [:], business: [PICategory: Set<String>] = [:]
        var sourcesOfCollection: [String] = [], purposes: [String] = [], thirdParties: [String] = []
        func add(_ items: [String], to list: inout [String]) { for item in items where !list.contains(item) { list.append(item) } }
        for system in package.systems where system.held > 0 {
            var categories: Set<PICategory> = []
            for record in system.records {
                for piece in record.pieces {
                    guard let category = piece.category else { continue }
                    counts[category, default: 0] += 1
                    categories.insert(category)
                    if piece.sensitive && category != .L {
                        counts[.L, default: 0] += 1
                        categories.insert(.L)
                    }
                }
            }
            let facts = system.facts
            add(facts.collectedFrom, to: &sourcesOfCollection)
            add(facts.purposes, to: &purposes)
            add(facts.soldOrSharedTo + facts.disclosedForBusinessPurposeTo, to: &thirdParties)
            for category in categories {
                if !facts.soldOrSharedTo.isEmpty { sold[category, default: []].formUnion(facts.soldOrSharedTo) }
                if !facts.disclosedForBusinessPurposeTo.isEmpty { business[category, default: []].formUnion(facts.disclosedForBusinessPurposeTo) }
            }
        }
        package.categoriesCollected = PICategory.allCases.compactMap { category in counts[category].map { .init(category: category, pieces: $0) } }
        package.sourcesOfCollection = sourcesOfCollection
        package.purposes = purposes
        package.thirdParties = thirdParties
        package.soldOrShared = PICategory.allCases.compactMap { c in sold[c].map { .init(category: c, recipients: $0.sorted()) } }
        package.disclosedForBusinessPurpose = PICategory.allCases.compactMap { c in business[c].map { .init(category: c, recipients: $0.sorted()) } }
    }

    private func clearItems(_ package: inout KnowPackage) {
        package.categoriesCollected = []
        package.sourcesOfCollection = []
        package.purposes = []
        package.thirdParties = []
        package.soldOrShared = []
        package.disclosedForBusinessPurpose = []
    }

    private func statement(for disclosure: KnowPackage.Disclosure) -> String? {
        switch disclosure {
        case .specificPieces: return nil
        case .categoriesOnly:
            return request.kind == .categories ? nil
                : "We could not verify your identity to the degree required to disclose specific pieces of personal information "
                + "(11 CCR §7062: a reasonably high degree of certainty), so we have not disclosed any. As the regulations require "
                + "(§7024(a)), we have treated your request as one for the categories of personal information we hold about you."
        case .denied:
            let policy = organisation.privacyPolicy.map { " Our privacy policy (\($0)) describes the categories of personal information we collect, its sources and purposes, and whom we disclose it to." } ?? ""
            return "We could not verify your identity, so we cannot disclose personal information about you (11 CCR §7024(a)–(b))." + policy
                + " You may submit a new request with the information our verification process asks for."
        }
    }

    /// When the record was collected, from the source's `collected_at:` (a field, or the file's time).
    private func collectionDate(_ entry: Inventory.Entry, source: SourceConfig?) -> (Date?, String?) {
        guard let source, let rule = source.system.collectedAt else { return (nil, nil) }
        if rule == "file_modified" {
            return (fileModified(source, entry.record.locator.container), "file modified")
        }
        guard let field = entry.record.fields.first(where: { $0.name == rule }), let text = field.value.strings.first,
              let date = DateOnly.parseRecordDate(text) else { return (nil, nil) }
        return (date, rule)
    }

    static func isEmpty(_ value: FieldValue) -> Bool {
        switch value {
        case .null: return true
        case .string(let text): return text.trimmingCharacters(in: .whitespaces).isEmpty
        case .array(let items): return items.allSatisfy(isEmpty)
        default: return false
        }
    }
}
