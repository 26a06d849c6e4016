import Foundation
import FootprintCore
import Logging

/// Builds and refreshes the index. Incremental by default: a container whose fingerprint
/// is unchanged since its last scan is skipped, a changed one rescanned, a vanished one
/// dropped; `full` rescans everything. Each container is committed on its own, so a scan
/// that fails or is killed half-way leaves the rest of the index as it was and the next
/// scan picks up where it stopped.
public struct Scanner {
    public var connectors: [any IndexableConnector]
    public var store: IndexStore
    public var key: IndexKey
    public var policy: MatchingPolicy
    public var full: Bool
    /// Told each container scanned, skipped or dropped at debug level (`--verbose`).
    public var logger: Logger = .silent
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
        /// The container is read and its postings are being sorted and written.
        public var writing = false
    }

    /// Whether each container's field values are classified and counted for the data map
    /// (on by default; `scan --no-observe` leaves the counts of the last observing scan).
    public var observe = true

    /// Called every 50,000 records and after each container.
    public var progress: ((Progress) -> Void)?

    /// Postings and encoded key bytes a container's scan holds in memory before it writes
    /// them to a scratch file beside the index. Memory then stays near 300 MB for a container
    /// of any size, and spilling costs little (the 4M-row bench scans in the same time).
    var postingsInMemory = 4 << 20
    var keyBytesInMemory = 64 << 20

    public init(connectors: [any IndexableConnector], store: IndexStore, key: IndexKey, policy: MatchingPolicy, full: Bool) {
        self.connectors = connectors
        self.store = store
        self.key = key
        self.policy = policy
        self.full = full
    }

    public func run(dropSourcesNotIn allSources: Set<String>? = nil) -> [ScanSummary] {
        // Scratch files a killed scan left behind (the scan lock is held).
        SpillFile.removeLeftovers(in: (store.path as NSString).deletingLastPathComponent)
        var summaries: [ScanSummary] = []
        let hasher = key.hasher()
        var recordsSoFar = 0
        var bytesSoFar: Int64 = 0
        for connector in connectors {
            let source = connector.source
            var summary = ScanSummary(name: source.name)
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
                    if let reason = state.unindexable {
                        summary.warnings.append("\(state.name): not indexed: \(reason)")
                        continue
                    }
                    if !full, let fingerprint = state.fingerprint, indexed[state.name]?.fingerprint == fingerprint {
                        summary.containersSkipped += 1
                        bytesSoFar += state.size ?? 0
                        logger.debug("container unchanged since its last scan", metadata: ["source": "\(source.name)", "container": "\(state.name)"])
                        continue
                    }
                    do {
                        let report: (Int, Int64, Bool) -> Void = { [progress] records, bytes, writing in
                            progress?(Progress(source: source.name, container: state.name, records: recordsSoFar + records, bytes: bytesSoFar + bytes,
                                               totalBytes: totalBytes, containersDone: position, containers: states.count, writing: writing))
                        }
                        let containerStarted = ContinuousClock.now
                        let (records, identifiers) = try scan(connector, state, hasher: hasher, progress: report)
                        logger.debug("container scanned", metadata: [
                            "source": "\(source.name)", "container": "\(state.name)", "records": "\(records)", "identifiers": "\(identifiers)",
                            "ms": "\((ContinuousClock.now - containerStarted).milliseconds)",
                        ])
                        recordsSoFar += records
                        bytesSoFar += state.size ?? 0
                        summary.containersScanned += 1
                        summary.records += records
                        summary.identifiers += identifiers
                    } catch {
                        // The container keeps what the last good scan indexed.
                        summary.errors.append(SourceError(error, container: state.name))
                    }
                }
                let current = Set(states.map(\.name))
                for (name, row) in indexed where !current.contains(name) {
                    try store.drop(containerID: row.id)
                    summary.containersDropped += 1
                    logger.debug("container gone: dropped from the index", metadata: ["source": "\(source.name)", "container": "\(name)"])
                }
            } catch {
                summary.errors.append(SourceError(error, container: source.name))
            }
            summary.seconds = Date().timeIntervalSince(started)
            summaries.append(summary)
        }
        if let allSources, let rows = try? store.containers() {
            for row in rows where !allSources.contains(row.source) { try? store.drop(containerID: row.id) }
        }
        return summaries
    }

    private func scan(_ connector: any IndexableConnector, _ state: ContainerState, hasher: TermHasher,
                      progress: @escaping (Int, Int64, Bool) -> Void) throws -> (Int, Int) {
        let started = Date()
        let source = connector.source
        let folder = (store.path as NSString).deletingLastPathComponent
        let postings = PostingSorter(limit: postingsInMemory, folder: folder)
        let keys = KeyPages(limit: keyBytesInMemory, folder: folder)
        let work = TermWork(hasher: hasher, policy: policy, region: source.defaultRegion, into: postings)
        var report = ScanReport()
        // The connector reads on this thread; each batch of rows is hashed on the others.
        let rows = IndexRowSink(defaultRegion: source.defaultRegion, mappings: connector.mappings(for:), observe: observe) { batch in
            let first = keys.count
            guard first + batch.count <= Int(UInt32.max) else {
                throw SourceError(.limit, "the container has more than \(UInt32.max) records, more than one index container can hold",
                                  container: state.name, hint: "split the export into several files")
            }
            try keys.append(contentsOf: batch)
            work.submit(batch, firstRecord: UInt32(first))
            if keys.count / 50_000 != first / 50_000 { progress(keys.count, max(batch.position(ofRow: batch.count - 1), 0), false) }
        }
        do {
            try connector.scan(state, into: &report, rows)
            try rows.finish()
        } catch {
            try? work.finish()
            throw error
        }
        try work.finish()
        if let error = report.errors.first { throw error }
        progress(keys.count, state.size ?? 0, true)
        try store.replace(source: source.name, container: state, keys: keys, postings: postings, seconds: Date().timeIntervalSince(started),
                          observations: rows.observer?.observations)
        progress(keys.count, state.size ?? 0, false)
        return (keys.count, postings.count)
    }
}

/// Hashes the index terms of row batches on background threads, a few batches ahead of
/// the reader at most, into a `PostingSorter`.
final class TermWork: @unchecked Sendable {
    typealias Posting = IndexStore.Posting

    private let hasher: TermHasher
    private let policy: MatchingPolicy
    private let region: String
    private let postings: PostingSorter
    private let queue = DispatchQueue(label: "footprint.index.terms", attributes: .concurrent)
    private let group = DispatchGroup()
    private let slots = DispatchSemaphore(value: 4)
    private let lock = NSLock()
    private var failure: Error?

    init(hasher: TermHasher, policy: MatchingPolicy, region: String, into postings: PostingSorter) {
        self.hasher = hasher
        self.policy = policy
        self.region = region
        self.postings = postings
    }

    func submit(_ rows: IndexRows, firstRecord: UInt32) {
        guard rows.count > 0 else { return }
        slots.wait()
        queue.async(group: group) { [self] in
            defer { slots.signal() }
            let builder = TermBuilder(policy: policy, defaultRegion: region)
            var local: [Posting] = []
            local.reserveCapacity(rows.count * 4)
            for row in 0..<rows.count {
                let record = firstRecord + UInt32(row)
                builder.forEachTerm(ofRow: row, in: rows) { term in
                    local.append(Posting(hash: hasher.hash(term), record: record))
                }
            }
            do {
                try postings.add(local)
            } catch {
                lock.withLock { if failure == nil { failure = error } }
            }
        }
    }

    /// Waits for the batches submitted; throws what a worker could not do (write a run).
    func finish() throws {
        group.wait()
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
