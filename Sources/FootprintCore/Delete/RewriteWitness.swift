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
    /// Reads a container's new bytes from the stream and searches them; nil when this
    /// container is not one to witness (its store cannot search a stream).
    public typealias Search = (Container, ByteStream) throws -> Void

    @TaskLocal public static var current: RewriteWitness?

    private let searchFor: (Container) -> Search?
    private let done = Mutex<Set<String>>([])

    public init(_ searchFor: @escaping (Container) -> Search?) { self.searchFor = searchFor }

    /// The containers whose rewritten bytes were searched in full.
    public var witnessed: Set<String> { done.withLock { $0 } }

    func search(for container: Container) -> Search? { searchFor(container) }

    func witnessed(_ container: Container) { _ = done.withLock { $0.insert(container.name) } }
}
