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
        footprint delete --execute PLAN.json
          carries out the plan's erase items in the stores Footprint can erase from (CSV and
          JSON Lines exports, UTF-8, not compressed, so far): each file is rewritten without the rows,
          every other byte as it was, written aside and renamed into place. A row whose
          content changed since the plan stops its file. A plan made with another
          configuration is refused. Every outcome goes to PLAN.json.journal as it is known:
          a killed run resumes from it, and a finished plan run again changes nothing.
          --dry-run checks everything and shows what would change, writing nothing.
          Then the person is looked up again, live: every record
          still found must be one the plan keeps, leaves to a person or reports as failed.
          Exit 2 when an item failed or the search found a record the plan does not account for.

        The request file is the one `know` takes (received, verification, identity, id).
        """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup(title: "Identity (added to the request file's identity:)") var identifiers: IdentifierOptions
    @Option(help: ArgumentHelp("The request file (JSON, as for know).", valueName: "file")) var request: String?
    @Option(name: .customLong("plan-out"), help: ArgumentHelp("Where to write the plan (it must not exist).", valueName: "file")) var planOut: String?
    @Option(help: ArgumentHelp("Plan for a deleted person a scan found again (an id from footprint suppression list).", valueName: "id"))
    var suppressed: String?
    @Option(help: ArgumentHelp("A plan to print for review.", valueName: "file")) var show: String?
    @Option(help: ArgumentHelp("A reviewed plan to carry out: its erase items, in the stores that can erase.", valueName: "file")) var execute: String?
    @Option(help: ArgumentHelp("Records staff approved: a JSON list of \"source:container#key\".", valueName: "file")) var approve: String?
    @Option(help: FormatOption.help(Reports.deletionPlan, " (with --show)")) var format = "table"
    @Flag(name: .customLong("dry-run"), help: "With --execute: check everything and show what would change, writing nothing.") var dryRun = false
    @Flag(help: "Search the sources directly, ignoring the index.") var live = false

    func validate() throws {
        try FormatOption.check(format, Reports.deletionPlan)
        guard [show, planOut, execute].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give one of --plan-out FILE (with --request) to make a plan, --show FILE to print one, --execute FILE to carry one out")
        }
        if planOut != nil, request == nil { throw ValidationError("--plan-out needs --request FILE: when was the request received, how was it verified") }
    }

    func run() throws {
        if let show {
            Output.write(try Reports.deletionPlan.render(try DeletionPlanReport.read(show), as: format))
            return
        }
        if let execute { return try PlanExecution.run(try DeletionPlanReport.read(execute), path: execute, dryRun: dryRun, workspace: try Workspace(options)) }
        guard let request, let planOut else { return }
        let workspace = try Workspace(options)
        if FileManager.default.fileExists(atPath: planOut) {
            throw ConfigError("\(planOut) already exists; a plan is never written over another", hint: "choose another --plan-out")
        }
        let deleteRequest = try KnowRequest.read(request)
        let key = try IndexKey.load(indexPath: workspace.indexPath, environment: workspace.environment, create: true)
        var fromSuppression = Identity()
        if let suppressed {
            guard let person = try SuppressionList(indexPath: workspace.indexPath).people.first(where: { $0.id == suppressed }) else {
                throw ConfigError("no suppressed person with id \(suppressed)", hint: "footprint suppression list shows them")
            }
            fromSuppression = try PlanExecution.unseal(person.identity, key: key, workspace: workspace).0
        }
        let identity = try identifiers.identity(adding: IdentityFile.merge(deleteRequest.identity, fromSuppression))
        let keys = try identifiers.keys(identity, config: workspace.config)
        let connectors = try workspace.lookupConnectors(live: live)
        let inventory = LookupEngine(connectors: connectors, policy: workspace.config.matching, logger: workspace.logger).lookup(identity, keys: keys)
        var planner = DeletionPlanner(sources: workspace.config.sources, fingerprint: key.fingerprint)
        planner.approved = try approve.map(Approvals.read) ?? []
        let erasing = Dictionary(connectors.compactMap { connector in connector.capability((any ErasingConnector).self).map { (connector.source.name, $0) } },
                                 uniquingKeysWith: { first, _ in first })
        planner.cannotErase = { source, container in
            guard let connector = erasing[source] else { return "this kind of store cannot be erased from by Footprint yet" }
            return connector.cannotErase(container)
        }
        planner.refine = { source, items in try erasing[source]?.refine(&items) }
        let sealed = try key.seal(Array(InventoryJSON.identityDocument(identity).utf8))
        let configuration = KnowPackageWriter.sha256(workspace.configurationBytes)
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

/// `delete --execute`: the plan's erase items, store by store, each outcome printed.
enum PlanExecution {
    static func run(_ plan: DeletionPlan, path: String, dryRun: Bool, workspace: Workspace) throws {
        guard KnowPackageWriter.sha256(workspace.configurationBytes) == plan.configuration else {
            throw ConfigError("the plan was made with another configuration than \(workspace.config.file)", hint: "make the plan again with this configuration")
        }
        let key = try IndexKey.load(indexPath: workspace.indexPath, environment: workspace.environment, create: false)
        var journal = try DeletionJournal(plan: path)
        var failed: Set<String> = []
        var results: [String: (String, String?)] = [:]
        var lines: [String] = []
        let place = { (item: DeletionPlan.Item) in "\(item.source):\(item.container)#\(item.key)" }
        let actionable = plan.items.filter { $0.action == .erase || $0.action == .deidentify }
        let pending = actionable.filter { !journal.done.contains(place($0)) }
        if pending.isEmpty && !actionable.isEmpty {
            lines.append("done    every erase and deidentify item of this plan is done already (\(journal.path)): nothing changed")
        } else if pending.count < actionable.count {
            lines.append("resume  \(actionable.count - pending.count) item(s) are done already (\(journal.path)); going on with the rest")
        }
        for source in workspace.config.sources {
            let items = pending.filter { $0.source == source.name }
            guard !items.isEmpty else { continue }
            guard let connector = try workspace.connector(for: source).capability((any ErasingConnector).self) else {
                failed.formUnion(items.map { "\($0.source):\($0.container)#\($0.key)" })
                lines += items.map { "failed  \($0.source):\($0.container)#\($0.key): this store cannot be erased from" }
                continue
            }
            let requests = items.map { ErasureRequest(locator: Locator(source: $0.source, container: $0.container, key: $0.key), fingerprint: $0.fingerprint ?? "",
                                                      fields: $0.action == .deidentify ? ($0.fields ?? []) : nil) }
            var report = ScanReport()
            let outcomes = try connector.erase(requests, fingerprint: key.fingerprint, dryRun: dryRun, into: &report)
            var entries: [(item: String, outcome: String, detail: String?)] = []
            for (request, outcome) in zip(requests, outcomes) {
                let place = "\(request.locator.source):\(request.locator.container)#\(request.locator.key)"
                switch outcome {
                case .erased:
                    lines.append((dryRun ? "would erase " : "erased  ") + place)
                    entries.append((place, "erased", nil))
                case .deidentified:
                    lines.append((dryRun ? "would blank " : "blanked ") + place)
                    entries.append((place, "deidentified", nil))
                case .notFound:
                    lines.append("gone    \(place) (already not there)")
                    entries.append((place, "gone", nil))
                case .failed(let kind, let why):
                    failed.insert(place)
                    lines.append("failed  \(place): \(kind.rawValue): \(why)")
                    entries.append((place, "failed", "\(kind.rawValue): \(why)"))
                }
            }
            if !dryRun { try journal.record(entries) }
            for entry in entries { results[entry.item] = (entry.outcome, entry.detail) }
        }
        let others = plan.items.count - actionable.count
        Output.write(lines.map { $0 + "\n" }.joined() + "\(pending.count - failed.count) of \(pending.count) erase or deidentify item(s) \(dryRun ? "would be " : "")done; \(others) other item(s) (retain, deferred, manual, review) were not acted on\n")
        if dryRun {
            Output.write("dry run: nothing was written\n")
            if !failed.isEmpty { throw IncompleteResults() }
            return
        }
        let (identity, keys) = try unseal(plan.identity, key: key, workspace: workspace)
        let verification = try verify(plan, identity: identity, keys: keys, workspace: workspace, failed: failed)
        let receipt = try writeReceipt(plan, path: path, outcomes: results, journal: journal, verification: verification, workspace: workspace)
        // Kept so that scans notice the person coming back (keyed hashes only).
        var suppression = try SuppressionList(indexPath: workspace.indexPath)
        try suppression.add(keys: keys, sealedIdentity: plan.identity,
                            request: plan.request, deleted: Date(), key: key,
                            known: plan.items.filter { ($0.action != .erase && $0.action != .deidentify) || failed.contains("\($0.source):\($0.container)#\($0.key)") }
                                .map { "\($0.source):\($0.container)#\($0.key)" })
        Output.write("receipt: \(receipt) (receipt.html for the consumer, receipt.json as evidence, notices.csv for those to be told)\n")
        if !failed.isEmpty || !verification.unaccounted.isEmpty || !verification.complete { throw IncompleteResults() }
    }

    /// Verification by a fresh search, never by the executor's own count: the identity is
    /// looked up again, live, and every record still found must be one the plan keeps
    /// (retain, deferred, manual, review) or reports as failed.
    /// The identity a plan (or a suppression entry) carries sealed, and its keys.
    static func unseal(_ sealed: String, key: IndexKey, workspace: Workspace) throws -> (Identity, IdentityKeys) {
        let object = (try? JSONSerialization.jsonObject(with: Data(try key.unseal(sealed)))) as? [String: Any] ?? [:]
        let identity = try IdentityFile.parse(object, file: "the sealed identity")
        return (identity, try IdentityKeys(identity, region: workspace.config.defaultRegion, dobOrder: workspace.config.matching.dobOrder))
    }

    static func verify(_ plan: DeletionPlan, identity: Identity, keys: IdentityKeys, workspace: Workspace,
                       failed: Set<String>) throws -> (found: Int, unaccounted: [String], complete: Bool) {
        let inventory = LookupEngine(connectors: try workspace.lookupConnectors(live: true), policy: workspace.config.matching).lookup(identity, keys: keys)
        let kept = Set(plan.items.filter { $0.action != .erase }.map { "\($0.source):\($0.container)#\($0.key)" })
        var unexpected: [String] = []
        for entry in inventory.entries {
            let place = "\(entry.record.locator.source):\(entry.record.locator.container)#\(entry.record.locator.key)"
            if !kept.contains(place) && !failed.contains(place) { unexpected.append(place) }
        }
        let incomplete = inventory.sources.filter { $0.status != .complete }.map(\.name)
        var text = "verified by a fresh live search: \(inventory.entries.count) record(s) still found, "
        text += unexpected.isEmpty ? "each one the plan keeps, leaves to a person or reports as failed\n"
            : "\(unexpected.count) of them NOT accounted for by the plan:\n" + unexpected.map { "  \($0)\n" }.joined()
        if !incomplete.isEmpty { text += "  (not verified: \(incomplete.joined(separator: ", ")) could not be searched completely)\n" }
        Output.write(text)
        return (inventory.entries.count, unexpected, incomplete.isEmpty)
    }

    /// The receipt package beside the plan (`PLAN.json.receipt`, or `.receipt-2`, … when one exists).
    static func writeReceipt(_ plan: DeletionPlan, path: String, outcomes: [String: (String, String?)], journal: DeletionJournal,
                             verification: (found: Int, unaccounted: [String], complete: Bool), workspace: Workspace) throws -> String {
        let place = { (item: DeletionPlan.Item) in "\(item.source):\(item.container)#\(item.key)" }
        let lines = plan.items.map { item -> DeletionReceipt.Line in
            guard item.action == .erase || item.action == .deidentify else {
                return DeletionReceipt.Line(item: item, outcome: item.action.rawValue, detail: item.instructions ?? item.reason)
            }
            if let (outcome, detail) = outcomes[place(item)] { return DeletionReceipt.Line(item: item, outcome: outcome, detail: detail) }
            return DeletionReceipt.Line(item: item, outcome: journal.done.contains(place(item)) ? (item.action == .erase ? "erased" : "deidentified") : "failed",
                                       detail: "in an earlier run (journal)")
        }
        let digest = { (file: String) in FileManager.default.contents(atPath: file).map { KnowPackageWriter.sha256([UInt8]($0)) } ?? "" }
        let receipt = DeletionReceipt(request: plan.request, received: plan.received, executed: Date(), planDigest: digest(path),
                                      journalDigest: digest(journal.path), lines: lines, stillFound: verification.found,
                                      unaccounted: verification.unaccounted, verificationComplete: verification.complete,
                                      notices: DeletionReceipt.notices(for: plan, sources: workspace.config.sources))
        var target = path + ".receipt"
        var n = 2
        while FileManager.default.fileExists(atPath: target) { target = path + ".receipt-\(n)"; n += 1 }
        try KnowPackageWriter.writeFolder(DeletionReceiptReport.files(receipt, organisation: workspace.config.organisation,
                                                                      version: Footprint.configuration.version), to: target)
        return target
    }
}
