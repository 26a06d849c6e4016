import Foundation
import FootprintCore
import FootprintIndex
import FootprintReports

/// `delete --execute`: checks the plan belongs to this configuration, runs the core
/// `DeletionExecutor` with the journal, verifies by a fresh search, writes the receipt
/// and records the person in the suppression list. The printing is all it adds.
enum PlanExecution {
    static func run(_ plan: DeletionPlan, path: String, dryRun: Bool, rescan: Bool = true, workspace: Workspace) throws {
        guard KnowPackageWriter.sha256(workspace.configurationBytes) == plan.configuration else {
            throw ConfigError("the plan was made with another configuration than \(workspace.config.file)", hint: "make the plan again with this configuration")
        }
        let lock = try FileLock(path: path + ".lock", what: "this plan is being carried out by another process",
                                hint: "wait for it to finish; a plan is never executed twice at once")
        defer { withExtendedLifetime(lock) {} }
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
        let people = try plan.people.map { try unseal($0.identity, key: key, workspace: workspace) }
        // Several people: their union is searched in each file as it is rewritten (on other
        // threads), so the verification reads those files no second time.
        let union = people.count > 1 ? try WitnessedVerification.Union(people.map(\.0), workspace: workspace) : nil
        let witness = try union.flatMap { dryRun ? nil : try WitnessedVerification(plan, union: $0, workspace: workspace) }
        // A file read again right after (rescanned, or verified by a second read) is best
        // left in the page cache; one searched as written need not be.
        let refreshing = rescan && FileManager.default.fileExists(atPath: workspace.indexPath)
        let readAgain = witness == nil || (refreshing && rescansFiles(pending, workspace: workspace))
        // Files that only lost whole rows are followed by the index, not rescanned; the
        // index's part of it starts as each file's rewrite does.
        let early: EarlyFollows? = refreshing && !dryRun ? try EarlyFollows(workspace: workspace, key: key) : nil
        var onCut: (@Sendable (RemovalLog.Cut) -> Void)?
        if let early { onCut = { cut in early.start(cut) } }
        let removals: RemovalLog? = refreshing ? RemovalLog(onCut: onCut) : nil
        let steps = try RewriteWitness.$current.withValue(witness?.witness) {
            try RemovalLog.$current.withValue(removals) {
                try AsideFile.$readAgainSoon.withValue(readAgain) {
                    try executor.run(pending, dryRun: dryRun) { try journal.record($0) }
                }
            }
        }
        lines += steps.map { line($0, dryRun: dryRun) }
        let failed = Set(steps.filter(\.failed).map(\.place))
        let earlier = actionable.count - pending.count
        Output.write(lines.map { $0 + "\n" }.joined() + "\(pending.count - failed.count) of \(pending.count) erase or deidentify item(s) \(dryRun ? "would be " : "")done"
                     + (earlier > 0 ? " in this run (\(earlier) in an earlier one)" : "")
                     + "; \(plan.items.count - actionable.count) other item(s) (retain, deferred, manual, review, keep) were not acted on\n")
        if dryRun {
            Output.write("dry run: nothing was written\n")
            if !failed.isEmpty { throw IncompleteResults() }
            return
        }
        var verifications = try union.map { try verifyTogether(plan, people: people, union: $0, workspace: workspace, failed: failed, witnessed: witness) }
            ?? [try verify(plan, identity: people[0].0, keys: people[0].1, workspace: workspace, failed: failed)]
        // The index must not keep pointing at what is gone: the touched containers are
        // rescanned, and each person is looked up through it too.
        let sourceOf = Dictionary(plan.items.map { (DeletionExecutor.place($0), $0.source) }, uniquingKeysWith: { first, _ in first })
        let touched = Set(steps.filter { !$0.failed }.compactMap { sourceOf[$0.place] })
        if rescan, try refreshIndex(touched, removals: removals?.removals ?? [], early: early, workspace: workspace) {
            // Several people in one pass through the index too, as live.
            let indexed = try union.map { try verifyTogether(plan, people: people, union: $0, workspace: workspace, failed: failed, witnessed: nil, live: false) }
                ?? [try verify(plan, identity: people[0].0, keys: people[0].1, workspace: workspace, failed: failed, live: false)]
            for (index, found) in indexed.enumerated() {
                verifications[index].unaccounted += found.unaccounted.filter { !verifications[index].unaccounted.contains($0) }
                verifications[index].complete = verifications[index].complete && found.complete
            }
        } else if !touched.isEmpty, try workspace.existingIndex() != nil {
            Output.write("the index still names what was erased until the next `footprint scan` (--no-rescan)\n")
        }
        let receipts = try writeReceipts(plan, path: path, journal: journal, verifications: verifications, workspace: workspace)
        // Kept so that scans notice them coming back (keyed hashes only).
        var suppression = try SuppressionList(indexPath: workspace.indexPath)
        let acted = Set(actionable.map(DeletionExecutor.place))
        try suppression.add(plan.people.enumerated().map { index, person in
            let left = plan.items.filter { $0.person == index && (!acted.contains(DeletionExecutor.place($0)) || failed.contains(DeletionExecutor.place($0))) }
            return SuppressionList.Deleted(keys: people[index].1, sealedIdentity: person.identity, request: person.request, known: left.map(DeletionExecutor.place))
        }, deleted: Date(), key: key)
        Output.write("receipt: \(receipts) (receipt.html for the consumer, receipt.json as evidence, notices.csv for those to be told)\n")
        // A request of the request log gets its receipt's digest.
        for person in plan.people {
            guard let id = person.request, RequestCase.exists(id, workspace: workspace) else { continue }
            let folder = plan.people.count > 1 ? (receipts as NSString).appendingPathComponent(PortableName.make(id)) : receipts
            let index = plan.people.firstIndex { $0.request == id } ?? 0
            let verified = verifications.indices.contains(index) && verifications[index].unaccounted.isEmpty && verifications[index].complete
            let outcome = "\(failed.isEmpty ? "every item done" : "\(failed.count) item(s) failed"), \(verified ? "verified" : "verification found records not accounted for")"
            try RequestCase.record(id, kind: "deletion receipt", path: FileManager.default.fileExists(atPath: folder) ? folder : receipts, outcome: outcome, workspace: workspace)
        }
        if !failed.isEmpty || verifications.contains(where: { !$0.unaccounted.isEmpty || !$0.complete }) { throw IncompleteResults() }
    }

    /// Whether a refresh of the index after these items will read a rewritten file back
    /// (rescan it) rather than follow the rows cut from it: a de-identified row, or a file
    /// whose connector cannot vouch for following. Tables and APIs are not rewritten files.
    static func rescansFiles(_ items: [DeletionPlan.Item], workspace: Workspace) -> Bool {
        // Asked once a file, however many of its rows go.
        let bySource = Dictionary(grouping: items, by: \.source)
        return workspace.config.sources.contains { source in
            guard let items = bySource[source.name], Connectors.rewritesFiles(source.connector) else { return false }
            guard !items.contains(where: { $0.action == .deidentify }),
                  let following = try? workspace.connector(for: source).capability((any RemovalFollowing).self) else { return true }
            return Set(items.map(\.container)).contains { !following.indexFollowsRemovals(in: $0) }
        }
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
    struct Verification {
        var found: Int
        var unaccounted: [String]
        var complete: Bool
    }

    /// One person looked up again, live or (`live` false) through the refreshed index.
    static func verify(_ plan: DeletionPlan, identity: Identity, keys: IdentityKeys, workspace: Workspace, failed: Set<String>,
                       live: Bool = true) throws -> Verification {
        let inventory = LookupEngine(connectors: try workspace.lookupConnectors(live: live), policy: workspace.config.matching).lookup(identity, keys: keys)
        let verification = account(inventory.entries.map(\.record.locator), plan: plan, person: 0, failed: failed,
                                   complete: inventory.sources.allSatisfy { $0.status == .complete })
        Output.write(describe(verification, incomplete: inventory.sources.filter { $0.status != .complete }.map(\.name), who: nil, live: live))
        return verification
    }

    /// Several people verified in one pass over every store, live or (`live` false)
    /// through the index: the union of their identities is searched once (without
    /// expansion), and each record found is given to the people whose own identity
    /// matches it (a row linked to one of theirs, too).
    static func verifyTogether(_ plan: DeletionPlan, people: [(Identity, IdentityKeys)], union: WitnessedVerification.Union, workspace: Workspace,
                               failed: Set<String>, witnessed: WitnessedVerification?, live: Bool = true) throws -> [Verification] {
        let policy = union.policy
        // Files searched as they were rewritten are not read again: what their search
        // found joins what this one finds.
        let done = witnessed?.witness.witnessed ?? []
        let connectors = try workspace.lookupConnectors(live: live).map { connector -> any Connector in
            guard !done.isEmpty, let searchable = connector.capability((any StreamSearchable).self) else { return connector }
            return ExcludingContainers(searchable, base: connector, excluding: done)
        }
        let inventory = LookupEngine(connectors: connectors, policy: policy).lookup(union.identity, keys: union.keys)
        let found: [(record: Record, via: Locator?)] = inventory.entries.map { ($0.record, $0.via?.locator) }
            + (witnessed?.found(in: done) ?? []).map { ($0, nil) }
        let bySource = Dictionary(connectors.map { ($0.source.name, $0) }, uniquingKeysWith: { first, _ in first })
        let incomplete = inventory.sources.filter { $0.status != .complete }.map(\.name)
        if !done.isEmpty { Output.write("verified as written: \(done.sorted().joined(separator: ", ")) searched while rewritten, the rest read again\n") }
        return people.enumerated().map { index, person in
            var theirs: Set<Locator> = []
            for entry in found {
                if let parent = entry.via, theirs.contains(parent) { theirs.insert(entry.record.locator); continue }
                guard let connector = bySource[entry.record.locator.source] else { continue }
                var source = connector.source
                source.fields = connector.mappings(for: entry.record.locator.container)
                if IdentityMatcher(keys: person.1, source: source, policy: policy).match(entry.record) != nil { theirs.insert(entry.record.locator) }
            }
            let verification = account(found.map(\.record.locator).filter(theirs.contains), plan: plan, person: index, failed: failed,
                                       complete: incomplete.isEmpty)
            Output.write(describe(verification, incomplete: incomplete, who: plan.people[index].request ?? "person \(index + 1)", live: live))
            return verification
        }
    }

    /// Brings the index up to date with what a deletion changed: a file that only lost
    /// whole rows is followed (its entries dropped and moved, `IndexStore.follow`), any
    /// other changed container is rescanned (only what changed is read again; an API,
    /// which cannot say what changed, is left to the next scan). False when there is no index.
    static func refreshIndex(_ sources: Set<String>, removals: [RemovalLog.Removal], early: EarlyFollows? = nil, workspace: Workspace) throws -> Bool {
        guard FileManager.default.fileExists(atPath: workspace.indexPath) else { return false }
        let chosen = workspace.config.sources.filter { sources.contains($0.name) && $0.connector != "http" }
        let connectors = try chosen.compactMap { try workspace.connector(for: $0).capability((any IndexableConnector).self) }
        guard !connectors.isEmpty else { return true }
        let lock = try ScanLock(indexPath: workspace.indexPath)
        defer { withExtendedLifetime(lock) {} }
        let key = try IndexKey.load(indexPath: workspace.indexPath, environment: workspace.environment, create: false)
        let store = try IndexStore(path: workspace.indexPath, key: key, create: true)
        for connector in connectors {
            guard let following = connector.capability((any RemovalFollowing).self) else { continue }
            for removal in removals where following.indexFollowsRemovals(in: removal.cut.container) {
                let source = connector.source.name
                // Prepared while the file was written, when it could be; else done here.
                let ready = try early?.prepared(source: source, removal: removal).flatMap { try store.commit($0, after: removal.after) }
                guard let followed = try ready ?? store.follow(removal, source: source, mayBeNumbered: following.mayBeNumbered(key:record:)) else { continue }
                Output.write("index: followed the deletion in \(source):\(removal.cut.container) (\(followed.recordsDropped) record(s) dropped, "
                             + "\(followed.recordsKept) moved up; not read again)\n")
            }
        }
        // What was followed carries its new fingerprint: the scan passes over it.
        let summaries = Scanner(connectors: connectors, store: store, key: key, policy: workspace.config.matching, full: false).run()
        let rescanned = summaries.filter { $0.containersScanned > 0 || $0.containersDropped > 0 || !$0.errors.isEmpty }.map(\.name)
        if !rescanned.isEmpty { Output.write("index: rescanned what the deletion changed in " + rescanned.joined(separator: ", ") + "\n") }
        for summary in summaries { for error in summary.errors { Output.error("footprint: index: \(summary.name): \(error)") } }
        return true
    }

    /// What a fresh search found for one person, against what their part of the plan keeps.
    static func account(_ found: [Locator], plan: DeletionPlan, person: Int, failed: Set<String>, complete: Bool) -> Verification {
        let kept = Set(plan.items.filter { $0.person == person && $0.action != .erase }.map(DeletionExecutor.place))
        let unexpected = found.map(DeletionExecutor.place(locator:)).filter { !kept.contains($0) && !failed.contains($0) }
        return Verification(found: found.count, unaccounted: unexpected, complete: complete)
    }

    static func describe(_ verification: Verification, incomplete: [String], who: String?, live: Bool) -> String {
        var text = (live ? "verified by a fresh live search" : "verified through the index") + (who.map { " (\($0))" } ?? "")
            + ": \(verification.found) record(s) still found, "
        text += verification.unaccounted.isEmpty ? "each one the plan keeps, leaves to a person or reports as failed\n"
            : "\(verification.unaccounted.count) of them NOT accounted for by the plan:\n" + verification.unaccounted.map { "  \($0)\n" }.joined()
        if !incomplete.isEmpty { text += "  (not verified: \(incomplete.joined(separator: ", ")) could not be searched completely)\n" }
        return text
    }

    /// The receipt package beside the plan (`PLAN.json.receipt`, or `.receipt-2`, … when one
    /// exists); a plan for several people gets one receipt per person inside it, named by request.
    static func writeReceipts(_ plan: DeletionPlan, path: String, journal: DeletionJournal, verifications: [Verification], workspace: Workspace) throws -> String {
        var target = path + ".receipt"
        var n = 2
        while FileManager.default.fileExists(atPath: target) { target = path + ".receipt-\(n)"; n += 1 }
        var files: [(path: String, bytes: [UInt8])] = []
        var used: Set<String> = []
        // Every person's receipt names the same plan and journal: each digested once.
        let digest = { (file: String) in FileManager.default.contents(atPath: file).map { KnowPackageWriter.sha256([UInt8]($0)) } ?? "" }
        let digests = (plan: digest(path), journal: digest(journal.path))
        for (index, verification) in verifications.enumerated() {
            var folder = ""
            if plan.people.count > 1 {
                folder = PortableName.make(plan.people[index].request ?? "person-\(index + 1)")
                if !used.insert(folder).inserted { folder += "-\(index + 1)" }
                folder += "/"
            }
            let one = receipt(plan.part(index), digests: digests, journal: journal, verification: verification, workspace: workspace)
            files += DeletionReceiptReport.files(one, organisation: workspace.config.organisation, version: Footprint.configuration.version)
                .map { (folder + $0.path, $0.bytes) }
        }
        // Every person's receipt in one folder written aside and renamed: whole or not at all.
        try KnowPackageWriter.writeFolder(files, to: target)
        return target
    }

    static func receipt(_ plan: DeletionPlan, digests: (plan: String, journal: String), journal: DeletionJournal, verification: Verification,
                        workspace: Workspace) -> DeletionReceipt {
        let lines = plan.items.map { item -> DeletionReceipt.Line in
            guard item.action == .erase || item.action == .deidentify else {
                return DeletionReceipt.Line(item: item, outcome: item.action.rawValue, detail: item.instructions ?? item.reason)
            }
            let known = journal.outcomes[DeletionExecutor.place(item)]
            return DeletionReceipt.Line(item: item, outcome: known?.outcome ?? "failed", detail: known?.detail ?? "not attempted", purgesBy: known?.purgesBy)
        }
        return DeletionReceipt(request: plan.people[0].request, received: plan.people[0].received, executed: Date(), planDigest: digests.plan,
                               journalDigest: digests.journal, lines: lines, stillFound: verification.found,
                               unaccounted: verification.unaccounted, verificationComplete: verification.complete,
                               notices: DeletionReceipt.notices(for: plan, sources: workspace.config.sources))
    }
}
