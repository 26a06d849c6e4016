import ArgumentParser
import Foundation
import FootprintCore
import FootprintIndex
import FootprintReports

struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Plan the deletion of one verified person's records, and show a plan for review.",
        discussion: """
        footprint delete IDENTITY --request FILE --plan-out PLAN.json
          looks the person up (through the index when there is one) and writes the plan: for
          every record its locator, a keyed fingerprint of its content and the action —
            erase       removed from the store
            deidentify  kept with the identifying fields blanked (system.deletion: deidentify)
            retain      kept under a §1798.105(d) exception (system.deletion: none, system.exceptions)
            deferred    in backups or archives (system.backups), erased when they roll off (§7022(d))
            manual      a store Footprint cannot erase from: what a person must do there
            review      probable, possible or derived matches: nothing is done until approved
                        (--approve FILE, a JSON list of "source:container#key")
          The plan holds no field value, and the identity only sealed with the index key
          (AES-256-GCM); it is written 0600, whole or not at all.
        footprint delete --show PLAN.json [--format table|json]
          prints a plan for review.

        The request file is the one `know` takes (received, verification, identity, id).
        """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup(title: "Identity (added to the request file's identity:)") var identifiers: IdentifierOptions
    @Option(help: ArgumentHelp("The request file (JSON, as for know).", valueName: "file")) var request: String?
    @Option(name: .customLong("plan-out"), help: ArgumentHelp("Where to write the plan (it must not exist).", valueName: "file")) var planOut: String?
    @Option(help: ArgumentHelp("A plan to print for review.", valueName: "file")) var show: String?
    @Option(help: ArgumentHelp("Records staff approved: a JSON list of \"source:container#key\".", valueName: "file")) var approve: String?
    @Option(help: FormatOption.help(Reports.deletionPlan, " (with --show)")) var format = "table"
    @Flag(help: "Search the sources directly, ignoring the index.") var live = false

    func validate() throws {
        try FormatOption.check(format, Reports.deletionPlan)
        guard (show == nil) != (planOut == nil) else {
            throw ValidationError("give --plan-out FILE (with --request) to make a plan, or --show FILE to print one")
        }
        if planOut != nil, request == nil { throw ValidationError("--plan-out needs --request FILE: when was the request received, how was it verified") }
    }

    func run() throws {
        if let show {
            Output.write(try Reports.deletionPlan.render(try DeletionPlanReport.read(show), as: format))
            return
        }
        guard let request, let planOut else { return }
        let workspace = try Workspace(options)
        if FileManager.default.fileExists(atPath: planOut) {
            throw ConfigError("\(planOut) already exists; a plan is never written over another", hint: "choose another --plan-out")
        }
        let deleteRequest = try KnowRequest.read(request)
        let identity = try identifiers.identity(adding: deleteRequest.identity)
        let keys = try identifiers.keys(identity, config: workspace.config)
        let key = try IndexKey.load(indexPath: workspace.indexPath, environment: workspace.environment, create: true)
        let connectors = try workspace.lookupConnectors(live: live)
        let inventory = LookupEngine(connectors: connectors, policy: workspace.config.matching, logger: workspace.logger).lookup(identity, keys: keys)
        var planner = DeletionPlanner(sources: workspace.config.sources, fingerprint: key.fingerprint)
        planner.approved = try approve.map(Approvals.read) ?? []
        let erasing = Set(connectors.filter { $0.capability((any ErasingConnector).self) != nil }.map(\.source.name))
        planner.canErase = { erasing.contains($0) }
        let sealed = try key.seal(Array(InventoryJSON.identityDocument(identity).utf8))
        let configuration = FileManager.default.contents(atPath: workspace.config.file).map { KnowPackageWriter.sha256([UInt8]($0)) } ?? ""
        let plan = DeletionPlan(request: deleteRequest.id, received: DateOnly.format(deleteRequest.received),
                                created: ISO8601DateFormatter().string(from: Date()), configuration: configuration,
                                identity: sealed, items: planner.items(for: inventory))
        try AtomicFile.write(Array(DeletionPlanReport.json(plan).utf8), to: planOut)
        Output.write("wrote \(planOut): " + DeletionPlan.Action.allCases.map { "\($0.rawValue) \(plan.count($0))" }.joined(separator: ", ") + "\n")
        for source in inventory.sources where source.status != .complete {
            Output.error("footprint: source '\(source.name)' is \(source.status.rawValue): \(source.errors.map(\.description).joined(separator: "; "))")
        }
        if !inventory.isComplete { throw IncompleteResults() }
    }
}
