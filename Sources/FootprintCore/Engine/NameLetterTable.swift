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
