import Foundation

/// Turns a phone number as people and exports write it into its E.164 key
/// (`+14155550134`), so that `(415) 555-0134`, `1-415-555-0134` and
/// `+1 415 555 0134 ext. 12` all meet on one key.
///
/// The rules follow libphonenumber's parsing: an explicit `+` or the region's
/// international prefix (011, 00) introduces a country code; otherwise the number is
/// national to the default region, possibly written with that region's country code
/// or trunk prefix (1 in North America, 0 in most of Europe), which are removed when
/// what remains has a possible length. Extensions are dropped: they reach a desk,
/// not a person.
public enum PhoneNormalizer {
    /// The E.164 key, or nil when the text is not a complete phone number for `region`
    /// (too short, a local-only number without area code, letters, ...).
    public static func normalize(_ text: String, region regionCode: String) -> String? {
        var text = text
        return text.withUTF8 { normalize(bytes: $0, region: regionCode) }
    }

    /// Byte-level entry point for readers that hold raw field bytes.
    public static func normalize(bytes: UnsafeBufferPointer<UInt8>, region regionCode: String) -> String? {
        guard let region = PhoneMetadata.region(regionCode) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxKeyLength) { out in
            key(bytes, region: region, into: out.baseAddress!).map { String(decoding: UnsafeBufferPointer(start: out.baseAddress, count: $0), as: UTF8.self) }
        }
    }

    /// The longest key: `+`, a country code of up to 3 digits and at most 20 more.
    static let maxKeyLength = 24
    static let maxDigits = 20

    /// The key written to `out` (room for `maxKeyLength` bytes); returns its length. The
    /// common cases allocate nothing: digits live in stack buffers, and only regions whose
    /// prefixes are patterns go through a regular expression.
    static func key(_ bytes: UnsafeBufferPointer<UInt8>, region: PhoneRegion, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxDigits) { buffer in
            guard let (hasPlus, count) = extractDigits(bytes, into: buffer.baseAddress!) else { return nil }
            let digits = UnsafeBufferPointer(rebasing: buffer[0..<count])
            if hasPlus { return international(digits, into: out) }
            if let prefix = region.internationalPrefix, let dropped = prefixLength(pattern: prefix, in: digits), dropped < digits.count {
                return international(UnsafeBufferPointer(rebasing: digits[dropped...]), into: out)
            }
            return national(digits, region: region, into: out)
        }
    }

    /// Writes the digits of the number proper to `digits` (room for `maxDigits`) and
    /// returns whether it starts with `+` and how many there are. Stops at an extension
    /// marker (`ext`, `x`, `#`, `;`, `,`); refuses other letters, which mean the value is
    /// not a phone number (or is a vanity number we cannot key reliably).
    static func extractDigits(_ bytes: UnsafeBufferPointer<UInt8>, into digits: UnsafeMutablePointer<UInt8>) -> (Bool, Int)? {
        var count = 0
        var hasPlus = false
        var index = 0
        scanning: while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard count < maxDigits else { return nil }
                digits[count] = byte
                count += 1
            case UInt8(ascii: "+"):
                if count > 0 { return nil }
                hasPlus = true
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: "/"), UInt8(ascii: "\t"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "~"),
                 0xC2, 0xA0: // the two bytes of a no-break space
                break
            case UInt8(ascii: "#"), UInt8(ascii: ";"), UInt8(ascii: ","):
                break scanning
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                // `x`, `ext`, `ext.`, `extn`, `extension` after the number start an extension.
                guard count >= 4, isExtensionMarker(bytes, at: index) else { return nil }
                break scanning
            default:
                return nil
            }
            index += 1
        }
        guard count >= 3 else { return nil }
        return (hasPlus, count)
    }

    private static let extensionMarkers: [[UInt8]] = ["x", "ext", "extn", "extension", "ex"].map { Array($0.utf8) }

    private static func isExtensionMarker(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var end = start
        while end < bytes.count, isASCIILetter(bytes[end]) { end += 1 }
        let word = UnsafeBufferPointer(rebasing: bytes[start..<end])
        return extensionMarkers.contains { marker in
            marker.count == word.count && zip(marker, word).allSatisfy { $0 == $1 | 0x20 }
        }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    /// `digits` start with a country code.
    private static func international(_ digits: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        var code = 0
        for length in 1...3 where digits.count > length {
            code = code * 10 + Int(digits[length - 1] - UInt8(ascii: "0"))
            guard let region = PhoneMetadata.region(forCountryCode: code) else { continue }
            let rest = UnsafeBufferPointer(rebasing: digits[length...])
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxDigits) { stripped in
                var national = rest
                // `+44 (0)20 ...`: a trunk prefix written after the country code.
                if !region.isPossible(length: national.count),
                   let count = stripNationalPrefix(rest, region: region, into: stripped.baseAddress!), region.isPossible(length: count) {
                    national = UnsafeBufferPointer(rebasing: stripped[0..<count])
                }
                guard national.count >= 4, length + national.count <= 15 else { return nil }
                return write(code: code, national, into: out)
            }
        }
        return nil
    }

    private static func national(_ digits: UnsafeBufferPointer<UInt8>, region: PhoneRegion, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxDigits) { stripped in
            var number = digits
            let codeLength = decimalLength(region.countryCode)
            // Written with the region's own country code but no `+`: 14155550134, 447911123456.
            if digits.count > codeLength, startsWith(digits, code: region.countryCode, length: codeLength),
               !region.isPossible(length: digits.count), region.isPossible(length: digits.count - codeLength) {
                number = UnsafeBufferPointer(rebasing: digits[codeLength...])
            } else if let count = stripNationalPrefix(digits, region: region, into: stripped.baseAddress!), region.isPossible(length: count) {
                // As libphonenumber does: a trunk prefix is removed whenever what remains is a
                // possible number (030 1234567 in Germany is 30 1234567).
                number = UnsafeBufferPointer(rebasing: stripped[0..<count])
            }
            // E.164 caps a number at 15 digits with its country code, as the international
            // path does: a key must read back as itself.
            guard region.isPossible(length: number.count), codeLength + number.count <= 15 else { return nil }
            return write(code: region.countryCode, number, into: out)
        }
    }

    /// `+`, the country code and the national number, at `out`; returns the length.
    private static func write(code: Int, _ national: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = UInt8(ascii: "+")
        let codeLength = decimalLength(code)
        var rest = code
        for i in stride(from: codeLength, through: 1, by: -1) {
            out[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        (out + 1 + codeLength).update(from: national.baseAddress!, count: national.count)
        return 1 + codeLength + national.count
    }

    private static func decimalLength(_ value: Int) -> Int { value >= 100 ? 3 : value >= 10 ? 2 : 1 }

    private static func startsWith(_ digits: UnsafeBufferPointer<UInt8>, code: Int, length: Int) -> Bool {
        var rest = code
        for i in stride(from: length - 1, through: 0, by: -1) {
            guard digits[i] == UInt8(ascii: "0") + UInt8(rest % 10) else { return false }
            rest /= 10
        }
        return true
    }

    /// Removes the trunk prefix (or applies the region's rewrite rule), writing what
    /// remains to `out` (room for `maxDigits`); nil when the number does not start with it.
    private static func stripNationalPrefix(_ number: UnsafeBufferPointer<UInt8>, region: PhoneRegion,
                                            into out: UnsafeMutablePointer<UInt8>) -> Int? {
        if let pattern = region.nationalPrefixForParsing {
            guard let regex = PhoneMetadata.prefixPattern(pattern) else { return nil }
            let text = String(decoding: number, as: UTF8.self)
            let whole = NSRange(location: 0, length: (text as NSString).length)
            guard let match = regex.firstMatch(in: text, range: whole), match.range.length > 0 || match.numberOfRanges > 1 else { return nil }
            let lastGroup = match.numberOfRanges - 1
            let captured = lastGroup > 0 && match.range(at: lastGroup).location != NSNotFound
            let result: Substring.UTF8View
            if let rule = region.nationalPrefixTransformRule, captured {
                let replaced = regex.replacementString(for: match, in: text, offset: 0, template: rule)
                let rest = (text as NSString).substring(from: match.range.location + match.range.length)
                result = Substring(replaced + rest).utf8
            } else {
                result = Substring(text.utf8.dropFirst(match.range.location + match.range.length)).utf8
            }
            guard result.count <= maxDigits else { return nil }
            for (i, byte) in result.enumerated() { out[i] = byte }
            return result.count
        }
        guard let prefix = region.nationalPrefix, prefix.utf8.count <= number.count, number.starts(with: prefix.utf8) else { return nil }
        let rest = number.count - prefix.utf8.count
        out.update(from: number.baseAddress! + prefix.utf8.count, count: rest)
        return rest
    }

    /// How many leading digits an international-dialling prefix (a digit string or a
    /// pattern) takes; nil when the digits do not start with it.
    private static func prefixLength(pattern: String, in digits: UnsafeBufferPointer<UInt8>) -> Int? {
        if pattern.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return digits.starts(with: pattern.utf8) ? pattern.utf8.count : nil
        }
        guard let regex = PhoneMetadata.prefixPattern(pattern) else { return nil }
        let text = String(decoding: digits, as: UTF8.self)
        guard let match = regex.firstMatch(in: text, range: NSRange(location: 0, length: digits.count)),
              match.range.length > 0 else { return nil }
        return match.range.length
    }

    /// The number after the country code of an E.164 key: every written form of the
    /// number contains these digits contiguously.
    public static func nationalSignificantNumber(of key: String) -> String? {
        let digits = key.dropFirst()
        for length in 1...3 where digits.count > length {
            if let code = Int(digits.prefix(length)), PhoneMetadata.region(forCountryCode: code) != nil {
                return String(digits.dropFirst(length))
            }
        }
        return nil
    }

}
