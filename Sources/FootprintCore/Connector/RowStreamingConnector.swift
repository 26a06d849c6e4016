/// A store that can hand out whole containers of rows faster than as one `Record` each
/// (a database's COPY stream): `footprint records` uses it to stream a table at a good
/// fraction of the store's own speed. No default — a store without it streams `Record`s.
/// The connector decodes its own format; the sink (a report) decides the bytes written.
public protocol RowStreamingConnector: Connector {
    /// Streams every container's rows into `sink`, at most `limit` in all.
    func streamRows<Sink: RowSink>(limit: Int?, into report: inout ScanReport, _ sink: inout Sink) throws
}

/// Receives rows from a `RowStreamingConnector` without a `Record` per row. Bytes passed
/// in are valid only during the call, already decoded from the store's escaping.
public protocol RowSink {
    /// The rows that follow belong to this container and have these columns, in order.
    mutating func begin(source: String, container: String, columns: [String])
    /// A row starts, with its record key.
    mutating func beginRow(key: UnsafeBufferPointer<UInt8>)
    /// The value of column `column` (an index into `begin`'s columns).
    mutating func value(_ column: Int, _ value: RowValue)
    /// A field the reader rendered itself (a JSON column flattened into dotted paths).
    mutating func field(_ field: Field)
    /// The row is complete.
    mutating func endRow() throws
}

/// One value of a streamed row.
public enum RowValue {
    /// UTF-8 text.
    case text(UnsafeBufferPointer<UInt8>)
    /// A number in valid JSON syntax (`JSONNumberSyntax`); anything else arrives as text.
    case number(UnsafeBufferPointer<UInt8>)
    case bool(Bool)
    case null
}
