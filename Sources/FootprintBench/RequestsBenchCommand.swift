import ArgumentParser
import Foundation

extension FootprintBench {
    struct Requests: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a generated year of requests, then time `footprint request metrics` on it.",
            discussion: """
            Writes --count requests received across 2026 (types, channels, outcomes and \
            response times drawn from a seeded generator), imports them with \
            `footprint request import`, and times `request metrics --year 2026` whole process \
            in each format, printing the table.
            """)

        @Option(help: "Requests in the year.") var count = 10_000
        @Option(help: "Folder for generated data.") var dir = "bench-data"
        @Option(help: "The footprint binary to measure.") var footprint = ".build/release/footprint"

        func run() throws {
            let work = "\(dir)/requests-bench"
            try? FileManager.default.removeItem(atPath: work)
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            try "organisation: {name: Bench Inc.}\nsources:\n  - {name: none, connector: csv, path: none.csv}\n"
                .write(toFile: work + "/footprint.yaml", atomically: true, encoding: .utf8)
            var state: UInt64 = 42
            func next(_ n: Int) -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int((state >> 33) % UInt64(n))
            }
            var csv = "id,type,channel,received,email,verification_level,verification_method,responded,outcome,basis\n"
            let types = ["know", "know", "delete", "delete", "delete", "opt_out", "opt_out", "correct", "limit"]
            let channels = ["web", "web", "web", "email", "phone", "mail", "agent"]
            for n in 0..<count {
                let received = Calendar(identifier: .gregorian).date(byAdding: .day, value: next(365), to: ISO8601DateFormatter().date(from: "2026-01-01T12:00:00Z")!)!
                let day = String(ISO8601DateFormatter().string(from: received).prefix(10))
                let responded = String(ISO8601DateFormatter().string(from: received.addingTimeInterval(Double(1 + next(44)) * 86_400)).prefix(10))
                let roll = next(100)
                let outcome = roll < 70 ? "fulfilled" : roll < 82 ? "partly" : roll < 95 ? "denied" : ""
                let basis = outcome == "denied" ? "could not verify" : outcome == "partly" ? "records kept for a legal obligation" : ""
                csv += "INT-\(n),\(types[next(types.count)]),\(channels[next(channels.count)]),\(day),person\(n)@example.com,reasonable,email confirmed,"
                csv += outcome.isEmpty ? ",,\n" : "\(responded),\(outcome),\(basis)\n"
            }
            try csv.write(toFile: work + "/intake.csv", atomically: true, encoding: .utf8)
            setenv("FOOTPRINT_REQUEST_KEY", "requests bench key", 1)
            let config = work + "/footprint.yaml"
            let imported = try Measure.run([footprint, "request", "import", "--config", config, work + "/intake.csv"])
            guard imported.exitCode == 0 else { throw BenchError("import failed: \(imported.stdout)") }
            print(String(format: "request import of %d requests (whole process): %.2f s", count, imported.seconds))
            for format in ["table", "json", "html"] {
                let run = try Measure.best([footprint, "request", "metrics", "--config", config, "--year", "2026", "--format", format, "--out", work + "/metrics.\(format)"],
                                           times: 3, discardOutput: true)
                print(String(format: "request metrics --year 2026 --format %@ (whole process): %.3f s", format, run.seconds))
            }
            print(try String(contentsOfFile: work + "/metrics.table", encoding: .utf8))
        }
    }
}
