import FootprintCore

/// What a deletion plan must know about a database that a lookup does not: which of the
/// person's rows other people's rows use too, which were reached by an outgoing link,
/// which tables have their own rule, and which links a kept row must lose so that the
/// rows it points at can go. Asked once, when the plan is made; the executor then does
/// exactly what the plan says.
struct PostgresErasurePlanning {
    let connector: PostgresConnector
    let connection: PostgresConnection
    let catalog: PostgresCatalog
    /// Rows already read, by locator: the values that links are made of.
    private var rows: [Locator: (TableReader, [String?])] = [:]
    /// Rows that reference a row through a link, by link name and referenced value.
    private var referrers: [String: [Locator]] = [:]

    init(connector: PostgresConnector, connection: PostgresConnection, catalog: PostgresCatalog) {
        self.connector = connector
        self.connection = connection
        self.catalog = catalog
    }

    mutating func refine(_ items: inout [DeletionPlan.Item]) throws {
        let acting: Set<DeletionPlan.Action> = [.erase, .deidentify]
        for i in items.indices where acting.contains(items[i].action) {
            applyTableRule(&items[i])
            keepIfPointedAt(&items[i])
        }
        // Hers for certain: what waits for review or is kept as not hers may be someone else's.
        let mine = Set(items.filter { ![.review, .keep].contains($0.action) }.map { locator($0) })
        for i in items.indices where items[i].action == .erase {
            try unlinkIfShared(&items[i], mine: mine)
        }
        // Rows that stay must not keep a link to a row that goes: a de-identified row loses
        // the link (its column is blanked too); any other row that stays keeps the parent.
        var changed = true
        while changed {
            changed = false
            for i in items.indices where items[i].action == .erase {
                for (referrer, column) in try referencing(items[i]) where mine.contains(referrer) {
                    guard let j = items.firstIndex(where: { locator($0) == referrer }), items[j].action != .erase else { continue }
                    if items[j].action == .deidentify, !notNull(referrer.container, column) {
                        if !(items[j].fields ?? []).contains(column) { items[j].fields = (items[j].fields ?? []) + [column] }
                        continue
                    }
                    items[i].action = .review
                    items[i].reason = "\(referrer.container)#\(referrer.key), which stays (\(items[j].action.rawValue)), refers to it: erasing it would break that row; a person decides"
                    changed = true
                    break
                }
            }
        }
    }

    /// A table's own `deletion:` wins over the system's.
    private func applyTableRule(_ item: inout DeletionPlan.Item) {
        guard let table = settings(item.container), let method = table.deletion else { return }
        switch method {
        case .none:
            item.action = .retain
            item.exception = table.exception ?? connector.source.system.exceptions.first ?? "an exception of Civ. Code §1798.105(d) (the configuration names none)"
            item.reason = "the table is kept as it is"
            item.fields = nil
        case .deidentify, .aggregate:
            item.action = .deidentify
            item.exception = table.exception
            item.fields = table.blank ?? identifierColumns(table)
            item.reason = "kept with the person's identifying fields blanked"
        case .erase:
            item.action = .erase
            item.fields = nil
        }
        item.instructions = nil
    }

    /// A row reached by an outgoing link (the product her order item points at) is shared
    /// data, not hers, unless the configuration says the table holds her data.
    private func keepIfPointedAt(_ item: inout DeletionPlan.Item) {
        guard let parent = item.linkedFrom.flatMap(Self.parse), let table = TableName(item.container), let parentTable = TableName(parent.container) else { return }
        let outgoing = catalog.foreignKeys.contains { link in
            link.from.table == parentTable && link.to.table == table && connector.settings.outgoing.contains { $0.0 == link.from }
        }
        guard outgoing, settings(item.container)?.personal != true else { return }
        item.action = .keep
        item.fields = nil
        item.reason = "a row her records point at (\(parent.container)#\(parent.key) → \(item.container)): not her personal information, and other records may use it"
    }

    /// A row other people's rows use too (an address another customer's order ships to)
    /// is never erased: its links to her rows are removed when they may be blanked, and
    /// otherwise a person decides.
    private mutating func unlinkIfShared(_ item: inout DeletionPlan.Item, mine: Set<Locator>) throws {
        let others = try referencing(item).map(\.0).filter { !mine.contains($0) }
        guard let other = others.first else { return }
        let here = locator(item)
        guard let (reader, values) = try row(here) else { return }
        let links = catalog.foreignKeys.filter { $0.from.table == reader.table && !$0.declared }
        let toHer = links.filter { link in
            guard let value = reader.value(of: link.from.column, in: values) else { return false }
            return mine.contains { $0.container == link.to.table.description && link.to.column == (try? self.keyColumn(of: link.to.table)) && $0.key == value }
        }
        let who = "\(other.container)#\(other.key)" + (others.count > 1 ? " and \(others.count - 1) other row(s)" : "")
        if !toHer.isEmpty, toHer.allSatisfy({ !notNull(here.container, $0.from.column) }) {
            item.action = .deidentify
            item.fields = toHer.map(\.from.column)
            item.reason = "also used by another person's record (\(who)): kept, its link to her removed"
        } else {
            item.action = .review
            item.reason = "also used by another person's record (\(who)): not erased; a person decides what of it is hers"
        }
    }

    /// The rows that reference this row through a foreign key or declared link, with the
    /// referencing column.
    private mutating func referencing(_ item: DeletionPlan.Item) throws -> [(Locator, String)] {
        let here = locator(item)
        guard let table = TableName(item.container), let (reader, values) = try row(here) else { return [] }
        var found: [(Locator, String)] = []
        for link in catalog.foreignKeys where link.to.table == table {
            guard let value = reader.value(of: link.to.column, in: values) else { continue }
            let cacheKey = link.name + "\u{0}" + value
            if referrers[cacheKey] == nil {
                guard let child = connector.tableReader(link.from.table, catalog), let column = catalog.column(link.from) else { continue }
                let result = try connection.query("SELECT \(child.selectList) FROM \(link.from.table.sql) WHERE \(quoteIdentifier(link.from.column)) = $1::\(column.type)", [value])
                referrers[cacheKey] = (0..<result.rowCount).map { row in
                    child.record((0..<result.columnCount).map { result.value(row, $0) }).locator
                }
            }
            found += referrers[cacheKey]!.filter { $0 != here }.map { ($0, link.from.column) }
        }
        return found
    }

    private mutating func row(_ locator: Locator) throws -> (TableReader, [String?])? {
        if let known = rows[locator] { return known }
        guard let table = TableName(locator.container), let reader = connector.tableReader(table, catalog) else { return nil }
        let (condition, parameters) = try PostgresRowKey.condition(reader, catalog, key: locator.key)
        let result = try connection.query("SELECT \(reader.selectList) FROM \(table.sql) WHERE \(condition)", parameters)
        guard result.rowCount == 1 else { return nil }
        let values = (0..<result.columnCount).map { result.value(0, $0) }
        rows[locator] = (reader, values)
        return (reader, values)
    }

    private func keyColumn(of table: TableName) throws -> String? {
        let key = connector.tableReader(table, catalog)?.keyColumns ?? []
        return key.count == 1 ? key[0] : nil
    }

    private func settings(_ container: String) -> PostgresSettings.Table? { connector.settings.tables.first { $0.name.description == container } }

    private func notNull(_ container: String, _ column: String) -> Bool {
        TableName(container).flatMap { catalog.columns[$0]?.first { $0.name == column }?.notNull } ?? true
    }

    /// The table's identifier columns (a jsonb path names its column), its key left out.
    private func identifierColumns(_ table: PostgresSettings.Table) -> [String] {
        var columns: [String] = []
        for field in table.fields where field.identifier != nil {
            let column = String(field.name.split(separator: ".").first ?? "")
            if !columns.contains(column), !(connector.tableReader(table.name, catalog)?.keyColumns ?? []).contains(column) { columns.append(column) }
        }
        return columns
    }

    private func locator(_ item: DeletionPlan.Item) -> Locator { Locator(source: item.source, container: item.container, key: item.key) }

    /// "source:container#key" as plans write a linked-from row.
    static func parse(_ text: String) -> (container: String, key: String)? {
        guard let colon = text.firstIndex(of: ":"), let hash = text.lastIndex(of: "#"), colon < hash else { return nil }
        return (String(text[text.index(after: colon)..<hash]), String(text[text.index(after: hash)...]))
    }
}

/// A row's key as a WHERE condition with bound parameters: one column, several (the
/// locator joins their values with commas), or the physical row id for a table without one.
enum PostgresRowKey {
    static func condition(_ reader: TableReader, _ catalog: PostgresCatalog, key: String) throws -> (String, [String?]) {
        if reader.keyColumns.isEmpty {
            guard key.hasPrefix("ctid:") else { throw SourceError(.stale, "the row's key \(key) is not a row id", container: reader.table.description) }
            return ("ctid = $1::tid", [String(key.dropFirst(5))])
        }
        let values = reader.keyColumns.count == 1 ? [key] : key.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard values.count == reader.keyColumns.count else {
            throw SourceError(.stale, "the row's key does not have the table's \(reader.keyColumns.count) key columns", container: reader.table.description,
                              hint: "make the plan again")
        }
        let parts = reader.keyColumns.enumerated().map { index, column in
            let type = catalog.columns[reader.table]?.first { $0.name == column }?.type ?? "text"
            return "\(quoteIdentifier(column)) = $\(index + 1)::\(type)"
        }
        return (parts.joined(separator: " AND "), values)
    }
}
