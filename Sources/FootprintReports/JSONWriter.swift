import FootprintCore

/// Writes JSON with keys in the order given — Foundation's encoder sorts or scrambles
/// them, and the command-line contract prints fields in source order.
public struct JSONWriter {
    public private(set) var output = ""
    private var needsComma = [false]

    public init() {}

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
    }

    public mutating func beginObject() { separate(); output += "{"; needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); output += "}" }
    public mutating func beginArray() { separate(); output += "["; needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); output += "]" }

    /// Writes `"name":` — the value written next belongs to it.
    public mutating func key(_ name: String) {
        separate()
        Self.appendString(name, to: &output)
        output += ":"
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ value: String?) {
        separate()
        if let value { Self.appendString(value, to: &output) } else { output += "null" }
    }

    public mutating func raw(_ literal: String) { separate(); output += literal }
    public mutating func int(_ value: Int) { raw(String(value)) }
    public mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }
    public mutating func null() { raw("null") }

    /// Errors as objects: `{"kind", "container", "line", "message", "hint"}`, absent parts null.
    public mutating func sourceErrors(_ errors: [SourceError]) {
        beginArray()
        for error in errors {
            beginObject()
            key("kind"); string(error.kind.rawValue)
            key("container"); string(error.container)
            key("line"); if let line = error.line { int(line) } else { null() }
            key("message"); string(error.message)
            key("hint"); string(error.hint)
            endObject()
        }
        endArray()
    }

    public mutating func stringArray(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    public mutating func value(_ value: FieldValue) {
        switch value {
        case .string(let s): string(s)
        case .number(let n): if JSONNumberSyntax.isValid(n) { raw(n) } else { string(n) }
        case .bool(let b): bool(b)
        case .null: null()
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        }
    }

    static func appendString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}"..."\u{1F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
