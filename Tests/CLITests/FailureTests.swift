import Foundation
import Testing
import FootprintTestSupport

@Suite("Failures are clear and lose nothing")
struct FailureTests {
    @Test("a bad config names file, line and key, exits 1")
    func badConfig() throws {
        let dir = try CLI.scratchCopy()
        var yaml = try String(contentsOfFile: dir + "/footprint.yaml", encoding: .utf8)
        let target = "      Email:          {identifier: email, category: A}"
        let range = try #require(yaml.range(of: target))
        let line = yaml[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        yaml.replaceSubrange(range, with: "      Email:          {identifier: email, categry: A}")
        try yaml.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.lookup(["--email", "jane.doe@example.com"], config: dir + "/footprint.yaml")
        #expect(result.status == 1)
        #expect(result.stderr.contains("footprint.yaml:\(line):"))
        #expect(result.stderr.contains("categry"))
        #expect(result.stderr.contains("did you mean 'category'"))
        #expect(result.stdout.isEmpty)
    }

    @Test("a field mapping naming a column no file has is a configuration error")
    func misspeltColumn() throws {
        let dir = try CLI.scratchCopy()
        var yaml = try String(contentsOfFile: dir + "/footprint.yaml", encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "      Email Address:  {identifier: email, category: A}", with: "      E-mail Address: {identifier: email, category: A}")
        try yaml.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.lookup(["--email", "jane.doe@example.com"], config: dir + "/footprint.yaml")
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-mail Address"))
        #expect(result.stderr.contains("sources[1].fields.E-mail Address"))
    }

    @Test("a path that matches no file is a configuration error")
    func missingFile() throws {
        let dir = try CLI.scratchCopy()
        try FileManager.default.removeItem(atPath: dir + "/exports/hubspot/contacts-2025.csv")
        let result = try CLI.lookup(["--email", "jane.doe@example.com"], config: dir + "/footprint.yaml")
        #expect(result.status == 1)
        #expect(result.stderr.contains("exports/hubspot/*.csv"))
        #expect(result.stderr.contains("matches no"))
    }

    @Test("a missing config file says how to point at one")
    func missingConfig() throws {
        let result = try CLI.run(["lookup", "--email", "a@example.com"], directory: NSTemporaryDirectory())
        #expect(result.status == 1)
        #expect(result.stderr.contains("--config"))
    }

    @Test("a truncated gzip fails that source with a reason; the others' results still print; exit 2")
    func truncatedGzip() throws {
        let dir = try CLI.scratchCopy()
        let gz = dir + "/exports/legacy/leads-2022.txt.gz"
        let data = try Data(contentsOf: URL(fileURLWithPath: gz))
        try data.prefix(data.count - 30).write(to: URL(fileURLWithPath: gz))
        let result = try CLI.lookup(["--email", "jane.doe@example.com"], config: dir + "/footprint.yaml")
        #expect(result.status == 2)
        #expect(result.status(of: "legacy-leads") == "failed")
        #expect(result.errorKinds(of: "legacy-leads") == ["malformed_data"])
        #expect(result.status(of: "hubspot") == "complete")
        #expect(result.recordLocators == janeAll.subtracting(["legacy-leads:exports/legacy/leads-2022.txt.gz#L-77"]))
        #expect(result.stderr.contains("truncated"))
        #expect(!result.stderr.contains("jane.doe"))
    }

    @Test("a stray quote that never closes is reported with file and line, and the rows after it are still searched")
    func strayQuote() throws {
        let dir = try CLI.scratchCopy()
        let path = dir + "/exports/mailchimp/audience-members.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text += "broken@example.com,\"Unclosed,Name,,1\n"
        text += "jane.doe@example.com,Jane,Doe,,1\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.lookup(["--email", "jane.doe@example.com"], config: dir + "/footprint.yaml")
        #expect(result.status == 0)
        #expect(result.status(of: "mailchimp") == "complete")
        #expect(result.stdout.contains("audience-members.csv:5: a quote opened on this line is never closed"))
        #expect(result.recordLocators.contains("mailchimp:exports/mailchimp/audience-members.csv#1"))
        #expect(result.recordLocators.contains("mailchimp:exports/mailchimp/audience-members.csv#5"))
        #expect(result.recordLocators.contains("mailchimp:exports/mailchimp/unsubscribed-eu.csv#1"))
    }

    @Test("a row too long to be a record (a stray quote in a huge file) fails the container, not the run")
    func oversizedRecord() throws {
        let dir = try CLI.scratchCopy()
        let path = dir + "/exports/mailchimp/audience-members.csv"
        // A stray quote followed by more than the reader's record limit of text.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("x@example.com,\"".utf8))
        let chunk = Data(String(repeating: "filler text,", count: 1 << 16).utf8)
        for _ in 0..<(300 * 1024 * 1024 / chunk.count) { handle.write(chunk) }
        try handle.close()
        let result = try CLI.lookup(["--email", "jane.doe@example.com"], config: dir + "/footprint.yaml")
        #expect(result.status == 2)
        #expect(result.status(of: "mailchimp") == "partial")
        #expect(result.stderr.contains("longer than 256 MiB"))
        #expect(result.recordLocators.contains("mailchimp:exports/mailchimp/unsubscribed-eu.csv#1"))
        try FileManager.default.removeItem(atPath: dir)
    }

    @Test("ragged rows are kept and reported with file and line")
    func raggedRows() throws {
        let dir = try CLI.scratchCopy()
        let path = dir + "/exports/hubspot/contacts-2025.csv"
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data.append(Data("1007,Ann,Lee,ann.lee@example.com,(415) 555-0188,Initech,lead,US,2025-08-01,,,EXTRA\r\n".utf8))
        try data.write(to: URL(fileURLWithPath: path))
        let result = try CLI.lookup(["--email", "ann.lee@example.com"], config: dir + "/footprint.yaml")
        #expect(result.status == 0)
        #expect(result.recordLocators == ["hubspot:exports/hubspot/contacts-2025.csv#1007"])
        #expect(result.stdout.contains("contacts-2025.csv:10: 12 fields where the header has 11"))
        #expect(result.stdout.contains("\"(extra 1)\""))
    }

    @Test("an invalid identity value is a usage error that does not echo the value")
    func badIdentity() throws {
        let result = try CLI.lookup(["--phone", "call-me-maybe"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("1st --phone"))
        #expect(!result.stderr.contains("call-me-maybe"))
        let none = try CLI.run(["lookup", "--config", CLI.fixtures + "/footprint.yaml"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("at least one identifier"))
    }
}
