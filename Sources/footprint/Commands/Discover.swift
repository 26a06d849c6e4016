import ArgumentParser
import FootprintCore

struct Discover: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        let config = try options.load()
        guard let sourceConfig = config.source(named: source) else {
            throw ConfigError("no source named '\(source)' in \(config.file)",
                              hint: "configured: \(config.sources.map(\.name).joined(separator: ", "))")
        }
        let containers: [DiscoveredContainer]
        do {
            containers = try Connectors.make(sourceConfig).discover()
        } catch {
            Output.error("footprint: cannot read source '\(source)': \(error)")
            throw IncompleteResults()
        }
        var out = "# Proposed mappings for source '\(source)' — from field names and types only; review every line.\n"
        let tables = containers.contains { $0.isTable }
        if tables { out += "tables:\n" } else { out += "fields:\n" }
        var seen: Set<String> = []
        for container in containers {
            let indent = tables ? "      " : "  "
            if tables { out += "  \(container.name):\n    fields:\n" } else { out += "  # \(container.name)\n" }
            var proposed = 0
            for field in container.fields where tables || !seen.contains(field.name) {
                seen.insert(field.name)
                let comment = field.type.map { "  # \($0)" } ?? ""
                if let proposal = FieldClassifier.propose(name: field.name, sqlType: field.type, container: container.name) {
                    out += "\(indent)\(yamlKey(field.name)): \(proposal.yaml)\(comment)\n"
                    proposed += 1
                } else {
                    out += "\(indent)# \(yamlKey(field.name)): no proposal\(comment)\n"
                }
            }
            if proposed == 0 && tables { out += "\(indent){}\n" }
        }
        // Links the database does not declare, guessed from column names (orders.customer_id).
        let links = tables ? LinkProposer.propose(containers) : []
        if !links.isEmpty {
            out += "follow:\n  links:   # no foreign key declares these; proposed from column names: confirm each\n"
            for link in links { out += "    - \(link)\n" }
        }
        Output.write(out)
    }

    private func yamlKey(_ name: String) -> String {
        let plain = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == " " || $0 == "-" || $0 == "/" }
        return plain && !name.hasPrefix(" ") && !name.hasSuffix(" ") ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
