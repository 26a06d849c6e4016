import ArgumentParser
import Foundation
import FootprintCore
import FootprintCSV
import FootprintTestSupport

extension FootprintBench {
    struct Quality: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure match quality: precision and recall per tier over planted people with realistic variants.",
            discussion: """
            Generates a CRM-style export (First/Last Name, Email, Phone, street/city/state/zip, date of birth) with \
            planted people written in many ways, plus decoys (a household member sharing phone and address, a \
            stranger with the same name), then looks every planted person up with the identity a verified \
            request would carry (name, email, phone, current address, date of birth).

            All lookups run in one process with Footprint's own matcher over candidate records (those sharing \
            an email, phone, ZIP, date of birth or family name + initial with the request: a superset of what \
            can match). --cross-check N runs the real `footprint lookup --live` for N people and checks that \
            it returns the same records at the same tiers.
            """)

        @Option(help: "Rows of the generated export.") var rows = 1_000_000
        @Option(help: "Planted people.") var people = 20_000
        @Option(help: "Folder for generated data.") var dir = "bench-data"
        @Option(help: "The footprint binary for the cross-check.") var footprint = ".build/release/footprint"
        @Option(help: "How many people to look up with the real CLI as a cross-check.") var crossCheck = 5
        @Option(help: "How many people to look up through the index (after a scan) beside --live.") var indexCheck = 20
        @Flag(help: "Write the export again even if it exists.") var regenerate = false

        func run() throws {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            // v3: with the relatives, twins, housemates and juniors planted too.
            let csv = "\(dir)/people-v3-\(rows)-\(people).csv"
            if regenerate || !FileManager.default.fileExists(atPath: csv + ".truth.json") {
                print("generating \(csv) ...")
                let truth = try PeopleGenerator(rows: rows, people: people).write(to: csv)
                try JSONEncoder().encode(truth).write(to: URL(fileURLWithPath: csv + ".truth.json"))
            }
            let truth = try JSONDecoder().decode([PeopleGenerator.PlantedIdentity].self, from: Data(contentsOf: URL(fileURLWithPath: csv + ".truth.json")))
            let configPath = "\(dir)/quality.yaml"
            try """
            matching: {expansion_depth: 0}
            index: {path: quality-index/index.sqlite}
            sources:
              - name: crm
                connector: csv
                path: \(URL(fileURLWithPath: csv).lastPathComponent)
                key: Record ID
                fields:
                  First Name: {identifier: name, part: given}
                  Last Name: {identifier: name, part: family}
                  Email: {identifier: email}
                  Phone Number: {identifier: phone}
                  Street Address: {identifier: address, part: street}
                  City: {identifier: address, part: city}
                  State/Region: {identifier: address, part: state}
                  Postal Code: {identifier: address, part: zip}
                  Date of Birth: {identifier: dob}
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
            let config = try FootprintConfig.load(path: configPath, connectorKeys: ["csv": CSVConnectorFactory.configKeys])
            let source = config.sources[0]
            let connector = try CSVConnectorFactory.make(source: source)

            let started = Date()
            var records: [Record] = []
            var blocks: [String: [Int32]] = [:]
            var report = ScanReport()
            try connector.records(into: &report) { record in
                let index = Int32(records.count)
                for key in Self.blockKeys(record) { blocks[key, default: []].append(index) }
                records.append(record)
                return true
            }
            print(String(format: "loaded %d records and %d blocks in %.1f s", records.count, blocks.count, Date().timeIntervalSince(started)))

            var found: [MatchTier: Int] = [:], correct: [MatchTier: Int] = [:]
            var recalled: [MatchTier: Int] = [:]
            var totalTruth = 0, compared = 0
            var decoyTiers: [String: [String: Int]] = [:]
            var missedExamples: [String] = []
            var wrongExamples: [String] = []
            var results: [Int: [String: MatchTier]] = [:]
            let evaluation = Date()
            for (p, person) in truth.enumerated() {
                let identity = Identity(emails: [person.email], phones: [person.phone], names: [person.name], addresses: [person.address], datesOfBirth: [person.dob])
                let keys = try IdentityKeys(identity, region: "US")
                let matcher = IdentityMatcher(keys: keys, source: source, policy: config.matching)
                var candidates = Set<Int32>()
                for key in Self.identityBlockKeys(keys) { candidates.formUnion(blocks[key] ?? []) }
                var tiers: [String: MatchTier] = [:]
                for index in candidates {
                    compared += 1
                    let record = records[Int(index)]
                    if let match = matcher.match(record) { tiers[record.locator.key] = match.tier }
                }
                let own = Set(person.records)
                totalTruth += own.count
                for (key, tier) in tiers {
                    found[tier, default: 0] += 1
                    if own.contains(key) { correct[tier, default: 0] += 1 }
                    if tier == .confirmed, !own.contains(key), wrongExamples.count < 5 {
                        wrongExamples.append("person \(p) (\(person.name), \(person.address)) -> record \(key)")
                    }
                }
                for key in own {
                    if let tier = tiers[key] { recalled[tier, default: 0] += 1 } else if missedExamples.count < 5 { missedExamples.append(key) }
                    if tiers[key] == .possible && missedExamples.count < 8 { missedExamples.append("\(key)(possible)") }
                }
                for key in person.decoys {
                    decoyTiers[person.decoyKinds[key] ?? "decoy", default: [:]][tiers[key]?.rawValue ?? "not listed", default: 0] += 1
                }
                if p < crossCheck { results[p] = tiers }
            }
            print(String(format: "looked up %d people (%d record comparisons) in %.1f s", truth.count, compared, Date().timeIntervalSince(evaluation)))
            print("\nper tier: records listed, of which the person's own, precision")
            for tier in [MatchTier.confirmed, .probable, .possible] {
                let n = found[tier] ?? 0, ok = correct[tier] ?? 0
                print(String(format: "  %-10@ %7d  %7d  %8.4f%%", tier.rawValue, n, ok, n == 0 ? 100 : 100 * Double(ok) / Double(n)))
            }
            let c = recalled[.confirmed] ?? 0, pr = recalled[.probable] ?? 0, po = recalled[.possible] ?? 0
            print("\nrecall over \(totalTruth) planted records:")
            print(String(format: "  confirmed             %8.4f%%", 100 * Double(c) / Double(totalTruth)))
            print(String(format: "  confirmed or probable %8.4f%%", 100 * Double(c + pr) / Double(totalTruth)))
            print(String(format: "  any tier              %8.4f%%", 100 * Double(c + pr + po) / Double(totalTruth)))
            print("\ndecoys near planted people (never theirs), by kind: how they were listed")
            var decoysConfirmed = 0
            for (kind, listed) in decoyTiers.sorted(by: { $0.key < $1.key }) {
                decoysConfirmed += listed["confirmed"] ?? 0
                print("  \(kind.padding(toLength: 10, withPad: " ", startingAt: 0)) " + listed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            print("  confirmed decoys: \(decoysConfirmed)")
            for example in wrongExamples { print("CONFIRMED STRANGER: \(example)") }
            if !missedExamples.isEmpty { print("examples of records not found as confirmed/probable: \(missedExamples.joined(separator: ", "))") }

            // The real command line, for a few of them: same records, same tiers.
            var agreed = 0
            for p in 0..<min(crossCheck, truth.count) {
                let (cli, seconds) = try lookup(truth[p], config: configPath, live: true)
                guard let cli else { print("cross-check \(p): no JSON"); continue }
                // Possible-tier name-only matches outside the candidate blocks are not evaluated in-process.
                let strongCLI = cli.filter { $0.value != .possible }, strongHere = (results[p] ?? [:]).filter { $0.value != .possible }
                if strongCLI == strongHere { agreed += 1 } else {
                    print("cross-check \(p): CLI and in-process differ: \(strongCLI.count) vs \(strongHere.count) confirmed/probable records")
                }
                if p == 0 { print(String(format: "cross-check: one full CLI lookup (five identifiers, %d rows) took %.2f s", rows, seconds)) }
            }
            if crossCheck > 0 { print("cross-check: the CLI listed the same confirmed and probable records, at the same tiers, for \(agreed) of \(min(crossCheck, truth.count)) people") }
            if indexCheck > 0 { try checkIndex(truth, config: configPath) }
        }

        /// Scans the export, then looks people up through the index and live: the index must
        /// list every confirmed and probable record live matching lists, at the same tier.
        private func checkIndex(_ truth: [PeopleGenerator.PlantedIdentity], config: String) throws {
            setenv("FOOTPRINT_INDEX_KEY", "quality benchmark key", 1)
            try? FileManager.default.removeItem(atPath: "\(dir)/quality-index")
            let scan = try Measure.run([footprint, "scan", "--config", config, "--full"], discardOutput: true)
            print(String(format: "\nindex: footprint scan --full of the export (name, email, phone, address, birth date): %.2f s, exit %d", scan.seconds, scan.exitCode))
            var same = 0, possibleIndexed = 0, possibleLive = 0, indexedSeconds = 0.0, liveSeconds = 0.0
            let people = truth.prefix(indexCheck)
            for (p, person) in people.enumerated() {
                let (indexed, a) = try lookup(person, config: config, live: false)
                let (live, b) = try lookup(person, config: config, live: true)
                indexedSeconds += a
                liveSeconds += b
                guard let indexed, let live else { print("index check \(p): no JSON"); continue }
                let strongIndexed = indexed.filter { $0.value != .possible }, strongLive = live.filter { $0.value != .possible }
                if strongIndexed == strongLive { same += 1 } else {
                    print("index check \(p): indexed and live differ: \(strongIndexed.count) vs \(strongLive.count) confirmed/probable records")
                }
                possibleIndexed += indexed.values.filter { $0 == .possible }.count
                possibleLive += live.values.filter { $0 == .possible }.count
            }
            print("index: indexed lookups listed the same confirmed and probable records, at the same tiers, as --live for \(same) of \(people.count) people")
            print(String(format: "index: possible records: %d indexed, %d live (live also lists namesakes whose family name is misspelt)", possibleIndexed, possibleLive))
            print(String(format: "index: lookup (whole process, five identifiers) %.0f ms indexed vs %.0f ms live, mean", 1000 * indexedSeconds / Double(people.count),
                         1000 * liveSeconds / Double(people.count)))
        }

        /// One `footprint lookup` with the identity a verified request carries: each record's key and tier.
        private func lookup(_ person: PeopleGenerator.PlantedIdentity, config: String, live: Bool) throws -> ([String: MatchTier]?, Double) {
            let run = try Measure.run([footprint, "lookup", "--config", config, "--format", "json", "--name", person.name, "--email", person.email,
                                       "--phone", person.phone, "--address", person.address, "--dob", person.dob] + (live ? ["--live"] : []))
            guard let object = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
                  let list = object["records"] as? [[String: Any]] else { return (nil, run.seconds) }
            var tiers: [String: MatchTier] = [:]
            for item in list {
                if let key = item["key"] as? String, let tier = (item["match"] as? [String: Any])?["tier"] as? String { tiers[key] = MatchTier(rawValue: tier) }
            }
            return (tiers, run.seconds)
        }

        /// Candidate blocks a record belongs to.
        static func blockKeys(_ record: Record) -> [String] {
            var keys: [String] = []
            func value(_ name: String) -> String? {
                guard case .string(let s)? = record.value(of: name), !s.isEmpty else { return nil }
                return s
            }
            if let email = value("Email"), let key = EmailNormalizer.normalize(email) { keys.append("e:" + key) }
            if let phone = value("Phone Number"), let key = PhoneNormalizer.normalize(phone, region: "US") { keys.append("p:" + key) }
            if let zip = value("Postal Code") { keys.append("z:" + String(zip.prefix(5))) }
            if let dob = value("Date of Birth"), let key = DateOfBirthNormalizer.normalize(dob) { keys.append("d:" + key) }
            if let name = PersonName(given: value("First Name"), family: value("Last Name")) {
                for family in name.family { keys.append("n:\(family)|\(name.first?.prefix(1) ?? "")") }
            }
            return keys
        }

        static func identityBlockKeys(_ keys: IdentityKeys) -> [String] {
            var result = keys.emails.map { "e:" + $0 } + keys.phones.map { "p:" + $0 } + keys.datesOfBirth.map { "d:" + $0 }
            result += keys.addresses.compactMap(\.zip).map { "z:" + $0 }
            for name in keys.names {
                for family in name.family { result.append("n:\(family)|\(name.first?.prefix(1) ?? "")") }
            }
            return result
        }
    }
}
