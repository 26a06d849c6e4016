import Foundation

/// Bytes handed from one thread to another as a `ByteStream`: the writer `push`es copies
/// of its chunks (blocking when the reader is a few chunks behind, so memory stays
/// bounded) and `finish`es; the reader reads them in order and then sees the end. A
/// reader that stops early `abandon`s the pipe, and pushes are dropped from then on.
public final class ChunkPipe: ByteStream, @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [[UInt8]] = []
    private var current: [UInt8] = []
    private var offset = 0
    private var finished = false
    private var abandoned = false
    private let capacity: Int

    public init(capacity: Int = 8) { self.capacity = capacity }

    public func push(_ bytes: UnsafeRawBufferPointer) {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !abandoned { condition.wait() }
        guard !abandoned else { return }
        chunks.append([UInt8](bytes))
        condition.broadcast()
    }

    public func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    public func abandon() {
        condition.lock()
        abandoned = true
        chunks.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the reader has read everything: the writer finished and nothing is left.
    /// Asked by the reader's thread.
    public var drained: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished && chunks.isEmpty && offset == current.count
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset == current.count {
            condition.lock()
            while chunks.isEmpty && !finished { condition.wait() }
            if chunks.isEmpty { condition.unlock(); return 0 }
            current = chunks.removeFirst()
            offset = 0
            condition.broadcast()
            condition.unlock()
        }
        let n = min(buffer.count, current.count - offset)
        current.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}
