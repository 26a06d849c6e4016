/// A record a search turned up: matched directly (`via` nil) or reached by a link.
public struct Found: Sendable {
    public var record: Record
    public var match: Match
    public var via: Inventory.Via?

    public init(record: Record, match: Match, via: Inventory.Via? = nil) {
        self.record = record
        self.match = match
        self.via = via
    }
}
