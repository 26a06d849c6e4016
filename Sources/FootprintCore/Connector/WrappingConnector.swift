/// A connector that changes how another one is used (searched through the index, say)
/// without being a store itself. Everything it does not override is forwarded to `base`
/// by these defaults, and `capability(_:)` looks through it, so wrapping never hides
/// what the store underneath can do — nor lends it what it cannot.
public protocol WrappingConnector: Connector {
    var base: any Connector { get }
}

extension WrappingConnector {
    public var source: SourceConfig { base.source }
    public func validate() throws { try base.validate() }
    public func problems() throws -> [SourceError] { try base.problems() }
    public func records(into report: inout ScanReport, _ body: (Record) throws -> Bool) throws { try base.records(into: &report, body) }
    public func search(_ matcher: IdentityMatcher, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        try base.search(matcher, into: &report, emit)
    }
    public func mappings(for container: String) -> [FieldMapping] { base.mappings(for: container) }
    public func discover() throws -> [DiscoveredContainer] { try base.discover() }
}

extension Connector {
    /// This connector as a `C` (`IndexableConnector.self`, `ErasingConnector.self`), or the
    /// first store under its wrappers that is one; nil when none is.
    public func capability<C>(_ type: C.Type) -> C? {
        if let capable = self as? C { return capable }
        if let wrapper = self as? any WrappingConnector { return wrapper.base.capability(type) }
        return nil
    }

    /// What this connector's store can do beyond reading and searching, for
    /// `footprint sources`: "index", "rows" (bulk streaming), "erase".
    public var capabilities: [String] {
        var names: [String] = []
        if capability((any IndexableConnector).self) != nil { names.append("index") }
        if capability((any RowStreamingConnector).self) != nil { names.append("rows") }
        if capability((any ErasingConnector).self) != nil { names.append("erase") }
        return names
    }
}
