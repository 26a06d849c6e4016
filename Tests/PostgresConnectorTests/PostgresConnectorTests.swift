import Foundation
import Testing
@testable import FootprintCore
@testable import FootprintPostgres

let shopYAML = """
  - name: shop
    connector: postgres
    url: env:FOOTPRINT_TEST_PG_URL
    tables:
      shop.customer:
        fields:
          email: {identifier: email, category: A}
          phone: {identifier: phone, category: B}
      shop.support_ticket:
        fields:
          contact_email: {identifier: email, category: A}
      legacy.customer:
        fields:
          email: {identifier: email, category: A}
    follow:
      outgoing: [shop.order_item.product_id]
      links:
        - {from: legacy.note.customer_ref, to: legacy.customer.legacy_id}

"""

@Suite("Postgres connector", .enabled(if: TestDatabase.available), .serialized)
struct PostgresConnectorTests {
    @Test("a customer's email finds their rows and everything that belongs to them, and nobody else's")
    func lookupFollowsRows() throws {
        let (found, report) = try TestDatabase.lookup(try TestDatabase.source(shopYAML), Identity(emails: ["jane.doe@example.com"]))
        #expect(report.status == .complete)
        let locators = Set(found.map { "\($0.record.locator.container)#\($0.record.locator.key)" })
        #expect(locators == [
            "shop.customer#1", "shop.address#1", "shop.address#2", "shop.orders#1", "shop.orders#2",
            "shop.order_item#1", "shop.order_item#2", "shop.order_item#3", "shop.product#1", "shop.product#2", "shop.product#3",
            "shop.payment_card#1", "shop.login#1", "shop.visit#1", "shop.visit#2", "shop.support_ticket#1",
            "legacy.customer#9001", "legacy.note#1",
            // The other Jane's order, shipped to Jane's address, and its line: possible matches only.
            "shop.orders#5", "shop.order_item#6",
        ])
        #expect(found.filter { ["shop.orders#5", "shop.order_item#6"].contains("\($0.record.locator.container)#\($0.record.locator.key)") }.allSatisfy { $0.match.tier == .possible })
        // Direct matches have no via; every followed row names the row and the link.
        for item in found {
            if ["shop.customer#1", "legacy.customer#9001"].contains("\(item.record.locator.container)#\(item.record.locator.key)") {
                #expect(item.via == nil)
            } else {
                let via = try #require(item.via)
                #expect(via.field.contains("foreign key") || via.field.contains("link"))
            }
        }
        let order = try #require(found.first { $0.record.locator.container == "shop.orders" })
        #expect(order.via?.locator.container == "shop.customer")
        #expect(order.via?.field == "customer_id (foreign key orders_customer_id_fkey)")
        #expect(found.allSatisfy { $0.record.locator.container != "shop.employee" })
    }

    @Test("phone numbers are compared on their digits, any format, extension allowed")
    func phonePushdown() throws {
        let (found, _) = try TestDatabase.lookup(try TestDatabase.source(shopYAML), Identity(phones: ["+1 415 555 0134"]))
        #expect(found.contains { $0.record.locator == Locator(source: "shop", container: "shop.customer", key: "1") && $0.via == nil })
        #expect(!found.contains { $0.record.locator.key == "4" && $0.record.locator.container == "shop.customer" }) // 415-555-0177
    }

    @Test("values are rendered faithfully: numbers, ISO 8601 timestamps, booleans, jsonb paths, arrays, bytea length, NULL")
    func rendering() throws {
        let connector = try PostgresConnectorFactory.make(source: try TestDatabase.source(shopYAML))
        var report = ScanReport()
        var customer: Record?
        try connector.records(into: &report) { record in
            if record.locator.container == "shop.customer", record.locator.key == "1" { customer = record; return false }
            return true
        }
        let record = try #require(customer)
        #expect(record.value(of: "id") == .number("1"))
        #expect(record.value(of: "loyalty_points") == .number("1250.50"))
        #expect(record.value(of: "created_at") == .string("2023-05-14T10:22:00+00:00"))
        #expect(record.value(of: "birth_date") == .string("1984-03-07"))
        #expect(record.value(of: "marketing_opt_in") == .bool(true))
        #expect(record.value(of: "preferences.newsletter.frequency") == .string("weekly"))
        #expect(record.value(of: "preferences.newsletter.topics") == .array([.string("analytics"), .string("exports")]))
        #expect(record.value(of: "tags") == .array([.string("vip"), .string("early-adopter")]))
        #expect(record.value(of: "avatar") == .string("(binary, 8 bytes, not shown)"))
        #expect(record.fields.first?.name == "id")
    }

    @Test("NULLs and escapes in COPY output come through intact")
    func copyEscapes() {
        var values: [String?] = []
        let line = Array("1\t\\N\ta\\tb\\nc\\\\d\t\\101".utf8)
        line.withUnsafeBufferPointer { TableReader.copyFields($0, into: &values) }
        #expect(values == ["1", nil, "a\tb\nc\\d", "A"])
    }

    @Test("the documented expression index is used by the lookup query")
    func expressionIndex() throws {
        try TestDatabase.execute("CREATE INDEX IF NOT EXISTS customer_email_key ON shop.customer (lower(btrim(email)))")
        let connection = try TestDatabase.connection()
        _ = try connection.query("SET enable_seqscan = off")
        let plan = try connection.query(
            "EXPLAIN SELECT id FROM shop.customer WHERE lower(btrim(\"email\"::text)) = ANY($1::text[])", ["{jane.doe@example.com}"])
        let text = (0..<plan.rowCount).compactMap { plan.value($0, 0) }.joined(separator: "\n")
        #expect(text.contains("customer_email_key"))
    }

    @Test("names are quoted and values bound: odd table names and quotes in values are safe")
    func quoting() throws {
        try TestDatabase.execute("""
            CREATE SCHEMA IF NOT EXISTS "Odd Schema";
            DROP TABLE IF EXISTS "Odd Schema"."We""ird";
            CREATE TABLE "Odd Schema"."We""ird" ("E-mail" text, "Select" int);
            INSERT INTO "Odd Schema"."We""ird" VALUES ('o''brien@example.com', 1), ('x@example.com', 2);
            """)
        let yaml = """
              - name: odd
                connector: postgres
                url: env:FOOTPRINT_TEST_PG_URL
                tables:
                  Odd Schema.We"ird:
                    key: Select
                    fields:
                      E-mail: {identifier: email}

            """
        let (found, report) = try TestDatabase.lookup(try TestDatabase.source(yaml), Identity(emails: ["O'Brien@example.com"]))
        #expect(report.status == .complete)
        #expect(found.map(\.record.locator.key) == ["1"])
    }

    @Test("a table or column the database does not have makes the source partial or failed, naming its line; never a silent miss")
    func missingNames() throws {
        let yaml = """
              - name: shop
                connector: postgres
                url: env:FOOTPRINT_TEST_PG_URL
                tables:
                  shop.customer:
                    fields:
                      e_mail: {identifier: email}
                      phone: {identifier: phone}

            """
        let source = try TestDatabase.source(yaml)
        let connector = try PostgresConnectorFactory.make(source: source)
        try connector.validate() // the configuration itself is fine
        let problems = try connector.problems()
        #expect(problems.count == 1)
        #expect(problems.first?.description.contains("no column 'e_mail'") == true)
        #expect(problems.first?.description.contains("footprint.yaml:8:") == true)
        #expect(problems.first?.description.contains("its columns: id, email") == true)
        // The table is still searched on the columns it has, and the source says it is partial.
        let (found, report) = try TestDatabase.lookup(source, Identity(phones: ["+14155550134"]))
        #expect(report.status == .partial)
        #expect(!found.isEmpty)
        // A table that is not there at all: nothing read, the source failed.
        let missingTable = try TestDatabase.source(yaml.replacingOccurrences(of: "shop.customer", with: "shop.customers"))
        let (none, failed) = try TestDatabase.lookup(missingTable, Identity(emails: ["jane.doe@example.com"]))
        #expect(none.isEmpty)
        #expect(failed.status == .failed)
        #expect(failed.errors.first?.description.contains("shop.customers does not exist") == true)
    }

    @Test("a table dropped after the run started makes the source partial, with the server's message")
    func droppedTable() throws {
        try TestDatabase.execute("CREATE TABLE IF NOT EXISTS shop.temp_contacts (id int primary key, email text); INSERT INTO shop.temp_contacts VALUES (1, 'jane.doe@example.com') ON CONFLICT DO NOTHING")
        let yaml = shopYAML.replacingOccurrences(of: "    tables:\n", with: "    tables:\n      shop.temp_contacts:\n        fields:\n          email: {identifier: email}\n")
        let source = try TestDatabase.source(yaml)
        let connector = try PostgresConnectorFactory.make(source: source)
        #expect(try connector.problems().isEmpty) // opens the session: the catalog still has the table
        try TestDatabase.execute("DROP TABLE shop.temp_contacts")
        var report = ScanReport()
        var found: [Found] = []
        let keys = try IdentityKeys(Identity(emails: ["jane.doe@example.com"]), region: "US")
        try connector.search(IdentityMatcher(keys: keys, source: source), into: &report) { found.append($0) }
        #expect(report.status == .partial)
        #expect(report.errors.first?.description.contains("does not exist") == true)
        #expect(!(report.errors.first?.description.contains("jane") ?? true))
        #expect(found.contains { $0.record.locator.container == "shop.customer" })
    }

    @Test("a statement timeout makes the source partial; the other tables are still searched")
    func timeout() throws {
        try TestDatabase.execute("CREATE OR REPLACE VIEW shop.slow_contacts AS SELECT email FROM shop.customer, pg_sleep(3)")
        let yaml = shopYAML.replacingOccurrences(of: "    tables:\n", with: "    statement_timeout: 1\n    tables:\n      shop.slow_contacts:\n        key: email\n        fields:\n          email: {identifier: email}\n")
        let (found, report) = try TestDatabase.lookup(try TestDatabase.source(yaml), Identity(emails: ["jane.doe@example.com"]))
        #expect(report.status == .partial)
        #expect(report.errors.contains { $0.description.contains("statement timeout") })
        #expect(found.contains { $0.record.locator.container == "shop.customer" })
    }

    @Test("a server that cannot be reached fails the source with libpq's message", arguments: [
        "postgresql://postgres@127.0.0.1:1/footprint",
    ])
    func unreachable(_ url: String) throws {
        setenv("FOOTPRINT_TEST_DOWN_URL", url, 1)
        let source = try TestDatabase.source(shopYAML.replacingOccurrences(of: "env:FOOTPRINT_TEST_PG_URL", with: "env:FOOTPRINT_TEST_DOWN_URL"))
        let connector = try PostgresConnectorFactory.make(source: source)
        try connector.validate() // not a configuration error
        var report = ScanReport()
        let keys = try IdentityKeys(Identity(emails: ["jane.doe@example.com"]), region: "US")
        #expect(throws: SourceError.self) { try connector.search(IdentityMatcher(keys: keys, source: source), into: &report) { _ in } }
    }

    @Test("a role the server does not know fails the source with the server's message")
    func wrongRole() throws {
        let url = try #require(TestDatabase.url).replacingOccurrences(of: "postgres@", with: "nobody@")
        #expect(throws: PostgresError.self) { _ = try PostgresConnection(conninfo: url, connectTimeout: 5, statementTimeout: 5, sslmode: nil) }
    }

    @Test("streaming a whole table reads every row")
    func streaming() throws {
        try TestDatabase.execute("DROP TABLE IF EXISTS shop.big; CREATE TABLE shop.big AS SELECT g AS id, 'user' || g || '@example.com' AS email, now() AS seen FROM generate_series(1, 50000) g")
        let yaml = """
              - name: big
                connector: postgres
                url: env:FOOTPRINT_TEST_PG_URL
                tables:
                  shop.big:
                    key: id

            """
        let connector = try PostgresConnectorFactory.make(source: try TestDatabase.source(yaml))
        var report = ScanReport()
        var count = 0, last = ""
        try connector.records(into: &report) { record in count += 1; last = record.locator.key; return true }
        #expect(count == 50000)
        #expect(last == "50000")
        try TestDatabase.execute("DROP TABLE shop.big")
    }
}

@Suite("Postgres scans", .enabled(if: TestDatabase.available))
struct PostgresScanTests {
    @Test("a table keyed by an identifier column is not scanned into the index")
    func keyedByEmail() throws {
        let yaml = """
              - name: shop
                connector: postgres
                url: env:FOOTPRINT_TEST_PG_URL
                tables:
                  shop.customer:
                    key: email
                    fields:
                      email: {identifier: email}

            """
        let connector = try PostgresConnectorFactory.make(source: try TestDatabase.source(yaml))
        let state = try #require(try connector.scanContainers().first)
        var report = ScanReport()
        #expect {
            try connector.scan(state, into: &report, IndexRowSink(defaultRegion: "US", mappings: connector.mappings(for:)) { _ in })
        } throws: { error in
            String(describing: error).contains("keyed by 'email'")
        }
    }
}

@Suite("Postgres scan paths", .enabled(if: TestDatabase.available))
struct PostgresScanPathTests {
    @Test("reading identifier columns as COPY bytes gives each row the terms its record gives, escapes, NULLs, timestamps and composite keys included")
    func bytesMatchRecords() throws {
        let schema = "scanpath_\(UInt32.random(in: 0...UInt32.max))"
        try TestDatabase.execute("""
            CREATE SCHEMA \(schema);
            CREATE TABLE \(schema).person (id integer PRIMARY KEY, email text, phone varchar(40), first text, last text,
                                           born timestamptz, member_no bigint, notes jsonb);
            INSERT INTO \(schema).person VALUES
              (1, ' Jane.Doe@Example.com ', '(415) 555-0134', 'Jane', 'Doe', '1984-03-07 00:00:00+00', 1001, '{"a": 1}'),
              (2, NULL, E'415.555.0199\\t', NULL, E'O\\\\Brien', NULL, NULL, NULL),
              (3, E'a@x.com;\\nb@y.org', '', 'José', 'García López', '1990-12-31 23:00:00+00', 1003, NULL),
              (4, '', NULL, 'Dr', 'Who', NULL, 1004, NULL);
            CREATE TABLE \(schema).visit (site text, seq integer, email text, PRIMARY KEY (site, seq));
            INSERT INTO \(schema).visit VALUES ('eu', 1, 'jane.doe@example.com'), (E'u\\ts', 2, 'tom@example.net');
            """)
        defer { try? TestDatabase.execute("DROP SCHEMA \(schema) CASCADE") }
        let source = try TestDatabase.source("""
              - name: db
                connector: postgres
                url: env:FOOTPRINT_TEST_PG_URL
                tables:
                  \(schema).person:
                    fields:
                      email: {identifier: email}
                      phone: {identifier: phone}
                      first: {identifier: name, part: given}
                      last: {identifier: name, part: family}
                      born: {identifier: dob}
                      member_no: {identifier: id, namespace: shop}
                  \(schema).visit:
                    fields:
                      email: {identifier: email}
            """)
        let connector = try PostgresConnectorFactory.make(source: source)
        var expected: [String: [String]] = [:]
        var report = ScanReport()
        try connector.records(into: &report) { record in
            expected[record.locator.container + " " + record.locator.key, default: []] += IndexTerms.terms(
                of: record, mappings: connector.mappings(for: record.locator.container), defaultRegion: "US", policy: MatchingPolicy())
            return true
        }
        var scanned: [String: [String]] = [:]
        for state in try connector.scanContainers() {
            #expect(CopyScanPlanCheck.usesBytes(connector, state.name))
            let builder = TermBuilder(policy: MatchingPolicy(), defaultRegion: "US")
            let rows = IndexRowSink(defaultRegion: "US", mappings: connector.mappings(for:)) { batch in
                for row in 0..<batch.count {
                    var terms: [String] = []
                    builder.forEachTerm(ofRow: row, in: batch) { terms.append(String(decoding: $0, as: UTF8.self)) }
                    scanned[state.name + " " + batch.withKey(ofRow: row) { String(decoding: $0, as: UTF8.self) }, default: []] += terms
                }
            }
            var scanReport = ScanReport()
            try connector.scan(state, into: &scanReport, rows)
            try rows.finish()
        }
        #expect(scanned.count == 6)
        #expect(scanned.mapValues { $0.sorted() } == expected.mapValues { $0.sorted() })
        #expect(scanned["\(schema).visit u\ts,2"] == ["email:tom@example.net"])
    }
}

/// Whether a table is scanned through `CopyScanPlan` (plain identifier columns and a key).
enum CopyScanPlanCheck {
    static func usesBytes(_ connector: any Connector, _ table: String) -> Bool {
        guard let postgres = connector as? PostgresConnector, let name = TableName(table),
              let (_, catalog) = try? postgres.openSession(), let reader = postgres.tableReader(name, catalog) else { return false }
        let rows = IndexRowSink(defaultRegion: "US", mappings: postgres.mappings(for:)) { _ in }
        return CopyScanPlan(reader, mappings: postgres.mappings(for: table), rows: rows) != nil
    }
}
