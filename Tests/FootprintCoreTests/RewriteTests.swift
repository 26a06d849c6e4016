import Foundation
import Testing
@testable import FootprintCore
import FootprintTestSupport

/// The pieces a file rewrite is made of: edits applied to a stream, decoded offsets mapped
/// back to a file's own bytes, and a zip rewritten with other members kept byte for byte.
@Suite("rewriting containers")
struct RewriteTests {
    @Test("edits apply as the stream passes, whatever the read size; touching removals merge")
    func edited() throws {
        let text = Array("0123456789abcdef".utf8)
        let edits = [ByteEdit(2..<4), ByteEdit(4..<6), ByteEdit(10..<12, replacement: Array("XY Z".utf8)), ByteEdit(15..<99)]
        for chunk in [1, 3, 64] {
            #expect(String(decoding: try drain(EditedByteStream(MemoryStream(text), edits: edits), chunk: chunk), as: UTF8.self) == "016789XY Zcde")
        }
        #expect(ByteEdit.normalized([ByteEdit(4..<6), ByteEdit(2..<4)]) == [ByteEdit(2..<6)])
    }

    @Test("decoded offsets map to the file's bytes: UTF-16 with surrogate pairs and a BOM, Windows-1252 with its undefined bytes, UTF-8 with a BOM")
    func offsets() throws {
        let text = "a😀é\nb€\nc"
        let utf16: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let decoded = Array(text.utf8)
        // Decoded offsets of the starts of "b" and "c", and of the end.
        let b = Int64(decoded.firstIndex(of: UInt8(ascii: "b"))!), c = Int64(decoded.firstIndex(of: UInt8(ascii: "c"))!)
        let expected: [Int64] = [2, 12, 18, Int64(utf16.count)] // "a", 😀 (two units), "é", "\n": 5 units before "b"
        let mapped = try TextOffsets.raw([0, b, c, .max], in: MemoryStream(utf16), encoding: .utf16LE)
        #expect(mapped == expected)
        // 0x81 is undefined in Windows-1252 (read as U+FFFD, three bytes of UTF-8); 0x80 is €.
        let cp1252: [UInt8] = [0x61, 0x81, 0x0A, 0x80, 0x0A, 0x62]
        let opened = try TextDecoding.open(MemoryStream(cp1252), declared: .windows1252)
        let text1252 = try drain(opened.stream)
        let second = Int64(text1252.firstIndex(of: 0x0A)! + 1), third = Int64(text1252.lastIndex(of: 0x0A)! + 1)
        #expect(try TextOffsets.raw([second, third], in: MemoryStream(cp1252), encoding: .windows1252) == [3, 5])
        #expect(try TextOffsets.raw([0, 1], in: MemoryStream([0xEF, 0xBB, 0xBF, 0x61, 0x62]), encoding: .utf8) == [3, 4])
        #expect(TextOffsets.encode(Array("García €".utf8), as: .windows1252) == [0x47, 0x61, 0x72, 0x63, 0xED, 0x61, 0x20, 0x80])
        #expect(TextOffsets.encode(Array("日本".utf8), as: .windows1252) == nil)
    }

    @Test("a zip member rewritten: the archive lists the same members, the others' stored bytes are identical, the member's content is the edited one")
    func zip() throws {
        let dir = try temporaryDirectory()
        var writer = ZipWriter()
        try writer.add("a.csv", Array("id\n1\n2\n3\n".utf8))
        try writer.add("b.csv", Array(String(repeating: "other,row\n", count: 50).utf8))
        let path = dir + "/x.zip"
        try Data(writer.bytes()).write(to: URL(fileURLWithPath: path))
        let before = try ZipArchive(path: path, displayName: "x.zip")
        let rawB = { (archive: ZipArchive) throws -> [UInt8] in
            let m = archive.members.first { $0.name == "b.csv" }!
            return try drain(FileByteStream(path: path, offset: m.localHeaderOffset, length: m.compressedSize + 30 + 5), chunk: 4096)
        }
        let bBefore = try rawB(before)
        let containers = try ContainerResolver(extensions: ["csv"], baseDirectory: dir).containers(in: path)
        let a = try #require(containers.first { $0.name.hasSuffix("a.csv") })
        try ContainerRewriter.apply([(a, [ByteEdit(5..<7)])])
        let after = try ZipArchive(path: path, displayName: "x.zip")
        #expect(after.members.map(\.name) == ["a.csv", "b.csv"])
        #expect(String(decoding: try drain(after.open(after.members[0])), as: UTF8.self) == "id\n1\n3\n")
        #expect(try rawB(after) == bBefore)
        try shell("unzip -tq '\(path)' > /dev/null")
    }

    @Test("a row number's key hash is the hash of its decimal text", arguments: [0, 7, 10, 99, 12_345, 1_000_000, Int.max, -42])
    func keyHashOfNumber(_ n: Int) {
        #expect(FileErasure.keyHash(n) == Array(String(n).utf8).withUnsafeBufferPointer(FileErasure.keyHash))
    }

    @Test("a failed rewrite leaves the original as it was and nothing beside it")
    func failure() throws {
        let dir = try temporaryDirectory()
        try "keep me\n".write(toFile: dir + "/f.csv", atomically: true, encoding: .utf8)
        struct Boom: Error {}
        #expect(throws: Boom.self) { try AsideFile.replace(dir + "/f.csv") { out in try out.write(Array("half".utf8)); throw Boom() } }
        #expect(try String(contentsOfFile: dir + "/f.csv", encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["f.csv"])
    }
}

/// The writer of large rewrites (`DirectPieceWriter` behind `AsideFile`): whole pieces go
/// to the disk directly from several threads, the rest through the page cache.
@Suite("rewriting a large file directly")
struct DirectRewriteTests {
    static let piece = DirectPieceWriter.pieceSize

    /// Bytes that differ at every offset within a piece, so a piece written at the wrong place shows.
    static func content(_ count: Int) -> [UInt8] {
        // Each 4-byte word is its own number: unique across pieces too.
        let words = (0..<UInt32(count / 4 + 1)).map { $0 &* 2_654_435_761 }
        return Array(words.withUnsafeBytes { $0.prefix(count) })
    }

    /// Where the file first differs from `expected` (its length when only that differs), or nil.
    static func firstDifference(_ path: String, _ expected: [UInt8]) throws -> Int? {
        let written = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let same = written.count == expected.count && written.withUnsafeBytes { a in expected.withUnsafeBytes { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
        if same { return nil }
        if let index = (0..<min(written.count, expected.count)).first(where: { written[$0] != expected[$0] }) { return index }
        return written.count == expected.count ? nil : min(written.count, expected.count)
    }

    @Test("byte for byte at sizes around the piece boundaries, whatever the write sizes, with patches in written and unwritten pieces",
          arguments: [0, 1, 4095, piece - 1, piece, piece + 1, 3 * piece + 12_345])
    func sizes(_ size: Int) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/export.csv"
        try [UInt8]("old".utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        var expected = Self.content(size)
        var direct = false
        try AsideFile.replace(path, direct: true) { out in
            direct = out.writesDirectly
            var at = 0
            var step = 1
            while at < size {
                let n = min(step, size - at)
                try expected[at..<(at + n)].withUnsafeBytes { try out.write($0) }
                at += n
                step = step * 7 + 3 // 1, 10, 73, … up to whole pieces and more
            }
            #expect(out.length == Int64(size))
            // A zip rewrite patches a header it wrote before its data: one far back, one in
            // the piece still being filled.
            for offset in [3, size - 5] where offset >= 0 && offset + 4 <= size {
                let patch: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF]
                try out.patch(patch, at: Int64(offset))
                expected.replaceSubrange(offset..<(offset + 4), with: patch)
            }
        }
        #expect(direct)
        #expect(try Self.firstDifference(path, expected) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["export.csv"])
    }

    @Test("an original of directFrom bytes or more is rewritten directly by default; a smaller one, or one read straight back, through the page cache")
    func byDefault() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, size) in [("small.csv", 1000), ("large.csv", Int(AsideFile.directFrom))] {
            let path = dir + "/" + name
            let bytes = Self.content(size)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            var direct = false
            try AsideFile.replace(path) { out in
                direct = out.writesDirectly
                try bytes.withUnsafeBytes { try out.write($0) }
            }
            #expect(direct == (size >= AsideFile.directFrom), "\(name)")
            #expect(try Self.firstDifference(path, bytes) == nil, "\(name)")
            // A file its caller reads straight back stays in the page cache.
            var again = true
            try AsideFile.$readAgainSoon.withValue(true) {
                try AsideFile.replace(path) { out in
                    again = out.writesDirectly
                    try bytes.withUnsafeBytes { try out.write($0) }
                }
            }
            #expect(!again, "\(name)")
            #expect(try Self.firstDifference(path, bytes) == nil, "\(name)")
        }
    }

    @Test("a direct rewrite that fails after pieces went to the disk leaves the original as it was and nothing beside it")
    func failure() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/export.csv"
        try "keep me\n".write(toFile: path, atomically: true, encoding: .utf8)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try AsideFile.replace(path, direct: true) { out in
                let piece = Self.content(Self.piece)
                for _ in 0..<(DirectPieceWriter.inFlight + 3) { try piece.withUnsafeBytes { try out.write($0) } }
                throw Boom()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["export.csv"])
    }

    // Kernels before 6.6 refuse direct writes on tmpfs (the writer then uses the page
    // cache); later ones accept them. Either way the file must come out whole.
    @Test("a direct rewrite on a filesystem in memory (tmpfs) comes out whole")
    func tmpfs() throws {
        let dir = "/dev/shm/footprint-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/export.csv"
        let bytes = Self.content(Self.piece + 77)
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try AsideFile.replace(path, direct: true) { out in
            try bytes.withUnsafeBytes { try out.write($0) }
            try out.patch([1, 2, 3], at: 10)
        }
        var expected = bytes
        expected.replaceSubrange(10..<13, with: [1, 2, 3])
        #expect(try Self.firstDifference(path, expected) == nil)
    }
}
