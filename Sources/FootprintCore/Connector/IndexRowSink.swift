/// Where a connector puts the rows of a container it scans for the index. It gathers
/// them into `IndexRows` batches and hands each full batch on (to be hashed on another
/// thread while the connector reads on).
///
/// A connector that holds raw field bytes asks for a spec number per identifier field
/// once (`spec(for:)`), then per row adds `value`s and ends the row with its key; one
/// that builds records calls `append(_:position:)`.
public final class IndexRowSink {
    /// Rows per batch, and the bytes a batch may hold before it is handed on early.
    public static let batchRows = 8192
    static let batchBytes = 16 << 20

    private var rows = IndexRows()
    private let defaultRegion: String
    private let mappings: (String) -> [FieldMapping]
    private var recordSpecs: [String: [(name: String, spec: Int32)]] = [:]
    private let deliver: (IndexRows) throws -> Void
    /// Rows ended so far, over all batches.
    public private(set) var rowCount = 0
    /// What every field's values look like (counts only), when the scan observes.
    public private(set) var observer: FieldObserver?
    private let classifier: ValueClassifier?

    /// - Parameters:
    ///   - mappings: the field mappings of a container (records of different containers
    ///     may map differently).
    ///   - deliver: called with each full batch, and with the last one by `finish()`.
    ///   - observe: count, per field, the values that look like each kind of personal data
    ///     (for the data map); a connector then hands every field's value to `observer`.
    public init(defaultRegion: String, mappings: @escaping (String) -> [FieldMapping], observe: Bool = false,
                deliver: @escaping (IndexRows) throws -> Void) {
        classifier = observe ? ValueClassifier(region: defaultRegion) : nil
        self.defaultRegion = defaultRegion
        self.mappings = mappings
        self.deliver = deliver
    }

    /// The observer for a container whose fields are these (a header, in column order),
    /// or nil when the scan does not observe. A connector calls it once per container.
    public func observeFields(_ names: [String]) -> FieldObserver? {
        guard let classifier else { return nil }
        if observer == nil || observer!.names != names { observer = FieldObserver(names: names, classifier: classifier) }
        return observer
    }

    /// The number to add values of `mapping`'s field under; nil when it holds no identifier.
    public func spec(for mapping: FieldMapping) -> Int32? {
        TermSpec(mapping, defaultRegion: defaultRegion).map { rows.number(of: $0) }
    }

    /// Adds a value (UTF-8) to the row being built.
    public func value(_ spec: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        rows.appendValue(spec: spec, bytes: bytes)
    }

    public func value(_ spec: Int32, _ text: String) {
        rows.appendValue(spec: spec, text: text)
    }

    /// Ends the row being built with its locator key and byte position (-1 when unknown).
    public func endRow(key: UnsafeBufferPointer<UInt8>, position: Int64) throws {
        rows.endRow(key: key, position: position)
        try rowEnded()
    }

    public func endRow(key: String, position: Int64) throws {
        rows.endRow(key: key, position: position)
        try rowEnded()
    }

    /// Adds a whole record, its identifier fields mapped as its container's mappings say.
    public func append(_ record: Record, position: Int64) throws {
        let container = record.locator.container
        let specs: [(name: String, spec: Int32)]
        if let known = recordSpecs[container] {
            specs = known
        } else {
            specs = mappings(container).compactMap { mapping in spec(for: mapping).map { (mapping.name, $0) } }
            recordSpecs[container] = specs
        }
        rows.append(record, specs: specs, position: position)
        if let classifier {
            if observer == nil { observer = FieldObserver(names: [], classifier: classifier) }
            if observer!.observesRow() {
                for field in record.fields { for value in field.value.strings { observer!.observe(named: field.name, value) } }
            }
        }
        try rowEnded()
    }

    private func rowEnded() throws {
        rowCount += 1
        if rows.count >= Self.batchRows || rows.byteCount >= Self.batchBytes {
            try deliver(rows)
            rows.removeAll()
        }
    }

    /// Hands on the last, partial batch.
    public func finish() throws {
        if rows.count > 0 { try deliver(rows) }
        rows.removeAll()
    }
}
