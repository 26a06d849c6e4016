/// Turns an email address as exports write it into its match key: trimmed, lower-cased,
/// `mailto:` and angle brackets removed, `%40` decoded to `@`.
///
/// The local part is folded too: RFC 5321 lets it be case-sensitive, but no mailbox
/// provider in practice treats `Jane@` and `jane@` as two people, and exports change case freely.
public enum EmailNormalizer {
    /// The key for one address, or nil when the text is not an address.
    public static func normalize(_ text: String) -> String? {
        normalizeASCII(text) ?? normalizeGeneral(text)
    }

    /// Any text: Unicode whitespace, `mailto:`, brackets, `%40`. The ASCII path must
    /// agree with it wherever that path answers (a test checks).
    static func normalizeGeneral(_ text: String) -> String? {
        var value = Substring(text).trimmingWhitespace()
        // `<mailto:a@x.org>` and `mailto:<a@x.org>` alike: peel both wrappers, in any order.
        while true {
            if value.lowercased().hasPrefix("mailto:") {
                value = value.dropFirst(7).trimmingWhitespace()
            } else if value.hasPrefix("<"), value.hasSuffix(">"), value.count >= 2 {
                value = value.dropFirst().dropLast().trimmingWhitespace()
            } else {
                break
            }
        }
        var key = String(value).lowercased()
        if key.contains("%") { key = key.replacingPercent40() }
        guard let at = key.firstIndex(of: "@"), at != key.startIndex, key.index(after: at) != key.endIndex,
              key[key.index(after: at)...].firstIndex(of: "@") == nil,
              !key.contains(where: { $0 == " " || $0 == "," || $0 == ";" || $0 == "\"" || $0 == "<" || $0 == ">" }),
              key[key.index(after: at)...].contains(".") else { return nil }
        return key
    }

    /// The common case: plain ASCII, no `%`, `mailto:` or brackets. Returns nil to send
    /// anything else through the general path (which may still accept it).
    static func normalizeASCII(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { out in
                normalizeASCII(bytes, into: out.baseAddress!).map { String(decoding: UnsafeBufferPointer(start: out.baseAddress, count: $0), as: UTF8.self) }
            }
        }
    }

    /// The common case on raw bytes, for scans: writes the key to `out` (room for
    /// `bytes.count`) and returns its length, or nil when the general path must decide.
    public static func normalizeASCII(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 || bytes[end - 1] == 13 || bytes[end - 1] == 10 { end -= 1 }
        guard end > start else { return nil }
        var at = -1
        var dotAfterAt = false
        for i in start..<end {
            var b = bytes[i]
            switch b {
            case 0x80..., 0...32, UInt8(ascii: "%"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\""), UInt8(ascii: ":"):
                return nil
            case UInt8(ascii: "@"):
                guard at < 0 else { return nil }
                at = i
            case UInt8(ascii: "."):
                if at >= 0 { dotAfterAt = true }
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                b |= 0x20
            default: break
            }
            out[i - start] = b
        }
        guard at > start, at < end - 1, dotAfterAt else { return nil }
        return end - start
    }

    /// Every address in a field that may hold several (`a@x.com; b@y.com`).
    public static func keys(in text: String) -> [String] {
        if let single = normalize(text) { return [single] }
        return text.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " || $0 == "\n" || $0 == "\t" })
            .compactMap { normalize(String($0)) }
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return s
    }
}

extension String {
    /// The string without leading and trailing characters from `set` (" \t", say).
    public func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }

    func replacingPercent40() -> String {
        var out = ""
        var index = startIndex
        while index < endIndex {
            if self[index] == "%", self[index...].hasPrefix("%40") {
                out.append("@")
                index = self.index(index, offsetBy: 3)
            } else {
                out.append(self[index])
                index = self.index(after: index)
            }
        }
        return out
    }
}
