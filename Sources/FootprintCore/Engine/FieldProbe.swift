/// A cheap, allocation-free test a reader runs on a field's raw bytes before building a
/// record: "could this field possibly match the identity?". A false answer must be
/// certain (a missed record is a legal violation); a true answer only means the full
/// matcher will look. This is what lets a lookup read millions of rows a second.
public struct FieldProbe: Sendable {
    enum Test: Sendable {
        /// The field contains one of these lower-case byte strings, ignoring ASCII case.
        case containsAnyFolded([[UInt8]])
        /// The field's digits contain one of these digit strings.
        case digitsContainAny([[UInt8]])
        /// The trimmed field equals one of these byte strings.
        case equalsAnyTrimmed([[UInt8]])
        /// The field shares enough letter trigrams (folded ASCII) with one of the name's
        /// words — two, or one for a three-letter word — or holds non-ASCII letters the
        /// probe cannot fold. A typo leaves most trigrams of a longer word intact.
        case sharesTrigrams(TrigramTable)
        case always
        /// This field alone can never make a record match (a city column, say).
        case never
    }

    let test: Test

    public func mayMatch(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        switch test {
        case .always:
            return true
        case .never:
            return false
        case .sharesTrigrams(let table):
            return table.matches(field)
        case .containsAnyFolded(let needles):
            for needle in needles where containsFolded(field, needle) { return true }
            // Percent-encoded addresses (`jane%40example.com`) and anything beyond ASCII (a
            // letter whose Unicode lower case is ASCII, such as the Kelvin sign K) need the
            // full normalizer.
            return field.contains { $0 == UInt8(ascii: "%") || $0 >= 0x80 }
        case .digitsContainAny(let needles):
            return digitsContain(field, needles)
        case .equalsAnyTrimmed(let values):
            let trimmed = trim(field)
            return values.contains { $0.elementsEqual(trimmed) }
        }
    }

    /// The probe for one mapped field, given what the identity holds.
    static func make(for mapping: FieldMapping, keys: IdentityKeys, defaultRegion: String) -> FieldProbe {
        guard let kind = mapping.identifier else { return FieldProbe(test: .always) }
        switch kind {
        case .email:
            return FieldProbe(test: .containsAnyFolded(keys.emails.map { Array($0.utf8) }))
        case .phone:
            // Regions that rewrite local numbers (adding an area code) can produce digits
            // the field does not contain; let the full normalizer see every value there.
            if PhoneMetadata.region(mapping.region ?? defaultRegion)?.nationalPrefixTransformRule != nil { return FieldProbe(test: .always) }
            return FieldProbe(test: .digitsContainAny(keys.phones.compactMap(PhoneNormalizer.nationalSignificantNumber).map { Array($0.utf8) }))
        case .accountID:
            let prefix = "\(mapping.namespace ?? "")="
            let values = keys.accountIDs.filter { $0.hasPrefix(prefix) }.map { Array($0.dropFirst(prefix.count).utf8) }
            return FieldProbe(test: .equalsAnyTrimmed(values))
        case .name:
            var words = keys.names.flatMap { $0.given + $0.family }
            for given in keys.names.compactMap(\.first) {
                for group in Nicknames.groupIDs[given] ?? [] { words += Nicknames.groups[group] }
            }
            guard let table = TrigramTable(words: words) else { return FieldProbe(test: .always) }
            return FieldProbe(test: .sharesTrigrams(table))
        case .address:
            switch mapping.part {
            case .city, .state: return FieldProbe(test: .never)
            case .zip: return FieldProbe(test: .containsAnyFolded(keys.addresses.compactMap(\.zip).map { Array($0.utf8) }))
            default:
                let numbers = keys.addresses.compactMap(\.number)
                guard numbers.count == keys.addresses.count else { return FieldProbe(test: .always) }
                return FieldProbe(test: .containsAnyFolded(numbers.map { Array($0.lowercased().utf8) }))
            }
        case .dob:
            // Every written form of a date holds the last two digits of its year.
            return FieldProbe(test: .digitsContainAny(keys.datesOfBirth.map { Array($0.prefix(4).suffix(2).utf8) }))
        case .device:
            return FieldProbe(test: .always)
        }
    }

    private func containsFolded(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0, haystack.count >= n else { return false }
        let first = needle[0]
        var i = 0
        let last = haystack.count - n
        while i <= last {
            if haystack[i] | 0x20 == first || haystack[i] == first {
                var j = 1
                while j < n {
                    let b = haystack[i + j]
                    let folded = (b >= 65 && b <= 90) ? b | 0x20 : b
                    if folded != needle[j] { break }
                    j += 1
                }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }

    private func digitsContain(_ field: UnsafeBufferPointer<UInt8>, _ needles: [[UInt8]]) -> Bool {
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &digits) { raw -> Bool in
            var count = 0
            for byte in field where byte >= 48 && byte <= 57 {
                guard count < raw.count else { return true } // too many digits to probe: let the matcher decide
                raw[count] = byte
                count += 1
            }
            let digitBytes = UnsafeRawBufferPointer(rebasing: raw[0..<count])
            for needle in needles where needle.count <= count {
                var start = 0
                while start + needle.count <= count {
                    if needle.withUnsafeBytes({ memcmpEqual(digitBytes.baseAddress! + start, $0.baseAddress!, needle.count) }) {
                        return true
                    }
                    start += 1
                }
            }
            return false
        }
    }

    private func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        for i in 0..<n where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) {
            return false
        }
        return true
    }

    private func trim(_ field: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var lower = 0, upper = field.count
        while lower < upper, field[lower] == 32 || field[lower] == 9 { lower += 1 }
        while upper > lower, field[upper - 1] == 32 || field[upper - 1] == 9 { upper -= 1 }
        return field[lower..<upper]
    }
}

/// The trigrams of a name's words, each mapped to the words it occurs in, for the name probe.
public struct TrigramTable: Sendable {
    private var words: [UInt32: UInt64] = [:]
    /// Per word: how many shared trigrams make a candidate (2, or 1 for a 3-letter word).
    private var needed: [UInt8] = []

    /// Nil when a word is too short or not plain ASCII letters (the probe then lets every value through).
    init?(words input: [String]) {
        let unique = Array(Set(input)).prefix(64)
        for (index, word) in unique.enumerated() {
            let bytes = Array(word.utf8)
            guard bytes.count >= 3, bytes.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return nil }
            for i in 0...(bytes.count - 3) {
                words[UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]), default: 0] |= 1 << UInt64(index)
            }
            needed.append(bytes.count == 3 ? 1 : 2)
        }
    }

    /// À–ÿ (UTF-8 C3 80–BF) to their base letters; 0 where there is none or where the
    /// name normalizer spells it with two letters (Æ, ß, Þ), so the probe stays conservative.
    private static let latin1: [UInt8] = Array("AAAAAA\u{0}CEEEEIIII\u{0}NOOOOO\u{0}OUUUUY\u{0}\u{0}aaaaaa\u{0}ceeeeiiii\u{0}nooooo\u{0}ouuuuy\u{0}y".utf8)

    static func latinBase(_ lead: UInt8, _ next: UInt8) -> UInt8? {
        switch lead {
        case 0xC3:
            guard next >= 0x80, next <= 0xBF else { return nil }
            let base = latin1[Int(next - 0x80)]
            return base == 0 ? nil : base
        case 0xC4, 0xC5:
            // Latin Extended-A: pairs of upper/lower case letters; the common ones in names.
            let code = (Int(lead & 0x1F) << 6) | Int(next & 0x3F)
            let table: [Int: UInt8] = [0x141: 108, 0x142: 108, 0x15A: 115, 0x15B: 115, 0x160: 115, 0x161: 115, 0x106: 99, 0x107: 99,
                                       0x10C: 99, 0x10D: 99, 0x17D: 122, 0x17E: 122, 0x17B: 122, 0x17C: 122, 0x143: 110, 0x144: 110,
                                       0x118: 101, 0x119: 101, 0x104: 97, 0x105: 97, 0x158: 114, 0x159: 114, 0x11E: 103, 0x11F: 103,
                                       0x130: 105, 0x131: 105, 0x15E: 115, 0x15F: 115, 0x150: 111, 0x151: 111, 0x170: 117, 0x171: 117]
            return table[code]
        default:
            return nil
        }
    }

    func matches(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        var counts = [UInt8](repeating: 0, count: needed.count)
        var window: UInt32 = 0
        var letters = 0
        var index = 0
        while index < field.count {
            var byte = field[index]
            index += 1
            if byte >= 0x80 {
                // Two-byte Latin letters (é, ñ, ü, ø, ł, ...) fold to their base letter; anything else: let it through.
                guard index < field.count, let base = TrigramTable.latinBase(byte, field[index]) else { return true }
                byte = base
                index += 1
            }
            let lower = (byte >= 65 && byte <= 90) ? byte | 0x20 : byte
            guard lower >= 97 && lower <= 122 else { letters = 0; window = 0; continue }
            window = (window << 8 | UInt32(lower)) & 0xFF_FFFF
            letters += 1
            guard letters >= 3, var hits = words[window] else { continue }
            while hits != 0 {
                let index = hits.trailingZeroBitCount
                hits &= hits - 1
                counts[index] += 1
                if counts[index] >= needed[index] { return true }
            }
        }
        return false
    }
}
