import Foundation

/// What a deletion's rewrites did to plain files that only lost whole records: each
/// file's fingerprint before and after, and the byte ranges cut out of it. The index can
/// then follow the change (drop the records cut, move the later ones up) instead of
/// reading every byte of a rewritten export again, which for a large export costs several
/// times the rewrite itself. A file whose rewrite also blanked fields (de-identified rows),
/// or that lives in a `.gz` or a `.zip`, is not logged: the index rescans it.
///
/// Set as `current` around an execution by whoever refreshes the index afterwards;
/// `ContainerRewriter` records into it. Only fingerprints, offsets and names are kept.
public final class RemovalLog: @unchecked Sendable {
    /// A logged rewrite about to start: what it will cut, before the new bytes are
    /// written (the fingerprint after is not known yet).
    public struct Cut: Sendable, Equatable {
        /// The container's name, as locators and the index name it.
        public var container: String
        /// The container's fingerprint before the rewrite.
        public var before: String
        /// The byte ranges of the original cut out, sorted, touching ones merged; a range
        /// ending at the original's end (or past it) took the rest of the file.
        public var removed: [Range<Int64>]
        /// The original's size in bytes.
        public var originalSize: Int64

        public init(container: String, before: String, removed: [Range<Int64>], originalSize: Int64) {
            self.container = container
            self.before = before
            self.removed = removed
            self.originalSize = originalSize
        }
    }

    /// One rewritten file that lost whole records only: its cut, and its fingerprint after
    /// (of the very bytes written, taken before they were renamed into place).
    public struct Removal: Sendable, Equatable {
        public var cut: Cut
        public var after: String

        public init(_ cut: Cut, after: String) {
            self.cut = cut
            self.after = after
        }
    }

    @TaskLocal public static var current: RemovalLog?

    private let lock = NSLock()
    private var recorded: [Removal] = []
    private let onCut: (@Sendable (Cut) -> Void)?

    /// `onCut` is told of each logged rewrite as it starts, so that the index can start
    /// following it on another thread while the file is written.
    public init(onCut: (@Sendable (Cut) -> Void)? = nil) {
        self.onCut = onCut
    }

    func starting(_ cut: Cut) { onCut?(cut) }

    /// The removals recorded so far, in the order the files were rewritten.
    public var removals: [Removal] { lock.withLock { recorded } }

    func record(_ removal: Removal) { lock.withLock { recorded.append(removal) } }
}
