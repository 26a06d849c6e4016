import Foundation
import FootprintCore

/// A connector whose lookups go through the index: the identity's terms are hashed, the
/// index names the records holding them, and only those records are fetched — fresh,
/// from the source — and matched. Where the index cannot be trusted for a source (a
/// container changed or appeared since the last scan, or the store cannot tell), the
/// source is searched live instead, and the report says so. Expansion works unchanged:
/// the engine simply searches again with the new keys.
public struct IndexedConnector: WrappingConnector {
    public let base: any Connector
    let store: IndexStore
    let hasher: TermHasher
    /// The containers and fingerprints, taken once per lookup: expansion rounds search
    /// again, and fingerprinting thousands of files each time would dominate.
    private final class States: @unchecked Sendable {
        let lock = NSLock()
        var value: [ContainerState]?
    }
    private let states = States()

    public init(_ connector: any Connector, store: IndexStore, key: IndexKey) {
        base = connector
        self.store = store
        hasher = key.hasher()
    }

    public func search(_ matcher: IdentityMatcher, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        // A store the index cannot serve is searched as it always is.
        guard let wrapped = base.capability((any IndexableConnector).self) else {
            try base.search(matcher, into: &report, emit)
            return
        }
        let states = try states.lock.withLock {
            if let known = self.states.value { return known }
            let fresh = try wrapped.scanContainers()
            self.states.value = fresh
            return fresh
        }
        let indexed = Dictionary(try store.containers(source: source.name).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // A container the index cannot serve (a table without a key) is searched live,
        // with the reason and the fix, not as "changed since the last scan".
        let unindexable = states.filter { $0.unindexable != nil }
        if let first = unindexable.first {
            report.diagnostics.append(Diagnostic(.warning, container: first.name,
                message: "this source was searched live: \(first.unindexable!)" + (unindexable.count > 1 ? " (and \(unindexable.count - 1) more such)" : "")))
            try base.search(matcher, into: &report, emit)
            return
        }
        let changed = states.filter { state in state.fingerprint != nil && indexed[state.name]?.fingerprint != state.fingerprint }
        guard changed.isEmpty else {
            report.diagnostics.append(Diagnostic(.warning, container: changed.first!.name,
                message: "\(changed.count) container(s) changed or appeared since the last scan; this source was searched live (run footprint scan)"))
            try base.search(matcher, into: &report, emit)
            return
        }
        // Containers that cannot tell whether they changed (API objects) are searched live
        // for what the store can search; what the index knows of them (as of their last
        // scan) is fetched on top, for identifiers the store cannot search by.
        let undetectable = states.filter { $0.fingerprint == nil }
        var emitted: Set<String> = []
        report.method = .index
        if !undetectable.isEmpty {
            report.method = .live
            try base.search(matcher, into: &report) { found in
                emitted.insert("\(found.record.locator.container)\u{0}\(found.record.locator.key)")
                try emit(found)
            }
            let scanned = undetectable.compactMap { indexed[$0.name]?.scannedAt }
            guard let oldest = scanned.min() else { return }
            report.method = .indexAndLive
            report.diagnostics.append(Diagnostic(.warning, container: source.name,
                message: "this source cannot tell what changed since it was last scanned (\(Self.time(oldest))): records added since are found only by what it can search live"))
        }
        let hashes = IndexTerms.terms(of: matcher.keys).map(hasher.hash)
        // Neither what the live search just emitted nor what this lookup found before is fetched again.
        let candidates = try store.candidates(source: source.name, hashes: hashes)
            .filter { !emitted.contains("\($0.container)\u{0}\($0.key)")
                && !matcher.known.contains(Locator(source: source.name, container: $0.container, key: $0.key)) }
        guard !candidates.isEmpty else { report.containersRead += 1; return }
        let stale = try wrapped.searchIndexed(matcher, candidates: candidates, into: &report, emit)
        for locator in stale.prefix(20) {
            report.diagnostics.append(Diagnostic(.warning, container: locator.container,
                message: "stale: the index points at record \(locator.key), which is no longer there (run footprint scan)"))
        }
        if stale.count > 20 {
            report.diagnostics.append(Diagnostic(.warning, container: source.name, message: "\(stale.count) stale index entries in all"))
        }
        report.containersRead += 1
    }

    private static func time(_ date: Date) -> String {
        Timestamp.iso8601(date)
    }
}
