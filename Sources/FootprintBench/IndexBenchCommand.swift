import ArgumentParser
import Foundation

extension FootprintBench {
    struct Index: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time a full scan, an unchanged rescan and an indexed lookup, beside DuckDB loading and indexing the same file.",
            discussion: "Uses the HubSpot-style export of `footprint-bench lookup` (generated when missing). The scan indexes email, phone and name.")

        @Option(help: "Rows of the generated export.") var rows = 4_000_000
        @Option(help: "Folder for generated data.") var dir = "bench-data"
        @Option(help: "The footprint binary.") var footprint = ".build/release/footprint"
        @Option(help: "Runs per measurement; the best is reported.") var runs = 3

        func run() throws {
            let (csv, person) = try ContactsGenerator.export(rows: rows, dir: dir)
            let work = "\(dir)/index-bench"
            try? FileManager.default.removeItem(atPath: work)
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            let config = "\(work)/footprint.yaml"
            try """
            sources:
              - name: contacts
                connector: csv
                path: \(URL(fileURLWithPath: csv).path)
                key: Record ID
                fields:
                  Email: {identifier: email, category: A}
                  Phone Number: {identifier: phone, category: B}
                  First Name: {identifier: name, part: given, category: A}
                  Last Name: {identifier: name, part: family, category: A}
            """.write(toFile: config, atomically: true, encoding: .utf8)
            setenv("FOOTPRINT_INDEX_KEY", "benchmark key", 1)

            var full: Measure.Result?
            for _ in 0..<runs {
                try? FileManager.default.removeItem(atPath: "\(work)/.footprint")
                let result = try Measure.run([footprint, "scan", "--config", config, "--full"], discardOutput: true)
                if full == nil || result.seconds < full!.seconds { full = result }
            }
            let rescan = try Measure.best([footprint, "scan", "--config", config], times: runs, discardOutput: true)
            // One email and, separately, one phone: each must find every planted row, as a live lookup does.
            var lookups: [(String, Measure.Result, Set<String>)] = []
            for (flag, value) in [("--email", person.email), ("--phone", person.phone)] {
                let result = try Measure.best([footprint, "lookup", "--config", config, flag, value, "--format", "json"], times: max(runs, 5))
                let found = ((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["records"] as? [[String: Any]] ?? [])
                    .compactMap { $0["key"] as? String }
                lookups.append((String(flag.dropFirst(2)), result, Set(found)))
            }
            // Start-up alone, beside the lookups: every whole-process command pays it.
            let version = try Measure.best([footprint, "--version"], times: 20, discardOutput: true)
            let size = (try? FileManager.default.attributesOfItem(atPath: "\(work)/.footprint/index.sqlite")[.size] as? Int) ?? 0
            print(String(format: "footprint scan --full (email, phone, name; %d rows): %.2f s, peak %.0f MB, exit %d, index %d MB",
                         rows, full!.seconds, full!.peakMB, full!.exitCode, size / 1_000_000))
            print(String(format: "footprint scan, nothing changed:                 %.3f s", rescan.seconds))
            for (kind, result, found) in lookups {
                print(String(format: "footprint lookup --%@ (indexed, whole process): %.1f ms, peak %.0f MB, found %d of %d planted rows%@",
                             kind, result.seconds * 1000, result.peakMB, found.intersection(person.recordIDs).count, person.recordIDs.count,
                             found == Set(person.recordIDs) ? "" : " — MISMATCH"))
            }
            print(String(format: "footprint --version (whole process, start-up alone): %.1f ms", version.seconds * 1000))
            let duck = """
                import duckdb, os, sys
                path = sys.argv[1]
                if os.path.exists(path): os.remove(path)
                c = duckdb.connect(path)
                c.execute("CREATE TABLE contacts AS SELECT * FROM read_csv('\(csv)', all_varchar=true)")
                c.execute('CREATE INDEX email_idx ON contacts ("Email")')
                """
            if (try? Measure.run(["python3", "-c", "import duckdb"]))?.exitCode == 0 {
                let load = try Measure.best(["python3", "-c", duck, "\(work)/duck.db"], times: runs, discardOutput: true)
                print(String(format: "DuckDB CREATE TABLE AS read_csv + CREATE INDEX (email): %.2f s, peak %.0f MB  (footprint/duckdb = %.2f)",
                             load.seconds, load.peakMB, full!.seconds / load.seconds))
                let query = "import duckdb,sys; c=duckdb.connect(sys.argv[1], read_only=True); print(c.execute('SELECT count(*) FROM contacts WHERE \"Email\" = ?', [sys.argv[2]]).fetchall())"
                let indexed = try Measure.best(["python3", "-c", query, "\(work)/duck.db", person.email], times: max(runs, 5))
                print(String(format: "DuckDB indexed lookup (whole process):            %.1f ms", indexed.seconds * 1000))
            } else {
                print("duckdb: not installed (pip install duckdb) — skipped")
            }
            try manyFiles()
        }

        /// Thousands of small exports (a daily drop folder): per-file costs must stay flat.
        func manyFiles() throws {
            let work = "\(dir)/many-files"
            let files = 2_000, rowsPerFile = 100
            if !FileManager.default.fileExists(atPath: "\(work)/exports/part-\(files - 1).csv") {
                try FileManager.default.createDirectory(atPath: "\(work)/exports", withIntermediateDirectories: true)
                for f in 0..<files {
                    var text = "id,email,phone\n"
                    for r in 0..<rowsPerFile {
                        let i = f * rowsPerFile + r
                        text += "\(i),user\(i)@example.com,(415) 555-\(String(format: "%04d", i % 10_000))\n"
                    }
                    try text.write(toFile: "\(work)/exports/part-\(f).csv", atomically: true, encoding: .utf8)
                }
            }
            let config = "\(work)/footprint.yaml"
            try """
            sources:
              - name: parts
                connector: csv
                path: exports
                key: id
                fields:
                  email: {identifier: email}
                  phone: {identifier: phone}
            """.write(toFile: config, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(atPath: "\(work)/.footprint")
            let scan = try Measure.run([footprint, "scan", "--config", config], discardOutput: true)
            let rescan = try Measure.best([footprint, "scan", "--config", config], times: runs, discardOutput: true)
            let lookup = try Measure.best([footprint, "lookup", "--config", config, "--email", "user123456@example.com", "--format", "json"], times: runs)
            print(String(format: "%d files of %d rows: scan %.2f s, rescan nothing changed %.3f s, indexed lookup %.0f ms (exits %d %d %d)",
                         files, rowsPerFile, scan.seconds, rescan.seconds, lookup.seconds * 1000, scan.exitCode, rescan.exitCode, lookup.exitCode))
        }
    }
}
