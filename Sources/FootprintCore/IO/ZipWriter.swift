import CZlib
import Foundation

/// Builds a zip archive in memory (deflated members, CRC-32, a central directory), for
/// packages sent as one file. Sizes stay under 4 GiB per member and in all: a response
/// package is small, and a larger one is refused rather than written without Zip64.
public struct ZipWriter {
    private var archive: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    public init() {}

    public struct TooLarge: Error, CustomStringConvertible {
        public var description: String { "the package is too large for a zip without Zip64 (over 4 GiB); send the folder instead" }
    }

    /// Adds one file; `path` uses `/` and is stored as UTF-8.
    public mutating func add(_ path: String, _ bytes: [UInt8]) throws {
        let name = Array(path.utf8)
        let checksum = bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        let packed = try Self.deflate(bytes)
        let (method, body): (UInt16, [UInt8]) = packed.count < bytes.count ? (8, packed) : (0, bytes)
        guard archive.count + body.count + name.count + 30 < Int(UInt32.max), bytes.count < Int(UInt32.max) else { throw TooLarge() }
        let offset = UInt32(archive.count)
        // Local file header: version 2.0, UTF-8 names (bit 11), no time (a package carries its own).
        var local: [UInt8] = []
        Self.put32(0x0403_4b50, &local); Self.put16(20, &local); Self.put16(0x0800, &local); Self.put16(method, &local)
        Self.put16(0, &local); Self.put16(0x21, &local) // 1980-01-01 00:00
        Self.put32(checksum, &local); Self.put32(UInt32(body.count), &local); Self.put32(UInt32(bytes.count), &local)
        Self.put16(UInt16(name.count), &local); Self.put16(0, &local)
        archive += local + name + body
        Self.put32(0x0201_4b50, &directory); Self.put16(0x0314, &directory); Self.put16(20, &directory); Self.put16(0x0800, &directory)
        Self.put16(method, &directory); Self.put16(0, &directory); Self.put16(0x21, &directory)
        Self.put32(checksum, &directory); Self.put32(UInt32(body.count), &directory); Self.put32(UInt32(bytes.count), &directory)
        Self.put16(UInt16(name.count), &directory); Self.put16(0, &directory); Self.put16(0, &directory)
        Self.put16(0, &directory); Self.put16(0, &directory)
        Self.put32(UInt32(0o100600) << 16, &directory) // a regular file, mode 0600
        Self.put32(offset, &directory)
        directory += name
        count += 1
    }

    /// The finished archive.
    public func bytes() -> [UInt8] {
        var end: [UInt8] = []
        Self.put32(0x0605_4b50, &end); Self.put16(0, &end); Self.put16(0, &end)
        Self.put16(UInt16(count), &end); Self.put16(UInt16(count), &end)
        Self.put32(UInt32(directory.count), &end); Self.put32(UInt32(archive.count), &end); Self.put16(0, &end)
        return archive + directory + end
    }

    static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SourceError(.other, "cannot start compression")
        }
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw SourceError(.other, "compression failed (zlib status \(status))") }
        return Array(output.prefix(Int(stream.total_out)))
    }

    static func put16(_ value: UInt16, _ out: inout [UInt8]) { out += [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func put32(_ value: UInt32, _ out: inout [UInt8]) {
        out += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }
}
