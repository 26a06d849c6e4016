import Foundation
import FootprintCore

/// Builds and refreshes the index. Incremental by default: a container whose fingerprint
/// is unchanged since its last scan is skipped, a changed one rescanned, a vanished one
/// dropped; `full` rescans everything. Each container is committed on its own, so a scan
/// that fails or is killed half-way leaves the rest of the index as it was and the next
/// scan picks up where it stopped.
public struct Scanner {
    public struct SourceSummary: Sendable {
        public var name: String
        public var containersScanned = 0
        public var containersSkipped = 0
        public var containersDropped = 0
        public var records = 0
        public var identifiers = 0
        public var errors: [String] = []
        public var seconds = 0.0
    }

    public var connectors: [any Connector]
    public var store: IndexStore
    public var key: IndexKey
    public var policy: MatchingPolicy
    public var full: Bool
    /// Called after every few thousand records and after each container, for a progress line.
    public var progress: ((_ source: String, _ container: String, _ records: Int, _ done: Int, _ total: Int) -> Void)?

    public init(connectors: [any Connector], store: IndexStore, key: IndexKey, policy: MatchingPolicy, full: Bool) {
        self.connectors = connectors
        self.store = store
        self.key = key
        self.policy = policy
        self.full = full
    }

    public func run(dropSourcesNotIn allSources: Set<String>? = nil) -> [SourceSummary] {
        var summaries: [SourceSummary] = []
        let hasher = key.hasher()
        for connector in connectors {
            let source = connector.source
            var summary = SourceSummary(name: source.name)
            let started = Date()
            do {
                let states = try connector.scanContainers()
                let indexed = Dictionary(try store.containers(source: source.name).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
                for (position, state) in states.enumerated() {
                    if !full, let fingerprint = state.fingerprint, indexed[state.name]?.fingerprint == fingerprint {
                        summary.containersSkipped += 1
                        continue
                    }
                    do {
                        let (records, identifiers) = try scan(connector, state, hasher: hasher, done: position, total: states.count)
                        summary.containersScanned += 1
                        summary.records += records
                        summary.identifiers += identifiers
                    } catch {
                        // The container keeps what the last good scan indexed.
                        summary.errors.append(String(describing: error))
                    }
                }
                let current = Set(states.map(\.name))
                for (name, row) in indexed where !current.contains(name) {
                    try store.drop(containerID: row.id)
                    summary.containersDropped += 1
                }
            } catch {
                summary.errors.append(String(describing: error))
            }
            summary.seconds = Date().timeIntervalSince(started)
            summaries.append(summary)
        }
        if let allSources, let rows = try? store.containers() {
            for row in rows where !allSources.contains(row.source) { try? store.drop(containerID: row.id) }
        }
        return summaries
    }

    private func scan(_ connector: any Connector, _ state: ContainerState, hasher: TermHasher, done: Int, total: Int) throws -> (Int, Int) {
        let started = Date()
        let source = connector.source
        let mappings = connector.mappings(for: state.name)
        var postings: [(hash: Int64, key: String, position: Int64)] = []
        var records = 0
        var report = ScanReport()
        // Mappings differ per container only for databases; files share the source's.
        var mappingCache: [String: [FieldMapping]] = [state.name: mappings]
        try connector.scan(state, into: &report) { record, position in
            records += 1
            let container = record.locator.container
            if mappingCache[container] == nil { mappingCache[container] = connector.mappings(for: container) }
            for term in IndexTerms.terms(of: record, mappings: mappingCache[container]!, defaultRegion: source.defaultRegion, policy: policy) {
                postings.append((hasher.hash(term.term), record.locator.key, position))
            }
            if records % 50_000 == 0 { progress?(source.name, state.name, records, done, total) }
        }
        if let error = report.errors.first { throw error }
        postings.sort { ($0.hash, $0.key) < ($1.hash, $1.key) }
        try store.replace(source: source.name, container: state, records: records, seconds: Date().timeIntervalSince(started), postings: postings)
        progress?(source.name, state.name, records, done + 1, total)
        return (records, postings.count)
    }
}
