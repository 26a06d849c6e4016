import ArgumentParser
import Foundation
import FootprintCore
import FootprintIndex
import FootprintReports

struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Plan, review and carry out the deletion of verified people's records, with a receipt.",
        discussion: """
        footprint delete IDENTITY --request FILE --plan-out PLAN.json
        footprint delete --requests FOLDER --plan-out PLAN.json
          looks each person up (through the index when there is one) and writes one
          plan (a day's requests together: each file is rewritten once). For every
          record: its locator, a keyed fingerprint of its content, and the action —
            erase       removed from the store
            deidentify  kept with the identifying fields blanked (deletion:
                        deidentify, per system or table, with blank:), or a row
                        shared with another person, kept with its link to her removed
            retain      kept under a §1798.105(d) exception (deletion: none)
            deferred    in backups (system.backups): erased when they roll off
            manual      a store Footprint cannot change: what a person must do
            review      probable, possible or derived matches, rows that may be
                        someone else's: nothing is done until approved
                        (--approve FILE, a JSON list of "source:container#key")
            keep        not hers to erase: a row her records point at (a product)
          The plan holds no field value, and each identity only sealed with the
          index key (AES-256-GCM); it is written 0600, whole or not at all.
        footprint delete --show PLAN.json [--format table|json|html]
          prints a plan for review.
        footprint delete --execute PLAN.json [--dry-run] [--no-rescan]
          carries out the erase and deidentify items, and nothing else:
          - exports (CSV, JSON; plain, .gz or zip; UTF-8, UTF-16, Windows-1252) are
            rewritten without the records, every other byte as it was, aside and
            renamed into place; a record changed since the plan stops its file;
          - a database (write_url: env:NAME) in one transaction: rows locked and
            checked, kept rows updated, children deleted before parents; any error
            rolls everything back;
          - vendor APIs through their privacy endpoints: erased, soft-deleted (with
            the day the vendor purges it), already gone, or failed with the reason.
          A plan made with another configuration is refused. Each outcome goes to
          PLAN.json.journal as it is known: a killed run resumes from it, and a
          finished plan run again changes nothing. --dry-run writes nothing.
          Then each person is looked up again, live (several in one pass), and with
          an index the changed containers are rescanned and the lookup repeated
          through it: every record still found must be one the plan keeps, leaves
          to a person or reports as failed. Receipts (receipt.html for the consumer,
          receipt.json as evidence, notices.csv for those to be told) go to
          PLAN.json.receipt; the people go to the suppression list. Exit 2 when an
          item failed or a search found a record the plan does not account for.

        The request file is the one `know` takes (received, verification, identity).
        """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup(title: "Identity (added to the request file's identity:)") var identifiers: IdentifierOptions
    @Option(help: ArgumentHelp("The request file (JSON, as for know).", valueName: "file")) var request: String?
    @Option(help: ArgumentHelp("A folder of request files: one plan for all of them, so that each file is rewritten once.", valueName: "folder"))
    var requests: String?
    @Option(name: .customLong("request-id"), help: ArgumentHelp("A delete request of the request log: its facts and identity are used, and the plan's (and later the receipt's) digest recorded in it.", valueName: "id"))
    var requestID: String?
    @Option(name: .customLong("plan-out"), help: ArgumentHelp("Where to write the plan (it must not exist).", valueName: "file")) var planOut: String?
    @Option(help: ArgumentHelp("Plan for a deleted person a scan found again (an id from footprint suppression list).", valueName: "id"))
    var suppressed: String?
    @Option(help: ArgumentHelp("A plan to print for review.", valueName: "file")) var show: String?
    @Option(help: ArgumentHelp("A reviewed plan to carry out: its erase items, in the stores that can erase.", valueName: "file")) var execute: String?
    @Option(help: ArgumentHelp("Records staff approved: a JSON list of \"source:container#key\".", valueName: "file")) var approve: String?
    @Option(help: FormatOption.help(Reports.deletionPlan, " (with --show)")) var format = "table"
    @Flag(name: .customLong("dry-run"), help: "With --execute: check everything and show what would change, writing nothing.") var dryRun = false
    @Flag(help: "Search the sources directly, ignoring the index.") var live = false
    @Flag(name: .customLong("no-rescan"), help: "With --execute: leave the index as it is (the next scan drops what was erased) instead of rescanning what changed and verifying through it.")
    var noRescan = false

    func validate() throws {
        try FormatOption.check(format, Reports.deletionPlan)
        guard [show, planOut, execute].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give one of --plan-out FILE (with --request) to make a plan, --show FILE to print one, --execute FILE to carry one out")
        }
        if planOut != nil, [request != nil, requests != nil, requestID != nil].filter({ $0 }).count != 1 {
            throw ValidationError("--plan-out needs one of --request FILE, --request-id ID (a request of the request log) or --requests FOLDER (several people): when was each request received, how was it verified")
        }
        if requests != nil, suppressed != nil || !identifiers.isEmpty {
            throw ValidationError("--requests takes each identity from its request file: --suppressed and identifier options go with --request")
        }
    }

    func run() throws {
        if let show {
            Output.write(try Reports.deletionPlan.render(try DeletionPlanReport.read(show), as: format))
            return
        }
        if let execute {
            return try PlanExecution.run(try DeletionPlanReport.read(execute), path: execute, dryRun: dryRun, rescan: !noRescan, workspace: try Workspace(options))
        }
        guard let planOut else { return }
        let workspace = try Workspace(options)
        if FileManager.default.fileExists(atPath: planOut) {
            throw ConfigError("\(planOut) already exists; a plan is never written over another", hint: "choose another --plan-out")
        }
        let key = try IndexKey.load(indexPath: workspace.indexPath, environment: workspace.environment, create: true)
        var making = try PlanMaking(workspace: workspace, key: key, live: live, approved: try approve.map(Approvals.read) ?? [])
        if let requests {
            for file in try Self.requestFiles(in: requests) { try making.add(try KnowRequest.read(file), identity: nil) }
        } else if let requestID {
            let deleteRequest = try RequestCase.knowRequest(requestID, kind: .delete, workspace: workspace)
            let identity = try identifiers.identity(adding: deleteRequest.identity)
            try making.add(deleteRequest, identity: (identity, try identifiers.keys(identity, config: workspace.config)))
        } else if let request {
            var fromSuppression = Identity()
            if let suppressed {
                guard let person = try SuppressionList(indexPath: workspace.indexPath).people.first(where: { $0.id == suppressed }) else {
                    throw ConfigError("no suppressed person with id \(suppressed)", hint: "footprint suppression list shows them")
                }
                fromSuppression = try PlanExecution.unseal(person.identity, key: key, workspace: workspace).0
            }
            let deleteRequest = try KnowRequest.read(request)
            let identity = try identifiers.identity(adding: IdentityFile.merge(deleteRequest.identity, fromSuppression))
            try making.add(deleteRequest, identity: (identity, try identifiers.keys(identity, config: workspace.config)))
        }
        let plan = making.plan()
        try AtomicFile.write(Array(DeletionPlanReport.json(plan).utf8), to: planOut)
        Output.write("wrote \(planOut)\(plan.people.count > 1 ? " for \(plan.people.count) requests" : ""): "
                     + DeletionPlan.Action.allCases.map { "\($0.rawValue) \(plan.count($0))" }.joined(separator: ", ") + "\n")
        if let requestID { try RequestCase.record(requestID, kind: "deletion plan", path: planOut,
                                                      outcome: DeletionPlan.Action.allCases.map { "\($0.rawValue) \(plan.count($0))" }.joined(separator: ", "), workspace: workspace) }
        for problem in making.problems { Output.error("footprint: \(problem)") }
        if !making.problems.isEmpty { throw IncompleteResults() }
    }

    /// The request files of a folder (*.json), in name order.
    static func requestFiles(in folder: String) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw ConfigError("cannot read the folder \(folder)", hint: "--requests names a folder of request files (*.json)")
        }
        let files = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
        guard !files.isEmpty else { throw ConfigError("\(folder) holds no request file (*.json)", hint: "one file per request, as for know") }
        return files
    }
}

/// Building one plan for one or several people: each is looked up (through the index when
/// there is one), and their records planned, tagged with whose they are.
struct PlanMaking {
    let workspace: Workspace
    let key: IndexKey
    let connectors: [any Connector]
    var planner: DeletionPlanner
    private(set) var people: [DeletionPlan.Person] = []
    private(set) var items: [DeletionPlan.Item] = []
    private(set) var problems: [String] = []

    init(workspace: Workspace, key: IndexKey, live: Bool, approved: Set<Locator>) throws {
        self.workspace = workspace
        self.key = key
        connectors = try workspace.lookupConnectors(live: live)
        planner = DeletionPlanner(sources: workspace.config.sources, fingerprint: key.fingerprint)
        planner.approved = approved
        let erasing = Dictionary(connectors.compactMap { connector in connector.capability((any ErasingConnector).self).map { (connector.source.name, $0) } },
                                 uniquingKeysWith: { first, _ in first })
        planner.cannotErase = { source, container in
            guard let connector = erasing[source] else { return "this kind of store cannot be erased from by Footprint yet" }
            return connector.cannotErase(container)
        }
        planner.refine = { source, items in try erasing[source]?.refine(&items) }
    }

    /// Plans one person's deletion; `identity` overrides the request file's (command-line identifiers added).
    mutating func add(_ request: KnowRequest, identity given: (Identity, IdentityKeys)?) throws {
        let identity = given?.0 ?? request.identity
        let keys = try given?.1 ?? IdentityKeys(identity, region: workspace.config.defaultRegion, dobOrder: workspace.config.matching.dobOrder)
        let inventory = LookupEngine(connectors: connectors, policy: workspace.config.matching, logger: workspace.logger).lookup(identity, keys: keys)
        let person = people.count
        people.append(DeletionPlan.Person(request: request.id, received: DateOnly.format(request.received),
                                          identity: try key.seal(Array(InventoryJSON.identityDocument(identity).utf8))))
        items += planner.items(for: inventory).map { item in
            var item = item
            item.person = person
            return item
        }
        let who = request.id.map { "request \($0): " } ?? ""
        for source in inventory.sources where source.status != .complete {
            problems.append("\(who)source '\(source.name)' is \(source.status.rawValue): \(source.errors.map(\.description).joined(separator: "; "))")
        }
    }

    func plan() -> DeletionPlan {
        DeletionPlan(created: Timestamp.iso8601(Date()), configuration: KnowPackageWriter.sha256(workspace.configurationBytes),
                     people: people, items: items)
    }
}
