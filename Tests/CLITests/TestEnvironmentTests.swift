import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking // Data(contentsOf:) over http, in the tests only
#endif
import Testing
import FootprintTestSupport

/// The CLI suites that need PostgreSQL or the vendor test server are enabled only when
/// their addresses are set; the test script (and so CI) also sets FOOTPRINT_REQUIRE_PG and
/// FOOTPRINT_REQUIRE_API, so that a missing server fails the run instead of skipping.
@Suite("CLI test environment")
struct CLITestEnvironmentTests {
    @Test("PostgreSQL is there when the test script says it must be",
          .enabled(if: ProcessInfo.processInfo.environment["FOOTPRINT_REQUIRE_PG"] != nil))
    func database() throws {
        #expect(pgURL != nil, "scripts/test.sh should have started PostgreSQL and set FOOTPRINT_TEST_PG_URL")
    }

    @Test("the vendor test server is there when the test script says it must be",
          .enabled(if: ProcessInfo.processInfo.environment["FOOTPRINT_REQUIRE_API"] != nil))
    func api() throws {
        let url = try #require(apiURL, "scripts/test.sh should have started fixtures/api/server.py and set FOOTPRINT_TEST_API_URL")
        let data = try Data(contentsOf: try #require(URL(string: url + "/_stats/environment-check")))
        #expect(try JSONSerialization.jsonObject(with: data) is [String: Any])
    }
}
