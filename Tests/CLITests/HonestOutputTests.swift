import Foundation
import Testing
import FootprintTestSupport

/// Output that never says more than was found: an incomplete result says so, exit codes
/// tell a broken configuration from a broken source, and a closed pipe is no error.
@Suite("Honest output")
struct HonestOutputTests {
    @Test("the table never says 'No matching records.' when a source failed")
    func incompleteTable() throws {
        let dir = try CLI.scratchCopy()
        let gz = dir + "/exports/legacy/leads-2022.txt.gz"
        let data = try Data(contentsOf: URL(fileURLWithPath: gz))
        try data.prefix(data.count - 30).write(to: URL(fileURLWithPath: gz))
        let none = try CLI.run(["lookup", "--config", dir + "/footprint.yaml", "--email", "nobody.at.all@example.com"])
        #expect(none.status == 2)
        #expect(!none.stdout.contains("No matching records.\n"))
        #expect(none.stdout.contains("No matching records in the sources that could be read."))
        #expect(none.stdout.contains("INCOMPLETE: legacy-leads"))
        let some = try CLI.run(["lookup", "--config", dir + "/footprint.yaml", "--email", "jane.doe@example.com"])
        #expect(some.status == 2)
        #expect(some.stdout.contains("INCOMPLETE: legacy-leads"))
        let complete = try CLI.run(["lookup", "--config", CLI.fixtures + "/footprint.yaml", "--email", "nobody.at.all@example.com"])
        #expect(complete.status == 0)
        #expect(complete.stdout.contains("No matching records.\n"))
        #expect(!complete.stdout.contains("INCOMPLETE"))
    }

    @Test("sources: 1 for a configuration mistake, 2 for a source that cannot be read, 0 when all are fine")
    func sourcesExitCodes() throws {
        #expect(try CLI.run(["sources", "--config", CLI.fixtures + "/footprint.yaml"]).status == 0)
        let dir = try CLI.scratchCopy()
        let yaml = try String(contentsOfFile: dir + "/footprint.yaml", encoding: .utf8)
        try yaml.replacingOccurrences(of: "      Email Address:  {identifier: email, category: A}", with: "      E-mail Address: {identifier: email, category: A}")
            .write(toFile: dir + "/misspelt.yaml", atomically: true, encoding: .utf8)
        let misspelt = try CLI.run(["sources", "--config", dir + "/misspelt.yaml"])
        #expect(misspelt.status == 1)
        #expect(misspelt.stdout.contains("PROBLEM"))
        // (A source that cannot be reached exits 2: PostgresSourcesTests.unreachable.)
    }

    @Test("footprint records … | head ends quietly with status 0")
    func closedPipe() throws {
        let dir = NSTemporaryDirectory() + "footprint-pipe-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var csv = "id,email\n"
        for i in 0..<200_000 { csv += "\(i),person\(i)@example.com\n" }
        try csv.write(toFile: dir + "/big.csv", atomically: true, encoding: .utf8)
        try """
            sources:
              - name: big
                connector: csv
                path: big.csv
                key: id
                fields: {email: {identifier: email}}
            """.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "'\(CLI.binary)' records big --config '\(dir)/footprint.yaml' 2>'\(dir)/stderr' | head -n 2 >/dev/null; echo ${PIPESTATUS[0]}"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let status = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(try String(contentsOfFile: dir + "/stderr", encoding: .utf8).isEmpty)
        try? FileManager.default.removeItem(atPath: dir)
    }
}
