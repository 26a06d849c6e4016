import CZlib

/// Inflates a gzip (or raw deflate, for zip entries) stream as it is read.
/// A stream that ends before the compressed data does is reported as truncated,
/// never passed off as a shorter file.
public final class InflateByteStream: ByteStream {
    public enum Format { case gzip, rawDeflate }

    private let upstream: ByteStream
    private let format: Format
    private let name: String
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var finished = false
    private var upstreamEnded = false
    /// An error met after some bytes of a read were produced: those bytes are handed
    /// over first, the error on the next read, so damage never costs what came before it.
    private var pendingError: SourceError?

    public init(_ upstream: ByteStream, format: Format, name: String) throws {
        self.upstream = upstream
        self.format = format
        self.name = name
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
        // 15 bits of window; +16 asks zlib to read the gzip header, negative means raw deflate.
        let bits: Int32 = format == .gzip ? 15 + 16 : -15
        let status = inflateInit2_(&stream, bits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            throw SourceError(.other, "cannot start decompression (zlib status \(status))", container: name)
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let error = pendingError {
            pendingError = nil
            finished = true
            throw error
        }
        guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        stream.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
        while stream.avail_out > 0 {
            if stream.avail_in == 0 && !upstreamEnded {
                let n = try upstream.read(into: input)
                if n == 0 { upstreamEnded = true } else {
                    stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.avail_in = uInt(n)
                }
            }
            let spaceBefore = stream.avail_out
            let status = inflate(&stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.avail_out)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                if stream.avail_in == 0 && upstreamEnded && stream.avail_out == spaceBefore {
                    return try fail(SourceError(.malformedData, "compressed data ends early: the file is truncated or damaged", container: name,
                                                hint: "re-download or re-export it; nothing after the damage could be read"), produced: produced)
                }
                continue
            case Z_STREAM_END:
                // A gzip file may hold several members back to back (`cat a.gz b.gz`).
                if format == .gzip {
                    switch try afterGzipMember() {
                    case .member:
                        inflateReset(&stream)
                        continue
                    case .end:
                        break
                    case .garbage:
                        return try fail(SourceError(.malformedData, "data that is not gzip follows the compressed stream; it was not read", container: name,
                                                    hint: "the file was damaged or appended to; re-download or re-export it"), produced: produced)
                    }
                }
                finished = true
                return produced
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                return try fail(SourceError(.malformedData, "compressed data is damaged (\(detail))", container: name, hint: "re-download or re-export it"),
                                produced: produced)
            }
        }
        return buffer.count
    }

    /// Throws now when nothing was produced by this read; otherwise hands over what was.
    private func fail(_ error: SourceError, produced: Int) throws -> Int {
        guard produced > 0 else {
            finished = true
            throw error
        }
        pendingError = error
        return produced
    }

    private enum AfterMember { case member, end, garbage }

    /// What follows a gzip member: another member, the end (zero padding, which `gzip -d`
    /// also accepts, counts as the end), or something else.
    private func afterGzipMember() throws -> AfterMember {
        while true {
            while stream.avail_in > 0 {
                let byte = stream.next_in.pointee
                if byte == 0x1F { return .member }
                guard byte == 0 else { return .garbage }
                stream.next_in += 1
                stream.avail_in -= 1
            }
            guard !upstreamEnded else { return .end }
            let n = try upstream.read(into: input)
            if n == 0 { upstreamEnded = true; return .end }
            stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_in = uInt(n)
        }
    }
}
