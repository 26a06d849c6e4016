import FootprintCore

/// Reads one table's rows as records: a SELECT list that renders every type faithfully
/// (numbers stay numbers, timestamps become ISO 8601, json and arrays become nested
/// values, bytea only its length), and the conversion of a result row into a `Record`.
struct TableReader {
    enum Rendering { case text, number, bool, timestamp, json, binary }

    let table: TableName
    let columns: [PostgresCatalog.Column]
    let renderings: [Rendering]
    /// Columns whose values form the record key; empty means the physical row id (ctid).
    let keyColumns: [String]
    let sourceName: String

    init(table: TableName, columns: [PostgresCatalog.Column], keyColumns: [String], sourceName: String) {
        self.table = table
        self.columns = columns
        self.keyColumns = keyColumns
        self.sourceName = sourceName
        renderings = columns.map { column in
            switch (column.category, column.typeName) {
            case (_, "json"), (_, "jsonb"), ("A", _): return .json
            case (_, "bytea"): return .binary
            case ("N", _): return .number
            case ("B", _): return .bool
            case (_, "timestamp"), (_, "timestamptz"): return .timestamp
            default: return .text
            }
        }
    }

    /// The expressions to select, in column order, then the ctid when there is no key.
    /// Plain columns wherever possible (the server's cheapest path, so COPY stays fast);
    /// text conversions that need the server — bytea's length, arrays as JSON — are the exception.
    var selectList: String {
        var expressions = zip(columns, renderings).map { column, rendering -> String in
            let name = quoteIdentifier(column.name)
            switch rendering {
            case .binary: return "octet_length(\(name))"
            case .json where column.category == "A": return "to_json(\(name))::text"
            default: return name
            }
        }
        if keyColumns.isEmpty { expressions.append("ctid::text") }
        return expressions.joined(separator: ", ")
    }

    /// Whether the select list is just the columns, so `COPY table (columns)` can be used.
    var isPlain: Bool { !keyColumns.isEmpty && !renderings.contains { $0 == .binary } && !columns.contains { $0.category == "A" } }

    /// The COPY statement that streams the table (at most `limit` rows).
    func copyStatement(limit: Int? = nil) -> String {
        if isPlain && limit == nil {
            return "COPY \(table.sql) (\(columns.map { quoteIdentifier($0.name) }.joined(separator: ", "))) TO STDOUT"
        }
        return "COPY (SELECT \(selectList) FROM \(table.sql)\(limit.map { " LIMIT \($0)" } ?? "")) TO STDOUT"
    }

    /// The session runs with DateStyle ISO: "2024-05-01 10:00:00+00" becomes ISO 8601
    /// "2024-05-01T10:00:00+00:00".
    static func iso8601(_ text: String) -> String {
        var bytes = Array(text.utf8)
        iso8601(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func iso8601(_ bytes: inout [UInt8]) {
        guard bytes.count >= 19, bytes[10] == 32 else { return }
        bytes[10] = UInt8(ascii: "T")
        let n = bytes.count
        if n >= 22, bytes[n - 3] == UInt8(ascii: "+") || bytes[n - 3] == UInt8(ascii: "-"), bytes[n - 4] != UInt8(ascii: ":") {
            bytes.append(contentsOf: ":00".utf8)
        }
    }

    func record(_ values: [String?]) -> Record {
        var fields: [Field] = []
        fields.reserveCapacity(columns.count)
        for (index, column) in columns.enumerated() {
            guard let text = values[index] else {
                fields.append(Field(name: column.name, value: .null))
                continue
            }
            switch renderings[index] {
            case .text: fields.append(Field(name: column.name, value: .string(text)))
            case .timestamp: fields.append(Field(name: column.name, value: .string(TableReader.iso8601(text))))
            case .number:
                // NaN, ±Infinity and money have no JSON literal: they stay text.
                fields.append(Field(name: column.name, value: JSONNumberSyntax.isValid(text) ? .number(text) : .string(text)))
            case .bool: fields.append(Field(name: column.name, value: .bool(text == "true" || text == "t")))
            case .binary: fields.append(Field(name: column.name, value: .string("(binary, \(text) bytes, not shown)")))
            case .json:
                let parsed = Array(text.utf8).withUnsafeBufferPointer { try? JSONParser.parse($0) }
                guard let value = parsed else {
                    fields.append(Field(name: column.name, value: .string(text)))
                    continue
                }
                if case .object = value {
                    // jsonb columns flatten like JSON exports: preferences.newsletter.frequency
                    fields += value.flattened().map { Field(name: "\(column.name).\($0.name)", value: $0.value) }
                    if value.flattened().isEmpty { fields.append(Field(name: column.name, value: .null)) }
                } else {
                    fields.append(Field(name: column.name, value: value.fieldValue))
                }
            }
        }
        let key: String
        if keyColumns.isEmpty {
            key = "ctid:" + (values.last.flatMap { $0 } ?? "?")
        } else {
            key = keyColumns.map { name in columns.firstIndex { $0.name == name }.flatMap { values[$0] } ?? "" }.joined(separator: ",")
        }
        return Record(locator: Locator(source: sourceName, container: table.description, key: key), fields: fields)
    }

    /// The value of one column in a result row, as text (for following links).
    func value(of column: String, in values: [String?]) -> String? {
        columns.firstIndex { $0.name == column }.flatMap { values[$0] }
    }

    /// Splits one line of COPY text output into column values, undoing its escapes.
    static func copyFields(_ line: UnsafeBufferPointer<UInt8>, into values: inout [String?]) {
        values.removeAll(keepingCapacity: true)
        var field: [UInt8] = []
        var start = 0
        // A raw tab always separates: a tab inside a value is written \t.
        for end in 0...line.count where end == line.count || line[end] == 9 {
            if end - start == 2, line[start] == 92, line[start + 1] == UInt8(ascii: "N") {
                values.append(nil)
            } else {
                field.removeAll(keepingCapacity: true)
                CopyRowDecoder.unescape(line, start, end, into: &field)
                values.append(String(decoding: field, as: UTF8.self))
            }
            start = end + 1
        }
    }
}

/// A PostgreSQL array literal of text values, for binding as one parameter.
func postgresArray(_ values: [String]) -> String {
    "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ",") + "}"
}
