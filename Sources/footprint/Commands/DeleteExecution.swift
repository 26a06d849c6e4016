import Foundation
import FootprintCore
import FootprintIndex
import FootprintReports

/// `delete --execute`: checks the plan belongs to this configuration, runs the core
/// `DeletionExecutor` with the journal, verifies by a fresh search, writes the receipt
/// and records the person in the suppression list. The printing is all it adds.
enum PlanExecution {
    static func run(_ plan: DeletionPlan, path: String, dryRun: Bool, workspace: Workspace) throws {
        guard KnowPackageWriter.sha256(workspace.configurationBytes) == plan.configuration else {
            throw ConfigError("the plan was made with another configuration than \(workspace.config.file)", hint: "make the plan again with this configuration")
        }
        let key = try IndexKey.load(indexPath: workspace.indexPath, environment: workspace.environment, create: false)
        var journal = try DeletionJournal(plan: path)
        let actionable = DeletionExecutor.actionable(plan)
        let pending = actionable.filter { !journal.done.contains(DeletionExecutor.place($0)) }
        var lines: [String] = []
        if pending.isEmpty && !actionable.isEmpty {
            lines.append("done    every erase and deidentify item of this plan is done already (\(journal.path)): nothing changed")
        } else if pending.count < actionable.count {
            lines.append("resume  \(actionable.count - pending.count) item(s) are done already (\(journal.path)); going on with the rest")
        }
        let executor = DeletionExecutor(sources: workspace.config.sources, connector: { source in
            try workspace.connector(for: source).capability((any ErasingConnector).self)
        }, fingerprint: key.fingerprint)
        let steps = try executor.run(pending, dryRun: dryRun) { try journal.record($0) }
        lines += steps.map { line($0, dryRun: dryRun) }
        let failed = Set(steps.filter(\.failed).map(\.place))
        Output.write(lines.map { $0 + "\n" }.joined() + "\(pending.count - failed.count) of \(pending.count) erase or deidentify item(s) \(dryRun ? "would be " : "")done; "
                     + "\(plan.items.count - actionable.count) other item(s) (retain, deferred, manual, review, keep) were not acted on\n")
        if dryRun {
            Output.write("dry run: nothing was written\n")
            if !failed.isEmpty { throw IncompleteResults() }
            return
        }
        let (identity, keys) = try unseal(plan.identity, key: key, workspace: workspace)
        let verification = try verify(plan, identity: identity, keys: keys, workspace: workspace, failed: failed)
        let receipt = try writeReceipt(plan, path: path, journal: journal, verification: verification, workspace: workspace)
        // Kept so that scans notice the person coming back (keyed hashes only).
        var suppression = try SuppressionList(indexPath: workspace.indexPath)
        try suppression.add(keys: keys, sealedIdentity: plan.identity, request: plan.request, deleted: Date(), key: key,
                            known: plan.items.filter { !actionable.map(DeletionExecutor.place).contains(DeletionExecutor.place($0)) || failed.contains(DeletionExecutor.place($0)) }
                                .map(DeletionExecutor.place))
        Output.write("receipt: \(receipt) (receipt.html for the consumer, receipt.json as evidence, notices.csv for those to be told)\n")
        if !failed.isEmpty || !verification.unaccounted.isEmpty || !verification.complete { throw IncompleteResults() }
    }

    static func line(_ step: DeletionExecutor.Step, dryRun: Bool) -> String {
        switch step.outcome {
        case "erased": return (dryRun ? "would erase " : "erased  ") + step.place
        case "deidentified": return (dryRun ? "would blank " : "blanked ") + step.place
        case "soft-deleted": return "deleted \(step.place): \(step.detail ?? "")"
        case "gone": return "gone    \(step.place) (already not there)"
        default: return "failed  \(step.place): \(step.detail ?? "")"
        }
    }

    /// The identity a plan (or a suppression entry) carries sealed, and its keys.
    static func unseal(_ sealed: String, key: IndexKey, workspace: Workspace) throws -> (Identity, IdentityKeys) {
        let object = (try? JSONSerialization.jsonObject(with: Data(try key.unseal(sealed)))) as? [String: Any] ?? [:]
        let identity = try IdentityFile.parse(object, file: "the sealed identity")
        return (identity, try IdentityKeys(identity, region: workspace.config.defaultRegion, dobOrder: workspace.config.matching.dobOrder))
    }

    /// Verification by a fresh search, never by the executor's own count: the identity is
    /// looked up again, live, and every record still found must be one the plan keeps
    /// (retain, deferred, manual, review, keep, de-identified) or reports as failed.
    static func verify(_ plan: DeletionPlan, identity: Identity, keys: IdentityKeys, workspace: Workspace,
                       failed: Set<String>) throws -> (found: Int, unaccounted: [String], complete: Bool) {
        let inventory = LookupEngine(connectors: try workspace.lookupConnectors(live: true), policy: workspace.config.matching).lookup(identity, keys: keys)
        let kept = Set(plan.items.filter { $0.action != .erase }.map(DeletionExecutor.place))
        let unexpected = inventory.entries.map { DeletionExecutor.place(locator: $0.record.locator) }.filter { !kept.contains($0) && !failed.contains($0) }
        let incomplete = inventory.sources.filter { $0.status != .complete }.map(\.name)
        var text = "verified by a fresh live search: \(inventory.entries.count) record(s) still found, "
        text += unexpected.isEmpty ? "each one the plan keeps, leaves to a person or reports as failed\n"
            : "\(unexpected.count) of them NOT accounted for by the plan:\n" + unexpected.map { "  \($0)\n" }.joined()
        if !incomplete.isEmpty { text += "  (not verified: \(incomplete.joined(separator: ", ")) could not be searched completely)\n" }
        Output.write(text)
        return (inventory.entries.count, unexpected, incomplete.isEmpty)
    }

    /// The receipt package beside the plan (`PLAN.json.receipt`, or `.receipt-2`, … when one exists).
    static func writeReceipt(_ plan: DeletionPlan, path: String, journal: DeletionJournal,
                             verification: (found: Int, unaccounted: [String], complete: Bool), workspace: Workspace) throws -> String {
        let lines = plan.items.map { item -> DeletionReceipt.Line in
            guard item.action == .erase || item.action == .deidentify else {
                return DeletionReceipt.Line(item: item, outcome: item.action.rawValue, detail: item.instructions ?? item.reason)
            }
            let known = journal.outcomes[DeletionExecutor.place(item)]
            return DeletionReceipt.Line(item: item, outcome: known?.outcome ?? "failed", detail: known?.detail ?? "not attempted")
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
