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
    /// Where a scan is, for a progress line: records and bytes so far, and the bytes in all
    /// (nil when the sources cannot tell) for a rate and an ETA.
    public struct Progress {
        public var source: String
        public var container: String
        public var records: Int
        public var bytes: Int64
        public var totalBytes: Int64?
        public var containersDone: Int
        public var containers: Int
    }

    /// Called every 50,000 records and after each container.
    public var progress: ((Progress) -> Void)?

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
        var recordsSoFar = 0
        var bytesSoFar: Int64 = 0
        for connector in connectors {
            let source = connector.source
            var summary = SourceSummary(name: source.name)
            let started = Date()
            do {
                // A locator's key is stored as it is; it must never be an email, phone, name,
                // address or birth date (an account id is what a locator is made of).
                if let key = source.key, let mapping = source.mapping(for: key), let kind = mapping.identifier, kind != .accountID {
                    throw ConfigError("source '\(source.name)' is keyed by '\(key)', which holds \(kind.rawValue) values: the index would store them in clear",
                                      at: source.node["key"]?.location,
                                      hint: "set key: to an id column, or leave it out to key records by row number")
                }
                let states = try connector.scanContainers()
                let totalBytes: Int64? = states.allSatisfy({ $0.size != nil }) ? states.compactMap(\.size).reduce(0, +) : nil
                let indexed = Dictionary(try store.containers(source: source.name).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
                for (position, state) in states.enumerated() {
                    if !full, let fingerprint = state.fingerprint, indexed[state.name]?.fingerprint == fingerprint {
                        summary.containersSkipped += 1
                        bytesSoFar += state.size ?? 0
                        continue
                    }
                    do {
                        let report: (Int, Int64) -> Void = { [progress] records, bytes in
                            progress?(Progress(source: source.name, container: state.name, records: recordsSoFar + records, bytes: bytesSoFar + bytes,
                                               totalBytes: totalBytes, containersDone: position, containers: states.count))
                        }
                        let (records, identifiers) = try scan(connector, state, hasher: hasher, progress: report)
                        recordsSoFar += records
                        bytesSoFar += state.size ?? 0
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

    private func scan(_ connector: any Connector, _ state: ContainerState, hasher: TermHasher,
                      progress: (Int, Int64) -> Void) throws -> (Int, Int) {
        let started = Date()
        let source = connector.source
        let policy = self.policy
        let work = TermWork(connector: connector, hasher: hasher, policy: policy, region: source.defaultRegion)
        var keys: [String] = []
        var report = ScanReport()
        var batch: [(Record, Int64)] = []
        batch.reserveCapacity(TermWork.batchSize)
        // The reader streams records; background threads turn batches of them into hashed
        // terms, so parsing and hashing share the cores.
        try connector.scan(state, into: &report) { record, position in
            keys.append(record.locator.key)
            batch.append((record, position))
            if batch.count == TermWork.batchSize {
                work.submit(batch, firstRecord: keys.count - batch.count)
                batch.removeAll(keepingCapacity: true)
            }
            if keys.count % 50_000 == 0 { progress(keys.count, max(position, 0)) }
        }
        work.submit(batch, firstRecord: keys.count - batch.count)
        var postings = work.finish()
        if let error = report.errors.first { throw error }
        postings.sort { $0.hash < $1.hash || ($0.hash == $1.hash && $0.record < $1.record) }
        let records = keys.count
        try store.replace(source: source.name, container: state, keys: keys, seconds: Date().timeIntervalSince(started), postings: postings)
        progress(records, state.size ?? 0)
        return (records, postings.count)
    }
}

/// Hashes the index terms of record batches on a background thread, a few batches ahead
/// of the reader at most.
final class TermWork: @unchecked Sendable {
    static let batchSize = 8192
    typealias Posting = IndexStore.Posting

    private let connector: any Connector
    private let hasher: TermHasher
    private let policy: MatchingPolicy
    private let region: String
    private let queue = DispatchQueue(label: "footprint.index.terms", attributes: .concurrent)
    private let group = DispatchGroup()
    private let slots = DispatchSemaphore(value: 4)
    private let lock = NSLock()
    private var postings: [Posting] = []

    init(connector: any Connector, hasher: TermHasher, policy: MatchingPolicy, region: String) {
        self.connector = connector
        self.hasher = hasher
        self.policy = policy
        self.region = region
    }

    func submit(_ batch: [(Record, Int64)], firstRecord: Int) {
        guard !batch.isEmpty else { return }
        slots.wait()
        queue.async(group: group) { [self] in
            var local: [Posting] = []
            local.reserveCapacity(batch.count * 3)
            var cache: [String: [FieldMapping]] = [:]
            for (offset, (record, position)) in batch.enumerated() {
                let container = record.locator.container
                if cache[container] == nil { cache[container] = connector.mappings(for: container) }
                for term in IndexTerms.terms(of: record, mappings: cache[container]!, defaultRegion: region, policy: policy) {
                    local.append(Posting(hash: hasher.hash(term.term), position: position, record: Int64(firstRecord + offset)))
                }
            }
            lock.withLock { postings.append(contentsOf: local) }
            slots.signal()
        }
    }

    func finish() -> [Posting] {
        group.wait()
        return lock.withLock { postings }
    }
}
