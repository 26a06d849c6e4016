import FootprintCore

/// A streaming RFC 4180 parser over UTF-8 bytes.
///
/// It reads the stream in chunks into one reusable buffer and hands each row to the
/// caller as offsets into that buffer (`CSVRow`), so a lookup can test a few columns of
/// millions of rows without building a single String. Quoted fields may hold the
/// delimiter, doubled quotes and CR, LF or CRLF line breaks. It is lenient where real
/// exports are sloppy and says so: a quote inside an unquoted field is kept as a
/// character and reported, as is text after a closing quote; a quoted field still open
/// at the end of the file is an error naming the line where it opened.
public final class CSVReader {
    public private(set) var delimiter: UInt8?
    public let container: String
    public private(set) var diagnostics: [Diagnostic] = []
    /// The last line where a quote opened a field that the file never closed. That quote
    /// was read as a plain character so that the records after it are not lost.
    public private(set) var unterminatedQuoteLine: Int?
    /// Buffer offset of an opening quote to read as text (see `unterminatedQuoteLine`).
    private var literalQuotePosition = -1

    private let stream: ByteStream
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var dataEnd = 0
    private var rowStart = 0
    /// Stream offset of buffer[0]: a row's offset is this plus its start in the buffer.
    private var bufferOffset: Int64 = 0
    private var eof = false
    private var line = 1
    private var row: CSVRow
    private static let maximumRowBytes = 1 << 28
    private var warnedStrayQuotes = 0
    /// How many times the buffer was refilled mid-row: held by a test to its logarithmic
    /// bound, since each refill parses the cut row again from its start.
    var refills = 0

    /// `delimiter` nil means: sniff it from the start of the file (see `CSVDialect`).
    public init(stream: ByteStream, delimiter: UInt8?, container: String, bufferSize: Int = 1 << 20) {
        self.stream = stream
        self.delimiter = delimiter
        self.container = container
        capacity = bufferSize
        buffer = .allocate(capacity: bufferSize)
        row = CSVRow()
    }

    deinit { buffer.deallocate() }

    /// Calls `body` with every row, header included, in file order; `body` returns false to stop.
    /// The row view is valid only during the call.
    public func forEachRow(_ body: (CSVRow) throws -> Bool) throws {
        try fill()
        if delimiter == nil {
            delimiter = CSVDialect.sniff(UnsafeBufferPointer(start: buffer, count: dataEnd))
        }
        let delimiter = self.delimiter!
        while true {
            switch parseRow(delimiter: delimiter) {
            case .row:
                if row.isBlank { continue }
                if try !body(row) { return }
            case .needMore:
                try compactAndFill()
            case .end:
                return
            }
        }
    }

    private enum Step { case row, needMore, end }

    /// Parses one row at `rowStart`. On `.needMore` nothing is consumed, so the row is
    /// parsed again from its start once more bytes are in the buffer.
    ///
    /// This is the hot loop of every CSV scan: it works on locals and raw pointers only
    /// (class properties would cost an exclusivity check per access).
    private func parseRow(delimiter: UInt8) -> Step {
        let buf = buffer
        let end = dataEnd
        let eof = self.eof
        var p = rowStart
        if p >= end && eof { return .end }
        var bounds = row.bounds
        var capacity = row.capacity
        var count = 0
        var newlines = 0
        var strayQuote = false
        var contentEnd = p
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

        @inline(__always) func append(_ start: Int, _ stop: Int, _ escaped: Bool) {
            if count == capacity {
                row.grow()
                bounds = row.bounds
                capacity = row.capacity
            }
            bounds[2 * count] = start
            bounds[2 * count + 1] = escaped ? ~stop : stop
            count += 1
        }

        while true {
            if p >= end {
                if !eof { return .needMore }
                // End of file right after a delimiter: one last empty field.
                append(p, p, false)
                break
            }
            if buf[p] == quote && p != literalQuotePosition {
                // Quoted field: runs to the next quote not followed by another quote.
                let start = p + 1
                var q = start
                var escaped = false
                var closed = false
                while q < end {
                    // Skip 8 bytes at a time while none is a quote or a line feed.
                    if q + 8 <= end {
                        let word = UnsafeRawPointer(buf + q).loadUnaligned(as: UInt64.self)
                        let hits = SWAR.matches(word, quote) | SWAR.matches(word, lf)
                        if hits == 0 { q += 8; continue }
                        q += hits.trailingZeroBitCount >> 3
                    }
                    let b = buf[q]
                    if b == quote {
                        if q + 1 >= end {
                            if !eof { return .needMore }
                            closed = true
                            break
                        }
                        if buf[q + 1] == quote {
                            escaped = true
                            q += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if b == lf { newlines += 1 }
                    q += 1
                }
                if !closed {
                    if !eof { return .needMore }
                    // The file ended inside this field, so its opening quote was a stray:
                    // everything after it is in the buffer; read that quote as text and
                    // parse the row again, so no later record is lost.
                    unterminatedQuoteLine = line
                    diagnostics.append(Diagnostic(.warning, container: container, line: line,
                        message: "a quote opened on this line is never closed; it was read as a character so the rest of the file could be read (check this row)"))
                    literalQuotePosition = p
                    return parseRow(delimiter: delimiter)
                }
                var fieldEnd = q
                p = q + 1
                if p < end, buf[p] != delimiter, buf[p] != lf, buf[p] != cr {
                    // `"abc"def`: text after the closing quote. Keep it, report it.
                    strayQuote = true
                    while p < end, buf[p] != delimiter, buf[p] != lf, buf[p] != cr { p += 1 }
                    if p >= end && !eof { return .needMore }
                    fieldEnd = p
                    escaped = true
                }
                append(start, fieldEnd, escaped)
            } else {
                let start = p
                while p < end {
                    if p + 8 <= end {
                        let word = UnsafeRawPointer(buf + p).loadUnaligned(as: UInt64.self)
                        let hits = SWAR.matches(word, delimiter) | SWAR.matches(word, lf) | SWAR.matches(word, cr) | SWAR.matches(word, quote)
                        if hits == 0 { p += 8; continue }
                        p += hits.trailingZeroBitCount >> 3
                    }
                    let b = buf[p]
                    if b == delimiter || b == lf || b == cr { break }
                    if b == quote && p != literalQuotePosition { strayQuote = true }
                    p += 1
                }
                if p >= end && !eof { return .needMore }
                append(start, p, false)
            }
            contentEnd = p
            if p >= end { break } // end of file ends the row
            let b = buf[p]
            if b == delimiter {
                p += 1
                continue
            }
            if b == cr {
                if p + 1 >= end && !eof { return .needMore }
                p += 1
                if p < end && buf[p] == lf { p += 1 }
            } else {
                p += 1
            }
            newlines += 1
            break
        }
        literalQuotePosition = -1
        row.buffer = buf
        row.count = count
        row.line = line
        row.offset = bufferOffset + Int64(rowStart)
        row.contentLength = contentEnd - rowStart
        if strayQuote { reportStrayQuote() }
        rowStart = p
        line += newlines
        return .row
    }

    private func reportStrayQuote() {
        warnedStrayQuotes += 1
        if warnedStrayQuotes <= 20 {
            diagnostics.append(Diagnostic(.warning, container: container, line: row.line,
                message: "a quote character inside an unquoted field (or after a closing quote) was kept as text"))
        } else if warnedStrayQuotes == 21 {
            diagnostics.append(Diagnostic(.warning, container: container, line: row.line,
                message: "more stray quotes follow; no further lines are listed"))
        }
    }

    /// Moves the unparsed tail to the front of the buffer (growing it for a row longer
    /// than the buffer) and reads more.
    private func compactAndFill() throws {
        refills += 1
        let pending = dataEnd - rowStart
        if rowStart == 0 && dataEnd == capacity {
            guard capacity < Self.maximumRowBytes else {
                throw SourceError(.limit, "a single record is longer than \(Self.maximumRowBytes >> 20) MiB", container: container, line: line,
                                  hint: "this usually means a quote opened on that line is never closed")
            }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: dataEnd)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        } else if rowStart > 0 {
            buffer.update(from: buffer + rowStart, count: pending)
            bufferOffset += Int64(rowStart)
            dataEnd = pending
            rowStart = 0
        }
        try fill()
    }

    /// Fills the buffer to the end (or the stream's end). A row cut by the buffer's end is
    /// parsed again from its start after the fill, so filling by small reads (a transcoded
    /// or inflated stream gives 64 KiB at a time) would make a large field quadratic.
    private func fill() throws {
        while dataEnd < capacity && !eof {
            let n = try stream.read(into: UnsafeMutableRawBufferPointer(start: buffer + dataEnd, count: capacity - dataEnd))
            if n == 0 { eof = true } else { dataEnd += n }
        }
    }
}

/// One parsed row: field boundaries inside the reader's buffer. Valid only inside the
/// `forEachRow` callback that received it.
public struct CSVRow {
    /// The line the row starts on (1-based), for messages and locators.
    public internal(set) var line = 0
    public internal(set) var count = 0
    /// Byte offset of the row's first byte in the decoded stream.
    public internal(set) var offset: Int64 = 0
    /// Bytes of the row before its line ending (in the decoded stream).
    public internal(set) var contentLength = 0
    var buffer: UnsafeMutablePointer<UInt8>?
    /// Per field: start offset, then end offset (bit-inverted when the field holds doubled quotes).
    let storage: RowStorage

    init() { storage = RowStorage() }

    var bounds: UnsafeMutablePointer<Int> { storage.bounds }
    var capacity: Int { storage.capacity }
    func grow() { storage.grow() }

    private func range(_ index: Int) -> (start: Int, end: Int, escaped: Bool) {
        let start = storage.bounds[2 * index], stored = storage.bounds[2 * index + 1]
        return stored < 0 ? (start, ~stored, true) : (start, stored, false)
    }

    /// A row that is one empty unquoted field: a blank line, skipped by the reader.
    var isBlank: Bool {
        guard count == 1 else { return false }
        let (start, end, _) = range(0)
        return start == end && (start == 0 || buffer![start - 1] != UInt8(ascii: "\""))
    }

    /// The field's bytes with doubled quotes undone. The pointer is valid only inside `body`.
    @inline(__always)
    public func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let (start, end, escaped) = range(index)
        let raw = UnsafeBufferPointer(start: buffer! + start, count: end - start)
        guard escaped else { return try body(raw) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            unescaped.append(raw[i])
            i += (raw[i] == UInt8(ascii: "\"") && i + 1 < raw.count && raw[i + 1] == UInt8(ascii: "\"")) ? 2 : 1
        }
        return try unescaped.withUnsafeBufferPointer { try body($0) }
    }

    /// The field as text; nil when its bytes are not UTF-8 (the caller decides how to decode).
    public func string(_ index: Int) -> String? {
        withField(index) { bytes in
            var ascii = true
            for b in bytes where b >= 0x80 { ascii = false; break }
            return ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
        }
    }
}

/// The reusable field-boundary array behind `CSVRow`.
final class RowStorage {
    private(set) var bounds: UnsafeMutablePointer<Int>
    private(set) var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
        bounds = .allocate(capacity: 2 * capacity)
    }

    deinit { bounds.deallocate() }

    func grow() {
        let bigger = UnsafeMutablePointer<Int>.allocate(capacity: 4 * capacity)
        bigger.update(from: bounds, count: 2 * capacity)
        bounds.deallocate()
        bounds = bigger
        capacity *= 2
    }
}

/// Eight-bytes-at-a-time byte search ("SIMD within a register"): lets the scanner skip
/// over field text without looking at each byte.
enum SWAR {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// A word whose lowest set high bit marks the first byte of `word` equal to `byte`
    /// (bits above the first match may be spurious; only the first is used).
    @inline(__always)
    static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }
}
