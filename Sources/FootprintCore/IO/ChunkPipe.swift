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
    private let pool: Pool?

    /// `pool`: where the reader hands back the chunks it has read, for the writer's next
    /// pushes (shared by the pipes of one rewrite).
    public init(capacity: Int = 8, pool: Pool? = nil) {
        self.capacity = capacity
        self.pool = pool
    }

    public func push(_ bytes: UnsafeRawBufferPointer) {
        let chunk = pool?.filled(with: bytes) ?? [UInt8](bytes)
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !abandoned { condition.wait() }
        guard !abandoned else { return }
        chunks.append(chunk)
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
            // The chunk read to its end goes back to the pool, whether another follows or not.
            let spent = current
            current = chunks.isEmpty ? [] : chunks.removeFirst()
            offset = 0
            condition.broadcast()
            condition.unlock()
            pool?.give(spent)
            if current.isEmpty { return 0 }
        }
        let n = min(buffer.count, current.count - offset)
        current.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }

    /// Chunk buffers read and handed back, for the writer to fill again. A rewrite of a
    /// large file pushes a thousand 1 MB chunks; a fresh array each time costs its
    /// allocation and the kernel zeroing its pages on first touch. Buffers are only made
    /// when none is free, so no more are alive than were ever in flight at once.
    public final class Pool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [[UInt8]] = []
        private let limit: Int
        private var made = 0

        /// `limit`: how many free buffers to keep; more are let go.
        public init(limit: Int) { self.limit = limit }

        /// A free buffer (or a new one) holding a copy of `bytes`.
        func filled(with bytes: UnsafeRawBufferPointer) -> [UInt8] {
            var buffer = lock.withLock {
                if let buffer = free.popLast() { return buffer }
                made += 1
                return []
            }
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
            return buffer
        }

        /// Buffers made so far: never more than were in flight at once.
        var buffersMade: Int { lock.withLock { made } }

        func give(_ buffer: [UInt8]) {
            guard buffer.capacity > 0 else { return }
            lock.withLock { if free.count < limit { free.append(buffer) } }
        }
    }
}
