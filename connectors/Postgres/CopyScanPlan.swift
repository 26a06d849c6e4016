import FootprintCore

/// How a scan reads a table when every identifier it maps is a plain column: COPY just the
/// key and identifier columns, and hand their bytes to the index without building
/// records. Nil (`init?`) when a mapping needs a record — a path into jsonb, an array, a
/// table without a key — and the scan reads records instead. Both give the same terms
/// (a test compares them).
struct CopyScanPlan {
    let statement: String
    private let keyCount: Int
    /// For each value to index, in mapping order: its column in the COPY row, its spec,
    /// and whether it is a timestamp (rendered as ISO 8601, as records render it).
    private let values: [(column: Int, spec: Int32, timestamp: Bool)]
    private let columnCount: Int

    init?(_ reader: TableReader, mappings: [FieldMapping], rows: IndexRowSink) {
        guard !reader.keyColumns.isEmpty else { return nil }
        var selected = reader.keyColumns
        var values: [(Int, Int32, Bool)] = []
        for mapping in mappings where mapping.identifier != nil {
            guard let index = reader.columns.firstIndex(where: { $0.name == mapping.name }) else {
                return nil   // a jsonb path, or a column the table no longer has
            }
            let rendering = reader.renderings[index]
            guard rendering == .text || rendering == .number || rendering == .timestamp, let spec = rows.spec(for: mapping) else { return nil }
            if !selected.contains(mapping.name) { selected.append(mapping.name) }
            values.append((selected.firstIndex(of: mapping.name)!, spec, rendering == .timestamp))
        }
        guard !values.isEmpty else { return nil }
        statement = "COPY (SELECT \(selected.map(quoteIdentifier).joined(separator: ", ")) FROM \(reader.table.sql)) TO STDOUT"
        keyCount = reader.keyColumns.count
        self.values = values
        columnCount = selected.count
    }

    /// One COPY text line: its values into the row, its key (the key columns joined by
    /// commas, NULL as empty) to end it.
    func add(_ line: UnsafeBufferPointer<UInt8>, to rows: IndexRowSink) throws {
        try withUnsafeTemporaryAllocation(of: (start: Int, end: Int).self, capacity: columnCount) { bounds in
            var column = 0, start = 0
            for i in 0...line.count where i == line.count || line[i] == 9 {
                if column < columnCount { bounds[column] = (start, i) }
                column += 1
                start = i + 1
            }
            while column < columnCount {
                bounds[column] = (line.count, line.count)
                column += 1
            }
            func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: line[bounds[index].start..<bounds[index].end])
            }
            var scratch: [UInt8] = []
            for (index, spec, timestamp) in values {
                let bytes = field(index)
                if Self.isNull(bytes) { continue }
                if !timestamp && !bytes.contains(92) {
                    rows.value(spec, bytes)
                } else {
                    Self.unescape(bytes, into: &scratch)
                    if timestamp { TableReader.iso8601(&scratch) }
                    scratch.withUnsafeBufferPointer { rows.value(spec, $0) }
                }
            }
            if keyCount == 1, !field(0).contains(92) {
                // The common case: one key column, no escapes.
                return try rows.endRow(key: field(0), position: -1)
            }
            var key: [UInt8] = []
            for index in 0..<keyCount {
                if index > 0 { key.append(UInt8(ascii: ",")) }
                let bytes = field(index)
                guard !Self.isNull(bytes) else { continue }
                Self.unescape(bytes, into: &scratch)
                key += scratch
            }
            try key.withUnsafeBufferPointer { try rows.endRow(key: $0, position: -1) }
        }
    }

    private static func isNull(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.count == 2 && field[0] == 92 && field[1] == UInt8(ascii: "N")
    }

    /// COPY text escapes undone (`\t`, `\n`, `\\`, octal), as `TableReader.copyFields` does.
    static func unescape(_ field: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        guard field.contains(92) else { return out.append(contentsOf: field) }
        var values: [String?] = []
        TableReader.copyFields(field, into: &values)
        if let text = values.first.flatMap({ $0 }) { out.append(contentsOf: text.utf8) }
    }
}
