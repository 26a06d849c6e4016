import FootprintCore

/// A table's name as configuration and the catalog spell it: schema and relation.
public struct TableName: Hashable, Sendable, CustomStringConvertible, Comparable {
    public var schema: String
    public var table: String

    public init(schema: String, table: String) {
        self.schema = schema
        self.table = table
    }

    /// "shop.customer", or "customer" (schema public).
    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1 where !parts[0].isEmpty: self.init(schema: "public", table: parts[0])
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty: self.init(schema: parts[0], table: parts[1])
        default: return nil
        }
    }

    public var description: String { "\(schema).\(table)" }
    /// Always quoted: names from configuration and catalog never reach SQL unquoted.
    public var sql: String { "\(quoteIdentifier(schema)).\(quoteIdentifier(table))" }

    public static func < (a: TableName, b: TableName) -> Bool { a.description < b.description }
}

/// A column of a table: `shop.orders.customer_id`.
public struct ColumnRef: Hashable, Sendable, CustomStringConvertible {
    public var table: TableName
    public var column: String

    init?(_ text: String) {
        let parts = text.split(separator: ".").map(String.init)
        guard parts.count == 3 || parts.count == 2 else { return nil }
        guard let table = TableName(parts.dropLast().joined(separator: ".")) else { return nil }
        self.table = table
        column = parts.last!
    }

    init(table: TableName, column: String) {
        self.table = table
        self.column = column
    }

    public var description: String { "\(table).\(column)" }
}

func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// Everything a `connector: postgres` source says (footprint.yaml):
///
/// ```yaml
/// url: env:SHOP_DATABASE_URL      # a URL or libpq keywords, only as an env: reference
/// sslmode: require                # passed to libpq
/// connect_timeout: 10             # seconds
/// statement_timeout: 30           # seconds, per query
/// tables:
///   shop.customer:
///     key: id                     # default: the primary key
///     updated_at: modified_at     # optional: a scan rescans the table when its latest value changes
///     fields: {email: {identifier: email, category: A}}
/// discover: [shop]                # schemas whose tables `records` and `discover` read from the catalog
/// follow:
///   depth: 4                      # how many links away from a matched row
///   outgoing: [shop.order_item.product_id]   # links *from* a person's row that carry their data
///   links: [{from: legacy.note.customer_ref, to: legacy.customer.legacy_id}]  # where no constraint exists
/// ```
struct PostgresSettings {
    struct Table {
        var name: TableName
        var key: [String]?
        /// A column whose latest value tells a scan the table changed.
        var updatedAt: String?
        var fields: [FieldMapping]
        var node: ConfigNode
        /// How this table's rows are deleted, when it differs from the system's `deletion:`
        /// (orders kept for tax law, de-identified).
        var deletion: SystemFacts.DeletionMethod?
        /// The §1798.105(d) exception a kept table is under.
        var exception: String?
        /// The columns a de-identified row has set to NULL (default: its identifier columns).
        var blank: [String]?
        /// Rows reached by an outgoing link are this person's own (an address her order
        /// points at), not shared catalogue data: erased with her when nothing else uses them.
        var personal = false
    }

    struct Link {
        var from: ColumnRef
        var to: ColumnRef
        var node: ConfigNode
    }

    var conninfo: SecretReference
    /// The read-write connection deletions use (`write_url: env:NAME`); lookups never do.
    var writeConninfo: SecretReference?
    var sslmode: String?
    var connectTimeout = 10
    var statementTimeout = 30
    var tables: [Table] = []
    var discover: [String] = []
    var followDepth = 4
    var outgoing: [(ColumnRef, ConfigNode)] = []
    var links: [Link] = []

    static let keys = ["url", "write_url", "sslmode", "connect_timeout", "statement_timeout", "tables", "discover", "follow"]

    init(source: SourceConfig) throws {
        let node = source.node
        if let fields = node["fields"] {
            throw fields.error("postgres sources map fields per table", hint: "write tables: {shop.customer: {fields: {email: {identifier: email}}}}")
        }
        guard let url = node["url"] else {
            throw node.error("a postgres source needs url: env:VARIABLE", hint: "export VARIABLE=postgresql://user@host:5432/db (or libpq keywords)")
        }
        conninfo = try url.secretReference()
        writeConninfo = try node["write_url"]?.secretReference()
        if let mode = node["sslmode"] {
            let text = try mode.string()
            guard ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(text) else {
                throw mode.error("unknown sslmode '\(text)'", hint: "disable, allow, prefer, require, verify-ca or verify-full")
            }
            sslmode = text
        }
        if let n = node["connect_timeout"] { connectTimeout = try Self.seconds(n) }
        if let n = node["statement_timeout"] { statementTimeout = try Self.seconds(n) }
        if let tablesNode = node["tables"] {
            for (name, tableNode) in try tablesNode.entries() {
                guard let table = TableName(name) else {
                    throw tableNode.error("'\(name)' is not a table name", hint: "write schema.table, e.g. shop.customer")
                }
                var entry = Table(name: table, key: nil, updatedAt: nil, fields: [], node: tableNode)
                if tableNode.isEmpty {
                    tables.append(entry)
                    continue
                }
                try tableNode.requireKeys(allowed: ["key", "fields", "updated_at", "deletion", "exception", "blank", "personal"])
                if let key = tableNode["key"] { entry.key = try key.stringList() }
                if let deletion = tableNode["deletion"] {
                    guard let method = SystemFacts.DeletionMethod(rawValue: try deletion.string()), method != .aggregate else {
                        throw deletion.error("unknown deletion method '\(try deletion.string())'", hint: "erase, deidentify or none")
                    }
                    entry.deletion = method
                }
                entry.exception = try tableNode["exception"]?.string()
                entry.blank = try tableNode["blank"]?.stringList()
                entry.personal = try tableNode["personal"]?.bool() ?? false
                entry.updatedAt = try tableNode["updated_at"]?.string()
                if let fields = tableNode["fields"] {
                    entry.fields = try fields.entries().map { try FieldMapping.parse(name: $0.key, node: $0.value) }
                }
                tables.append(entry)
            }
        }
        if let schemas = node["discover"] { discover = try schemas.stringList() }
        if tables.isEmpty && discover.isEmpty {
            throw node.error("a postgres source needs tables: (with field mappings) or discover: [schemas]",
                             hint: "run `footprint discover SOURCE` with discover: [public] to get proposed mappings")
        }
        if let follow = node["follow"] {
            try follow.requireKeys(allowed: ["depth", "outgoing", "links"])
            if let depth = follow["depth"] {
                followDepth = try depth.int()
                guard (0...10).contains(followDepth) else { throw depth.error("expected 0 to 10", hint: "0 turns following off") }
            }
            for item in try follow["outgoing"]?.items() ?? [] {
                guard let ref = ColumnRef(try item.string()) else { throw item.error("expected schema.table.column") }
                outgoing.append((ref, item))
            }
            for item in try follow["links"]?.items() ?? [] {
                try item.requireKeys(allowed: ["from", "to"])
                guard let fromNode = item["from"], let toNode = item["to"],
                      let from = ColumnRef(try fromNode.string()), let to = ColumnRef(try toNode.string()) else {
                    throw item.error("a link needs from: schema.table.column and to: schema.table.column")
                }
                links.append(Link(from: from, to: to, node: item))
            }
        }
    }

    private static func seconds(_ node: ConfigNode) throws -> Int {
        var text = try node.string()
        if text.hasSuffix("s") { text.removeLast() }
        guard let value = Int(text), value > 0, value <= 86_400 else { throw node.error("expected a number of seconds") }
        return value
    }
}
