/// What a scan did to one source's part of the index, for the scan's report: how many
/// containers were rescanned, skipped as unchanged or dropped as gone, and what failed.
public struct ScanSummary: Sendable {
    public var name: String
    public var containersScanned = 0
    public var containersSkipped = 0
    public var containersDropped = 0
    public var records = 0
    public var identifiers = 0
    /// Containers that keep what the last good scan indexed, and why.
    public var errors: [SourceError] = []
    /// Containers the index cannot serve (searched live by lookups), with the fix.
    public var warnings: [String] = []
    public var seconds = 0.0

    public init(name: String) {
        self.name = name
    }
}

/// A whole scan: where the index is, how long it took, each source's summary.
public struct ScanResult: Sendable {
    public var index: String
    public var seconds: Double
    public var sources: [ScanSummary]

    public init(index: String, seconds: Double, sources: [ScanSummary]) {
        self.index = index
        self.seconds = seconds
        self.sources = sources
    }

    public var isComplete: Bool { sources.allSatisfy { $0.errors.isEmpty } }
}
