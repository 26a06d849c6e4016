/// A store a scheduled scan can index (see FootprintIndex): it names its containers
/// with fingerprints, streams each one's identifier values for the index, and fetches
/// the records the index names. No default: a store that cannot do this is searched
/// live by every lookup, and `footprint sources` says so.
public protocol IndexableConnector: Connector {
    /// The containers a scan reads, each with a fingerprint that changes when its content
    /// does (size, modification time and sampled content for files; row counts or a
    /// configured updated_at for tables). A nil fingerprint means the store cannot tell,
    /// so lookups search it live.
    func scanContainers() throws -> [ContainerState]

    /// Streams one container's rows into `rows` for indexing, each with its byte position
    /// when the connector can later seek straight to it (-1 otherwise). A connector
    /// holding raw bytes adds just the identifier values.
    func scan(_ container: ContainerState, into report: inout ScanReport, _ rows: IndexRowSink) throws

    /// The records at `candidates` (found in the index), fetched fresh and matched; returns
    /// the candidates whose record is gone (stale). `searchByReading` serves a store
    /// that cannot fetch one record; `searchAtPositions` a file that can be seeked into.
    func searchIndexed(_ matcher: IdentityMatcher, candidates: [IndexedLocator], into report: inout ScanReport,
                       _ emit: (Found) throws -> Void) throws -> [IndexedLocator]
}

/// A container as a scan sees it.
public struct ContainerState: Sendable, Hashable {
    public var name: String
    /// Changes whenever the content does; nil when the store cannot tell.
    public var fingerprint: String?
    /// Bytes to read, when known, for progress and ETA.
    public var size: Int64?
    /// Why the index cannot serve this container (a table with no key to fetch rows by),
    /// with the fix. A scan skips it, saying so; lookups search its source live.
    public var unindexable: String?

    public init(name: String, fingerprint: String?, size: Int64? = nil, unindexable: String? = nil) {
        self.name = name
        self.fingerprint = fingerprint
        self.size = size
        self.unindexable = unindexable
    }
}

/// Where the index says a record is: its container and key, and its byte position when known.
public struct IndexedLocator: Sendable, Hashable {
    public var container: String
    public var key: String
    public var position: Int64

    public init(container: String, key: String, position: Int64) {
        self.container = container
        self.key = key
        self.position = position
    }
}

extension IndexableConnector {
    /// `searchIndexed` for files whose records the index locates by byte position. Per
    /// container, `reader` prepares what reads the one record at a candidate's position (a
    /// CSV reads its header first); it answers nil when the record there is not the
    /// candidate's any more (stale). Candidates in files that cannot be seeked into
    /// (compressed, transcoded) are found by reading those files through.
    public func searchAtPositions(_ matcher: IdentityMatcher, candidates: [IndexedLocator], into report: inout ScanReport,
                                  container: (String) throws -> Container?,
                                  reader: (Container) throws -> (IndexedLocator, inout ScanReport) throws -> Record?,
                                  _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        var stale: [IndexedLocator] = []
        var unseekable: [IndexedLocator] = []
        for (name, group) in Dictionary(grouping: candidates, by: \.container).sorted(by: { $0.key < $1.key }) {
            guard let container = try container(name) else {
                stale += group
                continue
            }
            guard container.isPlainFile, group.allSatisfy({ $0.position >= 0 }) else {
                unseekable += group
                continue
            }
            let read = try reader(container)
            for candidate in group {
                let found = try read(candidate, &report)
                report.recordsExamined += 1
                guard var record = found else {
                    stale.append(candidate)
                    continue
                }
                record.position = candidate.position
                if let match = matcher.match(record) { try emit(Found(record: record, match: match)) }
            }
            report.containersRead += 1
        }
        guard !unseekable.isEmpty else { return stale }
        // Warnings from the files read through on the way are not this lookup's; failures are.
        var through = ScanReport()
        let gone = try searchByReading(matcher, candidates: unseekable, into: &through, emit)
        report.recordsExamined += through.recordsExamined
        report.errors += through.errors
        return stale + gone
    }

    /// `searchIndexed` by reading the candidates' containers through: for stores that
    /// cannot fetch one record (and for files that cannot be seeked into).
    public func searchByReading(_ matcher: IdentityMatcher, candidates: [IndexedLocator], into report: inout ScanReport,
                                _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        var wanted = Set(candidates.map { "\($0.container)\u{0}\($0.key)" })
        let containers = Set(candidates.map(\.container))
        try records(into: &report) { record in
            guard containers.contains(record.locator.container) else { return true }
            if wanted.remove("\(record.locator.container)\u{0}\(record.locator.key)") != nil, let match = matcher.match(record) {
                try emit(Found(record: record, match: match))
            }
            return !wanted.isEmpty
        }
        return candidates.filter { wanted.contains("\($0.container)\u{0}\($0.key)") }
    }
}
