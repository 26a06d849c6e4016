import FootprintCore

extension IndexStore {
    /// What the index holds per configured source, and which containers changed since
    /// their scan (new, changed, gone, or a store that cannot tell), for `index stats`.
    /// `connector` makes a source's connector, or nil when it cannot be made right now
    /// (its secret is not set): the source's rows are still shown, without what changed.
    public func stats(path: String, sources configured: [SourceConfig], connector: (SourceConfig) -> (any Connector)?) throws -> IndexStats {
        let rows = try containers()
        var sources: [IndexStats.Source] = []
        for source in configured {
            let name = source.name
            let connector = connector(source)
            let mine = rows.filter { $0.source == name }
            var stale: [String] = []
            if let indexable = connector?.capability((any IndexableConnector).self), let states = try? indexable.scanContainers() {
                let indexed = Dictionary(mine.map { ($0.name, $0.fingerprint) }, uniquingKeysWith: { a, _ in a })
                for state in states where state.fingerprint == nil || indexed[state.name] != state.fingerprint {
                    stale.append(indexed[state.name] == nil ? "\(state.name) (new)"
                        : state.fingerprint == nil ? "\(state.name) (cannot tell)" : "\(state.name) (changed)")
                }
                let current = Set(states.map(\.name))
                for row in mine where !current.contains(row.name) { stale.append("\(row.name) (gone)") }
            } else if let connector, connector.capability((any IndexableConnector).self) == nil {
                stale.append("(this store cannot be indexed; lookups search it live)")
            }
            sources.append(IndexStats.Source(name: name, containers: mine.count, records: mine.map(\.records).reduce(0, +),
                                             identifiers: mine.map(\.identifiers).reduce(0, +), lastScan: mine.map(\.scannedAt).max(),
                                             stale: stale))
        }
        return IndexStats(path: path, bytes: Int64(fileSize), sources: sources)
    }
}
