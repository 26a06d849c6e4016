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
