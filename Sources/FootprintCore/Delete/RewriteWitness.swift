import Foundation
import Synchronization

/// Verification as a file is rewritten: while a deletion writes a container's new bytes,
/// a search reads the same bytes on another core, so that the fresh search the receipt
/// rests on costs no second read of the file. Set for the duration of an execution with
/// `RewriteWitness.$current.withValue(witness) { … }`; `ContainerRewriter` tees every
/// plain file it rewrites into the witness's search for that container. A container
/// counts as witnessed only when its search read every byte and the rewrite was
/// committed; any other is verified afterwards by reading it, as before.
public final class RewriteWitness: @unchecked Sendable {
    /// How one container's new bytes are searched: `whole` reads them all from one stream;
    /// `pieces`, when its store can, gives the search of pieces of them on two threads
    /// (`ParallelWitnessSearch`), decided from the first bytes.
    public struct Search {
        public let whole: (Container, ByteStream) throws -> Void
        public let pieces: ((Container, UnsafeRawBufferPointer) -> Pieces?)?

        public init(whole: @escaping (Container, ByteStream) throws -> Void, pieces: ((Container, UnsafeRawBufferPointer) -> Pieces?)? = nil) {
            self.whole = whole
            self.pieces = pieces
        }
    }

    /// The search of one piece of a container's new bytes, and the header every piece
    /// after the first is read after (see `PieceSearch`).
    public struct Pieces {
        public let header: [UInt8]
        public let search: (ByteStream) throws -> Void

        public init(header: [UInt8], search: @escaping (ByteStream) throws -> Void) {
            self.header = header
            self.search = search
        }
    }

    @TaskLocal public static var current: RewriteWitness?

    /// Nil when a container is not one to witness (its store cannot search a stream).
    private let searchFor: (Container) -> Search?
    /// Witnessed containers, and in how many pieces each was searched.
    private let done = Mutex<[String: Int]>([:])
    /// How many bytes a piece holds at least before the next one may start (`ParallelWitnessSearch`).
    let pieceBytes: Int

    public init(pieceBytes: Int = 8 << 20, _ searchFor: @escaping (Container) -> Search?) {
        self.pieceBytes = pieceBytes
        self.searchFor = searchFor
    }

    /// The containers whose rewritten bytes were searched in full.
    public var witnessed: Set<String> { done.withLock { Set($0.keys) } }

    /// In how many pieces each witnessed container was searched.
    public var pieces: [String: Int] { done.withLock { $0 } }

    func search(for container: Container) -> Search? { searchFor(container) }

    func witnessed(_ container: Container, pieces: Int) { done.withLock { $0[container.name] = pieces } }
}
