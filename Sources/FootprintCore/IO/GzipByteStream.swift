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
            throw SourceError("cannot start decompression (zlib status \(status))", container: name)
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
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
            switch status {
            case Z_OK, Z_BUF_ERROR:
                if stream.avail_in == 0 && upstreamEnded && stream.avail_out == spaceBefore {
                    throw SourceError("compressed data ends early: the file is truncated or damaged", container: name,
                                      hint: "re-download or re-export it; nothing after the damage could be read")
                }
                continue
            case Z_STREAM_END:
                // A gzip file may hold several members back to back (`cat a.gz b.gz`).
                if format == .gzip, try moreGzipMembersFollow() {
                    inflateReset(&stream)
                    continue
                }
                finished = true
                return buffer.count - Int(stream.avail_out)
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw SourceError("compressed data is damaged (\(detail))", container: name,
                                  hint: "re-download or re-export it")
            }
        }
        return buffer.count
    }

    private func moreGzipMembersFollow() throws -> Bool {
        if stream.avail_in > 0 { return true }
        guard !upstreamEnded else { return false }
        let n = try upstream.read(into: input)
        if n == 0 { upstreamEnded = true; return false }
        stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_in = uInt(n)
        return true
    }
}
