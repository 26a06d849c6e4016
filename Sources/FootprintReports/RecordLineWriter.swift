import FootprintCore

/// Writes `footprint records` JSON lines (the format of `RecordJSON`) from a
/// `RowStreamingConnector`'s rows, and hands them to `write` in chunks of about 1 MiB.
/// The names of a container's columns are escaped once, when it begins.
public struct RecordLineWriter: RowSink {
    private let write: ([UInt8]) throws -> Void
    private var chunk: [UInt8] = []
    /// `{"source":…,"container":…,"key":` of the current container.
    private var prefix: [UInt8] = []
    /// `"name":` of every column, one after another; `nameRanges[column]` says where each is
    /// (one flat array: no reference counting per value written).
    private var names: [UInt8] = []
    private var nameRanges: [Range<Int>] = []
    private var fieldsWritten = 0
    public private(set) var rows = 0

    public init(_ write: @escaping ([UInt8]) throws -> Void) {
        self.write = write
        chunk.reserveCapacity(1 << 20)
    }

    public mutating func begin(source: String, container: String, columns: [String]) {
        prefix.removeAll(keepingCapacity: true)
        prefix.append(contentsOf: #"{"source":"#.utf8)
        JSONString.append(source, to: &prefix)
        prefix.append(contentsOf: #","container":"#.utf8)
        JSONString.append(container, to: &prefix)
        prefix.append(contentsOf: #","key":"#.utf8)
        names.removeAll(keepingCapacity: true)
        nameRanges = columns.map { name in
            let start = names.count
            JSONString.append(name, to: &names)
            names.append(UInt8(ascii: ":"))
            return start..<names.count
        }
    }

    public mutating func beginRow(key: UnsafeBufferPointer<UInt8>) {
        chunk.append(contentsOf: prefix)
        JSONString.append(bytes: key, to: &chunk)
        chunk.append(contentsOf: #","fields":{"#.utf8)
        fieldsWritten = 0
    }

    public mutating func value(_ column: Int, _ value: RowValue) {
        if fieldsWritten > 0 { chunk.append(UInt8(ascii: ",")) }
        fieldsWritten += 1
        let range = nameRanges[column]
        names.withUnsafeBufferPointer { chunk.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
        switch value {
        case .text(let bytes): JSONString.append(bytes: bytes, to: &chunk)
        case .number(let bytes): chunk.append(contentsOf: bytes)
        case .bool(let flag): chunk.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: chunk.append(contentsOf: "null".utf8)
        }
    }

    public mutating func field(_ field: Field) {
        if fieldsWritten > 0 { chunk.append(UInt8(ascii: ",")) }
        fieldsWritten += 1
        JSONString.append(field.name, to: &chunk)
        chunk.append(UInt8(ascii: ":"))
        RecordJSON.appendValue(field.value, to: &chunk)
    }

    public mutating func endRow() throws {
        chunk.append(contentsOf: "}}\n".utf8)
        rows += 1
        if chunk.count > (1 << 20) - 65_536 { try flush() }
    }

    /// Appends one whole record (for stores that yield `Record`s).
    public mutating func append(_ record: Record) throws {
        RecordJSON.append(record, to: &chunk)
        rows += 1
        if chunk.count > (1 << 20) - 65_536 { try flush() }
    }

    /// Writes what is buffered.
    public mutating func flush() throws {
        guard !chunk.isEmpty else { return }
        try write(chunk)
        chunk.removeAll(keepingCapacity: true)
    }
}

/// `footprint records SOURCE`: every record of a source as JSON lines, through the
/// store's bulk rows when it has them, else record by record.
public enum RecordLines {
    public static func write(_ connector: any Connector, limit: Int?, into report: inout ScanReport,
                             _ write: @escaping ([UInt8]) throws -> Void) throws {
        var writer = RecordLineWriter(write)
        defer { try? writer.flush() }
        guard limit != 0 else { return }
        if let bulk = connector.capability((any RowStreamingConnector).self) {
            try bulk.streamRows(limit: limit, into: &report, &writer)
        } else {
            try connector.records(into: &report) { record in
                try writer.append(record)
                return limit.map { writer.rows < $0 } ?? true
            }
        }
        try writer.flush()
    }
}
