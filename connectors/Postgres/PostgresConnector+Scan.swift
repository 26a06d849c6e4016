import FootprintCore

/// Scheduled scans over a database: each mapped table is a container whose fingerprint
/// is its row estimate and write counters (or the configured `updated_at` column's
/// latest value); index lookups fetch rows by primary key and follow their links as a
/// live lookup does.
extension PostgresConnector {
    public func scanContainers() throws -> [ContainerState] {
        let (connection, catalog) = try openSession()
        return try settings.tables.filter { !$0.fields.filter { $0.identifier != nil }.isEmpty }.map { table in
            // Gone from the database: the scan reports it, and lookups search live (where it is reported too).
            guard catalog.columns[table.name] != nil else { return ContainerState(name: table.name.description, fingerprint: "missing") }
            if tableReader(table.name, catalog)?.keyColumns.isEmpty ?? true {
                return ContainerState(name: table.name.description, fingerprint: nil, unindexable:
                    "table \(table.name) has no primary key, so the index could not fetch its rows again; it is searched live "
                    + "(fix: name a unique key in footprint.yaml, tables: {\(table.name): {key: [column, ...]}})")
            }
            var fingerprint: String
            let stats = try connection.query("""
                SELECT c.reltuples::bigint, coalesce(s.n_tup_ins, 0), coalesce(s.n_tup_upd, 0), coalesce(s.n_tup_del, 0)
                FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = $1::regclass
                """, [table.name.sql])
            fingerprint = (0..<stats.columnCount).map { stats.value(0, $0) ?? "" }.joined(separator: ":")
            if let column = table.updatedAt {
                let latest = try connection.query("SELECT max(\(quoteIdentifier(column)))::text, count(*) FROM \(table.name.sql)")
                fingerprint = "updated:\(latest.value(0, 0) ?? "none"):\(latest.value(0, 1) ?? "0")"
            }
            return ContainerState(name: table.name.description, fingerprint: fingerprint)
        }
    }

    public func scan(_ state: ContainerState, into report: inout ScanReport, _ rows: IndexRowSink) throws {
        let (connection, catalog) = try openSession()
        guard let table = TableName(state.name), let reader = tableReader(table, catalog) else {
            throw SourceError(.missingContainer, "table \(state.name) does not exist", container: state.name)
        }
        // Keys are stored as they are: a key column holding emails, phones or names would put them in the index in clear.
        let fields = settings.tables.first { $0.name == table }?.fields ?? []
        if let leak = fields.first(where: { mapping in
            reader.keyColumns.contains(mapping.name) && mapping.identifier != nil && mapping.identifier != .accountID
        }) {
            throw SourceError(.configuration, "the table is keyed by '\(leak.name)', which holds \(leak.identifier!.rawValue) values: the index would store them in clear",
                              container: state.name, hint: "give the table an id key (tables: {\(state.name): {key: id}})")
        }
        do {
            try checkUnique(table, catalog, connection)
            if let plan = CopyScanPlan(reader, mappings: mappings(for: state.name), rows: rows) {
                try connection.copyOut(plan.statement) { line in
                    report.recordsExamined += 1
                    try plan.add(line, to: rows)
                }
            } else {
                var values: [String?] = []
                try connection.copyOut(reader.copyStatement()) { line in
                    TableReader.copyFields(line, into: &values)
                    report.recordsExamined += 1
                    try rows.append(reader.record(values), position: -1)
                }
            }
        } catch let error as PostgresError {
            throw SourceError(error, container: state.name)
        }
        report.containersRead += 1
    }

    /// A key named in footprint.yaml (not the table's primary key) must be unique, or two
    /// rows would be indexed under one locator and a lookup could not tell them apart.
    private func checkUnique(_ table: TableName, _ catalog: PostgresCatalog, _ connection: PostgresConnection) throws {
        guard let declared = settings.tables.first(where: { $0.name == table })?.key, !declared.isEmpty,
              Set(declared) != Set(catalog.primaryKeys[table] ?? []) else { return }
        let columns = declared.map(quoteIdentifier).joined(separator: ", ")
        let duplicates = try connection.query("SELECT count(*) FROM \(table.sql) GROUP BY \(columns) HAVING count(*) > 1 LIMIT 1")
        if duplicates.rowCount > 0 { throw Self.duplicateKey(table, declared) }
    }

    public func searchIndexed(_ matcher: IdentityMatcher, candidates: [IndexedLocator], into report: inout ScanReport,
                              _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        let (connection, catalog) = try openSession()
        // As a live search does: what the configuration names but the database lacks
        // makes the source partial, through the index too.
        report.errors += catalogProblems(catalog)
        var follower = RowFollower(connector: self, connection: connection, catalog: catalog)
        var stale: [IndexedLocator] = []
        for (name, group) in Dictionary(grouping: candidates, by: \.container).sorted(by: { $0.key < $1.key }) {
            guard let tableName = TableName(name), let table = settings.tables.first(where: { $0.name == tableName }),
                  let reader = tableReader(tableName, catalog), !reader.keyColumns.isEmpty,
                  let (condition, parameters) = keyCondition(reader, catalog, keys: group.map(\.key)) else {
                stale += group
                continue
            }
            var tableSource = source
            tableSource.fields = table.fields
            let tableMatcher = IdentityMatcher(keys: matcher.keys, source: tableSource, policy: matcher.policy)
            do {
                let result = try connection.query("SELECT \(reader.selectList) FROM \(tableName.sql) WHERE \(condition)", parameters)
                report.recordsExamined += result.rowCount
                var seen: Set<String> = []
                for row in 0..<result.rowCount {
                    let values = (0..<result.columnCount).map { result.value(row, $0) }
                    let record = reader.record(values)
                    seen.insert(record.locator.key)
                    guard let match = tableMatcher.match(record) else { continue }
                    try emit(Found(record: record, match: match))
                    if match.tier != .possible { follower.enqueue(reader: reader, values: values, record: record, tier: match.tier) }
                }
                stale += group.filter { !seen.contains($0.key) }
            } catch let error as PostgresError {
                report.errors.append(SourceError(error, container: name))
            }
        }
        try follower.follow(depth: settings.followDepth, into: &report, emit)
        return stale
    }

    /// The WHERE condition that fetches rows by their locator keys, bound with the key
    /// columns' own types so the primary key's index is used. A composite key is stored
    /// as its values joined by commas: keys that split into one value per column are
    /// matched as tuples; one whose values hold commas themselves (or NULLs) is matched on
    /// the same text the reader builds.
    func keyCondition(_ reader: TableReader, _ catalog: PostgresCatalog, keys: [String]) -> (String, [String?])? {
        let columns = reader.keyColumns.compactMap { catalog.column(ColumnRef(table: reader.table, column: $0)) }
        guard columns.count == reader.keyColumns.count, !columns.isEmpty else { return nil }
        if columns.count == 1 {
            return ("\(quoteIdentifier(columns[0].name)) = ANY($1::\(columns[0].type)[])", [postgresArray(keys)])
        }
        var parts = [[String]](repeating: [], count: columns.count)
        var textual: [String] = []
        for key in keys {
            let split = key.split(separator: ",", omittingEmptySubsequences: false)
            if split.count == columns.count, !split.contains(where: \.isEmpty) {
                for (i, part) in split.enumerated() { parts[i].append(String(part)) }
            } else {
                textual.append(key)
            }
        }
        var conditions: [String] = []
        var parameters: [String?] = []
        if !parts[0].isEmpty {
            let arrays = columns.enumerated().map { i, column -> String in
                parameters.append(postgresArray(parts[i]))
                return "$\(parameters.count)::\(column.type)[]"
            }
            conditions.append("(\(columns.map { quoteIdentifier($0.name) }.joined(separator: ", "))) IN (SELECT * FROM unnest(\(arrays.joined(separator: ", "))))")
        }
        if !textual.isEmpty {
            parameters.append(postgresArray(textual))
            let text = columns.map { "coalesce(\(quoteIdentifier($0.name))::text, '')" }.joined(separator: " || ',' || ")
            conditions.append("\(text) = ANY($\(parameters.count)::text[])")
        }
        return (conditions.joined(separator: " OR "), parameters)
    }
}
