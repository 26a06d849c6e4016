import FootprintCore

/// Collects what belongs to the matched rows by following links, breadth first:
/// rows that *reference* a person's row (their orders, the orders' items, their cards,
/// logins, tickets) always; rows a person's row merely points at (a product, the
/// employee on a ticket) only through links the configuration lists under
/// `follow.outgoing`. Batched (`= ANY($1)`), bounded by depth, and cycle-safe: a row is
/// listed once. Every row reached names the row and the constraint or link it came by.
struct RowFollower {
    struct Pending {
        var reader: TableReader
        var values: [String?]
        var record: Record
        var tier: MatchTier
        /// Reached by an outgoing link (a product bought): listed, but what else points at
        /// it (other people's order items) is not theirs, so nothing is followed from it.
        var terminal = false
    }

    let connector: PostgresConnector
    let connection: PostgresConnection
    let catalog: PostgresCatalog
    private var frontier: [Pending] = []
    private var seen: Set<Locator> = []

    init(connector: PostgresConnector, connection: PostgresConnection, catalog: PostgresCatalog) {
        self.connector = connector
        self.connection = connection
        self.catalog = catalog
    }

    mutating func enqueue(reader: TableReader, values: [String?], record: Record, tier: MatchTier, terminal: Bool = false) {
        guard seen.insert(record.locator).inserted else { return }
        frontier.append(Pending(reader: reader, values: values, record: record, tier: tier, terminal: terminal))
    }

    mutating func follow(depth: Int, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        var level = 0
        while level < depth, !frontier.isEmpty {
            level += 1
            let current = frontier.filter { !$0.terminal }
            frontier = []
            let byTable = Dictionary(grouping: current, by: { $0.reader.table })
            for (table, rows) in byTable.sorted(by: { $0.key < $1.key }) {
                for link in catalog.foreignKeys {
                    if link.to.table == table {
                        // Rows that reference these rows: child.from = parent.to
                        try fetch(link: link, target: link.from, parentColumn: link.to.column, rows: rows, outgoing: false, into: &report, emit)
                    }
                    if link.from.table == table, connector.settings.outgoing.contains(where: { $0.0 == link.from }) {
                        // Rows these rows point at, where the configuration says that carries the person's data.
                        try fetch(link: link, target: link.to, parentColumn: link.from.column, rows: rows, outgoing: true, into: &report, emit)
                    }
                }
            }
        }
    }

    private mutating func fetch(link: PostgresCatalog.ForeignKey, target: ColumnRef, parentColumn: String, rows: [Pending], outgoing: Bool,
                                into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        var parents: [String: Pending] = [:]
        for row in rows {
            if let value = row.reader.value(of: parentColumn, in: row.values), parents[value] == nil { parents[value] = row }
        }
        guard !parents.isEmpty, let reader = connector.tableReader(target.table, catalog), let column = catalog.column(target) else { return }
        // Bound with the column's own type so the index on it is used.
        let result = try connection.query(
            "SELECT \(reader.selectList) FROM \(target.table.sql) WHERE \(quoteIdentifier(target.column)) = ANY($1::\(column.type)[])",
            [postgresArray(parents.keys.sorted())])
        report.recordsExamined += result.rowCount
        for row in 0..<result.rowCount {
            let values = (0..<result.columnCount).map { result.value(row, $0) }
            let record = reader.record(values)
            guard !seen.contains(record.locator), let key = reader.value(of: target.column, in: values), let parent = parents[key] else { continue }
            let linkName = link.declared ? link.name : "foreign key \(link.name)"
            // The field named is the parent's column holding the link (customer_id on an order, product_id on an item).
            let field = outgoing ? parentColumn : target.column
            // Not a match on anything the request held: the row hangs off a matched row by a key.
            let evidence = Evidence(identifier: .accountID, field: field, how: .linked, score: 1,
                                    note: "linked to \(parent.record.locator.container) #\(parent.record.locator.key)", link: linkName)
            try emit(Found(record: record, match: Match(tier: parent.tier, evidence: [evidence]),
                           via: Inventory.Via(locator: parent.record.locator, field: "\(field) (\(linkName))")))
            enqueue(reader: reader, values: values, record: record, tier: parent.tier, terminal: outgoing)
        }
    }
}
