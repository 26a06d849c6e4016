/// A store whose containers can be searched from any stream of their bytes — the bytes
/// a rewrite is writing, say (`RewriteWitness`) — and searched with some containers left
/// out (those already searched that way). No default: a store that cannot is verified by
/// reading it again.
public protocol StreamSearchable: Connector {
    /// Searches `stream` as the bytes of `container` (its header, its rows).
    func search(_ matcher: IdentityMatcher, container: Container, stream: ByteStream, into report: inout ScanReport,
                _ emit: (Found) throws -> Void) throws

    /// `search`, leaving out the containers named.
    func search(_ matcher: IdentityMatcher, excluding containers: Set<String>, into report: inout ScanReport,
                _ emit: (Found) throws -> Void) throws
}

/// A connector searched without some of its containers (they were searched as they were
/// rewritten): what the live verification after a deletion reads.
public struct ExcludingContainers: WrappingConnector {
    public let base: any Connector
    let searchable: any StreamSearchable
    let excluded: Set<String>

    public init(_ searchable: any StreamSearchable, base: any Connector, excluding excluded: Set<String>) {
        self.searchable = searchable
        self.base = base
        self.excluded = excluded
    }

    public func search(_ matcher: IdentityMatcher, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        try searchable.search(matcher, excluding: excluded, into: &report, emit)
    }
}
