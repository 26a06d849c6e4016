import Foundation
import FootprintCore

/// A connector whose lookups go through the index: the identity's terms are hashed, the
/// index names the records holding them, and only those records are fetched — fresh,
/// from the source — and matched. Where the index cannot be trusted for a source (a
/// container changed or appeared since the last scan, or the store cannot tell), the
/// source is searched live instead, and the report says so. Expansion works unchanged:
/// the engine simply searches again with the new keys.
public struct IndexedConnector: Connector {
    public let wrapped: any Connector
    let store: IndexStore
    let hasher: TermHasher

    public init(_ connector: any Connector, store: IndexStore, key: IndexKey) {
        wrapped = connector
        self.store = store
        hasher = key.hasher()
    }

    public var source: SourceConfig { wrapped.source }
    public func validate() throws { try wrapped.validate() }
    public func records(into report: inout ScanReport, _ body: (Record) throws -> Bool) throws { try wrapped.records(into: &report, body) }
    public func mappings(for container: String) -> [FieldMapping] { wrapped.mappings(for: container) }

    public func search(_ matcher: IdentityMatcher, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        let states = try wrapped.scanContainers()
        let indexed = Dictionary(try store.containers(source: source.name).map { ($0.name, $0.fingerprint) }, uniquingKeysWith: { a, _ in a })
        let untrusted = states.filter { state in state.fingerprint == nil || indexed[state.name] != state.fingerprint }
        guard untrusted.isEmpty else {
            if states.contains(where: { $0.fingerprint != nil }) {
                report.diagnostics.append(Diagnostic(.warning, container: untrusted.first!.name,
                    message: "\(untrusted.count) container(s) changed or appeared since the last scan; this source was searched live (run footprint scan)"))
            }
            try wrapped.search(matcher, into: &report, emit)
            return
        }
        let hashes = IndexTerms.terms(of: matcher.keys).map(hasher.hash)
        let candidates = try store.candidates(source: source.name, hashes: hashes)
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
}
