/// One entry of the request log (§7101: the date, type and channel of a request, the date
/// and nature of the response, the basis of a denial), as the store keeps it: chained to
/// the entry before by its digest. No identifier is ever in an entry.
public struct RequestLogEntry: Sendable {
    public var seq: Int64
    public var at: String
    public var request: String
    public var event: String
    /// JSON of what the event records.
    public var detail: String
    public var previous: String
    public var digest: String

    public init(seq: Int64, at: String, request: String, event: String, detail: String, previous: String, digest: String) {
        self.seq = seq
        self.at = at
        self.request = request
        self.event = event
        self.detail = detail
        self.previous = previous
        self.digest = digest
    }
}
