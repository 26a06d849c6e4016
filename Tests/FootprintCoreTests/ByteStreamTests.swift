import Foundation
import Testing
@testable import FootprintCore
import FootprintTestSupport

@Suite("Byte streams: encodings, gzip, zip, globs")
struct ByteStreamTests {
    @Test("UTF-8 BOM is skipped")
    func utf8BOM() throws {
        let opened = try TextDecoding.open(MemoryStream([0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8)))
        #expect(opened.encoding == .utf8)
        #expect(try drain(opened.stream) == Array("a,b\n".utf8))
    }

    @Test("UTF-16 LE and BE with BOM are transcoded to UTF-8", arguments: [false, true])
    func utf16(bigEndian: Bool) throws {
        let text = "Name,Email\nJosé 😀,jose@example.com\n"
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let opened = try TextDecoding.open(MemoryStream(bytes))
        #expect(opened.encoding == (bigEndian ? .utf16BE : .utf16LE))
        #expect(String(decoding: try drain(opened.stream, chunk: 3), as: UTF8.self) == text)
    }

    @Test("a file that is not UTF-8 is read as Windows-1252, and says so")
    func windows1252() throws {
        let bytes: [UInt8] = Array("Name;Note\nGarc".utf8) + [0xED] + Array("a;".utf8) + [0x80, 0x93, 0x94] + [0x0A]
        let opened = try TextDecoding.open(MemoryStream(bytes))
        #expect(opened.encoding == .windows1252)
        #expect(opened.note?.contains("Windows-1252") == true)
        #expect(String(decoding: try drain(opened.stream), as: UTF8.self) == "Name;Note\nGarcía;€“”\n")
    }

    @Test("gzip streams inflate, including several members back to back")
    func gzip() throws {
        let dir = try temporaryDirectory()
        try "first part\n".write(toFile: "\(dir)/a", atomically: true, encoding: .utf8)
        try "second part\n".write(toFile: "\(dir)/b", atomically: true, encoding: .utf8)
        try shell("cd \(dir) && gzip -c a > a.gz && gzip -c b > b.gz && cat a.gz b.gz > ab.gz")
        let stream = try InflateByteStream(FileByteStream(path: "\(dir)/ab.gz"), format: .gzip, name: "ab.gz")
        #expect(String(decoding: try drain(stream), as: UTF8.self) == "first part\nsecond part\n")
    }

    @Test("a truncated gzip is an error, never a shorter file")
    func truncatedGzip() throws {
        let dir = try temporaryDirectory()
        let text = (0..<5000).map { "row \($0),value \($0 * 7)\n" }.joined()
        try text.write(toFile: "\(dir)/big", atomically: true, encoding: .utf8)
        try shell("cd \(dir) && gzip -c big > big.gz && head -c 9000 big.gz > cut.gz")
        let stream = try InflateByteStream(FileByteStream(path: "\(dir)/cut.gz"), format: .gzip, name: "cut.gz")
        #expect(throws: SourceError.self) { _ = try drain(stream, chunk: 4096) }
    }

    @Test("zip members are listed and streamed, stored or deflated")
    func zip() throws {
        let dir = try temporaryDirectory()
        try shell("""
            cd \(dir) && python3 -c "
            import zipfile
            with zipfile.ZipFile('x.zip', 'w') as z:
                z.writestr('Contact.csv', 'Id,Email\\n1,a@example.com\\n' * 300, compress_type=zipfile.ZIP_DEFLATED)
                z.writestr('Lead.csv', 'Id,Email\\n2,b@example.com\\n', compress_type=zipfile.ZIP_STORED)
                z.writestr('folder/', '')
            "
            """)
        let archive = try ZipArchive(path: "\(dir)/x.zip", displayName: "x.zip")
        #expect(archive.members.map(\.name) == ["Contact.csv", "Lead.csv", "folder/"])
        let contact = String(decoding: try drain(archive.open(archive.members[0]), chunk: 100), as: UTF8.self)
        #expect(contact == String(repeating: "Id,Email\n1,a@example.com\n", count: 300))
        #expect(String(decoding: try drain(archive.open(archive.members[1])), as: UTF8.self) == "Id,Email\n2,b@example.com\n")
        let resolver = ContainerResolver(extensions: ["csv"], baseDirectory: dir)
        #expect(try resolver.containers(in: "\(dir)/x.zip").map(\.name) == ["x.zip/Contact.csv", "x.zip/Lead.csv"])
    }

    @Test("a damaged zip is a clear error")
    func damagedZip() throws {
        let dir = try temporaryDirectory()
        try "this is not a zip".write(toFile: "\(dir)/bad.zip", atomically: true, encoding: .utf8)
        #expect(throws: SourceError.self) { try ZipArchive(path: "\(dir)/bad.zip", displayName: "bad.zip") }
    }

    @Test("globs: wildcards within a folder, ** across folders, sorted")
    func globs() throws {
        let dir = try temporaryDirectory()
        try shell("mkdir -p \(dir)/a/b && touch \(dir)/a/x.csv \(dir)/a/y.csv \(dir)/a/b/z.csv \(dir)/a/notes.txt")
        #expect(Glob.expand("a/*.csv", relativeTo: dir) == ["\(dir)/a/x.csv", "\(dir)/a/y.csv"])
        #expect(Glob.expand("a/**/*.csv", relativeTo: dir) == ["\(dir)/a/b/z.csv", "\(dir)/a/x.csv", "\(dir)/a/y.csv"])
        #expect(Glob.expand("a/?.csv", relativeTo: dir).count == 2)
        #expect(Glob.expand("nope/*.csv", relativeTo: dir).isEmpty)
    }
}
