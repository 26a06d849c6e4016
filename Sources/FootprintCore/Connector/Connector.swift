/// One adapter per kind of data store (pdscan's shape): it reads records, may search
/// smarter than "read everything and filter", and reports what it could not read.
///
/// This is what every store does. What only some can do is a protocol of its own with
/// no default, so a store without it is visibly without it: `IndexableConnector`
/// (scheduled scans), `RowStreamingConnector` (bulk rows without a `Record` each),
/// `ErasingConnector` (deletion). Ask for one with `capability(_:)`, which looks
/// through wrappers (`WrappingConnector`).
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

    /// The containers and their fields (with a SQL type where the store has one), for
    /// `footprint discover`. The default samples the first records of each container.
    func discover() throws -> [DiscoveredContainer]
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
}
