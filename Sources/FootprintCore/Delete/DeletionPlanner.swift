import Foundation

/// Turns a lookup's inventory into a deletion plan: for every record, the action the
/// configuration and the evidence allow. Nothing is erased that the plan does not name,
/// and a record is planned for erasure only on evidence a reviewer would accept:
///
/// - records that need a person's decision (probable, possible, derived; see
///   `RecordStanding`) are `review`, never erased unless approved;
/// - a system whose `deletion:` is `none` keeps its records under its first exception
///   (`retain`), one set to `deidentify` has the identifying fields blanked;
/// - a store that cannot erase (no `ErasingConnector`) gets `manual`, with what to do;
/// - a system with `backups:` gets one `deferred` item for them (§7022(d)).
public struct DeletionPlanner {
    public var sources: [SourceConfig]
    public var approved: Set<Locator> = []
    /// Why Footprint cannot erase a record in this source and container, or nil when it
    /// can (the source's connector is an `ErasingConnector` and the container is writable).
    public var cannotErase: (String, String) -> String? = { _, _ in "this kind of store cannot be erased from by Footprint" }
    /// The keyed fingerprint of a record's content.
    public var fingerprint: (Record) -> String
    /// The store's own adjustments to a source's items (`ErasingConnector.refine`).
    public var refine: (String, inout [DeletionPlan.Item]) throws -> Void = { _, _ in }

    public init(sources: [SourceConfig], fingerprint: @escaping (Record) -> String) {
        self.sources = sources
        self.fingerprint = fingerprint
    }

    public func items(for inventory: Inventory) -> [DeletionPlan.Item] {
        // Whether a container can be erased is asked once per container (it may open the file).
        var verdicts: [String: String?] = [:]
        let cannotErase = { (source: String, container: String) -> String? in
            let key = source + "\u{0}" + container
            if let known = verdicts[key] { return known }
            let verdict = self.cannotErase(source, container)
            verdicts[key] = verdict
            return verdict
        }
        let byLocator = Dictionary(inventory.entries.map { ($0.record.locator, $0) }, uniquingKeysWith: { first, _ in first })
        let sourcesByName = Dictionary(sources.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [DeletionPlan.Item] = inventory.entries.map { entry in
            let locator = entry.record.locator
            var item = DeletionPlan.Item(source: locator.source, container: locator.container, key: locator.key,
                                         fingerprint: fingerprint(entry.record), action: .review, tier: entry.match.tier,
                                         linkedFrom: entry.match.evidence.contains { $0.how == .linked }
                                             ? entry.via.map { "\($0.locator.source):\($0.locator.container)#\($0.locator.key)" } : nil,
                                         position: entry.record.position)
            if case .review(let reason) = RecordStanding.of(entry, in: byLocator, approved: approved) {
                item.reason = reason + (entry.via.map { " (via \($0.locator.source):\($0.locator.container)#\($0.locator.key), field \($0.field))" } ?? "")
                return item
            }
            decide(&item, entry: entry, facts: sourcesByName[locator.source]?.system ?? SystemFacts())
            return item
        }
        // What only the store knows (shared rows, outgoing links, per-table rules). A store
        // that cannot be asked leaves its erasures to a person's review, never to a guess.
        for source in Set(items.map(\.source)).sorted() {
            let indices = items.indices.filter { items[$0].source == source }
            var part = indices.map { items[$0] }
            do {
                try refine(source, &part)
            } catch {
                for i in part.indices where part[i].action == .erase || part[i].action == .deidentify {
                    part[i].action = .review
                    part[i].reason = "could not check whether other records use it (\(SourceError(error).description)): plan again when the store answers"
                }
            }
            for (index, item) in zip(indices, part) { items[index] = item }
        }
        for i in items.indices { handOver(&items[i], cannotErase: cannotErase) }
        // Backups hold every system's data: one deferred item per system that has records here.
        for source in sources {
            guard let backups = source.system.backups, inventory.entries.contains(where: { $0.record.locator.source == source.name }) else { continue }
            items.append(DeletionPlan.Item(source: source.name, container: "(backups)", key: "*", fingerprint: nil, action: .deferred,
                                           tier: nil, reason: "\(backups) — erased from the backups when they are restored or roll off (11 CCR §7022(d))"))
        }
        return items
    }

    private func decide(_ item: inout DeletionPlan.Item, entry: Inventory.Entry, facts: SystemFacts) {
        switch facts.deletion {
        case .none:
            item.action = .retain
            item.exception = facts.exceptions.first ?? "an exception of Civ. Code §1798.105(d) (the configuration names none: add system.exceptions)"
            item.reason = facts.retention.map { "kept: \($0)" } ?? "kept under the system's exception"
        case .deidentify, .aggregate:
            item.action = .deidentify
            item.fields = entry.record.fields.filter { field in entry.mappings[field.name]?.identifier != nil }.map(\.name)
            item.reason = "the system keeps the record with the person's identifying fields blanked"
        case .erase:
            item.action = .erase
        }
    }

    /// An erase or deidentify item in a store Footprint cannot change becomes a person's task.
    private func handOver(_ item: inout DeletionPlan.Item, cannotErase: (String, String) -> String?) {
        let why = cannotErase(item.source, item.container)
        guard item.action == .erase || item.action == .deidentify, let why else { return }
        let what = item.action == .erase ? "delete record \(item.key)" : "blank \(item.fields?.joined(separator: ", ") ?? "the identifying fields") of record \(item.key)"
        item.instructions = "Footprint cannot change \(item.source) (\(item.container)) itself (\(why)): \(what) there, in the system of record "
            + "if this is an export of it, then look the person up again (footprint lookup) to confirm it is gone."
        item.reason = item.action == .erase ? "to be erased by hand" : "to be de-identified by hand"
        item.action = .manual
    }
}
