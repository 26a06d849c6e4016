import FootprintCore

/// The `footprint records` line format: one JSON object per record,
/// `{"source","container","key","fields":{name: value, ...}}`, fields in source order.
///
/// Written straight into bytes: `records` streams whole tables and exports, and building
/// Strings per character would make JSON the bottleneck.
public enum RecordJSON {
    public static func line(_ record: Record) -> String {
        var out: [UInt8] = []
        append(record, to: &out)
        out.removeLast() // newline
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the record's line, newline included.
    public static func append(_ record: Record, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"source":"#.utf8)
        JSONString.append(record.locator.source, to: &out)
        out.append(contentsOf: #","container":"#.utf8)
        JSONString.append(record.locator.container, to: &out)
        out.append(contentsOf: #","key":"#.utf8)
        JSONString.append(record.locator.key, to: &out)
        out.append(contentsOf: #","fields":{"#.utf8)
        for (index, field) in record.fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONString.append(field.name, to: &out)
            out.append(UInt8(ascii: ":"))
            appendValue(field.value, to: &out)
        }
        out.append(contentsOf: "}}\n".utf8)
    }

    public static func appendValue(_ value: FieldValue, to out: inout [UInt8]) {
        switch value {
        case .string(let s): JSONString.append(s, to: &out)
        case .number(let n):
            // NaN, Infinity, money, a malformed export: as text, so the line still parses.
            if JSONNumberSyntax.isValid(n) { out.append(contentsOf: n.utf8) } else { JSONString.append(n, to: &out) }
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendValue(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

}
