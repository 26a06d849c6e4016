import ArgumentParser
import Foundation

extension FootprintBench {
    struct DataMap: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "datamap",
            abstract: "Time a full scan with and without observation on the generated export, then `footprint datamap` on that index.",
            discussion: """
            On a copy of the export: a full scan with --no-observe and a full scan observing \
            (each twice, alternating, best kept), then `footprint datamap` whole process in \
            each format. The target: observing at most 15% slower; datamap under 1 s.
            """)

        @Option(help: "Rows of the generated export.") var rows = 4_000_000
        @Option(help: "Folder for generated data.") var dir = "bench-data"
        @Option(help: "The footprint binary to measure.") var footprint = ".build/release/footprint"

        func run() throws {
            let work = try ContactsGenerator.workCopy(rows: rows, dir: dir, name: "datamap-bench").work
            try """
            organisation: {name: Bench Inc.}
            sources:
              - name: contacts
                connector: csv
                path: contacts.csv
                key: Record ID
                fields:
                  Email: {identifier: email, category: A}
                  Phone Number: {identifier: phone, category: B}
                  Notes: {category: D}
                system: {purposes: [sales], collected_from: [the consumer], disclosed_for_business_purpose_to: [CRM provider]}
            """.write(toFile: work + "/footprint.yaml", atomically: true, encoding: .utf8)
            setenv("FOOTPRINT_INDEX_KEY", "datamap bench key", 1)
            let config = work + "/footprint.yaml"
            var plain = Double.infinity, observing = Double.infinity
            for _ in 0..<2 {
                plain = min(plain, try Measure.run([footprint, "scan", "--config", config, "--full", "--no-observe"], discardOutput: true).seconds)
                observing = min(observing, try Measure.run([footprint, "scan", "--config", config, "--full"], discardOutput: true).seconds)
            }
            print(String(format: "full scan, --no-observe: %.2f s; observing: %.2f s — %+.1f%% (target ≤ +15%%)", plain, observing, (observing / plain - 1) * 100))
            for format in ["json", "html", "xlsx"] {
                let out = work + "/map.\(format)"
                let made = try Measure.best([footprint, "datamap", "--config", config, "--format", format, "--out", out], times: 3, discardOutput: true)
                print(String(format: "datamap --format %@ (whole process): %.3f s (target < 1 s)", format, made.seconds))
            }
        }
    }
}
