/// Many digit strings a field's digits may contain (a deletion verifying a hundred
/// people's phone numbers in one pass). The field's digits are read once; the last 16 of
/// them are kept packed four bits a digit, so every window that ends at a digit is a mask
/// away, and each window of a needle's length is looked up, exactly, in an open-addressed
/// table. One pass over the field whatever the number of needles; no hashing of windows.
///
/// A class with its table in memory it owns: a probe runs on every row's phone field, and
/// the lookups then neither retain nor check bounds.
final class DigitWindows: @unchecked Sendable {
    /// The needles' lengths (1–15 digits), each once.
    private let lengths: [Int]
    private let lengthMasks: [UInt64]
    /// Keys: a window's packed digits, shifted up four bits, and its length below them
    /// (never 0, which marks an empty slot).
    private let slots: UnsafeMutableBufferPointer<UInt64>
    private let shift: UInt64
    /// Needles too long to pack (none in practice: a national number has at most 15
    /// digits): a field with digits always goes to the matcher then.
    private let unpackable: Bool

    init(_ needles: [[UInt8]]) {
        let packable = needles.filter { !$0.isEmpty && $0.count <= 15 }
        unpackable = packable.count < needles.count
        lengths = Array(Set(packable.map(\.count))).sorted()
        lengthMasks = lengths.map { (UInt64(1) << UInt64(4 * $0)) &- 1 }
        var capacity = 16
        var bits: UInt64 = 4
        while capacity < packable.count * 4 { capacity <<= 1; bits += 1 }
        shift = 64 - bits
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0)
        for needle in packable {
            let packed = needle.reduce(UInt64(0)) { $0 << 4 | UInt64($1 &- 48) }
            let key = packed << 4 | UInt64(needle.count)
            var slot = self.slot(key)
            while slots[slot] != 0 && slots[slot] != key { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = key
        }
    }

    deinit { slots.deallocate() }

    @inline(__always) private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    @inline(__always) private func contains(_ key: UInt64) -> Bool {
        var slot = slot(key)
        let last = slots.count - 1
        while slots[slot] != 0 {
            if slots[slot] == key { return true }
            slot = (slot + 1) & last
        }
        return false
    }

    func found(inDigitsOf field: UnsafeBufferPointer<UInt8>) -> Bool {
        var packed: UInt64 = 0
        var count = 0
        for byte in field where byte >= 48 && byte <= 57 {
            count += 1
            guard count <= 32, !unpackable else { return true } // too many digits to probe: let the matcher decide
            packed = packed << 4 | UInt64(byte &- 48)
            for (index, length) in lengths.enumerated() where length <= count {
                if contains((packed & lengthMasks[index]) << 4 | UInt64(length)) { return true }
            }
        }
        return false
    }
}
