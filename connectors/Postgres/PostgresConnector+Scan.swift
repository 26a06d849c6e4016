import FootprintCore

/// Scheduled scans over a database: each mapped table is a container whose fingerprint
/// is its row estimate and write counters (or the configured `updated_at` column's
/// latest value); index lookups fetch rows by primary key and follow their links as a
/// live lookup does.
extension PostgresConnector {
    public func scanContainers() throws -> [ContainerState] {
        let (connection, catalog) = try openSession()
        return try settings.tables.filter { !$0.fields.filter { $0.identifier != nil }.isEmpty }.map { table in
            guard catalog.columns[table.name] != nil else { return ContainerState(name: table.name.description, fingerprint: nil) }
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
            throw SourceError("table \(state.name) does not exist", container: state.name)
        }
        // Keys are stored as they are: a key column holding emails, phones or names would put them in the index in clear.
        let fields = settings.tables.first { $0.name == table }?.fields ?? []
        if let leak = fields.first(where: { mapping in
            reader.keyColumns.contains(mapping.name) && mapping.identifier != nil && mapping.identifier != .accountID
        }) {
            throw SourceError("the table is keyed by '\(leak.name)', which holds \(leak.identifier!.rawValue) values: the index would store them in clear",
                              container: state.name, hint: "give the table an id key (tables: {\(state.name): {key: id}})")
        }
        do {
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
            throw SourceError(error.description, container: state.name)
        }
        report.containersRead += 1
    }

    public func searchIndexed(_ matcher: IdentityMatcher, candidates: [IndexedLocator], into report: inout ScanReport,
                              _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        let (connection, catalog) = try openSession()
        var follower = RowFollower(connector: self, connection: connection, catalog: catalog)
        var stale: [IndexedLocator] = []
        for (name, group) in Dictionary(grouping: candidates, by: \.container).sorted(by: { $0.key < $1.key }) {
            guard let tableName = TableName(name), let table = settings.tables.first(where: { $0.name == tableName }),
                  let reader = tableReader(tableName, catalog), reader.keyColumns.count == 1,
                  let keyColumn = catalog.column(ColumnRef(table: tableName, column: reader.keyColumns[0])) else {
                stale += group
                continue
            }
            var tableSource = source
            tableSource.fields = table.fields
            let tableMatcher = IdentityMatcher(keys: matcher.keys, source: tableSource, policy: matcher.policy)
            do {
                let result = try connection.query(
                    "SELECT \(reader.selectList) FROM \(tableName.sql) WHERE \(quoteIdentifier(keyColumn.name)) = ANY($1::\(keyColumn.type)[])",
                    [postgresArray(group.map(\.key))])
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
                report.errors.append(SourceError(error.description, container: name))
            }
        }
        try follower.follow(depth: settings.followDepth, into: &report, emit)
        return stale
    }
}
