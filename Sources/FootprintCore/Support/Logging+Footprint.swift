public import Logging

/// Engines take a swift-log `Logger` so that `--verbose` can tell what a run did (which
/// sources were searched and how, what each container of a scan came to, how long each
/// took). What is logged is counts, names of sources and containers, and durations —
/// never a field or identifier value, the same rule as for error messages.
extension Logger {
    /// Drops everything: what an engine uses unless the CLI asked for `--verbose`.
    public static let silent = Logger(label: "footprint", factory: { _ in SwiftLogNoOpLogHandler() })
}

extension Duration {
    /// Whole milliseconds, for log lines.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
