import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking // Data(contentsOf:) over http, in the tests only
#endif
import Testing
import FootprintTestSupport

/// The HTTP suites are enabled only when the test server's address is set. The test
/// script (and so CI) sets FOOTPRINT_REQUIRE_API too, so that a missing server fails the
/// run instead of skipping every HTTP test in silence.
@Suite("HTTP test environment")
struct HTTPTestEnvironmentTests {
    @Test("the vendor test server is there when the test script says it must be",
          .enabled(if: ProcessInfo.processInfo.environment["FOOTPRINT_REQUIRE_API"] != nil))
    func serverPresent() throws {
        let url = try #require(apiURL, "scripts/test.sh should have started fixtures/api/server.py and set FOOTPRINT_TEST_API_URL")
        let data = try Data(contentsOf: try #require(URL(string: url + "/_stats/environment-check")))
        #expect(try JSONSerialization.jsonObject(with: data) is [String: Any])
    }
}
