import ArgumentParser
import FootprintCore

struct Sources: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the configured sources and check that each can be read.",
        discussion: """
        Checks paths, archives and that every mapped field exists, connects to databases and \
        APIs. Exit 1 when a source is misconfigured (the message names the file, line and key); \
        exit 2 when the configuration is right but a source cannot be reached or read (a server \
        down, wrong credentials, a table dropped).
        """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "json or table.") var format: OutputFormat = .table

    func run() throws {
        let config = try options.load()
        var rows: [(name: String, connector: String, fields: Int, problem: String?)] = []
        var misconfigured = false
        for source in config.sources {
            do {
                let connector = try Connectors.make(source)
                try connector.validate()
                // Reaching the store: files are listed and fingerprinted, databases connected to.
                let containers = try connector.scanContainers()
                let problems = try connector.problems()
                guard problems.isEmpty else {
                    rows.append((source.name, source.connector, source.fields.count, problems.map(\.description).joined(separator: "\n")))
                    continue
                }
                let mapped = containers.reduce(into: Set(source.fields.map(\.name))) { names, container in
                    names.formUnion(connector.mappings(for: container.name).map { "\(container.name)/\($0.name)" })
                }
                rows.append((source.name, source.connector, source.fields.isEmpty ? mapped.count : source.fields.count, nil))
            } catch {
                if error is ConfigError { misconfigured = true }
                rows.append((source.name, source.connector, source.fields.count, String(describing: error)))
            }
        }
        switch format {
        case .json:
            var json = JSONWriter()
            json.beginArray()
            for row in rows {
                json.beginObject()
                json.key("name"); json.string(row.name)
                json.key("connector"); json.string(row.connector)
                json.key("mapped_fields"); json.int(row.fields)
                json.key("reachable"); json.bool(row.problem == nil)
                json.key("problem"); json.string(row.problem)
                json.endObject()
            }
            json.endArray()
            Output.write(json.output + "\n")
        case .table:
            var out = "NAME            CONNECTOR  FIELDS  STATUS\n"
            for row in rows {
                out += row.name.padded(16) + row.connector.padded(11) + String(row.fields).padded(8) + (row.problem == nil ? "ok" : "PROBLEM") + "\n"
                if let problem = row.problem { out += "  \(problem.replacingOccurrences(of: "\n", with: "\n  "))\n" }
            }
            Output.write(out)
        }
        if misconfigured { throw ExitCode(1) }
        if rows.contains(where: { $0.problem != nil }) { throw IncompleteResults() }
    }
}
