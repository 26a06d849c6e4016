import ArgumentParser
import FootprintCore
import FootprintReports

struct Records: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "Print the records a source yields, one JSON object a line.",
        discussion: """
        Each line: {"source":..., "container":..., "key":..., "fields":{...}} with fields in the \
        source's order (a repeated CSV header gets a #2 suffix). Warnings go to stderr. \
        Exit 2 if part of the source could not be read.
        """)

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The source's name in footprint.yaml.") var source: String
    @Option(help: "Stop after this many records.") var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        let workspace = try Workspace(options)
        let connector = try workspace.connector(for: try workspace.source(named: source))
        var report = ScanReport()
        do {
            try RecordLines.write(connector, limit: limit, into: &report) { Output.write(bytes: $0) }
        } catch {
            report.errors.append(SourceError(error, container: source))
        }
        for diagnostic in report.diagnostics { Output.error(diagnostic.description) }
        for error in report.errors { Output.error("error: \(error)") }
        if !report.errors.isEmpty { throw IncompleteResults() }
    }
}
