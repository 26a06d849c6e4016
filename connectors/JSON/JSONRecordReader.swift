import FootprintCore

/// Splits a JSON export into one value per record without loading the file: a
/// top-level array yields its elements one by one, and JSON Lines yields one value a
/// line. Element boundaries are found by tracking nesting and strings on the raw bytes,
/// then each element alone is parsed.
public final class JSONRecordReader {
    public enum Layout: String { case array, lines }

    private let stream: ByteStream
    public let container: String
    private var buffer: [UInt8]
    private var start = 0, end = 0
    private var eof = false
    private var line = 1
    public private(set) var layout: Layout?
    /// Bytes of the stream before `buffer[0]`.
    private var consumed: Int64 = 0
    /// Where the value `forEachValue` last handed over starts in the stream.
    public private(set) var valueOffset: Int64 = 0
    /// How many times the buffer was refilled: each refill scans the cut value again, so a
    /// test holds this to its logarithmic bound for a large value.
    var refills = 0

    /// - Parameter atValue: the stream starts at one record's value (an index lookup
    ///   seeking to it), not at the start of a file.
    public init(stream: ByteStream, container: String, atValue: Bool = false, bufferSize: Int = 1 << 20) {
        self.stream = stream
        self.container = container
        buffer = [UInt8](repeating: 0, count: bufferSize)
        if atValue { layout = .array }
    }

    /// Calls `body` with each record's bytes and the line it starts on.
    public func forEachValue(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Bool) throws {
        try fill()
        skipSpace()
        // Blank lines may fill more than one read: the file is empty only at its end.
        while start >= end && !eof {
            try compactAndFill()
            skipSpace()
        }
        guard start < end else { return }
        if layout == nil {
            layout = buffer[start] == UInt8(ascii: "[") ? .array : .lines
            if layout == .array { start += 1 }
        }
        while true {
            skipSpace()
            if start >= end {
                if eof {
                    if layout == .array { throw SourceError(.malformedData, "the file ends before its closing ]", container: container, line: line, hint: "the export is truncated") }
                    return
                }
                try compactAndFill()
                continue
            }
            if layout == .array {
                if buffer[start] == UInt8(ascii: "]") { return }
                if buffer[start] == UInt8(ascii: ",") { start += 1; continue }
            }
            guard let valueEnd = scanValue() else {
                if eof { throw SourceError(.malformedData, "a record starting on this line never ends", container: container, line: line, hint: "the export is truncated or not valid JSON") }
                try compactAndFill()
                continue
            }
            // A closing bracket where a record should start (`[}`): nothing to hand over,
            // and no way to go on without guessing.
            guard valueEnd > start else {
                throw SourceError(.malformedData, "unexpected '\(Character(Unicode.Scalar(buffer[start])))' where a record should start", container: container, line: line,
                                  hint: "the file is not valid JSON")
            }
            let valueLine = line
            valueOffset = consumed + Int64(start)
            for k in start..<valueEnd where buffer[k] == 0x0A { line += 1 }
            let more = try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<valueEnd]), valueLine) }
            start = valueEnd
            if !more { return }
        }
    }

    /// The end of the value at `start`, or nil if it is not all in the buffer yet.
    private func scanValue() -> Int? {
        var depth = 0
        var inString = false
        var k = start
        if layout == .lines {
            // One value a line: the line break ends it (JSON strings cannot hold a raw newline).
            while k < end, buffer[k] != 0x0A { k += 1 }
            return k < end || eof ? k : nil
        }
        while k < end {
            let b = buffer[k]
            if inString {
                if b == UInt8(ascii: "\\") { k += 1 } else if b == UInt8(ascii: "\"") { inString = false }
            } else {
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return k + 1 }
                    if depth < 0 { return k }
                case UInt8(ascii: ","): if depth == 0 { return k }
                default: break
                }
            }
            k += 1
        }
        return eof && depth == 0 && !inString ? k : nil
    }

    private func skipSpace() {
        while start < end {
            let b = buffer[start]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            if b == 0x0A { line += 1 }
            start += 1
        }
    }

    private func compactAndFill() throws {
        refills += 1
        if start == 0 && end == buffer.count {
            guard buffer.count < 1 << 28 else { throw SourceError(.limit, "a single record is larger than 256 MiB", container: container, line: line) }
            buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
        } else if start > 0 {
            buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
            end -= start
            consumed += Int64(start)
            start = 0
        }
        try fill()
    }

    /// Fills the buffer to the end (or the stream's end): a record is scanned again from its
    /// start after each fill, so filling by small reads (a transcoded or inflated stream
    /// gives 64 KiB at a time) would make a large record quadratic.
    private func fill() throws {
        while !eof, end < buffer.count {
            let n = try buffer.withUnsafeMutableBytes { try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[end...])) }
            if n == 0 { eof = true } else { end += n }
        }
    }
}
