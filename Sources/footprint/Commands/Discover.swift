import ArgumentParser
import FootprintCore
import FootprintReports

struct Discover: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Propose field mappings for a source: identifier kind and CCPA category per field.",
        discussion: """
        Reads a source's fields (file headers, JSON paths, or table columns and types from the \
        database catalog) and prints proposed mappings as footprint.yaml lines. They are \
        proposals from names and types alone: review each one, then copy what is right into \
        the configuration. Fields left unmapped are still listed in lookups, without a category.

        Key and reference columns (address_id) and timestamps (last_visit) are never \
        proposed as identifiers; a bare `name` is a person's only in a table of people \
        (customers, contacts, members — not product.name); card numbers and security codes \
        are proposed with redact: true. For a database, columns that look like references \
        but carry no foreign key (orders.customer_id, note.customer_ref) are proposed as \
        follow.links, so that a lookup reaches the rows that hang off a person.
        """)

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The source's name in footprint.yaml.") var source: String

    func run() throws {
        let workspace = try Workspace(options)
        let source = try workspace.source(named: self.source)
        let containers: [DiscoveredContainer]
        do {
            containers = try workspace.connector(for: source, validate: false).discover()
        } catch let error as ConfigError {
            throw error
        } catch {
            Output.error("footprint: cannot read source '\(self.source)': \(SourceError(error, container: self.source))")
            throw IncompleteResults()
        }
        Output.write(MappingProposalReport.yaml(source: source.name, containers: containers))
    }
}
