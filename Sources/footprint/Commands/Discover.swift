import ArgumentParser
import FootprintCore
import FootprintReports

struct Discover: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Propose field mappings for a source, from field names and sampled values.",
        discussion: """
        Reads a source's fields (file headers, JSON paths, or table columns and types from the \
        database catalog), samples each field's values (the first 200 and a reservoir of 300 \
        from the rows read), and prints proposed mappings as footprint.yaml lines. Each \
        proposal says how sure it is and why ("412 of 500 sampled values are valid email \
        addresses"). The values detected: emails, phone numbers (libphonenumber metadata), \
        SSNs (area, group and serial rules), payment cards (Luhn and issuer ranges), IBANs \
        (mod-97), IPv4/IPv6, plausible dates of birth, postal codes, street lines, people's \
        names (given-name and surname lists), and free text carrying any of these.

        The sampled values never leave this process and are never printed unless \
        --show-values is given (then three per field, as comments: do not paste that output \
        anywhere shared). Review every proposal, then copy what is right into the \
        configuration. Key and reference columns (address_id) and timestamps are never \
        proposed as identifiers; a bare `name` is a person's only in a table of people; card \
        numbers and SSNs are proposed with redact: true. For a database, columns that look \
        like references but carry no foreign key are proposed as follow.links.
        """)

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The source's name in footprint.yaml.") var source: String
    @Option(help: "Rows read for the value sample (0: names and types only).") var sampleRows = 100_000
    @Flag(help: "Print three sampled values per field as comments (they are personal data).") var showValues = false

    func run() throws {
        let workspace = try Workspace(options)
        let source = try workspace.source(named: self.source)
        let containers: [DiscoveredContainer]
        var samples: [String: [String: ValueSampler]] = [:]
        do {
            let connector = try workspace.connector(for: source, validate: false)
            containers = try connector.discover()
            if sampleRows > 0 { samples = try Self.sample(connector, rows: sampleRows) }
        } catch let error as ConfigError {
            throw error
        } catch {
            Output.error("footprint: cannot read source '\(self.source)': \(SourceError(error, container: self.source))")
            throw IncompleteResults()
        }
        let classifier = ValueClassifier(region: workspace.config.defaultRegion)
        let evidence = samples.mapValues { fields in fields.mapValues { $0.observation(classifier) } }
        let examples = showValues ? samples.mapValues { fields in fields.mapValues { Array($0.values.prefix(3)) } } : [:]
        Output.write(MappingProposalReport.yaml(source: source.name, containers: containers, observations: evidence,
                                                examples: examples, sampled: sampleRows > 0))
    }

    /// Values per container and field, from the first `rows` records the source yields.
    static func sample(_ connector: any Connector, rows: Int) throws -> [String: [String: ValueSampler]] {
        var samples: [String: [String: ValueSampler]] = [:]
        var report = ScanReport()
        var read = 0
        try connector.records(into: &report) { record in
            for field in record.fields {
                for value in field.value.strings { samples[record.locator.container, default: [:]][field.name, default: ValueSampler()].add(value) }
            }
            read += 1
            return read < rows
        }
        return samples
    }
}
