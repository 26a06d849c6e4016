/// Where a record lives, precisely enough to fetch it again or delete it:
/// the source's name, the container (a file, a zip member, a table, an endpoint)
/// and the key inside it (the configured id column, a primary key, or the 1-based
/// data-row number when the container has no key).
public struct Locator: Hashable, Sendable {
    public var source: String
    public var container: String
    public var key: String

    public init(source: String, container: String, key: String) {
        self.source = source
        self.container = container
        self.key = key
    }
}

/// A field's value as a source yields it. CSV gives only strings; JSON and databases
/// also give numbers, booleans, nulls and arrays, which are kept so they can be rendered
/// faithfully (a number stays a number in the inventory).
public indirect enum FieldValue: Hashable, Sendable {
    case string(String)
    /// Kept as the source's own text so no precision is lost.
    case number(String)
    case bool(Bool)
    case null
    case array([FieldValue])

    /// The scalar strings inside this value, for normalization (an array of emails
    /// yields each of them).
    public var strings: [String] {
        switch self {
        case .string(let s), .number(let s): return [s]
        case .bool(let b): return [b ? "true" : "false"]
        case .null: return []
        case .array(let items): return items.flatMap(\.strings)
        }
    }
}

/// One named value of a record; names keep the source's order and spelling
/// (a duplicate CSV header gets a `#2` suffix).
public struct Field: Hashable, Sendable {
    public var name: String
    public var value: FieldValue

    public init(name: String, value: FieldValue) {
        self.name = name
        self.value = value
    }
}

/// One record a connector yielded: its locator and its fields in source order.
/// `line` is the 1-based line in the file where the record starts, for messages.
public struct Record: Sendable {
    public var locator: Locator
    public var fields: [Field]
    public var line: Int?
    /// Where the record starts in its container's bytes, when it was read from there by
    /// position (an indexed lookup in a plain file): lets an eraser go straight to it.
    public var position: Int64?

    public init(locator: Locator, fields: [Field], line: Int? = nil) {
        self.locator = locator
        self.fields = fields
        self.line = line
    }

    public func value(of name: String) -> FieldValue? {
        fields.first { $0.name == name }?.value
    }
}
