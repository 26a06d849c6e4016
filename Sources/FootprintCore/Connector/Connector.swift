/// One adapter per kind of data store (pdscan's shape): it reads records, may search
/// smarter than "read everything and filter", and reports what it could not read.
///
/// A connector never decides whether a record matches — the `IdentityMatcher` does —
/// and never prints. One failing container is recorded in the `ScanReport` and the
/// connector goes on with the next.
public protocol Connector: Sendable {
    var source: SourceConfig { get }

    /// Checks the configuration against the store before anything is read: paths
    /// exist, mapped fields exist. Throws `ConfigError` (exit 1).
    func validate() throws

    /// What the configuration names that the store does not have right now (a dropped
    /// table, a renamed column): reported by `footprint sources` and, by the connector's
    /// own search, as the source's errors (partial or failed, exit 2). Throws when the
    /// store cannot be reached. The default: nothing beyond `validate()`.
    func problems() throws -> [SourceError]

    /// Streams every record, in order. `body` returns false to stop early.
    func records(into report: inout ScanReport, _ body: (Record) throws -> Bool) throws

    /// Every record the matcher accepts, and any record that belongs to one of them by a
    /// link the store knows (a foreign key), with `via` set. The default reads all
    /// records; connectors override it with a faster path (byte probes, SQL pushdown,
    /// API search).
    func search(_ matcher: IdentityMatcher, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws

    /// The field mappings in force for records of one container (a table may have its own).
    func mappings(for container: String) -> [FieldMapping]

    /// Writes records as `footprint records` JSON lines (see `RecordJSON`), in chunks,
    /// up to `limit`. The default renders `records(into:)`; a connector may write lines
    /// straight from its store's own format when that is much faster.
    func writeRecordLines(limit: Int?, into report: inout ScanReport, _ write: ([UInt8]) throws -> Void) throws

    /// The containers and their fields (with a SQL type where the store has one), for
    /// `footprint discover`. The default samples the first records of each container.
    func discover() throws -> [DiscoveredContainer]

    // MARK: scheduled scans (see FootprintIndex)

    /// The containers a scan reads, each with a fingerprint that changes when its content
    /// does (size, modification time and sampled content for files; row counts or a
    /// configured updated_at for tables). A nil fingerprint means the store cannot tell,
    /// so lookups search it live. The default: one container standing for the whole source.
    func scanContainers() throws -> [ContainerState]

    /// Streams one container's rows into `rows` for indexing, each with its byte position
    /// when the connector can later seek straight to it (-1 otherwise). The default
    /// appends the records of `records(into:)`; a connector holding raw bytes adds just
    /// the identifier values.
    func scan(_ container: ContainerState, into report: inout ScanReport, _ rows: IndexRowSink) throws

    /// The records at `candidates` (found in the index), fetched fresh and matched; returns
    /// the candidates whose record is gone (stale). The default reads the containers named.
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

    /// Stands for every record of a source whose containers are not told apart.
    public static let whole = ContainerState(name: "*", fingerprint: nil)
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

/// A container's fields as the store describes them, for proposing mappings.
public struct DiscoveredContainer: Sendable {
    public var name: String
    public var fields: [(name: String, type: String?)]
    /// Whether the configuration lists this container under `tables:` (Postgres).
    public var isTable: Bool
    /// The table's primary key columns (empty for files and tables without one).
    public var primaryKey: [String]
    /// Columns that already carry a foreign key (links the store declares itself).
    public var linkedColumns: Set<String>

    public init(name: String, fields: [(name: String, type: String?)], isTable: Bool = false,
                primaryKey: [String] = [], linkedColumns: Set<String> = []) {
        self.name = name
        self.fields = fields
        self.isTable = isTable
        self.primaryKey = primaryKey
        self.linkedColumns = linkedColumns
    }
}

/// A record a search turned up: matched directly (`via` nil) or reached by a link.
public struct Found: Sendable {
    public var record: Record
    public var match: Match
    public var via: Inventory.Via?

    public init(record: Record, match: Match, via: Inventory.Via? = nil) {
        self.record = record
        self.match = match
        self.via = via
    }
}

extension Connector {
    public func problems() throws -> [SourceError] { [] }

    public func search(_ matcher: IdentityMatcher, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        try records(into: &report) { record in
            if let match = matcher.match(record) { try emit(Found(record: record, match: match)) }
            return true
        }
    }

    public func mappings(for container: String) -> [FieldMapping] { source.fields }

    public func discover() throws -> [DiscoveredContainer] {
        var containers: [String: [String]] = [:]
        var order: [String] = []
        var report = ScanReport()
        var sampled: [String: Int] = [:]
        try records(into: &report) { record in
            let container = record.locator.container
            if containers[container] == nil { order.append(container) }
            sampled[container, default: 0] += 1
            var names = containers[container] ?? []
            for field in record.fields where !names.contains(field.name) { names.append(field.name) }
            containers[container] = names
            return sampled.values.reduce(0, +) < 5000
        }
        return order.map { DiscoveredContainer(name: $0, fields: containers[$0]!.map { ($0, nil) }) }
    }

    public func scanContainers() throws -> [ContainerState] { [.whole] }

    public func scan(_ container: ContainerState, into report: inout ScanReport, _ rows: IndexRowSink) throws {
        try records(into: &report) { record in
            if container.name == "*" || record.locator.container == container.name { try rows.append(record, position: -1) }
            return true
        }
    }

    public func searchIndexed(_ matcher: IdentityMatcher, candidates: [IndexedLocator], into report: inout ScanReport,
                              _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        try searchByReading(matcher, candidates: candidates, into: &report, emit)
    }

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
                guard let record = found else {
                    stale.append(candidate)
                    continue
                }
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

    public func writeRecordLines(limit: Int?, into report: inout ScanReport, _ write: ([UInt8]) throws -> Void) throws {
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20)
        var written = 0
        if limit != 0 {
            try records(into: &report) { record in
                RecordJSON.append(record, to: &chunk)
                written += 1
                if chunk.count > (1 << 20) - 4096 {
                    try write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
                return limit.map { written < $0 } ?? true
            }
        }
        try write(chunk)
    }
}

/// How a connector kind is made from configuration. The CLI holds the list of these;
/// the core never names a connector.
public protocol ConnectorFactory {
    /// The `connector:` value in footprint.yaml.
    static var kind: String { get }
    /// Keys a source of this kind may have beyond `SourceConfig.commonKeys`.
    static var configKeys: [String] { get }
    static func make(source: SourceConfig) throws -> any Connector
}

/// What reading a source came to: how much was examined, what went wrong per container,
/// and what was noticed along the way. Drives the source's status in the inventory.
public struct ScanReport: Sendable {
    /// How a lookup searched the source: read live, through the index, or both (an API
    /// searched live and the objects the index names fetched by id). Told in the inventory
    /// so a reviewer knows what an answer rests on.
    public enum Method: String, Sendable {
        case live
        case index
        case indexAndLive = "index and live"
    }

    public var method = Method.live
    public var recordsExamined = 0
    public var containersRead = 0
    public var errors: [SourceError] = []
    public var diagnostics: [Diagnostic] = []
    /// How many times each kind of warning (container and message) was noted, so a file
    /// with a bad byte in every row gives a few lines and a count, not millions.
    private var noted: [String: Int] = [:]
    /// Warnings of one kind listed before the rest are only counted.
    public static let listedPerKind = 10

    public init() {}

    /// Adds a warning that may repeat once per row: the first `listedPerKind` of each
    /// kind are listed, then one line says more follow; the rest are not kept.
    public mutating func note(_ diagnostic: Diagnostic) {
        let kind = diagnostic.container + "\u{0}" + diagnostic.message
        let count = (noted[kind] ?? 0) + 1
        noted[kind] = count
        if count <= Self.listedPerKind {
            diagnostics.append(diagnostic)
        } else if count == Self.listedPerKind + 1 {
            diagnostics.append(Diagnostic(diagnostic.severity, container: diagnostic.container,
                                          message: "\(diagnostic.message) — also on more lines, which are not listed"))
        }
    }

    public var status: SourceStatus {
        if errors.isEmpty { return .complete }
        return containersRead > 0 || recordsExamined > 0 ? .partial : .failed
    }
}

/// Whether a source's part of the inventory can be relied on.
public enum SourceStatus: String, Sendable {
    /// Every container was read to the end.
    case complete
    /// Some containers or rows could not be read; what was read is listed.
    case partial
    /// Nothing could be read: the inventory says nothing about this source.
    case failed
}
