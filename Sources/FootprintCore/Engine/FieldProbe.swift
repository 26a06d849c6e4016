/// A cheap, allocation-free test a reader runs on a field's raw bytes before building a
/// record: "could this field possibly match the identity?". A false answer must be
/// certain (a missed record is a legal violation); a true answer only means the full
/// matcher will look. This is what lets a lookup read millions of rows a second.
public struct FieldProbe: Sendable {
    enum Test: Sendable {
        /// The field contains one of these lower-case byte strings, ignoring ASCII case.
        case containsAnyFolded(Needles)
        /// The field's digits contain one of these digit strings.
        case digitsContainAny([[UInt8]])
        /// The same for many digit strings (a deletion verifying a hundred people at once):
        /// each window of the field's digits is looked up by its hash.
        case digitWindows(DigitWindows)
        /// The field, with `.` and `'` left out as the address parser leaves them out
        /// ("1'2" is house 12), contains one of these (lower-case) strings, ignoring ASCII
        /// case — or holds non-ASCII text the probe cannot fold.
        case containsHouseNumber([[UInt8]])
        /// The trimmed field equals one of these byte strings.
        case equalsAnyTrimmed([[UInt8]])
        /// Some run of the field's words shares enough letters with a requested family
        /// name for the matcher's similarity to reach its threshold (see `NameLetterTable`),
        /// or the field holds non-ASCII letters the probe cannot fold.
        case sharesLetters(NameLetterTable)
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
        case .sharesLetters(let table):
            return table.matches(field)
        case .containsAnyFolded(let needles):
            if let many = needles.many {
                if many.found(in: field) { return true }
            } else {
                for needle in needles.list where containsFolded(field, needle) { return true }
            }
            // Percent-encoded addresses (`jane%40example.com`) and anything beyond ASCII (a
            // letter whose Unicode lower case is ASCII, such as the Kelvin sign K) need the
            // full normalizer.
            return field.contains { $0 == UInt8(ascii: "%") || $0 >= 0x80 }
        case .digitsContainAny(let needles):
            return digitsContain(field, needles)
        case .digitWindows(let windows):
            return windows.found(inDigitsOf: field)
        case .containsHouseNumber(let needles):
            if field.contains(where: { $0 >= 0x80 }) { return true }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: field.count) { buffer in
                var count = 0
                for byte in field where byte != UInt8(ascii: ".") && byte != UInt8(ascii: "'") {
                    buffer[count] = byte
                    count += 1
                }
                let kept = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(buffer)[0..<count])
                return needles.contains { containsFolded(kept, $0) }
            }
        case .equalsAnyTrimmed(let values):
            let trimmed = trim(field)
            return values.contains { $0.elementsEqual(trimmed) }
        }
    }

    /// The probe for one mapped field, given what the identity holds.
    static func make(for mapping: FieldMapping, keys: IdentityKeys, defaultRegion: String, threshold: Double) -> FieldProbe {
        guard let kind = mapping.identifier else { return FieldProbe(test: .always) }
        switch kind {
        case .email:
            return FieldProbe(test: .containsAnyFolded(Needles(keys.emails.map { Array($0.utf8) })))
        case .phone:
            // Regions that rewrite local numbers (adding an area code) can produce digits
            // the field does not contain; let the full normalizer see every value there.
            if PhoneMetadata.region(mapping.region ?? defaultRegion)?.nationalPrefixTransformRule != nil { return FieldProbe(test: .always) }
            let numbers = keys.phones.compactMap(PhoneNormalizer.nationalSignificantNumber).map { Array($0.utf8) }
            return FieldProbe(test: numbers.count > Needles.few ? .digitWindows(DigitWindows(numbers)) : .digitsContainAny(numbers))
        case .accountID:
            let prefix = "\(mapping.namespace ?? "")="
            let values = keys.accountIDs.filter { $0.hasPrefix(prefix) }.map { Array($0.dropFirst(prefix.count).utf8) }
            return FieldProbe(test: .equalsAnyTrimmed(values))
        case .name:
            // Every name agreement needs the family name's (NameComparison), so the probe
            // looks for that alone, in any of the field's words.
            guard let table = NameLetterTable(families: keys.names.map(\.family), threshold: threshold) else { return FieldProbe(test: .always) }
            return FieldProbe(test: .sharesLetters(table))
        case .address:
            switch mapping.part {
            case .city, .state: return FieldProbe(test: .never)
            case .zip: return FieldProbe(test: .containsAnyFolded(Needles(keys.addresses.compactMap(\.zip).map { Array($0.utf8) })))
            default:
                let numbers = keys.addresses.compactMap(\.number)
                guard numbers.count == keys.addresses.count else { return FieldProbe(test: .always) }
                return FieldProbe(test: .containsHouseNumber(numbers.map { Array($0.lowercased().utf8) }))
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

/// Lower-case needles a field is searched for, ignoring ASCII case. A few are tried one
/// by one; many (a hundred people verified in one pass) go through a table of their first
/// two bytes, so each position of the field costs one bit test whatever their number.
/// A class: a probe runs on every field of every row, and matching on an enum case that
/// holds it then retains one reference, not every array inside.
final class Needles: Sendable {
    static let few = 8
    let list: [[UInt8]]
    let many: PairTable?

    init(_ list: [[UInt8]]) {
        self.list = list
        many = list.count > Self.few && list.allSatisfy({ $0.count >= 2 }) ? PairTable(list) : nil
    }

    /// Needles by their first two (folded) bytes: `heads[pair]` is where that pair's needles
    /// start in `order`, -1 when none does. Flat arrays, no hashing: this runs per byte.
    struct PairTable: Sendable {
        private var heads = [Int32](repeating: -1, count: 1 << 16)
        /// Needle indices, each pair's run ending with -1.
        private var order: [Int32] = []
        private let needles: [[UInt8]]

        init(_ needles: [[UInt8]]) {
            self.needles = needles
            var byPair: [Int: [Int32]] = [:]
            for (index, needle) in needles.enumerated() { byPair[Int(needle[0]) << 8 | Int(needle[1]), default: []].append(Int32(index)) }
            for (pair, indices) in byPair.sorted(by: { $0.key < $1.key }) {
                heads[pair] = Int32(order.count)
                order += indices + [-1]
            }
        }

        func found(in field: UnsafeBufferPointer<UInt8>) -> Bool {
            guard field.count >= 2 else { return false }
            @inline(__always) func fold(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
            return heads.withUnsafeBufferPointer { heads in
                order.withUnsafeBufferPointer { order in
                    var previous = fold(field[0])
                    for i in 1..<field.count {
                        let current = fold(field[i])
                        let head = heads[Int(previous) << 8 | Int(current)]
                        previous = current
                        guard head >= 0 else { continue }
                        var k = Int(head)
                        while order[k] >= 0 {
                            let needle = needles[Int(order[k])]
                            k += 1
                            guard i - 1 + needle.count <= field.count else { continue }
                            var j = 2
                            while j < needle.count, fold(field[i - 1 + j]) == needle[j] { j += 1 }
                            if j == needle.count { return true }
                        }
                    }
                    return false
                }
            }
        }
    }
}

/// Many digit strings a field's digits may contain, by length and hash (an open-addressed
/// table of hashes: no Hasher per lookup, this runs on every row's phone field).
struct DigitWindows: Sendable {
    private var lengths: [Int] = []
    private var slots: [UInt64]
    private let mask: Int

    init(_ needles: [[UInt8]]) {
        var capacity = 16
        while capacity < needles.count * 4 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        for needle in needles {
            if !lengths.contains(needle.count) { lengths.append(needle.count) }
            let hash = needle.withUnsafeBufferPointer { Self.hash($0, 0, $0.count) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 && slots[slot] != hash { slot = (slot + 1) & mask }
            slots[slot] = hash
        }
    }

    /// FNV-1a of digits[start..<end], never 0 (0 marks an empty slot).
    static func hash(_ digits: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<end { hash = (hash ^ UInt64(digits[i])) &* 0x100_0000_01b3 }
        return hash | 1
    }

    private func contains(_ hash: UInt64) -> Bool {
        slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 {
                if slots[slot] == hash { return true }
                slot = (slot + 1) & mask
            }
            return false
        }
    }

    func found(inDigitsOf field: UnsafeBufferPointer<UInt8>) -> Bool {
        // The digits on the stack: this runs on every row's phone field.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            var count = 0
            for byte in field where byte >= 48 && byte <= 57 {
                guard count < 32 else { return true } // too many digits to probe: let the matcher decide
                buffer[count] = byte
                count += 1
            }
            let digits = UnsafeBufferPointer(buffer)
            for length in lengths where length <= count {
                for start in 0...(count - length) where contains(Self.hash(digits, start, start + length)) { return true }
            }
            return false
        }
    }
}

/// What a name field must share with the requested name for the matcher to see any
/// agreement in it — the name probe. A name agrees (exactly, by nickname or fuzzily) only
/// when its family name does: equal words, one family a part of the other, or a
/// Jaro–Winkler similarity of at least the threshold T. JW ≤ 0.4 + 0.6·Jaro, and Jaro ≤
/// (m/|a| + m/|b| + 1)/3 where m, the matching characters, is at most the letters the two
/// share; so a family within reach shares at least R = 3·(T − 0.4)/0.6 − 1 of the
/// letter-overlap ratio m·(1/|a| + 1/|b|) with some run of the field's words. The probe
/// tests exactly that bound for every run of words in the field (the family name may be
/// any of them: first, last, before a comma, swapped into the given column), so it never
/// rejects a record the matcher would accept; fuzzing holds it to that.
public struct NameLetterTable: Sendable {
    /// Letter counts (a–z, 0–9, space) and length of each requested family name and word.
    private var targets: [(counts: [UInt8], length: Int)] = []
    private let ratio: Double

    static let slots = 37

    /// Nil when the probe cannot decide (no family name, or one of many words): then every value goes through.
    init?(families: [[String]], threshold: Double) {
        ratio = 3 * (threshold - 0.4) / 0.6 - 1
        guard ratio > 0, !families.isEmpty else { return nil }
        for family in families {
            guard !family.isEmpty, family.count <= 3 else { return nil }
            for text in Set(family + [family.joined(separator: " ")]) {
                guard let counts = Self.counts(Array(text.utf8)) else { return nil }
                targets.append((counts, text.utf8.count))
            }
        }
    }

    static func slot(_ byte: UInt8) -> Int? {
        switch byte {
        case 97...122: return Int(byte - 97)
        case 48...57: return 26 + Int(byte - 48)
        case 32: return 36
        default: return nil
        }
    }

    private static func counts(_ bytes: [UInt8]) -> [UInt8]? {
        var counts = [UInt8](repeating: 0, count: slots)
        for byte in bytes {
            guard let slot = slot(byte) else { return nil }
            counts[slot] &+= 1
        }
        return counts
    }

    /// At most this many words are looked at; a longer field goes through to the matcher.
    static let maxWords = 24

    func matches(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        // The hot path of a name lookup: no allocation. The field's words, folded to
        // lower-case ASCII as PersonName folds them, go to a stack buffer; `ends` marks
        // where each word stops.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(field.count, 1)) { letters in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.maxWords + 1) { ends in
                var length = 0, words = 0
                var index = 0
                while index < field.count {
                    var byte = field[index]
                    index += 1
                    if byte >= 0x80 {
                        // Two-byte Latin letters fold to their base letter; anything else: let it through.
                        guard index < field.count, let base = LatinFold.latinBase(byte, field[index]) else { return true }
                        byte = base
                        index += 1
                    }
                    if byte == UInt8(ascii: "'") { continue } // O'Brien = OBrien, as PersonName folds it
                    let lower = (byte >= 65 && byte <= 90) ? byte | 0x20 : byte
                    if (lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57) {
                        letters[length] = lower
                        length += 1
                    } else if length > 0 && (words == 0 || ends[words - 1] != length) {
                        guard words < Self.maxWords else { return true }
                        ends[words] = length
                        words += 1
                    }
                }
                if length > 0 && (words == 0 || ends[words - 1] != length) {
                    guard words < Self.maxWords else { return true }
                    ends[words] = length
                    words += 1
                }
                return withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.slots) { counts in
                    runsMatch(letters: UnsafeBufferPointer(letters), ends: UnsafeBufferPointer(ends), words: words, counts: counts)
                }
            }
        }
    }

    /// Whether a run of up to 8 consecutive words (joined by spaces) is within reach of a target.
    private func runsMatch(letters: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>, words: Int,
                           counts: UnsafeMutableBufferPointer<Int32>) -> Bool {
        for start in 0..<words {
            counts.initialize(repeating: 0)
            var length = -1
            var from = start == 0 ? 0 : ends[start - 1]
            for end in start..<min(words, start + 8) {
                length += ends[end] - from + 1
                if end > start { counts[36] += 1 }
                for k in from..<ends[end] { counts[Self.slot(letters[k])!] += 1 }
                from = ends[end]
                for target in targets {
                    var overlap = 0
                    for i in 0..<Self.slots { overlap += Int(min(counts[i], Int32(target.counts[i]))) }
                    if Double(overlap) * (1 / Double(target.length) + 1 / Double(length)) >= ratio - 1e-9 { return true }
                }
            }
        }
        return false
    }
}

/// Folding of UTF-8 Latin letters to their ASCII base, shared by the probes.
enum LatinFold {
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
}
