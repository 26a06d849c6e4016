/// The text encodings exports arrive in. Everything is turned into UTF-8 before
/// parsing, so readers and matchers deal with one encoding only.
public enum TextEncoding: String, Sendable, CaseIterable {
    case auto
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"
}

/// Opens a container as UTF-8: skips a byte-order mark, transcodes UTF-16 (told by its
/// BOM) and Windows-1252 (chosen when the start of a file is not valid UTF-8, which
/// is what Excel on Windows writes), and says which it used.
public enum TextDecoding {
    public struct Opened {
        public var stream: ByteStream
        public var encoding: TextEncoding
        /// Set when the encoding was guessed rather than known, for the report.
        public var note: String?
        /// Bytes of byte-order mark skipped: decoded offset + this = file offset (UTF-8 only).
        public var skipped = 0
    }

    public static func open(_ raw: ByteStream, declared: TextEncoding = .auto) throws -> Opened {
        let sniffLength = 1 << 16
        var prefix = [UInt8](repeating: 0, count: sniffLength)
        var filled = 0
        var ended = false
        try prefix.withUnsafeMutableBytes { buffer in
            while filled < sniffLength {
                let n = try raw.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if n == 0 { ended = true; break }
                filled += n
            }
        }
        prefix.removeSubrange(filled...)
        var encoding = declared
        var note: String?
        var skipped = 0
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) {
            prefix.removeFirst(3)
            skipped = 3
            if encoding == .auto { encoding = .utf8 }
        } else if prefix.starts(with: [0xFF, 0xFE]) {
            prefix.removeFirst(2)
            if encoding == .auto { encoding = .utf16LE }
        } else if prefix.starts(with: [0xFE, 0xFF]) {
            prefix.removeFirst(2)
            if encoding == .auto { encoding = .utf16BE }
        }
        if encoding == .auto {
            if isValidUTF8(prefix, complete: ended) {
                encoding = .utf8
            } else {
                encoding = .windows1252
                note = "not valid UTF-8; read as Windows-1252"
            }
        }
        let replay = ReplayByteStream(prefix: prefix, rest: raw)
        switch encoding {
        case .utf8, .auto: return Opened(stream: replay, encoding: .utf8, note: note, skipped: skipped)
        case .utf16LE, .utf16BE:
            let bigEndian = encoding == .utf16BE
            return Opened(stream: TranscodingStream(replay) { TranscodingStream.utf16($0, bigEndian: bigEndian, into: &$2) }, encoding: encoding, note: note)
        case .windows1252: return Opened(stream: TranscodingStream(replay) { TranscodingStream.windows1252($0, into: &$2) }, encoding: encoding, note: note)
        }
    }

    /// Whether `bytes` is UTF-8; a sequence cut off at the end is allowed when more follows.
    public static func isValidUTF8(_ bytes: [UInt8], complete: Bool) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return false
            }
            if i + length > n { return !complete }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }

    /// Windows-1252's 0x80–0x9F block; the rest of its upper half is Latin-1.
    static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// Decodes bytes that failed UTF-8 validation as Windows-1252.
    public static func decodeWindows1252<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            let value = (b >= 0x80 && b <= 0x9F) ? windows1252High[Int(b - 0x80)] : UInt32(b)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}

/// Gives back bytes already read for sniffing (or a header to read a piece after), then the rest of the stream.
public final class ReplayByteStream: ByteStream {
    private var prefix: [UInt8]
    private var offset = 0
    private let rest: ByteStream

    public init(prefix: [UInt8], rest: ByteStream) {
        self.prefix = prefix
        self.rest = rest
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < prefix.count {
            let n = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            offset += n
            if offset == prefix.count { prefix = []; offset = 0 }
            return n
        }
        return try rest.read(into: buffer)
    }
}

/// Transcodes a stream into UTF-8 as it is read, with a decoder that turns as many whole
/// characters as it can from the input into UTF-8 and says how many bytes it used.
final class TranscodingStream: ByteStream {
    typealias Decoder = (_ bytes: ArraySlice<UInt8>, _ atEnd: Bool, _ out: inout [UInt8]) -> Int

    private let upstream: ByteStream
    private let decode: Decoder
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    private var inputStart = 0, inputEnd = 0
    private var output: [UInt8] = []
    private var outputStart = 0
    private var ended = false

    init(_ upstream: ByteStream, decode: @escaping Decoder) {
        self.upstream = upstream
        self.decode = decode
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while output.count - outputStart == 0 {
            if ended && inputStart == inputEnd { return 0 }
            if !ended {
                if inputStart > 0 {
                    input.replaceSubrange(0..<(inputEnd - inputStart), with: input[inputStart..<inputEnd])
                    inputEnd -= inputStart
                    inputStart = 0
                }
                let n = try input.withUnsafeMutableBytes { try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[inputEnd...])) }
                if n == 0 { ended = true } else { inputEnd += n }
            }
            output.removeAll(keepingCapacity: true)
            outputStart = 0
            inputStart += decode(input[inputStart..<inputEnd], ended, &output)
            if ended && output.isEmpty { inputStart = inputEnd }
        }
        let n = min(buffer.count, output.count - outputStart)
        output.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + outputStart, byteCount: n) }
        outputStart += n
        return n
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        out.append(contentsOf: UTF8.encode(scalar)!)
    }

    /// UTF-16 code units, surrogate pairs joined; a pair cut by the chunk end waits for the next.
    static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool, into out: inout [UInt8]) -> Int {
        var i = bytes.startIndex
        func unit(_ at: Int) -> UInt16 {
            bigEndian ? UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) : UInt16(bytes[at + 1]) << 8 | UInt16(bytes[at])
        }
        while i + 1 < bytes.endIndex {
            let u = unit(i)
            if u >= 0xD800 && u < 0xDC00 {
                guard i + 3 < bytes.endIndex else { break }
                let low = unit(i + 2)
                guard low >= 0xDC00 && low < 0xE000 else {
                    // A high surrogate without its low half: a replacement character, and
                    // the next unit is read on its own.
                    appendUTF8("\u{FFFD}", to: &out)
                    i += 2
                    continue
                }
                let value = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                appendUTF8(Unicode.Scalar(value) ?? "\u{FFFD}", to: &out)
                i += 4
            } else {
                appendUTF8(Unicode.Scalar(UInt32(u)) ?? "\u{FFFD}", to: &out)
                i += 2
            }
        }
        return i - bytes.startIndex
    }

    static func windows1252(_ bytes: ArraySlice<UInt8>, into out: inout [UInt8]) -> Int {
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            let value = b <= 0x9F ? TextDecoding.windows1252High[Int(b - 0x80)] : UInt32(b)
            appendUTF8(Unicode.Scalar(value)!, to: &out)
        }
        return bytes.count
    }
}
