import ArgumentParser
import Foundation
import FootprintCore
import FootprintReports

struct Lookup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Build the per-person inventory: every record that belongs to the identity.",
        discussion: """
        Every configured source is searched. Tiers: 'confirmed' when a strong identifier (email, \
        phone, account id) agrees after normalization, or two independent medium ones do (name + \
        postal address, name + date of birth) with nothing in the record contradicting them; \
        'probable' when one medium identifier agrees and another agrees fuzzily (a typo, a \
        nickname, a suffix on one side), or a contradiction weakens a confirmed case (a household \
        phone under another given name, twins at one address with one birthday); 'possible' for \
        weak evidence only (a name alone). A date of birth alone lists nothing. Each record lists \
        every identifier compared: the field, how it agreed or differed (exact, normalized, fuzzy, \
        different), and a score.

        Identifiers found in confirmed records (a second email, a CRM id) are searched for in turn \
        (matching.expansion_depth, default 2); such records carry 'via' naming the record and field, \
        and evidence 'derived' with the chain of records that led to them. Rows reached by following \
        a key (a customer's orders) carry evidence 'linked' naming the link.

        With an index (footprint scan), only the records it names are read, fresh from \
        their sources; a source changed since its scan is searched live, with a warning, \
        and --live bypasses the index. Each source says how it was searched.

        A source that cannot be read is reported as failed with the reason, the others' results \
        still print, and the exit code is 2.

        Examples:
          footprint lookup --email jane@example.com
          footprint lookup --phone "(415) 555-0134" --format json
          footprint lookup --name "Ana Garcia" --address "12 Oak Street Apt 4, Springfield IL 62704"
          footprint lookup --request request.json --format json > inventory.json
        """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup(title: "Identity") var identity: IdentityOptions
    @Option(help: FormatOption.help(Reports.inventory, " (json is the machine contract)")) var format = "table"
    @Flag(help: "Search the sources directly, ignoring the index (it also lists possible namesakes whose family name is misspelt).")
    var live = false

    func validate() throws { try FormatOption.check(format, Reports.inventory) }

    func run() throws {
        let workspace = try Workspace(options)
        let identity = try identity.identity()
        let keys = try self.identity.identifiers.keys(identity, config: workspace.config)
        // With an index, lookups fetch only the records it names (fresh from the source).
        let connectors = try workspace.lookupConnectors(live: live)
        let inventory = LookupEngine(connectors: connectors, policy: workspace.config.matching, logger: workspace.logger).lookup(identity, keys: keys)
        Output.write(try Reports.inventory.render(inventory, as: format))
        for source in inventory.sources where source.status != .complete {
            Output.error("footprint: source '\(source.name)' is \(source.status.rawValue): \(source.errors.map(\.description).joined(separator: "; "))")
        }
        if !inventory.isComplete { throw IncompleteResults() }
    }
}
