/// What reading a source came to: how much was examined, what went wrong per container,
/// and what was noticed along the way. Drives the source's status in the inventory.
public struct ScanReport: Sendable {
    /// How a lookup searched the source: read live, through the index, or both (an API
    /// searched live and the objects the index names fetched by id). Told in the inventory
    /// so a reviewer knows what an answer rests on.
    public enum Method: String, Sendable {
        case live
        case index
        case indexAndLive = "index and live"
    }

    public var method = Method.live
    public var recordsExamined = 0
    public var containersRead = 0
    public var errors: [SourceError] = []
    public var diagnostics: [Diagnostic] = []
    /// How many times each kind of warning (container and message) was noted, so a file
    /// with a bad byte in every row gives a few lines and a count, not millions.
    private var noted: [String: Int] = [:]
    /// Warnings of one kind listed before the rest are only counted.
    public static let listedPerKind = 10

    public init() {}

    /// Adds a warning that may repeat once per row: the first `listedPerKind` of each
    /// kind are listed, then one line says more follow; the rest are not kept.
    public mutating func note(_ diagnostic: Diagnostic) {
        let kind = diagnostic.container + "\u{0}" + diagnostic.message
        let count = (noted[kind] ?? 0) + 1
        noted[kind] = count
        if count <= Self.listedPerKind {
            diagnostics.append(diagnostic)
        } else if count == Self.listedPerKind + 1 {
            diagnostics.append(Diagnostic(diagnostic.severity, container: diagnostic.container,
                                          message: "\(diagnostic.message) — also on more lines, which are not listed"))
        }
    }

    public var status: SourceStatus {
        if errors.isEmpty { return .complete }
        return containersRead > 0 || recordsExamined > 0 ? .partial : .failed
    }
}

/// Whether a source's part of the inventory can be relied on.
public enum SourceStatus: String, Sendable {
    /// Every container was read to the end.
    case complete
    /// Some containers or rows could not be read; what was read is listed.
    case partial
    /// Nothing could be read: the inventory says nothing about this source.
    case failed
}
