import FootprintCore

/// Collects what belongs to the matched rows by following links, breadth first:
/// rows that *reference* a person's row (their orders, the orders' items, their cards,
/// logins, tickets) always; rows a person's row merely points at (a product, the
/// employee on a ticket) only through links the configuration lists under
/// `follow.outgoing`. Batched (`= ANY($1)`), bounded by depth, and cycle-safe: a row is
/// listed once. Every row reached names the row and the constraint or link it came by.
///
/// A row reached this way may belong to someone else as well: another customer's order
/// that ships to her address. Such a row points, through another foreign key, at a row of
/// a table where she has rows — but not at one of hers. It is listed as a possible match
/// with that evidence (a person decides), and so is everything reached through it.
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
    /// Rows reached, in the order reached, emitted once following is done.
    private var reached: [(found: Found, row: Pending)] = []

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
                        try fetch(link: link, target: link.from, parentColumn: link.to.column, rows: rows, outgoing: false, into: &report)
                    }
                    if link.from.table == table, connector.settings.outgoing.contains(where: { $0.0 == link.from }) {
                        // Rows these rows point at, where the configuration says that carries the person's data.
                        try fetch(link: link, target: link.to, parentColumn: link.from.column, rows: rows, outgoing: true, into: &report)
                    }
                }
            }
        }
        for found in sharedMarked() { try emit(found) }
    }

    /// The rows reached, those that also belong to someone else (and what hangs off them)
    /// turned into possible matches that say why.
    private func sharedMarked() -> [Found] {
        let keysByTable = Dictionary(grouping: seen, by: \.container).mapValues { Set($0.map(\.key)) }
        var demoted: Set<Locator> = []
        return reached.map { entry in
            var found = entry.found
            if let parent = found.via?.locator, demoted.contains(parent) {
                demoted.insert(found.record.locator)
                found.match = Match(tier: .possible, evidence: found.match.evidence + [Evidence(identifier: .accountID, field: found.match.evidence.first?.field ?? "", how: .linked, score: 0,
                                    note: "reached through \(parent.container) #\(parent.key), which may be someone else's")])
                return found
            }
            let reader = entry.row.reader
            for link in catalog.foreignKeys where !link.declared && link.from.table == reader.table {
                guard let target = connector.tableReader(link.to.table, catalog), target.keyColumns == [link.to.column],
                      let hers = keysByTable[link.to.table.description], !hers.isEmpty,
                      let value = reader.value(of: link.from.column, in: entry.row.values), !hers.contains(value) else { continue }
                demoted.insert(found.record.locator)
                found.match = Match(tier: .possible, evidence: found.match.evidence + [Evidence(identifier: .accountID, field: link.from.column, how: .linked, score: 0,
                                    note: "also refers to \(link.to.table) #\(value), which is not among her rows: it may be shared with another person", link: link.name)])
                break
            }
            return found
        }
    }

    private mutating func fetch(link: PostgresCatalog.ForeignKey, target: ColumnRef, parentColumn: String, rows: [Pending], outgoing: Bool,
                                into report: inout ScanReport) throws {
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
            let found = Found(record: record, match: Match(tier: parent.tier, evidence: [evidence]),
                              via: Inventory.Via(locator: parent.record.locator, field: "\(field) (\(linkName))"))
            enqueue(reader: reader, values: values, record: record, tier: parent.tier, terminal: outgoing)
            reached.append((found, Pending(reader: reader, values: values, record: record, tier: parent.tier, terminal: outgoing)))
        }
    }
}
