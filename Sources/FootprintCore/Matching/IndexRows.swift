/// Records as a scan hands them to the index: for each row, its locator key, its byte
/// position and the UTF-8 bytes of its identifier values, packed into a few flat arrays.
///
/// A scan reads millions of rows and keeps nothing of them but keyed hashes. Building a
/// `Record` (an array of fields, a String per value) for each would cost more than
/// parsing and hashing together, so readers that hold raw field bytes (the CSV reader)
/// copy just the identifier values in here, and `TermBuilder` turns them into terms
/// without allocating. Connectors that do build records append those instead.
public struct IndexRows: Sendable {
    /// One identifier value of a row: which field spec it belongs to and where its bytes are.
    struct Value: Sendable {
        var spec: Int32
        var start: Int32
        var end: Int32
    }

    /// One row: where its values end in `values`, where its key is in `bytes`, and its position.
    struct Row: Sendable {
        var valuesEnd: Int32
        var keyStart: Int32
        var keyEnd: Int32
        var position: Int64
    }

    /// The field specs rows refer to by number; kept across `removeAll`.
    public private(set) var specs: [TermSpec] = []
    private var specNumbers: [TermSpec: Int32] = [:]
    var bytes: [UInt8] = []
    var values: [Value] = []
    var rows: [Row] = []

    public init() {}

    /// Rows held.
    public var count: Int { rows.count }
    /// Bytes of values and keys held, to bound a batch's memory.
    public var byteCount: Int { bytes.count }

    /// The number rows use for `spec`.
    public mutating func number(of spec: TermSpec) -> Int32 {
        if let number = specNumbers[spec] { return number }
        let number = Int32(specs.count)
        specs.append(spec)
        specNumbers[spec] = number
        return number
    }

    /// Adds a value to the row being built. Empty values are skipped, as records skip them.
    public mutating func appendValue(spec: Int32, bytes value: UnsafeBufferPointer<UInt8>) {
        guard !value.isEmpty else { return }
        let start = Int32(bytes.count)
        bytes.append(contentsOf: value)
        values.append(Value(spec: spec, start: start, end: Int32(bytes.count)))
    }

    public mutating func appendValue(spec: Int32, text: String) {
        var text = text
        text.withUTF8 { appendValue(spec: spec, bytes: $0) }
    }

    /// Ends the row being built, with its locator key and byte position (-1 when unknown).
    public mutating func endRow(key: UnsafeBufferPointer<UInt8>, position: Int64) {
        let start = Int32(bytes.count)
        bytes.append(contentsOf: key)
        rows.append(Row(valuesEnd: Int32(values.count), keyStart: start, keyEnd: Int32(bytes.count), position: position))
    }

    public mutating func endRow(key: String, position: Int64) {
        var key = key
        key.withUTF8 { endRow(key: $0, position: position) }
    }

    /// Adds a whole record: the values of its identifier fields, in mapping order.
    public mutating func append(_ record: Record, specs fieldSpecs: [(name: String, spec: Int32)], position: Int64 = -1) {
        for (name, spec) in fieldSpecs {
            guard let value = record.value(of: name) else { continue }
            if case .string(let single) = value {
                appendValue(spec: spec, text: single)
            } else {
                for text in value.strings { appendValue(spec: spec, text: text) }
            }
        }
        endRow(key: record.locator.key, position: position)
    }

    /// Forgets the rows, keeping the specs and the memory.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with the bytes of row `row`'s key.
    public func withKey<R>(ofRow row: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = rows[row]
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[Int(r.keyStart)..<Int(r.keyEnd)])) }
    }

    public func position(ofRow row: Int) -> Int64 { rows[row].position }
}

/// How one mapped field becomes index terms: its identifier kind and the mapping's
/// options that change the key (the part of a split name or address, a phone region,
/// an account-id namespace).
public struct TermSpec: Hashable, Sendable {
    public var kind: IdentifierKind
    public var part: FieldMapping.Part
    public var region: String
    public var namespace: String

    /// Nil for a field that holds no identifier.
    public init?(_ mapping: FieldMapping, defaultRegion: String) {
        guard let kind = mapping.identifier else { return nil }
        self.kind = kind
        self.part = mapping.part
        self.region = mapping.region ?? defaultRegion
        self.namespace = mapping.namespace ?? ""
    }
}
