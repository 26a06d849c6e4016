/// A container's fields as the store describes them, for proposing mappings.
public struct DiscoveredContainer: Sendable {
    public var name: String
    public var fields: [(name: String, type: String?)]
    /// Whether the configuration lists this container under `tables:` (Postgres).
    public var isTable: Bool
    /// The table's primary key columns (empty for files and tables without one).
    public var primaryKey: [String]
    /// Columns that already carry a foreign key (links the store declares itself).
    public var linkedColumns: Set<String>

    public init(name: String, fields: [(name: String, type: String?)], isTable: Bool = false,
                primaryKey: [String] = [], linkedColumns: Set<String> = []) {
        self.name = name
        self.fields = fields
        self.isTable = isTable
        self.primaryKey = primaryKey
        self.linkedColumns = linkedColumns
    }
}
