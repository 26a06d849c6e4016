/// A store Footprint can erase from. It has no default implementation on purpose: a
/// store that only reads is visibly one, and a deletion plan gives its records to a
/// person (`manual`) instead of pretending they were erased.
public protocol ErasingConnector: Connector {
    /// Erases exactly the records named, and returns one outcome per request in the same
    /// order. Before touching a record it checks that the record's content still has the
    /// plan's fingerprint (`fingerprint` computes it); a record that changed stops its
    /// whole container (a stale plan), never a guess. Never erases anything else. With
    /// `dryRun` everything is checked and nothing written: `.erased` then means "would be".
    func erase(_ requests: [ErasureRequest], fingerprint: (Record) -> String, dryRun: Bool, into report: inout ScanReport) throws -> [ErasureOutcome]

    /// Why Footprint cannot erase from this container although the store can erase (a
    /// compressed export, say), or nil when it can: a plan then gives it to a person.
    func cannotErase(_ container: String) -> String?

    /// Adjusts this source's planned items for what only the store knows: a table's own
    /// deletion rule, rows other people's records use too (unlinked from this person or
    /// left for review), rows reached by an outgoing link (kept: not hers), links that a
    /// kept row must lose. A store with nothing to add leaves the items as they are.
    func refine(_ items: inout [DeletionPlan.Item]) throws
}

/// One record a plan says to erase (or, with `fields`, to de-identify: those fields
/// blanked, the record kept): where it is and what its content was when planned.
public struct ErasureRequest: Sendable, Hashable {
    public var locator: Locator
    public var fingerprint: String
    /// The fields to blank when the record is kept de-identified; nil erases it whole.
    public var fields: [String]?
    /// Where the record started in its file when planned, if known (a hint, checked).
    public var position: Int64?
    /// The record it was reached from (`source:container#key`), for a store whose erasure
    /// of that record takes this one with it (a contact's form submissions).
    public var linkedFrom: String?

    public init(locator: Locator, fingerprint: String, fields: [String]? = nil, position: Int64? = nil, linkedFrom: String? = nil) {
        self.locator = locator
        self.fingerprint = fingerprint
        self.fields = fields
        self.position = position
        self.linkedFrom = linkedFrom
    }
}

extension ErasureRequest {
    /// A de-identify request whose fields are all empty in the record already: done by an
    /// earlier run that was killed before its journal said so (the content no longer has
    /// the plan's fingerprint because of that run, not because someone changed it).
    public func isAlreadyBlank(in record: Record) -> Bool {
        guard let fields, !fields.isEmpty else { return false }
        return fields.allSatisfy { name in
            guard let value = record.value(of: name), value != .null else { return true }
            return value.strings.allSatisfy { $0.isEmpty }
        }
    }
}

/// What erasing one record came to.
public enum ErasureOutcome: Sendable, Hashable {
    /// The record is gone from the store.
    case erased
    /// The record is kept with the requested fields blanked.
    case deidentified
    /// Deleted, but restorable at the vendor until it purges it (a day, `YYYY-MM-DD`);
    /// `why` says what would have purged it now (a permission the credentials lack).
    case softDeleted(purgesBy: String, why: String?)
    /// The record was not there any more (someone deleted it first): nothing to do.
    case notFound
    /// The store refused or failed, or the record changed since the plan; it is still there.
    case failed(SourceError.Kind, String)
}
