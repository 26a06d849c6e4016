import ArgumentParser
import FootprintCore
import FootprintReports

struct Sources: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the configured sources and check that each can be read.",
        discussion: """
        Checks paths, archives and that every mapped field exists, connects to databases and \
        APIs. Exit 1 when a source is misconfigured (the message names the file, line and key); \
        exit 2 when the configuration is right but a source cannot be reached or read (a server \
        down, wrong credentials, a table dropped). CAN lists what Footprint can do with the \
        store beyond reading: index (scheduled scans), rows (bulk streaming), erase.
        """)

    @OptionGroup var options: ConfigOptions
    @Option(help: FormatOption.help(Reports.sources)) var format = "table"

    func validate() throws { try FormatOption.check(format, Reports.sources) }

    func run() throws {
        let workspace = try Workspace(options)
        let checks = workspace.config.sources.map { source in
            SourceCheck.run(source) { try workspace.connector(for: $0, validate: false) }
        }
        Output.write(try Reports.sources.render(checks, as: format))
        if checks.contains(where: \.misconfigured) { throw ExitCode(1) }
        if checks.contains(where: { !$0.isReadable }) { throw IncompleteResults() }
    }
}
