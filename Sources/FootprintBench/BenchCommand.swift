import ArgumentParser
import Foundation

@main
struct FootprintBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint-bench",
        abstract: "Generate benchmark data and measure Footprint against ripgrep and DuckDB.",
        subcommands: [Generate.self, Lookup.self, Index.self, Quality.self, Postgres.self, HTTP.self, Linked.self, Delete.self, RewriteFloor.self, Classify.self, DataMap.self, Requests.self])
}

extension FootprintBench {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a HubSpot-style contacts export with planted people, and its truth file (FILE.truth.json).")

        @Option(help: "Number of data rows.") var rows = 100_000
        @Option(help: "Seed: the same seed always gives the same file.") var seed: UInt64 = 42
        @Option(help: "Output CSV path.") var out: String

        func run() throws {
            let people = try ContactsGenerator(rows: rows, seed: seed).write(to: out)
            let truth = try JSONEncoder().encode(people)
            try truth.write(to: URL(fileURLWithPath: out + ".truth.json"))
            let size = (try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            print("wrote \(out): \(rows) rows, \(size / 1_000_000) MB, \(people.count) planted people (truth in \(out).truth.json)")
        }
    }

    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time `footprint lookup --live` (one email + one phone) over a generated export, beside rg and DuckDB.",
            discussion: "Generates the export first when it is missing. Release build expected: swift build -c release.")

        @Option(help: "Rows of the generated export.") var rows = 4_000_000
        @Option(help: "Folder for generated data.") var dir = "bench-data"
        @Option(help: "The footprint binary to measure.") var footprint = ".build/release/footprint"
        @Option(help: "Runs per tool; the best is reported (the first warms the cache).") var runs = 3
        @Flag(help: "Write the export again even if it exists.") var regenerate = false

        func run() throws {
            let (csv, person) = try ContactsGenerator.export(rows: rows, dir: dir, regenerate: regenerate)
            let config = "\(dir)/bench.yaml"
            try """
            sources:
              - name: contacts
                connector: csv
                path: \(URL(fileURLWithPath: csv).lastPathComponent)
                key: Record ID
                fields:
                  Email: {identifier: email, category: A}
                  Phone Number: {identifier: phone, category: B}
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let size = Double((try FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0) / 1e6
            print(String(format: "export: %@ — %d rows, %.0f MB; person planted in %d rows", csv, rows, size, person.recordIDs.count))

            // Footprint, the subject.
            let fp = try Measure.best([footprint, "lookup", "--live", "--config", config, "--email", person.email,
                                       "--phone", person.phone, "--format", "json"], times: runs)
            let found = Set(matches(in: fp.stdout))
            let truth = Set(person.recordIDs)
            print(String(format: "footprint lookup --live (email+phone): %.3f s, peak %.0f MB, exit %d, found %d of %d planted rows%@",
                         fp.seconds, fp.peakMB, fp.exitCode, found.intersection(truth).count, truth.count,
                         found == truth ? "" : " — MISMATCH (extra: \(found.subtracting(truth).count))"))

            if let rg = Measure.which("rg") {
                let r = try Measure.best([rg, "-c", "-i", "-F", person.email, csv], times: runs)
                print(String(format: "rg -c -i -F EMAIL:                     %.3f s, peak %.0f MB  (footprint/rg = %.2f)", r.seconds, r.peakMB, fp.seconds / r.seconds))
            } else {
                print("rg: not installed (apt-get install ripgrep) — skipped")
            }
            let duck = "import duckdb; print(duckdb.execute(\"SELECT count(*) FROM read_csv('\(csv)', all_varchar=true) WHERE lower(trim(\\\"Email\\\")) = ?\", ['\(person.email)']).fetchall())"
            if (try? Measure.run(["python3", "-c", "import duckdb"]))?.exitCode == 0 {
                let d = try Measure.best(["python3", "-c", duck], times: runs)
                print(String(format: "DuckDB read_csv WHERE lower(trim(Email)) = ?: %.3f s, peak %.0f MB  (footprint/duckdb = %.2f) %@", d.seconds, d.peakMB, fp.seconds / d.seconds, d.exitCode == 0 ? d.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : "exit \(d.exitCode)"))
            } else {
                print("duckdb: not installed (pip install duckdb) — skipped")
            }
        }

        /// The record keys a lookup's JSON lists.
        private func matches(in json: String) -> [String] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
                  let records = object["records"] as? [[String: Any]] else { return [] }
            return records.compactMap { $0["key"] as? String }
        }
    }
}
