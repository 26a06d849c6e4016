import Foundation
import Synchronization

/// What Footprint knows of one telephone numbering region, compiled from Google's
/// libphonenumber metadata by scripts/gen-phone-metadata.py (see PhoneMetadataTable.swift).
struct PhoneRegion: Sendable {
    let id: String
    let countryCode: Int
    let isMainForCode: Bool
    /// Digits (or a pattern) dialled before a country code to call abroad: 011, 00, ...
    let internationalPrefix: String?
    /// The trunk prefix dialled before a national number: 0 in most of Europe, 1 in NANP.
    let nationalPrefix: String?
    /// A pattern, when stripping the trunk prefix is more than removing `nationalPrefix`.
    let nationalPrefixForParsing: String?
    /// How to rewrite the number when `nationalPrefixForParsing` captured a group.
    let nationalPrefixTransformRule: String?
    /// Bit n set: a national significant number of n digits is possible.
    let nationalLengths: UInt32
    /// Bit n set: n digits dial locally only (no area code), so it is not a full number.
    let localOnlyLengths: UInt32

    func isPossible(length: Int) -> Bool {
        length > 0 && length < 32 && nationalLengths & (1 << UInt32(length)) != 0
    }
}

/// Lookup over the compiled phone metadata: by region code and by country calling code.
public enum PhoneMetadata {
    static let byRegion: [String: PhoneRegion] = {
        var table: [String: PhoneRegion] = [:]
        for region in regions where region.id != "001" { table[region.id] = region }
        return table
    }()

    /// The region whose rules apply to numbers written with `+code`: the main country
    /// for a shared code (US for +1), or the only region with that code.
    static let byCountryCode: [Int: PhoneRegion] = {
        var table: [Int: PhoneRegion] = [:]
        for region in regions where table[region.countryCode] == nil || region.isMainForCode {
            table[region.countryCode] = region
        }
        return table
    }()

    static func region(_ code: String) -> PhoneRegion? { byRegion[code.uppercased()] }

    /// Whether `code` is a region Footprint has phone metadata for.
    public static func isKnownRegion(_ code: String) -> Bool { region(code) != nil }

    static func region(forCountryCode code: Int) -> PhoneRegion? { byCountryCode[code] }

    private static let patternCache = Mutex<[String: NSRegularExpression]>([:])

    /// A metadata pattern compiled once and anchored at the start of the input, the way
    /// libphonenumber applies prefix patterns.
    static func prefixPattern(_ pattern: String) -> NSRegularExpression? {
        patternCache.withLock { cache in
            if let cached = cache[pattern] { return cached }
            let compiled = try? NSRegularExpression(pattern: "^(?:\(pattern))")
            cache[pattern] = compiled
            return compiled
        }
    }
}
