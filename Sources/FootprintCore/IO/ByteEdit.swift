/// One change to a container's bytes: the bytes in `range` (offsets in the container's
/// own bytes, after decompression, before any transcoding) give way to `replacement`.
/// An erased record is an edit with no replacement; a de-identified one is replaced by
/// itself with some fields blanked, already encoded as the file is.
public struct ByteEdit: Sendable, Equatable {
    public var range: Range<Int64>
    public var replacement: [UInt8]

    public init(_ range: Range<Int64>, replacement: [UInt8] = []) {
        self.range = range
        self.replacement = replacement
    }

    /// The edits sorted, with overlapping or touching removals merged; an edit that
    /// overlaps another one with a replacement is a programming error caught here.
    public static func normalized(_ edits: [ByteEdit]) -> [ByteEdit] {
        var result: [ByteEdit] = []
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            if let last = result.last, edit.range.lowerBound < last.range.upperBound || (edit.range.lowerBound == last.range.upperBound && last.replacement.isEmpty && edit.replacement.isEmpty) {
                precondition(last.replacement.isEmpty && edit.replacement.isEmpty, "a replaced range overlaps another edit")
                result[result.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, edit.range.upperBound)
                continue
            }
            result.append(edit)
        }
        return result
    }
}

/// A stream's bytes with edits applied as they pass: every byte outside the edited ranges
/// comes through as it was, so a rewritten export differs only where a record was.
public final class EditedByteStream: ByteStream {
    private let upstream: ByteStream
    private var edits: ArraySlice<ByteEdit>
    /// Offset in the upstream of the next byte read from it.
    private var position: Int64 = 0
    private var pending: ArraySlice<UInt8> = []
    /// Where skipped bytes are read into (made on the first removal, then reused).
    private var scratch: [UInt8] = []
    /// Whether the bytes read so far end where a removal begins: for a rewrite that removes
    /// whole rows, the next byte read starts a row (the witness may start a piece there).
    public private(set) var endsAtRemoval = false

    public init(_ upstream: ByteStream, edits: [ByteEdit]) {
        self.upstream = upstream
        self.edits = ByteEdit.normalized(edits)[...]
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try readEdited(into: buffer)
        endsAtRemoval = n > 0 && edits.first.map { $0.range.lowerBound == position && $0.replacement.isEmpty && pending.isEmpty } ?? false
        return n
    }

    private func readEdited(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            if !pending.isEmpty {
                let n = min(buffer.count, pending.count)
                pending.prefix(n).withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: n) }
                pending = pending.dropFirst(n)
                return n
            }
            if let edit = edits.first, edit.range.lowerBound <= position {
                try skip(to: edit.range.upperBound)
                pending = edit.replacement[...]
                edits = edits.dropFirst()
                continue
            }
            // Read no further than the next edit's start.
            let limit = edits.first.map { Int(min(Int64(buffer.count), $0.range.lowerBound - position)) } ?? buffer.count
            let n = try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<limit]))
            if n == 0 {
                // The file ended before an edit's range: the rest of the edits start past
                // the end, so they have nothing to remove (their replacements still land).
                guard let edit = edits.first else { return 0 }
                pending = edit.replacement[...]
                edits = edits.dropFirst()
                continue
            }
            position += Int64(n)
            return n
        }
    }

    private func skip(to end: Int64) throws {
        if scratch.isEmpty { scratch = [UInt8](repeating: 0, count: 1 << 16) }
        while position < end {
            let want = Int(min(Int64(scratch.count), end - position))
            let n = try scratch.withUnsafeMutableBytes { try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want])) }
            if n == 0 { return }
            position += Int64(n)
        }
    }
}
