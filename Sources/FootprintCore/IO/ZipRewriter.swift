import Foundation

/// Rewrites a zip archive with some members' content replaced: every other member's local
/// header, data and data descriptor are copied byte for byte (their directory records
/// too, with the new offsets), the replaced member is deflated afresh, and the archive's
/// comment is kept. Zip64 archives and encrypted members are refused, never half-handled.
enum ZipRewriter {
    static func replace(members contents: [String: ByteStream], in path: String, displayName: String) throws {
        let archive = try ZipArchive(path: path, displayName: displayName)
        guard !archive.isZip64 else {
            throw SourceError(.unsupported, "rewriting a Zip64 archive is not supported", container: displayName, hint: "erase these records by hand")
        }
        for name in contents.keys {
            guard let member = archive.members.first(where: { $0.name == name }) else {
                throw SourceError(.missingContainer, "the archive has no such member any more", container: "\(displayName)/\(name)")
            }
            guard member.flags & 1 == 0 else { throw SourceError(.unsupported, "the member is encrypted", container: "\(displayName)/\(name)") }
        }
        let byOffset = archive.members.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        var newOffsets: [Int64: Int64] = [:]
        var replaced: [Int64: (crc: UInt32, compressed: Int64, size: Int64)] = [:]
        try AsideFile.replace(path) { out in
            for (index, member) in byOffset.enumerated() {
                newOffsets[member.localHeaderOffset] = out.length
                let end = index + 1 < byOffset.count ? byOffset[index + 1].localHeaderOffset : archive.directoryOffset
                guard let content = contents[member.name] else {
                    try out.write(contentsOf: try FileByteStream(path: path, offset: member.localHeaderOffset, length: end - member.localHeaderOffset, displayName: displayName))
                    continue
                }
                replaced[member.localHeaderOffset] = try writeMember(member, from: path, content: content, into: out, container: "\(displayName)/\(member.name)")
            }
            guard out.length < Int64(UInt32.max) else {
                throw SourceError(.unsupported, "the rewritten archive would need Zip64 (over 4 GiB)", container: displayName, hint: "erase these records by hand")
            }
            let directoryStart = out.length
            for member in archive.members {
                var record = member.directoryRecord
                if let replaced = replaced[member.localHeaderOffset] {
                    put16(member.flags & ~0x0008, into: &record, at: 8)
                    put16(8, into: &record, at: 10)
                    put32(replaced.crc, into: &record, at: 16)
                    put32(UInt32(replaced.compressed), into: &record, at: 20)
                    put32(UInt32(replaced.size), into: &record, at: 24)
                }
                put32(UInt32(newOffsets[member.localHeaderOffset] ?? 0), into: &record, at: 42)
                try out.write(record)
            }
            var end = archive.endRecord
            put32(UInt32(out.length - directoryStart), into: &end, at: 12)
            put32(UInt32(directoryStart), into: &end, at: 16)
            try out.write(end)
        }
    }

    /// The member's local header (its name, time and flags kept; no data descriptor; no
    /// extra field) and its new content, deflated; the CRC and sizes are patched in after.
    private static func writeMember(_ member: ZipArchive.Member, from path: String, content: ByteStream, into out: AsideFile,
                                    container: String) throws -> (crc: UInt32, compressed: Int64, size: Int64) {
        let handle = try FileByteStream(path: path, offset: member.localHeaderOffset, length: 30, displayName: container)
        var header = [UInt8](repeating: 0, count: 30)
        let n = try header.withUnsafeMutableBytes { try handle.read(into: $0) }
        guard n == 30, header[0..<4].elementsEqual([0x50, 0x4B, 0x03, 0x04]) else {
            throw SourceError(.malformedData, "damaged member header", container: container)
        }
        let nameLength = Int(header[26]) | Int(header[27]) << 8
        let nameBytes = Array(member.directoryRecord[46..<(46 + nameLength)])
        let headerAt = out.length
        put16(member.flags & ~0x0008, into: &header, at: 6)
        put16(8, into: &header, at: 8)
        put16(UInt16(nameBytes.count), into: &header, at: 26)
        put16(0, into: &header, at: 28)
        try out.write(header + nameBytes)
        let writer = try DeflateWriter(.rawDeflate) { try out.write($0) }
        try writer.write(contentsOf: content)
        try writer.finish()
        guard writer.consumed < Int64(UInt32.max), writer.produced < Int64(UInt32.max) else {
            throw SourceError(.unsupported, "the rewritten member would need Zip64 (over 4 GiB)", container: container, hint: "erase these records by hand")
        }
        var sizes: [UInt8] = []
        ZipWriter.put32(writer.checksum, &sizes); ZipWriter.put32(UInt32(writer.produced), &sizes); ZipWriter.put32(UInt32(writer.consumed), &sizes)
        try out.patch(sizes, at: headerAt + 14)
        return (writer.checksum, writer.produced, writer.consumed)
    }

    private static func put16(_ value: UInt16, into bytes: inout [UInt8], at offset: Int) {
        bytes[offset] = UInt8(value & 0xFF); bytes[offset + 1] = UInt8(value >> 8)
    }

    private static func put32(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        for k in 0..<4 { bytes[offset + k] = UInt8((value >> (8 * UInt32(k))) & 0xFF) }
    }
}
