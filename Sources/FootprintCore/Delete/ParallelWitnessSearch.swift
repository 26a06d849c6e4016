import Foundation

/// The witness's search of one rewritten container, on two threads when its store can
/// search pieces (`PieceSearchable`). The rewrite hands over its new bytes chunk by chunk;
/// at a row boundary (where a row was removed) once a piece holds `pieceBytes`, the bytes
/// after it go to a new piece on the other thread, read there after the container's
/// header. One thread searching a hundred people's identities read the 914 MB export at
/// about 0.5 GB/s on the development machine, slower than its disk wrote the new file,
/// and held the rewrite back; two keep up with it. Memory stays bounded: a piece's pipe
/// holds at most the piece, and a lane at most two pieces (the one it searches and the
/// next). Without pieces, one thread searches the whole stream, through a pipe of 8 chunks.
final class ParallelWitnessSearch: @unchecked Sendable {
    /// Whether to search in pieces is decided on this many first bytes (a CSV reader's
    /// first buffer, where it tells the delimiter): they are held until then.
    static let decidingBytes = 1 << 20
    private let container: Container
    private let search: RewriteWitness.Search
    private let pieceBytes: Int
    private let lanes: [Lane]
    /// The chunks the lanes have read, filled again by the rewrite's next pushes.
    private let pool: ChunkPipe.Pool
    // Used by the rewriting thread only.
    private var first: [UInt8]? = []
    private var pieces: RewriteWitness.Pieces?
    private var current: ChunkPipe?
    private var currentBytes = 0
    private var lane = 0
    /// Pieces started.
    private(set) var pieceCount = 0

    init(_ search: RewriteWitness.Search, container: Container, pieceBytes: Int) {
        self.search = search
        self.container = container
        self.pieceBytes = pieceBytes
        lanes = search.pieces == nil ? [Lane()] : [Lane(), Lane()]
        // As many as may be in flight: two pieces a lane, and the three in hand.
        pool = ChunkPipe.Pool(limit: lanes.count * 2 * ((pieceBytes >> 20) + 2) + 3)
    }

    /// Hands over the next chunk of the new bytes; `rowBoundary` when the byte after it starts a row.
    func push(_ chunk: UnsafeRawBufferPointer, rowBoundary: Bool) {
        if first != nil {
            first! += chunk
            if first!.count >= Self.decidingBytes { decide(rowBoundary: rowBoundary) }
            return
        }
        current!.push(chunk)
        currentBytes += chunk.count
        split(at: rowBoundary)
    }

    /// Ends the search (whether the rewrite finished or not) and waits for it: true when
    /// every piece was searched to its end without an error.
    func finish() -> Bool {
        if first != nil { decide(rowBoundary: false) }
        current!.finish()
        for lane in lanes { lane.close() }
        return lanes.map { $0.wait() }.allSatisfy { $0 }
    }

    /// Chooses pieces or the whole from the first bytes, and starts the first piece with them.
    private func decide(rowBoundary: Bool) {
        let bytes = first!
        first = nil
        pieces = bytes.withUnsafeBytes { raw in search.pieces?(container, raw) }
        open(after: nil)
        bytes.withUnsafeBytes { current!.push($0) }
        currentBytes = bytes.count
        split(at: rowBoundary)
    }

    /// At a row boundary, once the piece is big enough, the next bytes go to a new piece on the other lane.
    private func split(at rowBoundary: Bool) {
        guard rowBoundary, let pieces, currentBytes >= pieceBytes else { return }
        current!.finish()
        lane = (lane + 1) % lanes.count
        open(after: pieces.header)
    }

    private func open(after header: [UInt8]?) {
        // A piece's pipe holds the whole piece (1 MB chunks, and the chunk that crosses
        // the size), so the rewrite hands it over and goes on to the next piece on the
        // other lane instead of waiting for this one's search.
        let pipe = ChunkPipe(capacity: pieces == nil ? 8 : (pieceBytes >> 20) + 2, pool: pool)
        current = pipe
        currentBytes = 0
        pieceCount += 1
        let stream: ByteStream = header.map { ReplayByteStream(prefix: $0, rest: pipe) } ?? pipe
        let container = self.container
        if let pieces {
            lanes[lane].enqueue(pipe) { try pieces.search(stream) }
        } else {
            let whole = search.whole
            lanes[lane].enqueue(pipe) { try whole(container, stream) }
        }
    }

    /// One searching thread and the pieces queued for it, searched in order.
    final class Lane: @unchecked Sendable {
        private let condition = NSCondition()
        private var queue: [(pipe: ChunkPipe, run: () throws -> Void)] = []
        private var closed = false
        private var thread: Thread?
        private let done = DispatchSemaphore(value: 0)
        private let pending = DispatchSemaphore(value: 2)
        /// Written by the lane's thread, read after `done`.
        private var failed = false

        func enqueue(_ pipe: ChunkPipe, _ run: @escaping () throws -> Void) {
            // At most two pieces a lane, the one searched and the one being handed over:
            // the rewrite waits here rather than let pieces pile up in memory.
            pending.wait()
            condition.lock()
            queue.append((pipe, run))
            condition.signal()
            condition.unlock()
            guard thread == nil else { return }
            let thread = Thread { [unowned self] in self.work() }
            self.thread = thread
            thread.start()
        }

        func close() {
            condition.lock()
            closed = true
            condition.signal()
            condition.unlock()
        }

        /// Waits for the queued pieces: true when each was searched to its end.
        func wait() -> Bool {
            guard thread != nil else { return true }
            done.wait()
            return !failed
        }

        private func take() -> (pipe: ChunkPipe, run: () throws -> Void)? {
            condition.lock()
            defer { condition.unlock() }
            while queue.isEmpty && !closed { condition.wait() }
            return queue.isEmpty ? nil : queue.removeFirst()
        }

        private func work() {
            while let job = take() {
                if !failed {
                    do {
                        try job.run()
                        // A search that stopped before the end of its piece did not witness it.
                        if !job.pipe.drained { failed = true }
                    } catch {
                        failed = true
                    }
                }
                job.pipe.abandon() // a writer still pushing into it goes on
                pending.signal()
            }
            done.signal()
        }
    }
}
