import Foundation
import Testing
import FootprintTestSupport

/// Every planted person's identifiers, as a request would carry them.
let plantedIdentities: [[String]] = [
    ["--email", "jane.doe@example.com"], ["--phone", "(415) 555-0134"], ["--email", "jane.doe@example.org"],
    ["--email", "carlos.garcia@example.es"], ["--phone", "+34 612 345 678"], ["--email", "priya.raman@example.co.uk"],
    ["--phone", "07700 900123", "--region", "GB"], ["--email", "tom.baker@example.net"], ["--id", "mailchimp=118273645"],
    ["--name", "Ana Garcia", "--address", "12 Oak Street Apt 4, Springfield IL 62704"],
    ["--name", "William Smith", "--address", "34 Elm Street, Dayton OH 45402"], ["--email", "ana.g@example.net"],
]

func tiers(_ result: CLIResult) -> [String] {
    ((result.json?["records"] as? [[String: Any]]) ?? []).map { record in
        "\(record["source"]!):\(record["container"]!)#\(record["key"]!) \((record["match"] as? [String: Any])?["tier"] ?? "")"
    }.sorted()
}

@Suite("The index", .serialized)
struct IndexCLITests {
    @Test("after a scan, lookup returns the same records as lookup --live for every planted person, from the index")
    func sameAsLive() throws {
        let dir = try CLI.scratchCopy()
        let config = dir + "/footprint.yaml"
        let scan = try CLI.run(["scan", "--config", config, "--format", "json"])
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/.footprint/index.sqlite"))
        for identity in plantedIdentities {
            let indexed = try CLI.run(["lookup", "--config", config, "--format", "json"] + identity)
            let live = try CLI.run(["lookup", "--live", "--config", config, "--format", "json"] + identity)
            #expect(indexed.status == 0)
            #expect(!tiers(live).isEmpty, "\(identity)")
            #expect(tiers(indexed) == tiers(live), "\(identity)")
            // Served from the index: no source fell back to a live search, and the inventory says so.
            #expect(!indexed.stdout.contains("searched live"), "\(identity)")
            #expect(!indexed.searched.isEmpty && indexed.searched.values.allSatisfy { $0 == "index" }, "\(indexed.searched)")
            #expect(!live.searched.isEmpty && live.searched.values.allSatisfy { $0 == "live" })
        }
    }

    @Test("the index file holds none of the planted emails, phones or names in clear")
    func noIdentifiersInClear() throws {
        let dir = try CLI.scratchCopy()
        #expect(try CLI.run(["scan", "--config", dir + "/footprint.yaml"]).status == 0)
        var bytes = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir + "/.footprint") where name.hasPrefix("index.sqlite") {
            bytes += try Data(contentsOf: URL(fileURLWithPath: dir + "/.footprint/" + name))
        }
        #expect(bytes.count > 4096)
        let text = String(decoding: bytes.map { $0 >= 32 && $0 < 127 ? $0 : 32 }, as: UTF8.self).lowercased()
        for planted in ["jane.doe@example.com", "jane.doe", "jdoe.home", "carlos.garcia", "priya.raman", "tom.baker", "ana.g@",
                        "4155550134", "415-555-0134", "555-0134", "612345678", "7700900123", "jane doe", "doe", "garcia", "garc", "raman",
                        "smith", "oak st", "62704", "1984-03-07", "118273645"] {
            #expect(!text.contains(planted), "\(planted) appears in the index")
        }
        // And what `strings` sees, where binutils is installed.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/strings") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/strings")
            process.arguments = [dir + "/.footprint/index.sqlite"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).lowercased()
            process.waitUntilExit()
            #expect(!output.contains("jane") && !output.contains("@example"))
        }
    }

    @Test("a rescan with nothing changed skips every file; a changed file is rescanned and a vanished one dropped")
    func incremental() throws {
        let dir = try CLI.scratchCopy()
        let config = dir + "/footprint.yaml"
        try FileManager.default.copyItem(atPath: dir + "/exports/hubspot/contacts-2025.csv", toPath: dir + "/exports/hubspot/contacts-2024.csv")
        #expect(try CLI.run(["scan", "--config", config]).status == 0)
        let again = try CLI.run(["scan", "--config", config, "--format", "json"])
        let sources = try #require(again.json?["sources"] as? [[String: Any]])
        #expect(sources.filter { $0["name"] as? String != "web-events" }.allSatisfy { $0["containers_scanned"] as? Int == 0 })
        // Change one file, remove another.
        let handle = try #require(FileHandle(forWritingAtPath: dir + "/exports/hubspot/contacts-2025.csv"))
        handle.seekToEndOfFile()
        handle.write(Data("1008,Ann,Lee,ann.lee@example.com,(415) 555-0188,Initech,lead,US,2025-08-01,,\r\n".utf8))
        try handle.close()
        let stats = try CLI.run(["index", "stats", "--config", config])
        #expect(stats.stdout.contains("contacts-2025.csv (changed)"))
        try FileManager.default.removeItem(atPath: dir + "/exports/hubspot/contacts-2024.csv")
        let third = try CLI.run(["scan", "--config", config, "--format", "json"])
        let summary = try #require(third.json?["sources"] as? [[String: Any]], "\(third.stderr)")
        #expect(summary.first { $0["name"] as? String == "hubspot" }?["containers_scanned"] as? Int == 1)
        #expect(summary.first { $0["name"] as? String == "hubspot" }?["containers_dropped"] as? Int == 1)
        let ann = try CLI.lookup(["--email", "ann.lee@example.com"], config: config)
        #expect(ann.recordLocators == ["hubspot:exports/hubspot/contacts-2025.csv#1008"])
    }

    @Test("a wrong key is detected and reported, not passed off as nothing found")
    func wrongKey() throws {
        let dir = try CLI.scratchCopy()
        let config = dir + "/footprint.yaml"
        #expect(try CLI.run(["scan", "--config", config]).status == 0)
        let result = try CLI.run(["lookup", "--config", config, "--email", "jane.doe@example.com"], environment: ["FOOTPRINT_INDEX_KEY": "not the key"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("built with a different key"))
        #expect(result.stdout.isEmpty)
    }

    @Test("the key file is created with mode 0600")
    func keyFile() throws {
        let dir = try CLI.scratchCopy()
        let result = try CLI.run(["init", "--config", dir + "/footprint.yaml"])
        #expect(result.status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/.footprint/index.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: dir + "/.footprint/index.key", encoding: .utf8).count == 65)
    }

    @Test("the index and its folder are the owner's alone (0600, 0700)")
    func indexModes() throws {
        let dir = try CLI.scratchCopy()
        #expect(try CLI.run(["scan", "--config", dir + "/footprint.yaml"], environment: ["FOOTPRINT_INDEX_KEY": ""]).status == 0)
        func mode(_ path: String) throws -> Int? { try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }
        #expect(try mode(dir + "/.footprint") == 0o700)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir + "/.footprint") {
            #expect(try mode(dir + "/.footprint/" + name) == 0o600, "\(name)")
        }
    }

    @Test("a second configuration in the same folder cannot scan into (and empty) the first one's index")
    func secondConfiguration() throws {
        let dir = try CLI.scratchCopy()
        let environment = ["FOOTPRINT_INDEX_KEY": "shared key"]
        #expect(try CLI.run(["scan", "--config", dir + "/footprint.yaml"], environment: environment).status == 0)
        try """
            sources:
              - name: loyalty-only
                connector: csv
                path: exports/loyalty/members.csv
                fields:
                  Member: {identifier: name}
            """.write(toFile: dir + "/other.yaml", atomically: true, encoding: .utf8)
        let other = try CLI.run(["scan", "--config", dir + "/other.yaml"], environment: environment)
        #expect(other.status == 1)
        #expect(other.stderr.contains("belongs to the configuration"))
        #expect(other.stderr.contains("index: {path:"))
        let lookup = try CLI.run(["lookup", "--config", dir + "/footprint.yaml", "--email", "jane.doe@example.com", "--format", "json"],
                                 environment: environment)
        #expect(lookup.searched["hubspot"] == "index")
        // Moving the folder, index and configuration together keeps the claim.
        let moved = dir + "-moved"
        try FileManager.default.moveItem(atPath: dir, toPath: moved)
        let rescan = try CLI.run(["scan", "--config", moved + "/footprint.yaml", "--format", "json"], environment: environment)
        #expect(rescan.status == 0, "\(rescan.stderr)")
    }

    @Test("two scans never run at once")
    func lock() throws {
        let dir = try CLI.scratchCopy()
        try FileManager.default.createDirectory(atPath: dir + "/.footprint", withIntermediateDirectories: true)
        let fd = open(dir + "/.footprint/index.sqlite.lock", O_RDWR | O_CREAT, 0o600)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let result = try CLI.run(["scan", "--config", dir + "/footprint.yaml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("another scan is running"))
    }

    /// `footprint scan ARGUMENTS` started and left running.
    func backgroundScan(_ arguments: [String], environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["scan"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("lookups keep working while a full rescan rewrites the index, from the last committed state")
    func lookupDuringScan() throws {
        let dir = NSTemporaryDirectory() + "footprint-busy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/exports", withIntermediateDirectories: true)
        _ = try runTool(["python3", "-c", """
            import sys
            for f in range(4):
                with open(sys.argv[1] + '/exports/part-%d.csv' % f, 'w') as out:
                    out.write('Record ID,Email\\n')
                    for r in range(50000):
                        out.write('%d,person%d-%d@example.com\\n' % (f * 100000 + r, f, r))
            """, dir])
        try """
            sources:
              - name: crm
                connector: csv
                path: exports/*.csv
                key: Record ID
                fields:
                  Email: {identifier: email}
            """.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let environment = ["FOOTPRINT_INDEX_KEY": "busy test key"]
        #expect(try CLI.run(["scan", "--config", dir + "/footprint.yaml"], environment: environment).status == 0)
        let process = try backgroundScan(["--config", dir + "/footprint.yaml", "--full"], environment: environment)
        var during = 0
        repeat {
            let lookup = try CLI.run(["lookup", "--config", dir + "/footprint.yaml", "--email", "person3-4242@example.com", "--format", "json"],
                                     environment: environment)
            #expect(lookup.status == 0, "\(lookup.stderr)")
            #expect(lookup.recordLocators == ["crm:exports/part-3.csv#304242"])
            #expect(lookup.searched["crm"] == "index")
            if process.isRunning { during += 1 }
        } while process.isRunning && during < 20
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // Otherwise the scan ended before any lookup ran and the test proved nothing.
        #expect(during >= 1, "no lookup ran while the scan did")
    }

    @Test("a scan killed half-way (SIGKILL) and scanned again gives the index a clean full scan gives")
    func killed() throws {
        // Enough data that the scan is still running when it is killed: 8 files of 40,000 rows.
        let dir = NSTemporaryDirectory() + "footprint-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/exports", withIntermediateDirectories: true)
        _ = try runTool(["python3", "-c", """
            import sys
            for f in range(8):
                with open(sys.argv[1] + '/exports/part-%d.csv' % f, 'w') as out:
                    out.write('Record ID,Email,Phone,First,Last\\n')
                    for r in range(40000):
                        out.write('%d,person%d-%d@example.com,(415) 555-%04d,Ann%d,Lee%d\\n' % (f * 100000 + r, f, r, r % 10000, r % 97, r % 89))
            """, dir])
        let yaml = """
            sources:
              - name: crm
                connector: csv
                path: exports/*.csv
                key: Record ID
                fields:
                  Email: {identifier: email}
                  Phone: {identifier: phone}
                  First: {identifier: name, part: given}
                  Last: {identifier: name, part: family}
            """
        try yaml.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        try (yaml + "\nindex: {path: clean/index.sqlite}\n").write(toFile: dir + "/clean.yaml", atomically: true, encoding: .utf8)
        let environment = ["FOOTPRINT_INDEX_KEY": "kill test key"]

        let process = try backgroundScan(["--config", dir + "/footprint.yaml"], environment: environment)
        // Kill it once at least one container is committed but before all are.
        let deadline = Date().addingTimeInterval(60)
        var committed = 0
        while Date() < deadline {
            committed = countContainers(dir + "/.footprint/index.sqlite")
            if committed >= 1 { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(committed >= 1 && committed < 8, "killed after \(committed) of 8 containers")

        #expect(try CLI.run(["scan", "--config", dir + "/footprint.yaml"], environment: environment).status == 0)
        #expect(try CLI.run(["scan", "--config", dir + "/clean.yaml", "--full"], environment: environment).status == 0)
        #expect(try dump(dir + "/.footprint/index.sqlite") == dump(dir + "/clean/index.sqlite"))
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// Containers committed so far, read with the sqlite3 shell when present, else by a lookup of the row count via python.
func countContainers(_ path: String) -> Int {
    guard FileManager.default.fileExists(atPath: path) else { return 0 }
    let output = (try? runTool(["python3", "-c", "import sqlite3,sys; c=sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True); print(c.execute('select count(*) from container').fetchone()[0])", path])) ?? "0"
    return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
}

/// Every container with its counts and every posting and key page, for comparing two
/// indexes: container ids differ between two indexes, so pages are keyed by source and
/// container name. Fails (throws) when the tables are not there.
func dump(_ path: String) throws -> String {
    try runTool(["python3", "-c", """
        import sqlite3, sys, hashlib
        c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
        containers = c.execute('select source, name, fingerprint, records, identifiers from container').fetchall()
        postings = c.execute('select c.source, c.name, p.first_hash, p.data from posting_page p join container c on c.id = p.container').fetchall()
        keys = c.execute('select c.source, c.name, k.first_record, k.data from key_page k join container c on c.id = k.container').fetchall()
        if not containers or not postings or not keys: sys.exit('empty index: %d containers, %d posting pages, %d key pages' % (len(containers), len(postings), len(keys)))
        print(len(containers), len(postings), len(keys))
        print(hashlib.sha256(repr((sorted(containers), sorted(postings), sorted(keys))).encode()).hexdigest())
        """, path])
}

/// Runs a helper program; a non-zero exit is an error carrying what it printed on stderr.
func runTool(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe(), errors = Pipe()
    process.standardOutput = pipe
    process.standardError = errors
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ToolError(command: arguments.first ?? "", status: process.terminationStatus, stderr: String(decoding: message, as: UTF8.self))
    }
    return String(decoding: data, as: UTF8.self)
}

struct ToolError: Error, CustomStringConvertible {
    var command: String
    var status: Int32
    var stderr: String
    var description: String { "\(command) exited \(status): \(stderr)" }
}

@Suite("The index refuses to store identifiers")
struct IndexKeyGuardTests {
    @Test("a source keyed by an identifier column is not indexed")
    func keyedByEmail() throws {
        let dir = try CLI.scratchCopy()
        let config = dir + "/footprint.yaml"
        let yaml = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "    key: Record ID\n", with: "    key: Email\n")
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try CLI.run(["scan", "--config", config])
        #expect(result.status == 2)
        #expect(result.stdout.contains("keyed by 'Email', which holds email values"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/.footprint/index.sqlite"))
        #expect(!String(decoding: bytes.map { $0 >= 32 && $0 < 127 ? $0 : 32 }, as: UTF8.self).lowercased().contains("jane.doe"))
    }
}
