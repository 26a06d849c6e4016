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
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { normalize(bytes: UnsafeBufferPointer($0), region: regionCode) }
    }

    /// Byte-level entry point for readers that hold raw field bytes.
    public static func normalize(bytes: UnsafeBufferPointer<UInt8>, region regionCode: String) -> String? {
        guard let region = PhoneMetadata.region(regionCode) else { return nil }
        guard let (hasPlus, digits) = extractDigits(bytes) else { return nil }
        if hasPlus { return international(digits) }
        if let prefix = region.internationalPrefix, let rest = strip(pattern: prefix, from: digits), !rest.isEmpty {
            return international(rest)
        }
        return national(digits, region: region)
    }

    /// The digits of the number proper and whether it starts with `+`. Stops at an
    /// extension marker (`ext`, `x`, `#`, `;`, `,`); refuses other letters, which mean
    /// the value is not a phone number (or is a vanity number we cannot key reliably).
    static func extractDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> (Bool, [UInt8])? {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var hasPlus = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(byte)
            case UInt8(ascii: "+"):
                if !digits.isEmpty { return nil }
                hasPlus = true
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: "/"), UInt8(ascii: "\t"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "~"),
                 0xC2, 0xA0: // the two bytes of a no-break space
                break
            case UInt8(ascii: "#"), UInt8(ascii: ";"), UInt8(ascii: ","):
                index = bytes.count
                continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                // `x`, `ext`, `ext.`, `extn`, `extension` after the number start an extension.
                guard digits.count >= 4, isExtensionMarker(bytes, at: index) else { return nil }
                index = bytes.count
                continue
            default:
                return nil
            }
            index += 1
        }
        guard digits.count >= 3, digits.count <= 20 else { return nil }
        return (hasPlus, digits)
    }

    private static func isExtensionMarker(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var word: [UInt8] = []
        var index = start
        while index < bytes.count, let lower = asciiLowerLetter(bytes[index]) {
            word.append(lower)
            index += 1
        }
        return ["x", "ext", "extn", "extension", "ex"].contains(String(decoding: word, as: UTF8.self))
    }

    private static func asciiLowerLetter(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte + 32
        default: return nil
        }
    }

    /// `digits` start with a country code.
    private static func international(_ digits: [UInt8]) -> String? {
        for length in 1...3 where digits.count > length {
            guard let code = Int(String(decoding: digits[0..<length], as: UTF8.self)),
                  let region = PhoneMetadata.region(forCountryCode: code) else { continue }
            var national = Array(digits[length...])
            // `+44 (0)20 ...`: a trunk prefix written after the country code.
            if !region.isPossible(length: national.count), let stripped = stripNationalPrefix(national, region: region),
               region.isPossible(length: stripped.count) {
                national = stripped
            }
            guard national.count >= 4, code + national.count > 0, length + national.count <= 15 else { return nil }
            return "+\(code)" + String(decoding: national, as: UTF8.self)
        }
        return nil
    }

    private static func national(_ digits: [UInt8], region: PhoneRegion) -> String? {
        var number = digits
        let code = Array(String(region.countryCode).utf8)
        // Written with the region's own country code but no `+`: 14155550134, 447911123456.
        if number.starts(with: code), !region.isPossible(length: number.count),
           region.isPossible(length: number.count - code.count) {
            number.removeFirst(code.count)
        } else if let stripped = stripNationalPrefix(number, region: region), region.isPossible(length: stripped.count) {
            // As libphonenumber does: a trunk prefix is removed whenever what remains is a
            // possible number (030 1234567 in Germany is 30 1234567).
            number = stripped
        }
        guard region.isPossible(length: number.count) else { return nil }
        return "+\(region.countryCode)" + String(decoding: number, as: UTF8.self)
    }

    /// Removes the trunk prefix (or applies the region's rewrite rule); nil when the
    /// number does not start with it.
    private static func stripNationalPrefix(_ number: [UInt8], region: PhoneRegion) -> [UInt8]? {
        if let pattern = region.nationalPrefixForParsing {
            guard let regex = PhoneMetadata.prefixPattern(pattern) else { return nil }
            let text = String(decoding: number, as: UTF8.self)
            let whole = NSRange(location: 0, length: (text as NSString).length)
            guard let match = regex.firstMatch(in: text, range: whole), match.range.length > 0 || match.numberOfRanges > 1 else { return nil }
            let lastGroup = match.numberOfRanges - 1
            let captured = lastGroup > 0 && match.range(at: lastGroup).location != NSNotFound
            if let rule = region.nationalPrefixTransformRule, captured {
                let replaced = regex.replacementString(for: match, in: text, offset: 0, template: rule)
                let rest = (text as NSString).substring(from: match.range.location + match.range.length)
                return Array((replaced + rest).utf8)
            }
            return Array(number[(match.range.location + match.range.length)...])
        }
        guard let prefix = region.nationalPrefix, number.starts(with: prefix.utf8) else { return nil }
        return Array(number.dropFirst(prefix.utf8.count))
    }

    /// Strips an international-dialling prefix (a digit string or a pattern).
    private static func strip(pattern: String, from digits: [UInt8]) -> [UInt8]? {
        if pattern.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return digits.starts(with: pattern.utf8) ? Array(digits.dropFirst(pattern.utf8.count)) : nil
        }
        guard let regex = PhoneMetadata.prefixPattern(pattern) else { return nil }
        let text = String(decoding: digits, as: UTF8.self)
        guard let match = regex.firstMatch(in: text, range: NSRange(location: 0, length: digits.count)),
              match.range.length > 0 else { return nil }
        return Array(digits[match.range.length...])
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
