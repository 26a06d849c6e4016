import ArgumentParser
import FootprintCore

struct Lookup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the per-person inventory: every record that belongs to the identity.",
        discussion: """
        Every configured source is searched. A record is 'confirmed' when a strong identifier \
        (email, phone, account id) matches after normalization; each record lists the evidence. \
        A source that cannot be read is reported as failed with the reason, the others' results \
        still print, and the exit code is 2.

        Examples:
          footprint lookup --email jane@example.com
          footprint lookup --phone "(415) 555-0134" --format json
          footprint lookup --request request.json --format json > inventory.json
        """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup(title: "Identity") var identity: IdentityOptions
    @Option(help: "json (the machine contract) or table.") var format: OutputFormat = .table
    @Flag(help: "Read the sources directly (the only mode until an index exists; kept for scripts).")
    var live = false

    func run() throws {
        let config = try options.load()
        let identity = try identity.identity()
        let region = (self.identity.region ?? config.defaultRegion).uppercased()
        guard PhoneMetadata.isKnownRegion(region) else {
            throw ValidationError("unknown region '\(region)'; use a two-letter ISO 3166 code such as US, GB, DE")
        }
        let keys = try IdentityKeys(identity, region: region)
        let connectors = try config.sources.map { source -> any Connector in
            let connector = try Connectors.make(source)
            try connector.validate()
            return connector
        }
        let inventory = LookupEngine(connectors: connectors).lookup(identity, keys: keys)
        switch format {
        case .json: Output.write(InventoryJSON.document(inventory) + "\n")
        case .table: Output.write(InventoryTable.render(inventory))
        }
        for source in inventory.sources where source.status != .complete {
            Output.error("footprint: source '\(source.name)' is \(source.status.rawValue): \(source.errors.joined(separator: "; "))")
        }
        if !inventory.isComplete { throw IncompleteResults() }
    }
}
