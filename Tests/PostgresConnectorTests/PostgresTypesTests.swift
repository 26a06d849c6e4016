import Foundation
import Testing
@testable import FootprintCore
@testable import FootprintPostgres
import FootprintReports

/// Every built-in type a column can have, and values JSON has no literal for (NaN,
/// ±Infinity, money): `records` (the COPY fast path) and `lookup` (the record path) must
/// both print valid JSON, and the same JSON.
@Suite("Postgres values as JSON", .enabled(if: TestDatabase.available))
struct PostgresTypesTests {
    static let columns: [(String, String, String)] = [
        ("c_smallint", "smallint", "-32768"), ("c_integer", "integer", "2147483647"), ("c_bigint", "bigint", "-9223372036854775808"),
        ("c_numeric", "numeric", "'NaN'"), ("c_numeric_inf", "numeric", "'Infinity'"), ("c_numeric_big", "numeric(30,10)", "12345678901234567890.0123456789"),
        ("c_real", "real", "'-Infinity'"), ("c_double", "double precision", "'NaN'"), ("c_double_ok", "double precision", "1.5e300"),
        ("c_money", "money", "'$1,234.56'"), ("c_money_neg", "money", "'-$0.99'"), ("c_text", "text", "E'tab\\there \"quoted\" \\\\ back'"),
        ("c_varchar", "varchar(20)", "'v'"), ("c_char", "char(3)", "'ab'"), ("c_name", "name", "'nm'"), ("c_bytea", "bytea", "'\\xdeadbeef'"),
        ("c_bool", "boolean", "true"), ("c_date", "date", "'infinity'"), ("c_time", "time", "'04:05:06.789'"), ("c_timetz", "timetz", "'04:05:06+02'"),
        ("c_timestamp", "timestamp", "'2024-05-01 10:00:00'"), ("c_timestamptz", "timestamptz", "'-infinity'"),
        ("c_interval", "interval", "'1 year 2 mons 3 days 04:05:06'"), ("c_uuid", "uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"),
        ("c_inet", "inet", "'192.168.0.1/24'"), ("c_cidr", "cidr", "'10.0.0.0/8'"), ("c_macaddr", "macaddr", "'08:00:2b:01:02:03'"),
        ("c_macaddr8", "macaddr8", "'08:00:2b:01:02:03:04:05'"), ("c_bit", "bit(3)", "B'101'"), ("c_varbit", "varbit", "B'1'"),
        ("c_point", "point", "'(1,2)'"), ("c_line", "line", "'{1,2,3}'"), ("c_lseg", "lseg", "'[(0,0),(1,1)]'"), ("c_box", "box", "'((0,0),(1,1))'"),
        ("c_path", "path", "'[(0,0),(1,1)]'"), ("c_polygon", "polygon", "'((0,0),(1,1),(1,0))'"), ("c_circle", "circle", "'<(0,0),1>'"),
        ("c_int4range", "int4range", "'[1,5)'"), ("c_tstzrange", "tstzrange", "'[2024-01-01,2024-02-01)'"), ("c_numrange", "numrange", "'(,NaN)'::text::numrange"),
        ("c_int4multirange", "int4multirange", "'{[1,3),[5,7)}'"), ("c_tsvector", "tsvector", "'a fat cat'"), ("c_tsquery", "tsquery", "'fat & cat'"),
        ("c_json", "json", "'{\"a\": [1, \"x\"]}'"), ("c_jsonb", "jsonb", "'{\"b\": {\"c\": null}}'"), ("c_jsonb_scalar", "jsonb", "'\"s\"'"),
        ("c_xml", "xml", "'<a>x</a>'"), ("c_enum", "%SCHEMA%.mood", "'happy'"), ("c_oid", "oid", "42"), ("c_regclass", "regclass", "'pg_class'"),
        ("c_pg_lsn", "pg_lsn", "'16/B374D848'"), ("c_txid", "pg_snapshot", "'10:20:10,14,15'"),
        ("c_int_array", "integer[]", "'{1,NULL,3}'"), ("c_numeric_array", "numeric[]", "'{NaN,1.5}'"), ("c_float_array", "float8[]", "'{Infinity,-Infinity}'"),
        ("c_money_array", "money[]", "'{1.50}'"), ("c_text_array", "text[]", "'{\"a,b\",\"c\\\"d\"}'"), ("c_uuid_array", "uuid[]", "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'"),
        ("c_interval_array", "interval[]", "'{\"1 day\"}'"), ("c_inet_array", "inet[]", "'{::1}'"), ("c_bit_array", "bit(2)[]", "'{01,10}'"),
        ("c_point_array", "point[]", "'{\"(1,2)\"}'"), ("c_range_array", "int4range[]", "'{\"[1,2)\"}'"), ("c_enum_array", "%SCHEMA%.mood[]", "'{sad,happy}'"),
        ("c_2d_array", "integer[][]", "'{{1,2},{3,4}}'"), ("c_bool_array", "boolean[]", "'{t,f}'"), ("c_bytea_array", "bytea[]", "'{\"\\\\x00\"}'"),
    ]

    func makeTable() throws -> String {
        let schema = "types_\(UInt32.random(in: 0...UInt32.max))"
        let columns = Self.columns.map { "\($0.0) \($0.1.replacingOccurrences(of: "%SCHEMA%", with: schema))" }.joined(separator: ", ")
        let values = Self.columns.map { $0.2 }.joined(separator: ", ")
        try TestDatabase.execute("""
            CREATE SCHEMA \(schema);
            CREATE TYPE \(schema).mood AS ENUM ('sad', 'happy');
            CREATE TABLE \(schema).everything (id integer PRIMARY KEY, email text, \(columns));
            INSERT INTO \(schema).everything VALUES (1, 'types@example.com', \(values));
            INSERT INTO \(schema).everything (id, email) VALUES (2, 'types@example.com');
            """)
        return schema
    }

    func source(_ schema: String) throws -> SourceConfig {
        try TestDatabase.source("""
              - name: shop
                connector: postgres
                url: env:FOOTPRINT_TEST_PG_URL
                tables:
                  \(schema).everything:
                    fields:
                      email: {identifier: email}

            """)
    }

    @Test("records (COPY fast path) and the record path print valid, identical JSON for every type")
    func everyType() throws {
        let schema = try makeTable()
        let connector = try PostgresConnectorFactory.make(source: try source(schema))
        var report = ScanReport()
        var bytes: [UInt8] = []
        #expect(connector.capability((any RowStreamingConnector).self) != nil)
        try RecordLines.write(connector, limit: nil, into: &report) { bytes += $0 }
        #expect(report.errors.isEmpty, "\(report.errors)")
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        var recordLines: [String] = []
        var recordReport = ScanReport()
        try connector.records(into: &recordReport) { recordLines.append(RecordJSON.line($0)); return true }
        #expect(recordLines.count == 2)
        for (fast, slow) in zip(lines, recordLines) {
            let parsedFast = try JSONSerialization.jsonObject(with: Data(fast.utf8)) as? [String: Any]
            let parsedSlow = try JSONSerialization.jsonObject(with: Data(slow.utf8)) as? [String: Any]
            let fields = try #require(parsedFast?["fields"] as? [String: Any])
            #expect(NSDictionary(dictionary: try #require(parsedFast)).isEqual(to: try #require(parsedSlow)), "fast: \(fast)\nslow: \(slow)")
            if fields["c_money"] is NSNull { continue } // the row of NULLs
            #expect(fields["c_numeric"] as? String == "NaN")
            #expect(fields["c_real"] as? String == "-Infinity")
            #expect(fields["c_money"] as? String == "$1,234.56")
            #expect(fields["c_double_ok"] as? Double == 1.5e300)
            #expect(fields["c_integer"] as? Int == 2147483647)
        }
        try TestDatabase.execute("DROP SCHEMA \(schema) CASCADE")
    }

    @Test("a lookup's inventory JSON parses with every type in the record")
    func lookupParses() throws {
        let schema = try makeTable()
        let (found, report) = try TestDatabase.lookup(try source(schema), Identity(emails: ["types@example.com"]))
        #expect(report.errors.isEmpty)
        #expect(found.count == 2)
        var inventory = Inventory(identity: Identity(emails: ["types@example.com"]), keys: try IdentityKeys(Identity(emails: ["types@example.com"]), region: "US"))
        inventory.entries = found.map { Inventory.Entry(record: $0.record, match: $0.match, via: $0.via, mappings: [:]) }
        let document = InventoryJSON.document(inventory)
        let parsed = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any]
        #expect((parsed?["records"] as? [Any])?.count == 2)
        try TestDatabase.execute("DROP SCHEMA \(schema) CASCADE")
    }
}
