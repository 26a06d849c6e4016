import Foundation
import Testing
@testable import FootprintCore
@testable import FootprintPostgres
import FootprintTestSupport

/// The throwaway server scripts/test.sh starts (FOOTPRINT_TEST_PG_URL). Tests that need
/// it are skipped when it is absent — unless FOOTPRINT_REQUIRE_PG is set, as the test
/// script and CI set it, in which case its absence fails the run.
enum TestDatabase {
    static let url = TestServers.postgresURL
    static var available: Bool { url != nil }

    static func connection() throws -> PostgresConnection {
        try PostgresConnection(conninfo: try #require(url), connectTimeout: 5, statementTimeout: 30, sslmode: nil)
    }

    /// Runs statements as a writer (the connector's own sessions are read-only).
    static func execute(_ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", try #require(url), "-c", sql]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PostgresError(message: "psql failed: \(sql.prefix(80))") }
    }

    static func source(_ yaml: String) throws -> SourceConfig {
        let config = try FootprintConfig.parse(yaml: "sources:\n" + yaml, file: "/tmp/footprint.yaml",
                                               connectorKeys: ["postgres": PostgresConnectorFactory.configKeys])
        return config.sources[0]
    }

    static func lookup(_ source: SourceConfig, _ identity: Identity) throws -> (found: [Found], report: ScanReport) {
        let connector = try PostgresConnectorFactory.make(source: source)
        try connector.validate()
        var report = ScanReport()
        var found: [Found] = []
        let keys = try IdentityKeys(identity, region: "US")
        try connector.search(IdentityMatcher(keys: keys, source: source), into: &report) { found.append($0) }
        return (found, report)
    }
}

@Suite("Test environment")
struct TestEnvironmentTests {
    @Test("the PostgreSQL server is there when the test script says it must be",
          .enabled(if: ProcessInfo.processInfo.environment["FOOTPRINT_REQUIRE_PG"] != nil))
    func serverPresent() throws {
        #expect(TestDatabase.available, "scripts/test.sh should have started PostgreSQL and set FOOTPRINT_TEST_PG_URL")
        let result = try TestDatabase.connection().query("SELECT count(*) FROM shop.customer")
        #expect(result.value(0, 0) == "4")
    }
}
