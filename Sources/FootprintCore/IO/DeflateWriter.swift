import CZlib

/// Compresses a stream as it is written, for an export rewritten inside its `.gz` or its
/// zip: gzip framing or raw deflate (a zip member, whose CRC and sizes the zip's own
/// headers carry — `checksum`, `consumed` and `produced` give them).
public final class DeflateWriter {
    public enum Format { case gzip, rawDeflate }

    private var stream = z_stream()
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var output = [UInt8](repeating: 0, count: 1 << 18)
    public private(set) var checksum: UInt32 = 0
    public private(set) var consumed: Int64 = 0
    public private(set) var produced: Int64 = 0

    public init(_ format: Format, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        self.sink = sink
        let bits: Int32 = format == .gzip ? 15 + 16 : -15
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SourceError(.other, "cannot start compression")
        }
    }

    deinit { deflateEnd(&stream) }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        checksum = UInt32(crc32(uLong(checksum), bytes.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
        consumed += Int64(bytes.count)
        try run(bytes, flush: Z_NO_FLUSH)
    }

    /// Copies a whole stream through the compressor.
    public func write(contentsOf input: ByteStream) throws {
        try input.forEachChunk { try write($0) }
    }

    public func finish() throws { try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH) }

    private func run(_ bytes: UnsafeRawBufferPointer, flush: Int32) throws {
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        while true {
            let (status, made): (Int32, Int) = output.withUnsafeMutableBufferPointer { target in
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                let status = deflate(&stream, flush)
                return (status, target.count - Int(stream.avail_out))
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw SourceError(.other, "compression failed (zlib status \(status))")
            }
            if made > 0 {
                produced += Int64(made)
                try output.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<made])) }
            }
            if flush == Z_FINISH ? status == Z_STREAM_END : (stream.avail_in == 0 && made < output.count) { return }
        }
    }
}
