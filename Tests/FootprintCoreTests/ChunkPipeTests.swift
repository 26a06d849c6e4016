import Foundation
import Testing
@testable import FootprintCore

@Suite("Chunk pipes: bytes handed between threads")
struct ChunkPipeTests {
    @Test("pipes sharing a pool: every byte arrives in order, chunks are filled again, no more buffers are made than were in flight")
    func pooled() throws {
        var generator = SystemRandomNumberGenerator()
        let source = (0..<600_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let capacity = 4
        let pool = ChunkPipe.Pool(limit: 64) // keeps every buffer handed back
        let pipes = (0..<6).map { _ in ChunkPipe(capacity: capacity, pool: pool) }
        let done = DispatchSemaphore(value: 0)
        let pipeRead = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var received: [UInt8] = []
        // The reader: each pipe to its end, in order, in small reads (a slow reader).
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 777)
            for pipe in pipes {
                while true {
                    let n = try! buffer.withUnsafeMutableBytes { try pipe.read(into: $0) }
                    if n == 0 { break }
                    received += buffer[0..<n]
                }
                pipeRead.signal()
            }
            done.signal()
        }
        // The writer: chunks of uneven sizes, a sixth of the bytes into each pipe in turn,
        // each pipe once the one before was read (so that what a pipe's reader hands back
        // is all the next pipe's pushes have to fill).
        var offset = 0
        for (index, pipe) in pipes.enumerated() {
            let end = index == pipes.count - 1 ? source.count : (index + 1) * source.count / pipes.count
            while offset < end {
                let size = min(end - offset, Int.random(in: 1...20_000, using: &generator))
                source[offset..<offset + size].withUnsafeBytes { pipe.push($0) }
                offset += size
            }
            pipe.finish()
            pipeRead.wait()
        }
        done.wait()
        #expect(received == source)
        // In flight at once: the pipe's `capacity` chunks, the one the writer filled and
        // waits to push, the reader's current one and the one it is handing back. Without
        // the buffers handed back, the six pipes would have made one for each of their
        // sixty-odd chunks.
        #expect(pool.buffersMade <= capacity + 3, "made \(pool.buffersMade) buffers")
    }
}
