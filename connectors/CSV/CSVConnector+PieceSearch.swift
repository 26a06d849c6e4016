import FootprintCore

/// A CSV file's new bytes searched in pieces (the witness of a deletion, on two threads):
/// every piece starts at a row and is read after the file's header row, with the
/// delimiter and encoding the whole file is read with, decided once from its first bytes.
extension CSVConnector: PieceSearchable {
    /// What `TextDecoding` tells the encoding from: the first bytes must hold this much.
    static let decidingBytes = 1 << 16
    /// A sniffed delimiter is decided by the first 50 lines; they must end within this many
    /// of the first bytes, so that the reader's first megabyte (decoded, at most three times
    /// as long), where it sniffs, holds the same lines.
    static let sniffingBytes = 300 << 10

    public func pieceSearch(_ matcher: IdentityMatcher, container: Container, firstBytes: UnsafeRawBufferPointer) -> PieceSearch? {
        // A compressed file's pieces would not start at a row.
        guard container.isPlainFile else { return nil }
        let bytes = firstBytes.bindMemory(to: UInt8.self)
        guard let chosen = Self.dialect(of: bytes, delimiter: delimiter, encoding: encoding),
              let headerEnd = Self.firstRowEnd(bytes, from: chosen.bomLength) else { return nil }
        let dialect = (delimiter: chosen.delimiter, encoding: chosen.encoding)
        let header = Array(bytes[0..<headerEnd])
        // Rows are told apart by their key column: a row without one is keyed by its number,
        // which a piece does not know. The header is read as every piece will read it.
        let nothing = ChunkPipe()
        nothing.finish()
        var keyed = false
        var report = ScanReport()
        _ = try? read(container, stream: ReplayByteStream(prefix: header, rest: nothing), dialect: dialect, into: &report) { _, _, keyIndex, _ in
            keyed = keyIndex != nil
            return true
        }
        guard keyed else { return nil }
        return PieceSearch(header: header) { [self] stream, report, emit in
            _ = try read(container, stream: stream, dialect: dialect, into: &report) { reader, header, keyIndex, report in
                try search(matcher, reader: reader, header: header, keyIndex: keyIndex, into: &report, emit)
                return true
            }
        }
    }

    /// The delimiter and encoding `read` would choose for a file starting with `bytes`, or
    /// nil for UTF-16 (a row boundary is not a byte boundary there) or too few bytes to tell.
    static func dialect(of bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8?, encoding: TextEncoding)
        -> (delimiter: UInt8, encoding: TextEncoding, bomLength: Int)? {
        guard !bytes.starts(with: [0xFF, 0xFE]), !bytes.starts(with: [0xFE, 0xFF]) else { return nil }
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var chosen = encoding
        switch encoding {
        case .utf16LE, .utf16BE: return nil
        case .utf8, .windows1252: break
        case .auto:
            guard bytes.count >= decidingBytes else { return nil }
            chosen = TextDecoding.isValidUTF8(Array(bytes[bom..<decidingBytes]), complete: false) ? .utf8 : .windows1252
        }
        guard !bytes.contains(0) else { return nil } // UTF-16 without a BOM, or not text
        if let delimiter { return (delimiter, chosen, bom) }
        let sniffed = CSVDialect.sniffLines(UnsafeBufferPointer(rebasing: bytes[bom..<min(bytes.count, sniffingBytes)]))
        return sniffed.decided ? (sniffed.delimiter, chosen, bom) : nil
    }

    /// Where the first row ends (after its line break), quotes respected; nil when it does not end in `bytes`.
    static func firstRowEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var inQuotes = false
        var i = start
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""): inQuotes.toggle()
            case UInt8(ascii: "\n") where !inQuotes: return i + 1
            case UInt8(ascii: "\r") where !inQuotes:
                guard i + 1 < bytes.count else { return nil } // CR LF cut here: not known
                return bytes[i + 1] == UInt8(ascii: "\n") ? i + 2 : i + 1
            default: break
            }
            i += 1
        }
        return nil
    }
}
