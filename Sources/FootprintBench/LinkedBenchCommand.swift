import ArgumentParser
import Foundation

extension FootprintBench {
    struct Linked: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time an indexed lookup that reaches a vendor's linked objects, beside a plain concurrent client making the same requests.",
            discussion: """
            Needs fixtures/api/server.py running with --bench-links N (scripts/bench.sh starts it): a HubSpot \
            contact with N notes. The HubSpot source is scanned once (the index), then `footprint lookup` of \
            the contact's email runs: the contact search, its associations of every kind, each note fetched by \
            id. The baseline, fixtures/api/plain_linked_client.py, makes the same requests with the same rate \
            limit and requests in flight, and nothing else. Best of --runs each.
            """)

        @Option(help: "The test server's base URL.") var url: String
        @Option(help: "Linked objects the server gives the bench contact (--bench-links).") var links = 50
        @Option(help: "The footprint binary.") var footprint = ".build/release/footprint"
        @Option(help: "Runs per command; the best is reported.") var runs = 3
        @Option(help: "Requests per second, for both.") var limit = 20
        @Option(help: "Requests in flight, for both.") var inFlight = 4
        @Option(help: "Folder for the generated config and index.") var dir = "bench-data/linked-bench"

        func run() throws {
            try? FileManager.default.removeItem(atPath: dir)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            setenv("HUBSPOT_TOKEN", "bench", 1)
            setenv("FOOTPRINT_INDEX_KEY", "linked bench key", 1)
            let email = "bench.linked@example.com"
            var plainBest = (seconds: Double.infinity, requests: 0)
            for run in 0..<runs {
                let plain = try Measure.run(["python3", "fixtures/api/plain_linked_client.py", "\(url)/_s/plain-linked-\(run)-\(getpid())/ok",
                                             String(limit), String(inFlight), email])
                let parts = plain.stdout.split(separator: " ")
                if let seconds = parts.first.flatMap({ Double($0) }), seconds < plainBest.seconds {
                    plainBest = (seconds, parts.count > 1 ? Int(parts[1].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 : 0)
                }
            }
            // One session for the scan and the lookups: the server counts its requests.
            let session = "linked-\(getpid())"
            let config = try write(dir + "/footprint.yaml", session: session)
            let scan = try Measure.run([footprint, "scan", "--config", config], discardOutput: true)
            guard scan.exitCode == 0 else { throw BenchError("the scan of the HubSpot source failed (exit \(scan.exitCode))") }
            var best: (result: Measure.Result, requests: Int, linked: Int)?
            for _ in 0..<runs {
                let before = try Measure.serverStats(url, session: session)["requests"] ?? 0
                let result = try Measure.run([footprint, "lookup", "--config", config, "--email", email, "--format", "json"])
                guard result.exitCode == 0 else { throw BenchError("the lookup failed (exit \(result.exitCode)): \(result.stdout.prefix(400))") }
                let linked = result.stdout.components(separatedBy: "\"via\"").count - 1
                let requests = (try Measure.serverStats(url, session: session)["requests"] ?? 0) - before
                if best == nil || result.seconds < best!.result.seconds { best = (result, requests, linked) }
            }
            let fp = best!
            print(String(format: "plain concurrent client (%d/s, %d in flight), %d requests:  %.2f s", limit, inFlight, plainBest.requests, plainBest.seconds))
            print(String(format: "footprint lookup, indexed (%d/s, %d in flight), %d requests, %d linked records: %.2f s  (footprint/plain = %.2f, target ≤ 1.3)",
                         limit, inFlight, fp.requests, fp.linked, fp.result.seconds, fp.result.seconds / plainBest.seconds))
            guard fp.linked >= links else { throw BenchError("the lookup reached \(fp.linked) linked records, not the \(links) notes") }
        }

        private func write(_ path: String, session: String) throws -> String {
            try """
            sources:
              - name: crm
                connector: http
                template: hubspot
                base_url: \(url)/_s/\(session)/ok
                auth: {bearer: env:HUBSPOT_TOKEN}
                rate_limit: {per_second: \(limit), in_flight: \(inFlight)}
            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }
}
