import ArgumentParser
import Foundation

extension FootprintBench {
    struct HTTP: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time paging through an API's records beside a plain concurrent client, and check the rate limit at the server.",
            discussion: """
            Needs fixtures/api/server.py running with --bench-members N (scripts/bench.sh starts it). Measures, \
            best of --runs: the plain client (fixtures/api/plain_client.py: 8 threads, keep-alive, nothing but \
            fetching the pages) and `footprint records` over the Mailchimp template at 100 records a page with \
            8 requests in flight; then lists with a rate limit of --limit per second and reads, from the server, \
            the most requests it saw start in any one second.
            """)

        @Option(help: "The test server's base URL.") var url: String
        @Option(help: "Members in the server's bench audience.") var members = 100_000
        @Option(help: "The footprint binary.") var footprint = ".build/release/footprint"
        @Option(help: "Runs per command; the best is reported.") var runs = 2
        @Option(help: "Requests per second for the rate-limit check.") var limit = 40
        @Option(help: "Folder for the generated config.") var dir = "bench-data"

        func run() throws {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            setenv("MAILCHIMP_API_KEY", "bench", 1)
            var plainBest = Double.infinity
            for run in 0..<runs {
                let plain = try Measure.run(["python3", "fixtures/api/plain_client.py", "\(url)/_s/plain-\(run)-\(getpid())/ok", String(members), "100", "8"])
                plainBest = min(plainBest, Double(plain.stdout.split(separator: " ").first ?? "") ?? .infinity)
            }
            var footprintBest: Measure.Result?
            var listed = 0
            for run in 0..<runs {
                let config = try write(session: "fp-\(run)-\(getpid())", perSecond: 100_000, maxPages: members / 100 + 10)
                let result = try Measure.run([footprint, "records", "audience", "--config", config])
                listed = result.stdout.split(separator: "\n").count
                if footprintBest == nil || result.seconds < footprintBest!.seconds { footprintBest = result }
            }
            let fp = footprintBest!
            print(String(format: "plain concurrent client (8 in flight), %d pages:  %.2f s", members / 100, plainBest))
            print(String(format: "footprint records (8 in flight), %d records:   %.2f s, peak %.0f MB, exit %d  (footprint/plain = %.2f)",
                         listed, fp.seconds, fp.peakMB, fp.exitCode, fp.seconds / plainBest))

            let session = "limit-\(getpid())"
            let pages = limit * 4
            let config = try write(session: session, perSecond: limit, maxPages: pages)
            // Stopping at max_pages makes this run exit 2, as it should; only the pacing matters here.
            let limited = try Measure.run([footprint, "records", "audience", "--config", config], discardOutput: true)
            let stats = try Measure.serverStats(url, session: session)
            print(String(format: "rate limit %d/s over %d pages: %.2f s; the server saw at most %d requests start in one second, %d in flight%@",
                         limit, pages, limited.seconds, stats["max_per_second"] ?? -1, stats["max_in_flight"] ?? -1,
                         (stats["max_per_second"] ?? .max) <= limit ? "" : " — LIMIT EXCEEDED"))
        }

        private func write(session: String, perSecond: Int, maxPages: Int) throws -> String {
            let path = "\(dir)/http-bench-\(session).yaml"
            try """
            sources:
              - name: audience
                connector: http
                template: mailchimp
                base_url: \(url)/_s/\(session)/ok
                auth: {basic: {username: bench, password: env:MAILCHIMP_API_KEY}}
                params: {list_id: bench}
                rate_limit: {per_second: \(perSecond), in_flight: 8}
                max_pages: \(maxPages)
            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }
}
