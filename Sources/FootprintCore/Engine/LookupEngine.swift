import Logging

/// Runs a lookup: every source searched with its own matcher, then *expansion* — the
/// email addresses, phone numbers and account ids found in confirmed records are
/// searched for in turn (bounded by `MatchingPolicy.expansionDepth`), so a record that
/// carries only the person's second address or their CRM id is found too, with `via`
/// naming the record and field that led to it. Expansion never starts from a probable
/// or possible record, and never from a role address.
///
/// A source that throws is recorded as failed and the others still run. With a logger at
/// debug level (`--verbose`), each search of each source is told: how it was searched,
/// what it examined and found, how long it took — counts and names, never a value.
public struct LookupEngine {
    public var connectors: [any Connector]
    public var policy: MatchingPolicy
    public var logger: Logger

    public init(connectors: [any Connector], policy: MatchingPolicy = MatchingPolicy(), logger: Logger = .silent) {
        self.connectors = connectors
        self.policy = policy
        self.logger = logger
    }

    public func lookup(_ identity: Identity, keys: IdentityKeys) -> Inventory {
        var inventory = Inventory(identity: identity, keys: keys)
        var index: [Locator: Int] = [:]
        var frontier: [Int] = []
        var reports = search(keys, expansion: nil) { entry in
            index[entry.record.locator] = inventory.entries.count
            if entry.match.tier == .confirmed { frontier.append(inventory.entries.count) }
            inventory.entries.append(entry)
        }
        var searched = Set(keys.emails.map { "email:\($0)" } + keys.phones.map { "phone:\($0)" } + keys.accountIDs.map { "id:\($0)" })
        var depth = 0
        while depth < policy.expansionDepth, !frontier.isEmpty {
            depth += 1
            // New strong keys from this round's confirmed records, each with where it was found.
            var origins: [String: Origin] = [:]
            var expanded = IdentityKeys()
            expanded.names = keys.names
            expanded.addresses = keys.addresses
            expanded.datesOfBirth = keys.datesOfBirth
            for position in frontier {
                let entry = inventory.entries[position]
                guard let connector = connectors.first(where: { $0.source.name == entry.record.locator.source }) else { continue }
                let matcher = IdentityMatcher(keys: keys, source: connector.source, policy: policy)
                let mappings = connector.mappings(for: entry.record.locator.container)
                for found in matcher.strongKeys(in: entry.record, mappings: mappings) where !searched.contains(found.id) {
                    if found.kind == .email && policy.isRoleAddress(found.key) { continue }
                    searched.insert(found.id)
                    let step = Inventory.Via(locator: entry.record.locator, field: found.field)
                    origins[found.id] = Origin(via: step, chain: Self.chain(of: entry) + [step])
                    switch found.kind {
                    case .email: expanded.emails.insert(found.key)
                    case .phone: expanded.phones.insert(found.key)
                    default: expanded.accountIDs.insert(found.key)
                    }
                }
            }
            frontier = []
            guard !origins.isEmpty else { break }
            // Confirmed records cannot be strengthened: no store need fetch or follow them again.
            let confirmed = Set(inventory.entries.filter { $0.match.tier == .confirmed }.map(\.record.locator))
            let more = search(expanded, expansion: origins, known: confirmed) { entry in
                if let existing = index[entry.record.locator] {
                    // Already listed; expansion may only strengthen it.
                    if entry.match.tier > inventory.entries[existing].match.tier {
                        inventory.entries[existing] = entry
                        if entry.match.tier == .confirmed { frontier.append(existing) }
                    }
                    return
                }
                index[entry.record.locator] = inventory.entries.count
                if entry.match.tier == .confirmed { frontier.append(inventory.entries.count) }
                inventory.entries.append(entry)
            }
            // A source that failed in this round but not before is incomplete too, and what
            // this round read counts as examined.
            for (name, report) in more {
                let known = Set((reports[name]?.errors ?? []).map(\.description))
                reports[name]?.errors += report.errors.filter { !known.contains($0.description) }
                reports[name]?.recordsExamined += report.recordsExamined
            }
        }
        for connector in connectors {
            let source = connector.source
            let report = reports[source.name] ?? ScanReport()
            inventory.sources.append(Inventory.SourceResult(
                name: source.name, connector: source.connector, status: report.status,
                recordsExamined: report.recordsExamined, method: report.method, errors: report.errors,
                warnings: report.diagnostics.map(\.description), system: source.system))
        }
        return inventory
    }

    /// Where an expanded key came from: the record and field it was found in, and the
    /// whole chain back to a direct match (the direct match first).
    struct Origin {
        var via: Inventory.Via
        var chain: [Inventory.Via]
    }

    /// The chain that led to an entry: empty for a direct match.
    static func chain(of entry: Inventory.Entry) -> [Inventory.Via] {
        entry.match.evidence.first { $0.how == .derived }?.chain ?? []
    }

    /// One pass over every source. In an expansion pass only records that agree on one
    /// of the new strong keys count (a name-only match was already found, or not), and
    /// their agreement on such a key is evidence `derived`, with the chain that led to it.
    private func search(_ keys: IdentityKeys, expansion origins: [String: Origin]?, known: Set<Locator> = [],
                        _ found: (Inventory.Entry) -> Void) -> [String: ScanReport] {
        var reports: [String: ScanReport] = [:]
        for connector in connectors {
            let source = connector.source
            var matcher = IdentityMatcher(keys: keys, source: source, policy: policy)
            matcher.known = known
            var mappingsByContainer: [String: [String: FieldMapping]] = [:]
            var report = ScanReport()
            let started = ContinuousClock.now
            var matched = 0
            do {
                try connector.search(matcher, into: &report) { result in
                    matched += 1
                    var via = result.via
                    var match = result.match
                    if let origins, via == nil {
                        // Expansion: only records that agree on one of the new strong keys count.
                        let mappings = connector.mappings(for: result.record.locator.container)
                        let derived = matcher.strongKeys(in: result.record, mappings: mappings).filter { origins[$0.id] != nil }
                        guard let first = derived.first, let origin = origins[first.id],
                              match.evidence.contains(where: { $0.identifier.isStrong && ($0.how == .exact || $0.how == .normalized) }) else { return }
                        via = origin.via
                        let fields = Set(derived.map(\.field))
                        for i in match.evidence.indices where match.evidence[i].identifier.isStrong && fields.contains(match.evidence[i].field)
                            && (match.evidence[i].how == .exact || match.evidence[i].how == .normalized) {
                            match.evidence[i].how = .derived
                            match.evidence[i].chain = origin.chain
                        }
                    }
                    let container = result.record.locator.container
                    if mappingsByContainer[container] == nil {
                        mappingsByContainer[container] = Dictionary(connector.mappings(for: container).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
                    }
                    found(Inventory.Entry(record: result.record, match: match, via: via, mappings: mappingsByContainer[container]!))
                }
            } catch {
                report.errors.append(SourceError(error, container: source.name))
            }
            logger.debug("searched source", metadata: [
                "source": "\(source.name)", "round": "\(origins == nil ? "direct" : "expansion")", "searched": "\(report.method.rawValue)",
                "examined": "\(report.recordsExamined)", "found": "\(matched)", "status": "\(report.status.rawValue)",
                "ms": "\((ContinuousClock.now - started).milliseconds)",
            ])
            reports[source.name] = report
        }
        return reports
    }
}
