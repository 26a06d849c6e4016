import Foundation
import Testing
@testable import FootprintCore
import FootprintReports
import FootprintTestSupport

/// What fuzzing the readers found, kept as regression tests: bad bytes become a located
/// error or a replacement character, never a crash, a hang or a silent wrong answer.
@Suite("Hostile input: decoders, archives, numbers, probes")
struct HostileInputTests {
    @Test("a UTF-16 high surrogate followed by anything but a low one becomes U+FFFD, and the next unit is read")
    func loneSurrogate() throws {
        // LE: D800 'A', then a high surrogate at the very end.
        let le: [UInt8] = [0x00, 0xD8, 0x41, 0x00, 0x00, 0xD8, 0x00, 0xDB, 0x42, 0x00]
        var out: [UInt8] = []
        _ = TranscodingStream.utf16(le[...], bigEndian: false, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\u{FFFD}A\u{FFFD}\u{FFFD}B")
        let be: [UInt8] = [0xD8, 0x00, 0xD8, 0x01, 0x00, 0x43]
        out = []
        _ = TranscodingStream.utf16(be[...], bigEndian: true, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\u{FFFD}\u{FFFD}C")
        // Through the stream, a surrogate cut off by the end of the file.
        let stream = TranscodingStream(MemoryStream([0x41, 0x00, 0x00, 0xD8])) { TranscodingStream.utf16($0, bigEndian: false, into: &$2) }
        #expect(String(decoding: try drain(stream), as: UTF8.self) == "A")
    }

    /// A Zip64 end-of-directory record, its locator and the classic record, with the given numbers.
    func zip64(recordOffset: UInt64, entries: UInt64, size: UInt64, offset: UInt64, directory: [UInt8] = []) -> [UInt8] {
        func le(_ value: UInt64, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
        var file = directory
        let record = le(0x0606_4B50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4) + le(entries, 8) + le(entries, 8) + le(size, 8) + le(offset, 8)
        let at = UInt64(file.count)
        file += record
        file += le(0x0706_4B50, 4) + le(0, 4) + le(recordOffset == .max ? at : recordOffset, 8) + le(1, 4)
        file += le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(0, 2)
        return file
    }

    @Test("Zip64 numbers at or past 2^63, or that overflow when added, are damage, not a crash", arguments: [
        (UInt64(1) << 63, UInt64(1), UInt64(10), UInt64(0)),      // locator past 2^63
        (UInt64.max, UInt64(1) << 63, UInt64(46), UInt64(0)),     // entry count past 2^63
        (UInt64.max, UInt64(1), UInt64(1) << 63, UInt64(0)),      // directory size past 2^63
        (UInt64.max, UInt64(1), UInt64(46), UInt64(Int64.max - 10)), // offset + size overflows
        (UInt64.max, UInt64(1_000_000), UInt64(46), UInt64(0)),   // more entries than fit
    ])
    func zip64Numbers(_ recordOffset: UInt64, _ entries: UInt64, _ size: UInt64, _ offset: UInt64) throws {
        let dir = try temporaryDirectory()
        try Data(zip64(recordOffset: recordOffset, entries: entries, size: size, offset: offset)).write(to: URL(fileURLWithPath: dir + "/x.zip"))
        #expect(throws: SourceError.self) { try ZipArchive(path: dir + "/x.zip", displayName: "x.zip") }
    }

    @Test("a member whose Zip64 offset is past 2^63 is damage")
    func zip64Member() throws {
        func le(_ value: UInt64, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
        let name = Array("a.csv".utf8)
        let extra = le(1, 2) + le(24, 2) + le(UInt64(1) << 63, 8) + le(UInt64(1) << 63, 8) + le(UInt64(1) << 63, 8)
        let entry = le(0x0201_4B50, 4) + le(45, 2) + le(45, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4)
            + le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(UInt64(name.count), 2) + le(UInt64(extra.count), 2) + le(0, 2) + le(0, 2) + le(0, 2)
            + le(0, 4) + le(0xFFFF_FFFF, 4) + name + extra
        let file = zip64(recordOffset: .max, entries: 1, size: UInt64(entry.count), offset: 0, directory: entry)
        let dir = try temporaryDirectory()
        try Data(file).write(to: URL(fileURLWithPath: dir + "/m.zip"))
        #expect(throws: SourceError.self) { try ZipArchive(path: dir + "/m.zip", displayName: "m.zip") }
    }

    @Test("gzip: trailing zeros (which gzip -d accepts) are the end; damage keeps what came before it")
    func gzipEnds() throws {
        let dir = try temporaryDirectory()
        let text = (0..<20000).map { "row \($0),value \($0 * 7)\n" }.joined()
        try text.write(toFile: "\(dir)/big", atomically: true, encoding: .utf8)
        try shell("cd \(dir) && gzip -c big > big.gz && cp big.gz padded.gz && head -c 4096 /dev/zero >> padded.gz && head -c 60000 big.gz > cut.gz"
                  + " && cp big.gz junk.gz && printf 'not gzip' >> junk.gz")
        let padded = try InflateByteStream(FileByteStream(path: "\(dir)/padded.gz"), format: .gzip, name: "padded.gz")
        #expect(String(decoding: try drain(padded, chunk: 1 << 16), as: UTF8.self) == text)
        // Truncated: everything before the cut comes out, then the error.
        let cut = try InflateByteStream(FileByteStream(path: "\(dir)/cut.gz"), format: .gzip, name: "cut.gz")
        var got: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var failed = false
        do {
            while true {
                let n = try buffer.withUnsafeMutableBytes { try cut.read(into: $0) }
                if n == 0 { break }
                got += buffer[0..<n]
            }
        } catch is SourceError { failed = true }
        #expect(failed)
        #expect(got.count > 200_000, "only \(got.count) bytes came out before the damage")
        #expect(text.utf8.starts(with: got))
        // Garbage after the stream: the data, then an error that says so.
        let junk = try InflateByteStream(FileByteStream(path: "\(dir)/junk.gz"), format: .gzip, name: "junk.gz")
        #expect(throws: SourceError.self) { _ = try drain(junk, chunk: 1 << 20) }
    }

    @Test("malformed JSON numbers are syntax errors, never copied into output", arguments: ["-", "+1", "1.2.3e", "1e", "01", ".5", "1.", "--1", "1e+", "-e5"])
    func badNumbers(_ text: String) throws {
        let json = Array("{\"a\": \(text)}".utf8)
        #expect(throws: JSONSyntaxError.self) { _ = try json.withUnsafeBufferPointer { try JSONParser.parse($0) } }
        #expect(!JSONNumberSyntax.isValid(text))
    }

    @Test("valid JSON numbers stay numbers", arguments: ["0", "-0", "12", "-0.5", "1e5", "1E+5", "2.5e-3", "9223372036854775808"])
    func goodNumbers(_ text: String) throws {
        #expect(JSONNumberSyntax.isValid(text))
        var out: [UInt8] = []
        RecordJSON.appendValue(.number(text), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == text)
        out = []
        RecordJSON.appendValue(.number("NaN"), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"NaN\"")
    }

    @Test("the email probe lets through what the normalizer folds to the wanted key (a Kelvin sign K)")
    func emailLookalike() throws {
        let keys = try IdentityKeys(Identity(emails: ["kate@example.com"]), region: "US")
        let source = try contactsSource()
        let matcher = IdentityMatcher(keys: keys, source: source)
        let field = "\u{212A}ate@example.com"
        #expect(EmailNormalizer.keys(in: field).contains("kate@example.com"))
        let mapping = try #require(source.fields.first { $0.identifier == .email })
        var bytes = Array(field.utf8)
        #expect(bytes.withUnsafeBufferPointer { matcher.probe(for: mapping).mayMatch($0) })
        bytes = Array("other@example.com".utf8)
        #expect(!bytes.withUnsafeBufferPointer { matcher.probe(for: mapping).mayMatch($0) })
    }
}
