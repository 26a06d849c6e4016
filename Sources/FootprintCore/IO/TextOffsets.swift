/// Readers see every export as UTF-8 (`TextDecoding`), so they find records at offsets in
/// the decoded text; an edit must land on the file's own bytes. This maps one to the other
/// by walking the raw bytes exactly as the decoder does, and encodes replacement text back
/// into the file's encoding, so a rewritten UTF-16 or Windows-1252 export stays what it was.
public enum TextOffsets {
    /// The raw offsets (in the container's bytes, byte-order mark included) of the given
    /// decoded offsets, which must be sorted and fall on character boundaries (a record's
    /// first byte always does). An offset past the end maps to the end.
    public static func raw(_ decoded: [Int64], in stream: ByteStream, encoding: TextEncoding) throws -> [Int64] {
        var walker = Walker(encoding: encoding)
        var pending: [UInt8] = []
        var used = 0
        var ended = false
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        return try decoded.map { target in
            // The first pass also steps over a byte-order mark, even for a target of 0.
            while walker.atStart || walker.decoded < target {
                used += walker.advance(pending[used...], atEnd: ended, until: target)
                if (!walker.atStart && walker.decoded >= target) || ended { break }
                let n = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
                pending = Array(pending[used...]) + buffer[0..<n]
                used = 0
                if n == 0 { ended = true }
            }
            return walker.raw
        }
    }

    /// UTF-8 text (a record rewritten) in the file's encoding, or nil when a character has
    /// no place in it (Windows-1252 holds 251 of them).
    public static func encode(_ utf8: [UInt8], as encoding: TextEncoding) -> [UInt8]? {
        let text = String(decoding: utf8, as: UTF8.self)
        switch encoding {
        case .utf8, .auto: return utf8
        case .utf16LE: return text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .utf16BE: return text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case .windows1252:
            var out: [UInt8] = []
            for scalar in text.unicodeScalars {
                if scalar.value < 0x80 || (scalar.value >= 0xA0 && scalar.value <= 0xFF) { out.append(UInt8(scalar.value)); continue }
                guard scalar.value != 0xFFFD, let index = TextDecoding.windows1252High.firstIndex(of: scalar.value) else { return nil }
                out.append(UInt8(0x80 + index))
            }
            return out
        }
    }

    /// Counts decoded bytes per raw unit, the way `TextDecoding`'s transcoders produce them.
    struct Walker {
        let encoding: TextEncoding
        var raw: Int64 = 0
        var decoded: Int64 = 0
        var atStart = true

        init(encoding: TextEncoding) { self.encoding = encoding }

        /// Walks whole units of `bytes` while the decoded position is below `target`;
        /// returns how many bytes it used (an incomplete unit waits for more).
        mutating func advance(_ bytes: ArraySlice<UInt8>, atEnd: Bool, until target: Int64) -> Int {
            var i = bytes.startIndex
            if atStart {
                guard bytes.count >= 3 || atEnd else { return 0 }
                atStart = false
                // TextDecoding drops any of the three marks, whatever the encoding.
                for bom: [UInt8] in [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF]] where bytes.starts(with: bom) {
                    i += bom.count
                    raw = Int64(bom.count)
                    break
                }
            }
            while i < bytes.endIndex, decoded < target {
                switch encoding {
                case .utf8, .auto:
                    decoded += 1; raw += 1; i += 1
                case .windows1252:
                    let b = bytes[i]
                    let value = b < 0x80 ? UInt32(b) : b <= 0x9F ? TextDecoding.windows1252High[Int(b - 0x80)] : UInt32(b)
                    decoded += Int64(Self.utf8Length(value)); raw += 1; i += 1
                case .utf16LE, .utf16BE:
                    guard i + 1 < bytes.endIndex else { return i - bytes.startIndex }
                    let u = unit(bytes, i)
                    if u >= 0xD800 && u < 0xDC00 {
                        guard i + 3 < bytes.endIndex else {
                            if atEnd { decoded += 3; raw += 2; i += 2; continue }
                            return i - bytes.startIndex
                        }
                        let low = unit(bytes, i + 2)
                        if low >= 0xDC00 && low < 0xE000 { decoded += 4; raw += 4; i += 4 } else { decoded += 3; raw += 2; i += 2 }
                    } else {
                        decoded += Int64(u >= 0xDC00 && u < 0xE000 ? 3 : Self.utf8Length(UInt32(u))); raw += 2; i += 2
                    }
                }
            }
            return i - bytes.startIndex
        }

        private func unit(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt16 {
            encoding == .utf16BE ? UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) : UInt16(bytes[at + 1]) << 8 | UInt16(bytes[at])
        }

        static func utf8Length(_ value: UInt32) -> Int { value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4 }
    }
}
