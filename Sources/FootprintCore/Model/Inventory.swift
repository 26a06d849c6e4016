/// The per-person result of a lookup: every matched record with its evidence, and for
/// every source whether it was searched completely. A failed source is listed as failed
/// — never as "nothing found".
public struct Inventory: Sendable {
    public struct SourceResult: Sendable {
        public var name: String
        public var connector: String
        public var status: SourceStatus
        public var recordsExamined: Int
        /// How the source was searched (`ScanReport.Method`).
        public var method: ScanReport.Method
        /// Why the source is partial or failed, typed (`SourceError.Kind`).
        public var errors: [SourceError]
        public var warnings: [String]
        public var system: SystemFacts
    }

    /// How a record was reached when it was not matched directly: the record and field
    /// holding the identifier (or the link) that led to it.
    public struct Via: Sendable, Hashable {
        public var locator: Locator
        public var field: String

        public init(locator: Locator, field: String) {
            self.locator = locator
            self.field = field
        }
    }

    public struct Entry: Sendable {
        public var record: Record
        public var match: Match
        /// Nil for a direct match; names the record and link for one reached by following.
        public var via: Via?
        /// The field mappings in force for this record's source, to annotate its fields.
        public var mappings: [String: FieldMapping]
    }

    public var identity: Identity
    public var keys: IdentityKeys
    public var sources: [SourceResult] = []
    public var entries: [Entry] = []

    public init(identity: Identity, keys: IdentityKeys) {
        self.identity = identity
        self.keys = keys
    }

    /// True when every source was read completely (exit code 0).
    public var isComplete: Bool { sources.allSatisfy { $0.status == .complete } }
}
