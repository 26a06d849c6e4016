/// A parsed JSON value that keeps object keys in document order (Foundation's parser
/// does not), because records print their fields in source order.
public indirect enum JSONValue: Equatable, Sendable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    /// Flattens an object into fields named by dotted paths (`properties.email`).
    /// Arrays of plain values stay one field; arrays holding objects are numbered
    /// (`identities.0.email`), so every value has a path a mapping can name.
    public func flattened() -> [Field] {
        var fields: [Field] = []
        flatten(prefix: "", into: &fields)
        return fields
    }

    private func flatten(prefix: String, into fields: inout [Field]) {
        switch self {
        case .object(let members):
            if members.isEmpty, !prefix.isEmpty { fields.append(Field(name: prefix, value: .null)) }
            for (key, value) in members { value.flatten(prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &fields) }
        case .array(let items) where items.contains(where: { if case .object = $0 { return true }; if case .array = $0 { return true }; return false }):
            for (index, item) in items.enumerated() { item.flatten(prefix: "\(prefix).\(index)", into: &fields) }
        default:
            fields.append(Field(name: prefix.isEmpty ? "value" : prefix, value: fieldValue))
        }
    }

    public var fieldValue: FieldValue {
        switch self {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .array(let items): return .array(items.map(\.fieldValue))
        case .object: return .null
        }
    }
}

/// A JSON syntax error with the byte offset inside the value being parsed.
public struct JSONSyntaxError: Error, CustomStringConvertible {
    public var offset: Int
    public var expected: String
    public var description: String { "not valid JSON at byte \(offset) of the value: expected \(expected)" }
}

/// A small recursive-descent JSON parser over UTF-8 bytes.
public struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.i == bytes.count else { throw JSONSyntaxError(offset: parser.i, expected: "the end of the value") }
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value() throws -> JSONValue {
        guard i < bytes.count else { throw JSONSyntaxError(offset: i, expected: "a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count, UnsafeBufferPointer(start: word.utf8Start, count: n).elementsEqual(bytes[i..<(i + n)]) else {
            throw JSONSyntaxError(offset: i, expected: "\(word)")
        }
        i += n
    }

    private mutating func object() throws -> JSONValue {
        depth += 1
        guard depth < 512 else { throw JSONSyntaxError(offset: i, expected: "less nesting") }
        defer { depth -= 1 }
        i += 1
        var members: [(String, JSONValue)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw JSONSyntaxError(offset: i, expected: "a key in quotes") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw JSONSyntaxError(offset: i, expected: ":") }
            i += 1
            skipSpace()
            members.append((key, try value()))
            skipSpace()
            guard i < bytes.count else { throw JSONSyntaxError(offset: i, expected: ", or }") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            throw JSONSyntaxError(offset: i, expected: ", or }")
        }
    }

    private mutating func array() throws -> JSONValue {
        depth += 1
        guard depth < 512 else { throw JSONSyntaxError(offset: i, expected: "less nesting") }
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard i < bytes.count else { throw JSONSyntaxError(offset: i, expected: ", or ]") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw JSONSyntaxError(offset: i, expected: ", or ]")
        }
    }

    private mutating func number() throws -> JSONValue {
        let start = i
        while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
        guard i > start else { throw JSONSyntaxError(offset: i, expected: "a value") }
        // `-`, `+1`, `1.2.3e`: not JSON, and never copied into output as if they were.
        guard JSONNumberSyntax.isValid(UnsafeBufferPointer(rebasing: bytes[start..<i])) else {
            throw JSONSyntaxError(offset: start, expected: "a number (digits, then an optional fraction and exponent)")
        }
        return .number(String(decoding: bytes[start..<i], as: UTF8.self))
    }

    private mutating func string() throws -> String {
        i += 1
        let start = i
        var plain = true
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") { plain = false; i += 1 }
            i += 1
        }
        guard i < bytes.count else { throw JSONSyntaxError(offset: start, expected: "a closing quote") }
        defer { i += 1 }
        if plain { return String(decoding: bytes[start..<i], as: UTF8.self) }
        var out: [UInt8] = []
        var k = start
        while k < i {
            let b = bytes[k]
            guard b == UInt8(ascii: "\\") else { out.append(b); k += 1; continue }
            k += 1
            switch bytes[k] {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard k + 4 < i, var unit = UInt32(String(decoding: bytes[(k + 1)...(k + 4)], as: UTF8.self), radix: 16) else {
                    throw JSONSyntaxError(offset: k, expected: "four hex digits after \\u")
                }
                k += 4
                if unit >= 0xD800, unit < 0xDC00, k + 6 < i, bytes[k + 1] == UInt8(ascii: "\\"), bytes[k + 2] == UInt8(ascii: "u"),
                   let low = UInt32(String(decoding: bytes[(k + 3)...(k + 6)], as: UTF8.self), radix: 16), low >= 0xDC00, low < 0xE000 {
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    k += 6
                }
                out.append(contentsOf: UTF8.encode(Unicode.Scalar(unit) ?? "\u{FFFD}")!)
            default: out.append(bytes[k]) // \" \\ \/
            }
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension JSONValue {
    /// The value at a dotted path (`paging.next.after`, `exact_matches.members`,
    /// `items.0.id`), or nil.
    public func value(at path: String) -> JSONValue? {
        guard !path.isEmpty else { return self }
        var current = self
        for component in path.split(separator: ".") {
            switch current {
            case .object(let members):
                guard let next = members.first(where: { $0.0 == component })?.1 else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(component), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// This value with the one at a dotted path (as `flattened` names it) replaced; the
    /// same value when the path leads nowhere.
    public func replacing(_ path: String, with replacement: JSONValue) -> JSONValue {
        replacing(path.split(separator: ".")[...], with: replacement)
    }

    private func replacing(_ path: ArraySlice<Substring>, with replacement: JSONValue) -> JSONValue {
        guard let head = path.first else { return replacement }
        switch self {
        case .object(let members):
            return .object(members.map { $0.0 == head ? ($0.0, $0.1.replacing(path.dropFirst(), with: replacement)) : $0 })
        case .array(let items):
            guard let index = Int(head), items.indices.contains(index) else { return self }
            var copy = items
            copy[index] = items[index].replacing(path.dropFirst(), with: replacement)
            return .array(copy)
        default:
            return self
        }
    }

    /// The text of a scalar: strings as they are, numbers as written, booleans; nil otherwise.
    public var scalarText: String? {
        switch self {
        case .string(let s), .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// Compact JSON text.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        serialize(into: &out)
        return out
    }

    private func serialize(into out: inout [UInt8]) {
        switch self {
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONString.append(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.serialize(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.serialize(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let s): JSONString.append(s, to: &out)
        case .number(let n): out.append(contentsOf: n.utf8) // valid: the parser and ConfigNode make only JSON numbers
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }
}
