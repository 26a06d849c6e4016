import Foundation
import Testing
import FootprintTestSupport

/// Every table works through the index: composite primary keys are fetched by key
/// exactly as a live lookup finds them; a table without a key is searched live with the
/// reason and the fix; a declared key that is not unique is caught by the scan.
@Suite("Postgres keys and the index", .enabled(if: pgURL != nil), .serialized)
struct PostgresKeysCLITests {
    func psql(_ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", pgURL!, "-c", sql]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "psql failed: \(sql.prefix(80))")
    }

    /// A config over one table of `schema`, with its own index folder.
    func makeConfig(_ schema: String, table: String, key: String? = nil) throws -> String {
        let dir = NSTemporaryDirectory() + "footprint-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
            sources:
              - name: db
                connector: postgres
                url: env:SHOP_DATABASE_URL
                tables:
                  \(schema).\(table):
            \(key.map { "        key: \($0)\n" } ?? "")        fields:
                      email: {identifier: email}
                      phone: {identifier: phone}
            """.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        return dir + "/footprint.yaml"
    }

    let environment = ["SHOP_DATABASE_URL": pgURL ?? "", "FOOTPRINT_INDEX_KEY": "keys test key"]

    @Test("a table with a composite primary key is found through the index exactly as live, commas in key values included")
    func compositeKey() throws {
        let schema = "keys_\(UInt32.random(in: 0...UInt32.max))"
        try psql("""
            CREATE SCHEMA \(schema);
            CREATE TABLE \(schema).enrolment (course text, student integer, email text, phone text, PRIMARY KEY (course, student));
            INSERT INTO \(schema).enrolment VALUES ('math', 1, 'kim@example.com', '(415) 555-0101'), ('art, history', 1, 'kim@example.com', NULL),
              ('math', 2, 'lee@example.com', '415-555-0199'), ('bio', 7, 'other@example.com', NULL);
            """)
        let config = try makeConfig(schema, table: "enrolment")
        #expect(try CLI.run(["scan", "--config", config], environment: environment).status == 0)
        for identity in [["--email", "kim@example.com"], ["--phone", "4155550101"]] {
            let indexed = try CLI.run(["lookup", "--config", config, "--format", "json"] + identity, environment: environment)
            let live = try CLI.run(["lookup", "--live", "--config", config, "--format", "json"] + identity, environment: environment)
            #expect(indexed.status == 0, "\(indexed.stderr)")
            #expect(indexed.searched["db"] == "index")
            #expect(!indexed.recordLocators.isEmpty)
            #expect(indexed.recordLocators == live.recordLocators, "\(identity)")
            #expect(!indexed.stdout.contains("stale"))
        }
        let kim = try CLI.run(["lookup", "--config", config, "--format", "json", "--email", "kim@example.com"], environment: environment)
        #expect(kim.recordLocators == ["db:\(schema).enrolment#math,1", "db:\(schema).enrolment#art, history,1"])
        try psql("DROP SCHEMA \(schema) CASCADE")
    }

    @Test("a table with no key: the scan says so with the fix, the lookup says why it searched live; key: [a, b] makes it indexable")
    func noKey() throws {
        let schema = "keys_\(UInt32.random(in: 0...UInt32.max))"
        try psql("""
            CREATE SCHEMA \(schema);
            CREATE TABLE \(schema).guestbook (visit integer, line integer, email text, phone text);
            INSERT INTO \(schema).guestbook VALUES (1, 1, 'kim@example.com', NULL), (1, 2, 'lee@example.com', NULL), (2, 1, 'kim@example.com', NULL);
            """)
        let config = try makeConfig(schema, table: "guestbook")
        let scan = try CLI.run(["scan", "--config", config], environment: environment)
        #expect(scan.status == 0)
        #expect(scan.stdout.contains("has no primary key"))
        #expect(scan.stdout.contains("key: [column, ...]"))
        let lookup = try CLI.run(["lookup", "--config", config, "--format", "json", "--email", "kim@example.com"], environment: environment)
        #expect(lookup.status == 0)
        #expect(lookup.recordLocators.count == 2)
        #expect(lookup.searched["db"] == "live")
        #expect(lookup.stdout.contains("searched live: table \(schema).guestbook has no primary key"))
        #expect(!lookup.stdout.contains("changed since the last scan"))
        // With a declared key it goes through the index.
        let keyed = try makeConfig(schema, table: "guestbook", key: "[visit, line]")
        #expect(try CLI.run(["scan", "--config", keyed], environment: environment).status == 0)
        let indexed = try CLI.run(["lookup", "--config", keyed, "--format", "json", "--email", "kim@example.com"], environment: environment)
        #expect(indexed.searched["db"] == "index")
        #expect(indexed.recordLocators == ["db:\(schema).guestbook#1,1", "db:\(schema).guestbook#2,1"])
        try psql("DROP SCHEMA \(schema) CASCADE")
    }

    @Test("a declared key that is not unique is reported by the scan with the table and the key")
    func duplicateKey() throws {
        let schema = "keys_\(UInt32.random(in: 0...UInt32.max))"
        try psql("""
            CREATE SCHEMA \(schema);
            CREATE TABLE \(schema).signup (ref integer, email text, phone text);
            INSERT INTO \(schema).signup VALUES (1, 'kim@example.com', NULL), (1, 'lee@example.com', NULL), (2, 'kim@example.com', NULL);
            """)
        let config = try makeConfig(schema, table: "signup", key: "[ref]")
        let scan = try CLI.run(["scan", "--config", config], environment: environment)
        #expect(scan.status == 2)
        #expect(scan.stdout.contains("the key [ref] of table \(schema).signup is not unique"))
        let live = try CLI.run(["lookup", "--live", "--config", config, "--format", "json", "--email", "kim@example.com", "--email", "lee@example.com"],
                               environment: environment)
        #expect(live.status == 2)
        #expect(live.stdout.contains("is not unique"))
        try psql("DROP SCHEMA \(schema) CASCADE")
    }
}
