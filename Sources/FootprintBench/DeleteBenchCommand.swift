import ArgumentParser
import Foundation

extension FootprintBench {
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time one plan deleting many people from the generated export, beside a full `lookup --live` read of it.",
            discussion: """
            On a copy of the export (the original is never touched): the planted people and \
            others picked across the file (--people in all) get one request file each; the copy \
            is indexed, and one plan is made for all of them through the index. The plan is \
            executed as a user runs it, best of --runs, each on the state the plan was made for: \
            one rewrite of the file, its new bytes searched for everyone as they are written (on \
            two threads), the index following the rows cut instead of reading the file again, \
            and every person looked up through it. A scan right after must find nothing to read \
            again, and exactly their rows must have left the file, every other byte as it was. \
            Then the same with --no-rescan (the index left to the next scan). Last, the disk's \
            floor: the same bytes written aside by the same writer, fsynced and renamed over a \
            scratch copy, the old blocks freed, with no search at all (its own process): what \
            the disk alone takes for the rewrite on this machine.
            """)

        @Option(help: "Rows of the generated export.") var rows = 4_000_000
        @Option(help: "People to delete in one plan.") var people = 100
        @Option(help: "Folder for generated data.") var dir = "bench-data"
        @Option(help: "The footprint binary to measure.") var footprint = ".build/release/footprint"
        @Option(help: "Runs of the baseline and of the execution each; the best of each is reported.") var runs = 3

        func run() throws {
            let (work, copy, csv) = try ContactsGenerator.workCopy(rows: rows, dir: dir, name: "delete-bench")
            try FileManager.default.createDirectory(atPath: work + "/requests", withIntermediateDirectories: true)
            try """
            sources:
              - name: contacts
                connector: csv
                path: contacts.csv
                key: Record ID
                fields:
                  Email: {identifier: email, category: A}
                  Phone Number: {identifier: phone, category: B}
            """.write(toFile: work + "/footprint.yaml", atomically: true, encoding: .utf8)
            let chosen = try Self.people(csv, count: people)
            for (index, person) in chosen.enumerated() {
                let request = ["id": "BENCH-\(index)", "received": "2026-11-30", "verification": ["level": "reasonably_high", "method": "bench"],
                               "identity": person.phone.isEmpty ? ["email": [person.email]] : ["email": [person.email], "phone": [person.phone]]] as [String: Any]
                try JSONSerialization.data(withJSONObject: request).write(to: URL(fileURLWithPath: work + "/requests/\(String(format: "%03d", index)).json"))
            }
            setenv("FOOTPRINT_INDEX_KEY", "delete bench key", 1)
            let config = work + "/footprint.yaml"
            // The lookup bench's measure: one person's email and phone, every row read.
            let live = try Measure.best([footprint, "lookup", "--live", "--config", config, "--email", chosen[0].email, "--phone", chosen[0].phone],
                                        times: runs, discardOutput: true)
            print(String(format: "baseline: footprint lookup --live --email --phone (one person, full read of %d rows): %.2f s", rows, live.seconds))
            let scan = try Measure.run([footprint, "scan", "--config", config], discardOutput: true)
            print(String(format: "index the copy (footprint scan, once):                       %.2f s", scan.seconds))
            let plan = work + "/plan.json"
            let made = try Measure.run([footprint, "delete", "--config", config, "--requests", work + "/requests", "--plan-out", plan])
            guard made.exitCode == 0 else { throw BenchError("planning failed: \(made.stdout)") }
            print(String(format: "plan %d people through the index:                              %.2f s  (%@)", chosen.count, made.seconds,
                         made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            let before = try Data(contentsOf: URL(fileURLWithPath: copy))
            // Best of as many runs as the baseline, each on the state the plan was made for:
            // the copy as it was (its modification time too, so the index describes it),
            // the index folder as the scan left it, no journal or receipt.
            let state = work + "/.footprint"
            guard try Measure.run(["cp", "-a", state, state + ".saved"]).exitCode == 0 else { throw BenchError("cannot save the index folder") }
            var fresh = true
            let spent = work + "/.spent"
            defer { try? FileManager.default.removeItem(atPath: spent) }
            func execute(_ extra: [String]) throws -> Measure.Result {
                var best: Measure.Result?
                for _ in 0..<runs {
                    if !fresh { try restore(work: work, copy: copy, from: csv, plan: plan, spent: spent) }
                    fresh = false
                    _ = try Measure.run(["sync"])   // the copy's writeback must not land inside the timed run
                    let one = try Measure.run([footprint, "delete", "--config", config, "--execute", plan] + extra)
                    guard one.exitCode == 0, !one.stdout.contains("NOT accounted for") else {
                        throw BenchError("execute failed (exit \(one.exitCode)): \(one.stdout)")
                    }
                    if best == nil || one.seconds < best!.seconds { best = one }
                }
                return best!
            }
            // As a user runs it: the rewrite, searched for all as it is written (two threads);
            // the index following the rows cut; each person verified through it too.
            let executed = try execute([])
            guard executed.stdout.contains("index: followed the deletion in contacts:contacts.csv") else {
                throw BenchError("the index did not follow the deletion: \(executed.stdout.split(separator: "\n").filter { $0.hasPrefix("index") })")
            }
            // No peak memory here: after posix_spawn the child's high-water mark includes this
            // process's copy of the export (held for the check); /usr/bin/time shows it.
            print(String(format: "execute (one rewrite searched for all as written, the index following it, verified live and through the index; best of %d): %.2f s — %.2f× the lookup --live read (target ≤ 2×)",
                         runs, executed.seconds, executed.seconds / live.seconds))
            let followed = try Measure.run([footprint, "scan", "--config", config, "--format", "json"])
            let sources = (try? JSONSerialization.jsonObject(with: Data(followed.stdout.utf8)) as? [String: Any])?["sources"] as? [[String: Any]]
            let untouched = sources.map { !$0.isEmpty && $0.allSatisfy { $0["containers_scanned"] as? Int == 0 } } ?? false
            print(String(format: "a scan right after it:                                          %.2f s (nothing left to read again: %@)", followed.seconds, untouched ? "yes" : "NO"))
            guard untouched else { throw BenchError("the followed index was not current: \(followed.stdout)") }
            try check(before: before, after: Data(contentsOf: URL(fileURLWithPath: copy)), ids: chosen.flatMap(\.ids))
            let bare = try execute(["--no-rescan"])
            print(String(format: "execute --no-rescan (the same, the index left for the next scan; best of %d): %.2f s — %.2f× the read",
                         runs, bare.seconds, bare.seconds / live.seconds))
            // The disk's share: what any atomic rewrite of this file costs here without any search.
            let floor = try (0..<runs).map { _ in try DurableRewriteFloor.measure(copyOf: copy) }.min()!
            print(String(format: "floor: the same rewrite with no search (write aside, fsync, rename, free; best of %d): %.2f s — %.2f× the read; execute is %.2f× this floor",
                         runs, floor, floor / live.seconds, executed.seconds / floor))
        }

        /// Puts back what one execution changed: the export, the index folder (its
        /// suppression list), the plan's journal, lock and receipt. What the run left is
        /// moved aside into `spent`, not deleted: ext4 passes over inodes freed in the last
        /// minute when it allocates one, so deleting the last run's 500 receipt files here
        /// would add a quarter of a second to the next run's receipts, a cost of this
        /// bench's loop that no user's run has. `spent` is deleted after the last run.
        private func restore(work: String, copy: String, from csv: String, plan: String, spent: String) throws {
            let aside = spent + "/" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: aside, withIntermediateDirectories: true)
            for (index, path) in [work + "/.footprint", plan + ".journal", plan + ".lock", plan + ".receipt"].enumerated()
            where FileManager.default.fileExists(atPath: path) {
                try FileManager.default.moveItem(atPath: path, toPath: aside + "/\(index)")
            }
            guard try Measure.run(["cp", "-a", work + "/.footprint.saved", work + "/.footprint"]).exitCode == 0,
                  try Measure.run(["cp", "-p", csv, copy]).exitCode == 0 else { throw BenchError("cannot restore the copy for another run") }
        }

        /// Exactly the chosen people's rows left the file, and every other byte is as it was.
        private func check(before: Data, after: Data, ids: [String]) throws {
            let wanted = Set(ids.map { Array("\"\($0)\",".utf8) }) // "100000123", — 12 bytes
            let (expected, removedRows) = [UInt8](before).withUnsafeBufferPointer { bytes -> ([UInt8], Int) in
                var expected: [UInt8] = []
                expected.reserveCapacity(bytes.count)
                var removed = 0
                var start = 0
                // Rows start after CRLF with a quoted 9-digit id; notes hold bare LF only.
                while start < bytes.count {
                    var next = start
                    while next + 2 < bytes.count, !(bytes[next] == 13 && bytes[next + 1] == 10 && bytes[next + 2] == 34) { next += 1 }
                    next = next + 2 < bytes.count ? next + 2 : bytes.count
                    let head = Array(bytes[start..<min(start + 12, next)])
                    if wanted.contains(head) { removed += 1 } else { expected.append(contentsOf: bytes[start..<next]) }
                    start = next
                }
                return (expected, removed)
            }
            let same = expected.elementsEqual(after)
            print("check: \(removedRows) rows of \(ids.count) planned removed; the rest byte-identical: \(same ? "yes" : "NO")")
            guard same, removedRows == ids.count else { throw BenchError("the rewritten export is not the original minus exactly their rows") }
        }

        struct Person { var email: String; var phone: String; var ids: [String] }

        /// The planted people (known rows), then people of rows spread across the file.
        static func people(_ csv: String, count: Int) throws -> [Person] {
            let truth = try JSONDecoder().decode([ContactsGenerator.PlantedPerson].self, from: Data(contentsOf: URL(fileURLWithPath: csv + ".truth.json")))
            var chosen = truth.prefix(count).map { Person(email: $0.email, phone: $0.phone, ids: $0.recordIDs) }
            let others = count - chosen.count
            guard others > 0, let handle = FileHandle(forReadingAtPath: csv) else { return chosen }
            defer { try? handle.close() }
            let size = Int((try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0)
            let planted = Set(truth.flatMap(\.recordIDs))
            for k in 0..<others {
                try handle.seek(toOffset: UInt64(size / (others + 1) * (k + 1)))
                let chunk = String(decoding: try handle.read(upToCount: 8192) ?? Data(), as: UTF8.self)
                // The first whole row in the chunk: "id","first","last","email","phone",...
                for line in chunk.components(separatedBy: "\r\n").dropFirst() where line.hasPrefix("\"1") {
                    let fields = line.components(separatedBy: "\",\"")
                    guard fields.count > 4, !planted.contains(String(fields[0].dropFirst())) else { continue }
                    // Email only: a random stranger may share a generated phone number.
                    chosen.append(Person(email: fields[3], phone: "", ids: [String(fields[0].dropFirst())]))
                    break
                }
            }
            return chosen
        }
    }
}
