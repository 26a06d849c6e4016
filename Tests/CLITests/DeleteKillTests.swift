import Foundation
import Testing
import FootprintTestSupport

/// An execution killed (SIGKILL) at any moment: every file is then either as it was or as
/// the plan makes it, never half-written, and running the plan again finishes the job
/// with exactly the result an uninterrupted run gives.
@Suite("Right to Delete: killed and resumed")
struct DeleteKillTests {
    /// A scratch fixture copy with a larger export (so that a kill can land inside a rewrite).
    static let bulk: Data = {
        var rows = "Record ID,First Name,Last Name,Email,Phone Number\r\n"
        rows.reserveCapacity(12_000_000)
        for n in 0..<250_000 {
            let email = n % 50_000 == 7 ? "jane.doe@example.com" : "person\(n)@example.net"
            rows += "\(5_000_000 + n),Pat,Person \(n),\(email),\"(555) 010-\(n % 10_000)\"\r\n"
        }
        return Data(rows.utf8)
    }()

    static func workspace() throws -> String {
        let dir = try CLI.scratchCopy()
        try bulk.write(to: URL(fileURLWithPath: dir + "/exports/bulk.csv"))
        var yaml = try String(contentsOfFile: dir + "/footprint.yaml", encoding: .utf8)
        yaml += """

              - name: bulk
                connector: csv
                path: exports/bulk.csv
                key: Record ID
                fields:
                  Email: {identifier: email, category: A}
                system: {deletion: erase}

            """
        try yaml.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let made = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--request", dir + "/requests/jane-verified.json", "--plan-out", dir + "/plan.json"],
                               environment: DeleteExecuteTests.env)
        #expect(made.status == 0, "\(made.stderr)")
        return dir
    }

    static let files = ["exports/bulk.csv", "exports/hubspot/contacts-2025.csv", "exports/mailchimp/audience-members.csv", "exports/mailchimp/unsubscribed-eu.csv",
                        "exports/salesforce/WE_00D5e000000ABCD_1.zip", "exports/loyalty/members.csv", "exports/legacy/leads-2022.txt.gz", "exports/events/web-events.jsonl"]

    static func contents(_ dir: String) throws -> [Data] { try files.map { try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)) } }

    @Test("killed after 10 to 400 ms, every file is whole (the original or the final version); the resumed run ends exactly as an uninterrupted one",
          arguments: [10, 60, 120, 200, 400])
    func killAndResume(afterMilliseconds delay: Int) throws {
        // The result of an uninterrupted run, on a copy made the same way.
        let reference = try Self.workspace()
        let original = try Self.contents(reference)
        let clean = try CLI.run(["delete", "--config", reference + "/footprint.yaml", "--execute", reference + "/plan.json"], environment: DeleteExecuteTests.env)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        let final = try Self.contents(reference)
        #expect(final[0] != original[0])

        let dir = try Self.workspace()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["delete", "--config", dir + "/footprint.yaml", "--execute", dir + "/plan.json"]
        process.environment = ProcessInfo.processInfo.environment.merging(DeleteExecuteTests.env) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(useconds_t(delay * 1000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        for (index, now) in try Self.contents(dir).enumerated() {
            #expect(now == original[index] || now == final[index], "\(Self.files[index]) is neither the original nor the final version")
        }
        let resumed = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--execute", dir + "/plan.json"], environment: DeleteExecuteTests.env)
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(try Self.contents(dir) == final)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: dir + "/exports").filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // Run once more: nothing left to do.
        let again = try CLI.run(["delete", "--config", dir + "/footprint.yaml", "--execute", dir + "/plan.json"], environment: DeleteExecuteTests.env)
        #expect(again.stdout.contains("done already"))
    }
}
