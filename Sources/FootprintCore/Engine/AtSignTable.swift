#if canImport(Glibc)
import Glibc
#endif

/// Many email addresses looked for in one field at once, by what surrounds their `@`.
/// A field holds an address only if one of its own `@`s lines up with the address's last
/// `@`; so the field's `@`s are found (memchr), and at each the last few bytes before it
/// and the bytes after it are hashed, once for every domain length the addresses have,
/// and looked up in an open-addressed table. Only an address whose hash is there is then
/// compared byte by byte. A field without `@` costs one memchr, whatever the number of
/// addresses — the verification of a hundred people's deletion reads every row of an
/// export with this. The table is built only when every needle has a non-empty local
/// part and a domain of at most 63 bytes (otherwise `init` fails and another table is used).
///
/// A class with its tables in memory it owns: the lookups neither retain nor check bounds.
final class AtSignTable: @unchecked Sendable {
    /// Local-part bytes hashed before the `@`: the shortest local part's length, at most 4.
    private let before: Int
    /// Bit d is set when some address has a domain of d bytes.
    private let domainLengths: UInt64
    private let longestDomain: Int
    private let mask: Int
    /// `slots[i]` a hash (never 0; 0 is empty) and `heads[i]` where its addresses start in `chain`.
    private let slots: UnsafeMutableBufferPointer<UInt64>
    private let heads: UnsafeMutableBufferPointer<Int32>
    /// Address indices, each slot's run ending with -1.
    private let chain: UnsafeMutableBufferPointer<Int32>
    /// Every address's bytes one after another, and where each starts, its length and its last `@`.
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let starts: UnsafeMutableBufferPointer<Int>
    private let lengths: UnsafeMutableBufferPointer<Int>
    private let atOffsets: UnsafeMutableBufferPointer<Int>

    init?(_ needles: [[UInt8]]) {
        var ats: [Int] = []
        for needle in needles {
            guard let at = needle.lastIndex(of: UInt8(ascii: "@")), at > 0, needle.count - at - 1 >= 1, needle.count - at - 1 <= 63 else { return nil }
            ats.append(at)
        }
        guard !needles.isEmpty else { return nil }
        let before = min(4, ats.min()!)
        self.before = before
        longestDomain = zip(needles, ats).map { $0.count - $1 - 1 }.max()!
        domainLengths = zip(needles, ats).reduce(0) { $0 | (1 << UInt64($1.0.count - $1.1 - 1)) }

        var byHash: [UInt64: [Int32]] = [:]
        for (index, (needle, at)) in zip(needles, ats).enumerated() {
            let hash = needle.withUnsafeBufferPointer { Self.hash($0, at: at, before: before, domain: needle.count - at - 1) }
            byHash[hash, default: []].append(Int32(index))
        }
        var capacity = 16
        while capacity < byHash.count * 4 { capacity <<= 1 }
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0)
        heads = .allocate(capacity: capacity)
        heads.initialize(repeating: -1)
        var order: [Int32] = []
        for (hash, indices) in byHash.sorted(by: { $0.key < $1.key }) {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash
            heads[slot] = Int32(order.count)
            order += indices + [-1]
        }
        chain = .allocate(capacity: order.count)
        _ = chain.initialize(from: order)
        let flat = needles.flatMap { $0 }
        bytes = .allocate(capacity: max(flat.count, 1))
        _ = bytes.initialize(from: flat)
        starts = .allocate(capacity: needles.count)
        lengths = .allocate(capacity: needles.count)
        atOffsets = .allocate(capacity: needles.count)
        var offset = 0
        for (index, needle) in needles.enumerated() {
            starts[index] = offset
            lengths[index] = needle.count
            atOffsets[index] = ats[index]
            offset += needle.count
        }
    }

    deinit {
        for pointer in [UnsafeMutableRawPointer(slots.baseAddress!), UnsafeMutableRawPointer(heads.baseAddress!),
                        UnsafeMutableRawPointer(chain.baseAddress!), UnsafeMutableRawPointer(bytes.baseAddress!),
                        UnsafeMutableRawPointer(starts.baseAddress!), UnsafeMutableRawPointer(lengths.baseAddress!),
                        UnsafeMutableRawPointer(atOffsets.baseAddress!)] { pointer.deallocate() }
    }

    @inline(__always) private static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }

    /// The hash of the `before` folded bytes ahead of the `@` at `at`, the `@`, and `domain` bytes after it; never 0.
    private static func hash(_ text: UnsafeBufferPointer<UInt8>, at: Int, before: Int, domain: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in (at - before)...(at + domain) { hash = step(hash, Needles.fold(text[i])) }
        return hash | 1
    }

    func found(in field: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = field.baseAddress else { return false }
        let count = field.count
        var from = before
        while from < count, let found = memchr(base + from, Int32(UInt8(ascii: "@")), count - from) {
            let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            from = at + 1
            if matchesAt(at, field) { return true }
        }
        return false
    }

    /// Whether an address whose last `@` is the field's `@` at `at` is in the field.
    private func matchesAt(_ at: Int, _ field: UnsafeBufferPointer<UInt8>) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in (at - before)...at { hash = Self.step(hash, Needles.fold(field[i])) }
        let room = min(longestDomain, field.count - at - 1)
        guard room > 0 else { return false }
        for length in 1...room {
            hash = Self.step(hash, Needles.fold(field[at + length]))
            guard domainLengths & (1 << UInt64(length)) != 0 else { continue }
            var slot = Int(truncatingIfNeeded: hash | 1) & mask
            while slots[slot] != 0 {
                if slots[slot] == hash | 1, anyAddress(from: Int(heads[slot]), at: at, field) { return true }
                slot = (slot + 1) & mask
            }
        }
        return false
    }

    /// Compares, byte by byte, each address of one chain run placed with its last `@` at `at`.
    private func anyAddress(from head: Int, at: Int, _ field: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = head
        while chain[k] >= 0 {
            let index = Int(chain[k])
            k += 1
            let start = at - atOffsets[index]
            let length = lengths[index]
            guard start >= 0, start + length <= field.count else { continue }
            let needle = bytes.baseAddress! + starts[index]
            var j = 0
            while j < length, Needles.fold(field[start + j]) == needle[j] { j += 1 }
            if j == length { return true }
        }
        return false
    }
}
