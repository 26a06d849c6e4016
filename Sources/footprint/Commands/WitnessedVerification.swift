import Foundation
import Synchronization
import FootprintCore

/// The verification of a deletion for several people, done partly while it executes:
/// each file the plan rewrites is searched for the union of their identities from the
/// bytes being written (`RewriteWitness`), and what that finds is kept here for
/// `verifyTogether`, which then reads only the stores and files not searched that way.
final class WitnessedVerification: @unchecked Sendable {
    let witness: RewriteWitness
    private let collected = Collected()

    /// The records the searches found, added from their threads.
    final class Collected: @unchecked Sendable {
        private let records = Mutex<[Record]>([])
        var all: [Record] { records.withLock { $0 } }

        /// Runs one search (of a container, or of a piece of one) and keeps what it found;
        /// a search that reported an error throws it, and what it found is not kept.
        func search(_ body: (inout ScanReport, (Found) throws -> Void) throws -> Void) throws {
            var report = ScanReport()
            var found: [Record] = []
            try body(&report) { found.append($0.record) }
            if let error = report.errors.first { throw error }
            records.withLock { $0 += found }
        }
    }

    /// The people's identities together, searched once for all of them: as given, with no expansion.
    struct Union {
        let identity: Identity
        let keys: IdentityKeys
        let policy: MatchingPolicy

        init(_ people: [Identity], workspace: Workspace) throws {
            identity = people.reduce(Identity()) { IdentityFile.merge($0, $1) }
            keys = try IdentityKeys(identity, region: workspace.config.defaultRegion, dobOrder: workspace.config.matching.dobOrder)
            var policy = workspace.config.matching
            policy.expansionDepth = 0
            self.policy = policy
        }
    }

    init(_ plan: DeletionPlan, union: Union, workspace: Workspace) throws {
        let (keys, policy) = (union.keys, union.policy)
        // Which source each planned container belongs to, and the stores that can search a stream.
        let sourceOf = Dictionary(plan.items.map { ($0.container, $0.source) }, uniquingKeysWith: { first, _ in first })
        var searchable: [String: any StreamSearchable] = [:]
        var inPieces: [String: any PieceSearchable] = [:]
        for source in workspace.config.sources where Set(sourceOf.values).contains(source.name) {
            let connector = try workspace.connector(for: source)
            if let store = connector.capability((any StreamSearchable).self) { searchable[source.name] = store }
            if let store = connector.capability((any PieceSearchable).self) { inPieces[source.name] = store }
        }
        let collected = self.collected
        witness = RewriteWitness { container in
            guard let name = sourceOf[container.name], let store = searchable[name] else { return nil }
            let matcher = IdentityMatcher(keys: keys, source: store.source, policy: policy)
            let whole = { (container: Container, stream: ByteStream) in
                try collected.search { report, emit in try store.search(matcher, container: container, stream: stream, into: &report, emit) }
            }
            guard let pieceStore = inPieces[name] else { return RewriteWitness.Search(whole: whole) }
            return RewriteWitness.Search(whole: whole) { container, first in
                pieceStore.pieceSearch(matcher, container: container, firstBytes: first).map { pieces in
                    RewriteWitness.Pieces(header: pieces.header) { stream in
                        try collected.search { report, emit in try pieces.search(stream, &report, emit) }
                    }
                }
            }
        }
    }

    /// What the searches found in these (witnessed) containers.
    func found(in containers: Set<String>) -> [Record] {
        collected.all.filter { containers.contains($0.locator.container) }
    }
}
