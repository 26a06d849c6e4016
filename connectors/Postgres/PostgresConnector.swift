import Foundation
import FootprintCore

/// Builds Postgres connectors from configuration (see `PostgresSettings`).
public enum PostgresConnectorFactory: ConnectorFactory {
    public static let kind = "postgres"
    public static let configKeys = PostgresSettings.keys

    public static func make(source: SourceConfig, environment: [String: String]) throws -> PostgresConnector {
        let settings = try PostgresSettings(source: source)
        // The write URL is resolved now but only needed by a deletion: a lookup runs without it.
        let write = settings.writeConninfo.map { reference -> Result<String, SourceError> in
            do { return .success(try reference.resolve(environment: environment)) } catch { return .failure(SourceError(error, container: source.name)) }
        }
        return PostgresConnector(source: source, settings: settings, conninfo: try settings.conninfo.resolve(environment: environment), writeConninfo: write)
    }
}

/// Finds a person in a live PostgreSQL database with the database doing the work: one
/// parameterized query per table for the identity's keys, then the rows that belong to
/// the matched rows through foreign keys (and declared links). Streams whole tables
/// with COPY for `records`.
public struct PostgresConnector: IndexableConnector, RowStreamingConnector {
    public let source: SourceConfig
    let settings: PostgresSettings
    /// The connection string, resolved from its `env:` reference when the connector was made.
    private let conninfo: String
    /// The read-write connection string (`write_url:`), or why there is none usable.
    let writeConninfo: Result<String, SourceError>?
    private let session = Session()

    init(source: SourceConfig, settings: PostgresSettings, conninfo: String, writeConninfo: Result<String, SourceError>? = nil) {
        self.source = source
        self.settings = settings
        self.conninfo = conninfo
        self.writeConninfo = writeConninfo
    }

    /// The connection and catalog, opened once per run and shared by the calls of that run.
    final class Session: @unchecked Sendable {
        var connection: PostgresConnection?
        var catalog: PostgresCatalog?
    }

    func openSession() throws -> (PostgresConnection, PostgresCatalog) { try open() }

    func tableReader(_ table: TableName, _ catalog: PostgresCatalog) -> TableReader? { reader(table, catalog) }

    private func open() throws -> (PostgresConnection, PostgresCatalog) {
        if let connection = session.connection, let catalog = session.catalog { return (connection, catalog) }
        do {
            let connection = try PostgresConnection(conninfo: conninfo, connectTimeout: settings.connectTimeout,
                                                    statementTimeout: settings.statementTimeout, sslmode: settings.sslmode)
            var catalog = try PostgresCatalog.load(connection)
            for link in settings.links {
                catalog.foreignKeys.append(.init(name: "link \(link.from) → \(link.to)", from: link.from, to: link.to, declared: true))
            }
            session.connection = connection
            session.catalog = catalog
            return (connection, catalog)
        } catch let error as PostgresError {
            throw SourceError(error.kind, error.description, container: source.name, hint: "check the server, the credentials in $\(settings.conninfo.variable) and the network")
        }
    }

    // MARK: validation

    /// What the configuration alone can get wrong (the connection string's variable) was
    /// checked when the connector was made. Tables, columns and schemas live in the
    /// database, which can change under a working configuration: those are `problems()`,
    /// reported per source at run time so one dropped table never stops the other sources
    /// (exit 2, not 1).
    public func validate() throws {}

    /// What footprint.yaml names that the database does not have (now): a dropped or
    /// renamed table, a mapped column, a key column, a link's column, a discovered schema.
    /// Each names the place in footprint.yaml to fix. Throws when the server cannot be reached.
    public func problems() throws -> [SourceError] {
        let (_, catalog) = try open()
        return catalogProblems(catalog)
    }

    func catalogProblems(_ catalog: PostgresCatalog) -> [SourceError] {
        var problems: [SourceError] = []
        func problem(_ message: String, _ container: String?, at location: ConfigLocation, _ hint: String,
                     kind: SourceError.Kind = .configuration) {
            problems.append(SourceError(kind, message, container: container, hint: "\(hint); footprint.yaml: \(location)"))
        }
        for table in settings.tables {
            guard let columns = catalog.columns[table.name] else {
                problem("table \(table.name) does not exist in the database", table.name.description, at: table.node.location,
                        "was it dropped or renamed? check the schema and table name (case-sensitive)", kind: .missingContainer)
                continue
            }
            let names = Set(columns.map(\.name))
            for column in missingColumns(table, names) {
                let location = table.fields.first { $0.name.split(separator: ".").first.map(String.init) == column }?.location ?? table.node.location
                problem("table \(table.name) has no column '\(column)'; the table was searched without it", table.name.description, at: location,
                        "its columns: \(columns.map(\.name).joined(separator: ", "))")
            }
            for key in table.key ?? [] where !names.contains(key) {
                problem("table \(table.name) has no key column '\(key)'; the table was not searched", table.name.description,
                        at: (table.node["key"] ?? table.node).location, "its columns: \(columns.map(\.name).joined(separator: ", "))")
            }
        }
        for (ref, node) in settings.outgoing where catalog.column(ref) == nil {
            problem("column \(ref) (follow.outgoing) does not exist; that link was not followed", ref.table.description, at: node.location, "update follow.outgoing")
        }
        for link in settings.links {
            for ref in [link.from, link.to] where catalog.column(ref) == nil {
                problem("column \(ref) (follow.links) does not exist; that link was not followed", ref.table.description, at: link.node.location, "update follow.links")
            }
        }
        for schema in settings.discover where !catalog.columns.keys.contains(where: { $0.schema == schema }) {
            problem("schema '\(schema)' has no tables (or does not exist)", nil, at: (source.node["discover"] ?? source.node).location, "update discover:")
        }
        return problems
    }

    /// The mapped columns (the column of a json path) a table does not have.
    func missingColumns(_ table: PostgresSettings.Table, _ names: Set<String>) -> [String] {
        var missing: [String] = []
        for mapping in table.fields {
            let column = String(mapping.name.split(separator: ".").first ?? "")
            if !names.contains(column), !missing.contains(column) { missing.append(column) }
        }
        return missing
    }

    public func mappings(for container: String) -> [FieldMapping] {
        settings.tables.first { $0.name.description == container }?.fields ?? []
    }

    private func reader(_ table: TableName, _ catalog: PostgresCatalog) -> TableReader? {
        guard let columns = catalog.columns[table] else { return nil }
        let key = settings.tables.first { $0.name == table }?.key ?? catalog.primaryKeys[table] ?? []
        return TableReader(table: table, columns: columns, keyColumns: key, sourceName: source.name)
    }

    /// The tables `records` and scans read: configured ones, then every table of the discovered schemas.
    private func readableTables(_ catalog: PostgresCatalog) -> [TableName] {
        var tables = settings.tables.map(\.name)
        for table in catalog.columns.keys.sorted() where settings.discover.contains(table.schema) && !tables.contains(table) {
            tables.append(table)
        }
        return tables
    }

    // MARK: streaming

    public func records(into report: inout ScanReport, _ body: (Record) throws -> Bool) throws {
        let (connection, catalog) = try open()
        var values: [String?] = []
        for table in readableTables(catalog) {
            guard let reader = reader(table, catalog) else {
                report.errors.append(SourceError(.missingContainer, "table \(table) no longer exists", container: table.description))
                continue
            }
            var stop = false
            do {
                try connection.copyOut(reader.copyStatement()) { line in
                    guard !stop else { return }
                    TableReader.copyFields(line, into: &values)
                    report.recordsExamined += 1
                    if try !body(reader.record(values)) { stop = true }
                }
                report.containersRead += 1
            } catch let error as PostgresError {
                report.errors.append(SourceError(error, container: table.description))
            }
            if stop { return }
        }
    }

    /// Every configured and discovered table with its columns' types, from the catalog.
    public func discover() throws -> [DiscoveredContainer] {
        let (_, catalog) = try open()
        return readableTables(catalog).compactMap { table in
            catalog.columns[table].map { columns in
                DiscoveredContainer(name: table.description, fields: columns.map { ($0.name, $0.type) }, isTable: true,
                                    primaryKey: catalog.primaryKeys[table] ?? [],
                                    linkedColumns: Set(catalog.foreignKeys.filter { $0.from.table == table }.map(\.from.column)))
            }
        }
    }

    /// Every readable table's rows straight from COPY (see `CopyRowDecoder`).
    public func streamRows<Sink: RowSink>(limit: Int?, into report: inout ScanReport, _ sink: inout Sink) throws {
        let (connection, catalog) = try open()
        var written = 0
        for table in readableTables(catalog) {
            if let limit, written >= limit { break }
            guard let reader = reader(table, catalog) else {
                report.errors.append(SourceError(.missingContainer, "table \(table) no longer exists", container: table.description))
                continue
            }
            var decoder = CopyRowDecoder(reader: reader)
            decoder.begin(&sink)
            do {
                try connection.copyOut(reader.copyStatement(limit: limit.map { $0 - written })) { line in
                    try decoder.decode(line, into: &sink)
                    written += 1
                    report.recordsExamined += 1
                }
                report.containersRead += 1
            } catch let error as PostgresError {
                report.errors.append(SourceError(error, container: table.description))
            }
        }
    }

    // MARK: lookup

    public func search(_ matcher: IdentityMatcher, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        let (connection, catalog) = try open()
        // What the configuration names but the database lacks: the source is partial (or
        // failed, when nothing could be read), never silently short.
        report.errors += catalogProblems(catalog)
        var follower = RowFollower(connector: self, connection: connection, catalog: catalog)
        for table in settings.tables {
            guard let reader = reader(table.name, catalog), let columns = catalog.columns[table.name],
                  (table.key ?? []).allSatisfy(Set(columns.map(\.name)).contains) else { continue }
            var tableSource = source
            let missing = Set(missingColumns(table, Set(columns.map(\.name))))
            tableSource.fields = table.fields.filter { !missing.contains(String($0.name.split(separator: ".").first ?? "")) }
            let tableMatcher = IdentityMatcher(keys: matcher.keys, source: tableSource, policy: matcher.policy)
            guard !tableMatcher.probedFields.isEmpty else { continue }
            do {
                let rows = try candidateRows(reader, tableMatcher, catalog, connection, &report)
                report.containersRead += 1
                var keys: Set<String> = []
                for values in rows {
                    let record = reader.record(values)
                    guard let match = tableMatcher.match(record) else { continue }
                    // A declared key that is not unique would put two records under one locator.
                    guard keys.insert(record.locator.key).inserted else {
                        report.errors.append(Self.duplicateKey(table.name, reader.keyColumns))
                        continue
                    }
                    try emit(Found(record: record, match: match))
                    if match.tier != .possible { follower.enqueue(reader: reader, values: values, record: record, tier: match.tier) }
                }
            } catch let error as PostgresError {
                report.errors.append(SourceError(error, container: table.name.description))
            }
        }
        do {
            try follower.follow(depth: settings.followDepth, into: &report, emit)
        } catch let error as PostgresError {
            report.errors.append(SourceError(error.kind, "following links: \(error.description)"))
        }
    }

    static func duplicateKey(_ table: TableName, _ key: [String]) -> SourceError {
        SourceError(.configuration, "the key [\(key.joined(separator: ", "))] of table \(table) is not unique: two rows share one value, so a record could not be told from another",
                    container: table.description, hint: "give the table a unique key: tables: {\(table): {key: [...]}}")
    }

    /// The rows that could match: pushed down to the server for email, phone, account id
    /// and date-of-birth columns; read whole when the identity's name or address must be
    /// compared (a fuzzy comparison the server cannot do for us).
    private func candidateRows(_ reader: TableReader, _ matcher: IdentityMatcher, _ catalog: PostgresCatalog,
                               _ connection: PostgresConnection, _ report: inout ScanReport) throws -> [[String?]] {
        let keys = matcher.keys
        var conditions: [String] = []
        var parameters: [String?] = []
        var needsScan = false
        func bind(_ values: [String]) -> String {
            parameters.append(postgresArray(values))
            return "$\(parameters.count)::text[]"
        }
        for mapping in matcher.probedFields {
            guard let kind = mapping.identifier else { continue }
            let columnName = mapping.name
            guard let column = reader.columns.first(where: { $0.name == columnName }) else {
                needsScan = true // a path inside a json column
                continue
            }
            let name = quoteIdentifier(column.name)
            switch kind {
            case .email:
                let forms = keys.emails.flatMap { [$0, $0.replacingOccurrences(of: "@", with: "%40")] }
                conditions.append("lower(btrim(\(name)::text)) = ANY(\(bind(forms)))")
            case .phone:
                conditions.append("regexp_replace(\(name)::text, '[^0-9]', '', 'g') LIKE ANY(\(bind(phonePatterns(keys.phones))))")
            case .accountID:
                let prefix = "\(mapping.namespace ?? "")="
                let values = keys.accountIDs.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
                if !values.isEmpty { conditions.append("btrim(\(name)::text) = ANY(\(bind(values)))") }
            case .dob:
                if column.typeName == "date" {
                    parameters.append(postgresArray(keys.datesOfBirth.sorted()))
                    conditions.append("\(name) = ANY($\(parameters.count)::date[])")
                } else {
                    needsScan = true
                }
            case .name, .address:
                needsScan = true
            case .device:
                break
            }
        }
        let sql = "SELECT \(reader.selectList) FROM \(reader.table.sql)" + (needsScan || conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " OR "))
        let result = try connection.query(sql, parameters.isEmpty || needsScan ? [] : parameters)
        report.recordsExamined += result.rowCount
        return (0..<result.rowCount).map { row in (0..<result.columnCount).map { result.value(row, $0) } }
    }

    /// LIKE patterns over a column's digits: the national number, with country code,
    /// trunk or international prefixes; the trailing % lets an extension follow.
    private func phonePatterns(_ phones: Set<String>) -> [String] {
        var patterns: Set<String> = []
        for key in phones {
            guard let national = PhoneNormalizer.nationalSignificantNumber(of: key) else { continue }
            let code = String(key.dropFirst().dropLast(national.count))
            for prefix in ["", code, "0", "00" + code, "011" + code] { patterns.insert(prefix + national + "%") }
        }
        return patterns.sorted()
    }
}
