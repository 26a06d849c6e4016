#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A source of bytes read in chunks: a file, a gzip member, a zip entry, a transcoder.
/// Readers pull from it into their own buffer, so nothing is ever loaded whole.
public protocol ByteStream: AnyObject {
    /// Fills up to `buffer.count` bytes; returns 0 only at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteStream {
    /// Reads the stream to its end in 1 MiB pieces, handing each to `body`.
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }
}

/// A plain file read with read(2), at the offset and length given (whole file by default).
public final class FileByteStream: ByteStream {
    private let fd: Int32
    private var remaining: Int64
    public let path: String

    public init(path: String, offset: Int64 = 0, length: Int64? = nil, displayName: String? = nil) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw SourceError(errno == ENOENT ? .missingContainer : errno == EACCES || errno == EPERM ? .permission : .io, "cannot open: \(String(cString: strerror(errno)))", container: displayName ?? path,
                              hint: "check that the file exists and is readable")
        }
        if offset > 0 { lseek(fd, off_t(offset), SEEK_SET) }
        remaining = length ?? Int64.max
        #if os(Linux)
        posix_fadvise(fd, off_t(offset), 0, POSIX_FADV_SEQUENTIAL)
        #endif
    }

    deinit { close(fd) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remaining > 0, let base = buffer.baseAddress else { return 0 }
        let want = Int(min(Int64(buffer.count), remaining))
        while true {
            let n = Glibc.read(fd, base, want)
            if n < 0 {
                if errno == EINTR { continue }
                throw SourceError(.io, "read failed: \(String(cString: strerror(errno)))", container: path)
            }
            remaining -= Int64(n)
            return n
        }
    }
}
