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
