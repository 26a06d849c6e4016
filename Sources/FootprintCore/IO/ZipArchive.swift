import Foundation

/// Reads the member list of a .zip archive (a Salesforce weekly export is one CSV per
/// object in a zip) and opens members as streams, without extracting anything to disk.
/// Supports stored and deflated members and Zip64 sizes; refuses encrypted members.
public struct ZipArchive: Sendable {
    public struct Member: Sendable {
        public var name: String
        public var method: UInt16
        public var flags: UInt16
        public var compressedSize: Int64
        public var uncompressedSize: Int64
        public var localHeaderOffset: Int64
        /// The member's central-directory record as it is in the file (a rewrite copies it).
        public var directoryRecord: [UInt8] = []
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    public let path: String
    public let displayName: String
    public let members: [Member]
    /// Where the central directory starts: the members' bytes all lie before it.
    public let directoryOffset: Int64
    /// The end-of-central-directory record with its comment, as it is in the file.
    public let endRecord: [UInt8]
    /// Whether the archive uses Zip64 records (a rewrite refuses those).
    public let isZip64: Bool

    public init(path: String, displayName: String) throws {
        self.path = path
        self.displayName = displayName
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SourceError(.io, "cannot open the archive", container: displayName)
        }
        defer { try? handle.close() }
        let size = Int64(try handle.seekToEnd())
        // The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KiB.
        let tailLength = min(size, 22 + 65_535)
        try handle.seek(toOffset: UInt64(size - tailLength))
        let tail = [UInt8](try handle.read(upToCount: Int(tailLength)) ?? Data())
        guard let eocd = Self.lastIndex(of: [0x50, 0x4B, 0x05, 0x06], in: tail) else {
            throw SourceError(.malformedData, "not a zip archive, or its directory is missing (truncated download?)", container: displayName,
                              hint: "re-download the export; a complete zip ends with its member directory")
        }
        endRecord = Array(tail[eocd...])
        var zip64 = false
        var entries = Int64(tail.le16(eocd + 10))
        var directorySize = Int64(tail.le32(eocd + 12))
        var directoryOffset = Int64(tail.le32(eocd + 16))
        // Zip64: the real numbers sit in a second record pointed to by a locator just before.
        if directoryOffset == 0xFFFF_FFFF || entries == 0xFFFF, eocd >= 20,
           tail[(eocd - 20)..<(eocd - 16)].elementsEqual([0x50, 0x4B, 0x06, 0x07]) {
            // Every 64-bit number in an archive is untrusted: one at or past 2^63, or past
            // the end of the file, is damage, never a trap.
            guard let recordOffset = Int64(exactly: tail.le64(eocd - 20 + 8)), recordOffset < size else {
                throw SourceError(.malformedData, "damaged Zip64 directory locator", container: displayName)
            }
            try handle.seek(toOffset: UInt64(recordOffset))
            let record = [UInt8](try handle.read(upToCount: 56) ?? Data())
            guard record.count == 56, record[0..<4].elementsEqual([0x50, 0x4B, 0x06, 0x06]) else {
                throw SourceError(.malformedData, "damaged Zip64 directory", container: displayName)
            }
            guard let count = Int64(exactly: record.le64(32)), let length = Int64(exactly: record.le64(40)),
                  let offset = Int64(exactly: record.le64(48)) else {
                throw SourceError(.malformedData, "damaged Zip64 directory", container: displayName)
            }
            zip64 = true
            entries = count
            directorySize = length
            directoryOffset = offset
        }
        let (directoryEnd, overflow) = directoryOffset.addingReportingOverflow(directorySize)
        guard !overflow, directoryEnd <= size else {
            throw SourceError(.malformedData, "the archive's directory points past its end (truncated?)", container: displayName)
        }
        // Each directory entry takes at least 46 bytes: more entries than fit is damage.
        guard entries <= directorySize / 46 else {
            throw SourceError(.malformedData, "damaged zip directory: it claims more members than it holds", container: displayName)
        }
        try handle.seek(toOffset: UInt64(directoryOffset))
        let directory = [UInt8](try handle.read(upToCount: Int(directorySize)) ?? Data())
        var members: [Member] = []
        var at = 0
        for _ in 0..<entries {
            guard at + 46 <= directory.count, directory[at..<(at + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) else {
                throw SourceError(.malformedData, "damaged zip directory", container: displayName)
            }
            let nameLength = Int(directory.le16(at + 28)), extraLength = Int(directory.le16(at + 30))
            let commentLength = Int(directory.le16(at + 32))
            guard at + 46 + nameLength + extraLength <= directory.count else {
                throw SourceError(.malformedData, "damaged zip directory", container: displayName)
            }
            var member = Member(
                name: String(decoding: directory[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self),
                method: directory.le16(at + 10), flags: directory.le16(at + 8),
                compressedSize: Int64(directory.le32(at + 20)), uncompressedSize: Int64(directory.le32(at + 24)),
                localHeaderOffset: Int64(directory.le32(at + 42)))
            member.directoryRecord = Array(directory[at..<min(directory.count, at + 46 + nameLength + extraLength + commentLength)])
            Self.applyZip64(extra: Array(directory[(at + 46 + nameLength)..<(at + 46 + nameLength + extraLength)]), to: &member)
            if directory.le32(at + 20) == 0xFFFF_FFFF || directory.le32(at + 24) == 0xFFFF_FFFF || directory.le32(at + 42) == 0xFFFF_FFFF { zip64 = true }
            guard member.compressedSize >= 0, member.uncompressedSize >= 0, member.localHeaderOffset >= 0,
                  member.localHeaderOffset < size, member.compressedSize <= size else {
                throw SourceError(.malformedData, "damaged zip directory: a member's size or offset lies outside the archive", container: displayName)
            }
            members.append(member)
            at += 46 + nameLength + extraLength + commentLength
        }
        self.members = members
        self.directoryOffset = directoryOffset
        self.isZip64 = zip64
    }

    /// A stream of one member's uncompressed bytes.
    public func open(_ member: Member) throws -> ByteStream {
        let container = "\(displayName)/\(member.name)"
        guard member.flags & 1 == 0 else {
            throw SourceError(.unsupported, "the member is encrypted", container: container, hint: "export it without a password")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SourceError(.io, "cannot open the archive", container: container) }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(member.localHeaderOffset))
        let header = [UInt8](try handle.read(upToCount: 30) ?? Data())
        guard header.count == 30, header[0..<4].elementsEqual([0x50, 0x4B, 0x03, 0x04]) else {
            throw SourceError(.malformedData, "damaged member header", container: container)
        }
        // Both are below 2^63 - 2^17 (checked when the directory was read): no overflow.
        let dataOffset = member.localHeaderOffset + 30 + Int64(header.le16(26)) + Int64(header.le16(28))
        let raw = try FileByteStream(path: path, offset: dataOffset, length: member.compressedSize, displayName: container)
        switch member.method {
        case 0: return raw
        case 8: return try InflateByteStream(raw, format: .rawDeflate, name: container)
        default:
            throw SourceError(.unsupported, "compression method \(member.method) is not supported", container: container,
                              hint: "re-create the zip with standard (deflate) compression")
        }
    }

    private static func applyZip64(extra: [UInt8], to member: inout Member) {
        var at = 0
        while at + 4 <= extra.count {
            let id = extra.le16(at), length = Int(extra.le16(at + 2))
            if id == 0x0001 {
                var field = at + 4
                // A value at or past 2^63 becomes -1, which the caller rejects as damage.
                func value(_ at: Int) -> Int64 { Int64(exactly: extra.le64(at)) ?? -1 }
                if member.uncompressedSize == 0xFFFF_FFFF, field + 8 <= extra.count { member.uncompressedSize = value(field); field += 8 }
                if member.compressedSize == 0xFFFF_FFFF, field + 8 <= extra.count { member.compressedSize = value(field); field += 8 }
                if member.localHeaderOffset == 0xFFFF_FFFF, field + 8 <= extra.count { member.localHeaderOffset = value(field) }
            }
            at += 4 + length
        }
    }

    private static func lastIndex(of signature: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        var i = bytes.count - 22
        while i >= 0 {
            if bytes[i..<(i + 4)].elementsEqual(signature) { return i }
            i -= 1
        }
        return nil
    }
}

private extension Array where Element == UInt8 {
    func le16(_ at: Int) -> UInt16 { UInt16(self[at]) | UInt16(self[at + 1]) << 8 }
    func le32(_ at: Int) -> UInt32 { UInt32(le16(at)) | UInt32(le16(at + 2)) << 16 }
    func le64(_ at: Int) -> UInt64 { UInt64(le32(at)) | UInt64(le32(at + 4)) << 32 }
}
