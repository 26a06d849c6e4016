/// A deleted person as the suppression list keeps them (see FootprintIndex's
/// `SuppressionList`): keyed hashes of their strong identifiers, never the identifiers.
public struct SuppressedPerson: Codable, Sendable {
    /// A short keyed id for this person (the first bytes of a hash of their terms).
    public var id: String
    public var deleted: String
    public var request: String?
    public var hashes: [Int64]
    /// The identity, sealed with the index key (AES-256-GCM).
    public var identity: String
    /// Records the deletion knowingly left (retained, deferred, left to a person, under
    /// review, failed), as `container#key` per source: not news when a scan sees them.
    public var known: [String]

    public init(id: String, deleted: String, request: String?, hashes: [Int64], identity: String, known: [String] = []) {
        self.id = id
        self.deleted = deleted
        self.request = request
        self.hashes = hashes
        self.identity = identity
        self.known = known
    }
}
