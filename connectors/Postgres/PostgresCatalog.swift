import FootprintCore

/// What the database says about its tables: columns and their types, primary keys and
/// foreign keys. Read once per run, in three queries.
struct PostgresCatalog {
    struct Column {
        var name: String
        /// `format_type` spelling, e.g. `integer`, `character varying(255)`, `timestamp with time zone`.
        var type: String
        /// pg_type.typcategory: N numeric, B boolean, D date/time, A array, S string, U user (json), ...
        var category: Character
        var typeName: String
        /// NOT NULL: a de-identified row cannot have it blanked, nor a link in it removed.
        var notNull = false
    }

    struct ForeignKey {
        var name: String
        var from: ColumnRef
        var to: ColumnRef
        /// A declared link from footprint.yaml rather than a constraint.
        var declared: Bool
    }

    var columns: [TableName: [Column]] = [:]
    var primaryKeys: [TableName: [String]] = [:]
    var foreignKeys: [ForeignKey] = []

    static func load(_ connection: PostgresConnection) throws -> PostgresCatalog {
        var catalog = PostgresCatalog()
        let schemaFilter = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'"
        let columns = try connection.query("""
            SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory, t.typname, a.attnotnull
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND \(schemaFilter)
            ORDER BY n.nspname, c.relname, a.attnum
            """)
        for row in 0..<columns.rowCount {
            let table = TableName(schema: columns.value(row, 0)!, table: columns.value(row, 1)!)
            catalog.columns[table, default: []].append(Column(name: columns.value(row, 2)!, type: columns.value(row, 3)!,
                                                                category: Character(columns.value(row, 4)!), typeName: columns.value(row, 5)!,
                                                                notNull: columns.value(row, 6) == "t"))
        }
        let keys = try connection.query("""
            SELECT con.conname, con.contype, n.nspname, c.relname, a.attname, fn.nspname, fc.relname, fa.attname, array_length(con.conkey, 1)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) ON true
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
            LEFT JOIN pg_class fc ON fc.oid = con.confrelid
            LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
            LEFT JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[k.ord]
            WHERE con.contype IN ('p', 'f') AND \(schemaFilter)
            ORDER BY con.conname, k.ord
            """)
        for row in 0..<keys.rowCount {
            let table = TableName(schema: keys.value(row, 2)!, table: keys.value(row, 3)!)
            if keys.value(row, 1) == "p" {
                catalog.primaryKeys[table, default: []].append(keys.value(row, 4)!)
            } else if keys.value(row, 8) == "1", let schema = keys.value(row, 5), let target = keys.value(row, 6), let column = keys.value(row, 7) {
                // Single-column foreign keys are followed; composite ones are listed by `discover`.
                catalog.foreignKeys.append(ForeignKey(name: keys.value(row, 0)!, from: ColumnRef(table: table, column: keys.value(row, 4)!),
                                                      to: ColumnRef(table: TableName(schema: schema, table: target), column: column), declared: false))
            }
        }
        return catalog
    }

    func column(_ ref: ColumnRef) -> Column? { columns[ref.table]?.first { $0.name == ref.column } }
}
