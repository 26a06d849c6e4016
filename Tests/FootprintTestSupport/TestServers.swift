import Foundation

/// The servers scripts/test.sh starts for the suites that need them: a throwaway
/// PostgreSQL and the vendor-shaped HTTP server (fixtures/api/server.py). A suite that
/// needs one is enabled only when its address is set; the script also sets the
/// FOOTPRINT_REQUIRE_* flags, and a test per server then fails if it is missing, so a
/// server that did not start never passes for skipped tests.
public enum TestServers {
    public static let postgresURL = ProcessInfo.processInfo.environment["FOOTPRINT_TEST_PG_URL"]
    public static let apiURL = ProcessInfo.processInfo.environment["FOOTPRINT_TEST_API_URL"]
    public static let requirePostgres = ProcessInfo.processInfo.environment["FOOTPRINT_REQUIRE_PG"] != nil
    public static let requireAPI = ProcessInfo.processInfo.environment["FOOTPRINT_REQUIRE_API"] != nil
}

/// The PostgreSQL URL, when the test script started one (`TestServers.postgresURL`).
public let pgURL = TestServers.postgresURL
/// The vendor test server's address, when the test script started it (`TestServers.apiURL`).
public let apiURL = TestServers.apiURL

extension TestServers {
    /// A new database on the test server, loaded from `seed` (fixtures/postgres/seed.sql by
    /// default), for a test that writes: deletion tests never touch the shared database
    /// the other suites read. Returns its URL.
    public static func scratchDatabase(seed: String = CLI.fixtures + "/postgres/seed.sql") throws -> String {
        guard let base = postgresURL, let slash = base.lastIndex(of: "/") else { throw CocoaError(.featureUnsupported) }
        let name = "footprint_" + UUID().uuidString.prefix(8).lowercased()
        try shell("psql -qAtX -v ON_ERROR_STOP=1 '\(base)' -c 'CREATE DATABASE \(name)' > /dev/null")
        let url = String(base[...slash]) + name
        try shell("psql -q -X -v ON_ERROR_STOP=1 -o /dev/null '\(url)' -f '\(seed)' 2>/dev/null")
        return url
    }

    /// One query's rows on a database, `|`-separated, for a test's before-and-after.
    public static func rows(_ url: String, _ sql: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
