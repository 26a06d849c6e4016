/// Runs a lookup: one connector per source, each searched with its own matcher, the
/// results gathered into an `Inventory`. A source that throws is recorded as failed and
/// the others still run.
public struct LookupEngine {
    public var connectors: [any Connector]

    public init(connectors: [any Connector]) {
        self.connectors = connectors
    }

    public func lookup(_ identity: Identity, keys: IdentityKeys) -> Inventory {
        var inventory = Inventory(identity: identity, keys: keys)
        for connector in connectors {
            let source = connector.source
            let matcher = IdentityMatcher(keys: keys, source: source)
            let mappings = Dictionary(source.fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            var report = ScanReport()
            do {
                try connector.search(matcher, into: &report) { record, match in
                    inventory.entries.append(Inventory.Entry(record: record, match: match, via: nil, mappings: mappings))
                }
            } catch {
                report.errors.append(error as? SourceError ?? SourceError(String(describing: error)))
            }
            inventory.sources.append(Inventory.SourceResult(
                name: source.name, connector: source.connector, status: report.status,
                recordsExamined: report.recordsExamined, errors: report.errors.map(\.description),
                warnings: report.diagnostics.map(\.description), system: source.system))
        }
        return inventory
    }
}
