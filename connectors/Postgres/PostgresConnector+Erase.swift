import FootprintCore

/// Deleting a person's rows from a database, on its own read-write connection
/// (`write_url:`; lookups stay read-only), in one transaction: every planned row is
/// locked and its fingerprint checked, de-identified rows are updated first (their
/// identifying columns, and links to rows that go, set to NULL), then rows are deleted
/// children before parents. Any error, or any row changed since the plan, rolls back
/// everything: the database is either as the plan said or as it was.
extension PostgresConnector: ErasingConnector {
    public func cannotErase(_ container: String) -> String? {
        switch writeConninfo {
        case nil: return "the source has no write_url: (deletions use their own read-write connection: write_url: env:NAME)"
        case .failure(let error)?: return error.message
        case .success?: return nil
        }
    }

    public func refine(_ items: inout [DeletionPlan.Item]) throws {
        let (connection, catalog) = try openSession()
        var planning = PostgresErasurePlanning(connector: self, connection: connection, catalog: catalog)
        do { try planning.refine(&items) } catch let error as PostgresError { throw SourceError(error, container: source.name) }
    }

    public func erase(_ requests: [ErasureRequest], fingerprint: (Record) -> String, dryRun: Bool, into report: inout ScanReport) throws -> [ErasureOutcome] {
        guard case .success(let conninfo)? = writeConninfo else {
            let why = cannotErase("")!
            return requests.map { _ in .failed(.configuration, why) }
        }
        let connection: PostgresConnection
        var catalog: PostgresCatalog
        do {
            connection = try PostgresConnection(conninfo: conninfo, connectTimeout: settings.connectTimeout, statementTimeout: settings.statementTimeout,
                                                sslmode: settings.sslmode, readOnly: false)
            catalog = try PostgresCatalog.load(connection)
        } catch let error as PostgresError {
            let failure = SourceError(error, container: source.name)
            return requests.map { _ in .failed(failure.kind, failure.message + " (write_url)") }
        }
        for link in settings.links { catalog.foreignKeys.append(.init(name: "link \(link.from) → \(link.to)", from: link.from, to: link.to, declared: true)) }
        var transaction = PostgresErasure(connector: self, connection: connection, catalog: catalog)
        do {
            _ = try connection.query("BEGIN ISOLATION LEVEL READ COMMITTED")
            let outcomes = try transaction.run(requests, fingerprint: fingerprint)
            _ = try connection.query(dryRun ? "ROLLBACK" : "COMMIT")
            return outcomes
        } catch {
            _ = try? connection.query("ROLLBACK")
            let failure = error as? SourceError ?? SourceError(error, container: source.name)
            let detail = "\(failure.container.map { "\($0): " } ?? "")\(failure.message); rolled back: nothing in this database was changed"
            return requests.map { _ in .failed(failure.kind, detail) }
        }
    }
}

/// The statements of one deletion transaction (see `PostgresConnector`'s `erase`).
struct PostgresErasure {
    let connector: PostgresConnector
    let connection: PostgresConnection
    let catalog: PostgresCatalog

    mutating func run(_ requests: [ErasureRequest], fingerprint: (Record) -> String) throws -> [ErasureOutcome] {
        var present: [ErasureRequest: (TableReader, [String?])] = [:]
        // De-identified by an earlier run killed before its journal: nothing to do again.
        var done: Set<ErasureRequest> = []
        // Lock every row first, in a stable order, and check it is still what was planned.
        for request in requests.sorted(by: { ($0.locator.container, $0.locator.key) < ($1.locator.container, $1.locator.key) }) {
            let reader = try reader(request.locator.container)
            let (condition, parameters) = try PostgresRowKey.condition(reader, catalog, key: request.locator.key)
            let result = try query("SELECT \(reader.selectList) FROM \(reader.table.sql) WHERE \(condition) FOR UPDATE", parameters, reader.table)
            guard result.rowCount > 0 else { continue }
            let values = (0..<result.columnCount).map { result.value(0, $0) }
            let record = reader.record(values)
            if fingerprint(record) != request.fingerprint, request.isAlreadyBlank(in: record) {
                done.insert(request)
                continue
            }
            guard fingerprint(record) == request.fingerprint else {
                throw SourceError(.stale, "row \(request.locator.key) changed since the plan was made", container: reader.table.description, hint: "make the plan again")
            }
            present[request] = (reader, values)
        }
        // De-identified rows first: they may hold links to rows deleted below.
        for request in requests where request.fields != nil {
            guard let (reader, _) = present[request] else { continue }
            try blank(request, reader)
        }
        for table in deletionOrder(Set(requests.filter { $0.fields == nil }.map(\.locator.container))) {
            for request in requests where request.fields == nil && request.locator.container == table {
                guard let (reader, _) = present[request] else { continue }
                let (condition, parameters) = try PostgresRowKey.condition(reader, catalog, key: request.locator.key)
                _ = try query("DELETE FROM \(reader.table.sql) WHERE \(condition)", parameters, reader.table)
            }
        }
        return requests.map { done.contains($0) ? .deidentified : present[$0] == nil ? .notFound : $0.fields == nil ? .erased : .deidentified }
    }

    /// UPDATE … SET column = NULL (or '' for a NOT NULL text column) for the planned columns.
    private func blank(_ request: ErasureRequest, _ reader: TableReader) throws {
        let columns = catalog.columns[reader.table] ?? []
        var assignments: [String] = []
        for name in request.fields ?? [] {
            let column = String(name.split(separator: ".").first ?? "")
            guard let found = columns.first(where: { $0.name == column }) else {
                throw SourceError(.stale, "the table has no column \(column) any more", container: reader.table.description, hint: "make the plan again")
            }
            let assignment = "\(quoteIdentifier(column)) = \(found.notNull ? (found.category == "S" ? "''" : "NULL") : "NULL")"
            if !assignments.contains(assignment) { assignments.append(assignment) }
        }
        guard !assignments.isEmpty else { return }
        let (condition, parameters) = try PostgresRowKey.condition(reader, catalog, key: request.locator.key)
        _ = try query("UPDATE \(reader.table.sql) SET \(assignments.joined(separator: ", ")) WHERE \(condition)", parameters, reader.table)
    }

    /// Tables in an order where a table comes before every table it references (children
    /// before parents), so no delete breaks a foreign key; a cycle keeps the given order.
    func deletionOrder(_ tables: Set<String>) -> [String] {
        var remaining = tables.sorted()
        var order: [String] = []
        while !remaining.isEmpty {
            // A table no other remaining table references can go now.
            let free = remaining.first { table in
                !catalog.foreignKeys.contains { !$0.declared && $0.to.table.description == table && $0.from.table.description != table && remaining.contains($0.from.table.description) }
            } ?? remaining[0]
            order.append(free)
            remaining.removeAll { $0 == free }
        }
        return order
    }

    private func reader(_ container: String) throws -> TableReader {
        guard let table = TableName(container), let reader = connector.tableReader(table, catalog) else {
            throw SourceError(.missingContainer, "the table is not in the database any more", container: container, hint: "make the plan again")
        }
        return reader
    }

    private func query(_ sql: String, _ parameters: [String?], _ table: TableName) throws -> PostgresResult {
        do { return try connection.query(sql, parameters) } catch let error as PostgresError { throw SourceError(error, container: table.description) }
    }
}
