/// A store Footprint can erase from. It has no default implementation on purpose: a
/// store that only reads is visibly one, and a deletion plan gives its records to a
/// person (`manual`) instead of pretending they were erased.
///
/// Its shape is small until the deletion engine arrives: erase the records a plan names,
/// each by its locator, and say per record what happened. The plan, its fingerprints
/// and the receipt are the engine's; a connector only acts and reports.
public protocol ErasingConnector: Connector {
    /// Erases exactly the records named, in one transaction where the store has them,
    /// and returns one outcome per locator in the same order. Never erases anything else.
    func erase(_ locators: [Locator], into report: inout ScanReport) throws -> [ErasureOutcome]
}

/// What erasing one record came to.
public enum ErasureOutcome: Sendable, Hashable {
    /// The record is gone from the store.
    case erased
    /// The record was not there any more (someone deleted it first): nothing to do.
    case notFound
    /// The store refused or failed; the record is still there.
    case failed(SourceError.Kind, String)
}
