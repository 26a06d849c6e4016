/// Lower-case needles a field is searched for, ignoring ASCII case. A few are tried one
/// by one. Many (a hundred people verified in one pass) go through a table, so that each
/// field costs about the same whatever their number: email addresses by the bytes around
/// their `@` (`AtSignTable`), anything else by its first two bytes (`PairTable`).
/// A class: a probe runs on every field of every row, and matching on an enum case that
/// holds it then retains one reference, not every array inside.
final class Needles: Sendable {
    static let few = 8
    let list: [[UInt8]]
    private let atSign: AtSignTable?
    private let pairs: PairTable?

    init(_ list: [[UInt8]]) {
        self.list = list
        let many = list.count > Self.few
        atSign = many ? AtSignTable(list) : nil
        pairs = many && atSign == nil && list.allSatisfy({ $0.count >= 2 }) ? PairTable(list) : nil
    }

    /// Whether the field holds one of the needles, ASCII case ignored.
    func found(in field: UnsafeBufferPointer<UInt8>) -> Bool {
        if let atSign { return atSign.found(in: field) }
        if let pairs { return pairs.found(in: field) }
        for needle in list where Self.containsFolded(field, needle) { return true }
        return false
    }

    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }

    /// Whether `haystack`, ASCII case folded, contains the lower-case `needle`.
    static func containsFolded(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0, haystack.count >= n else { return false }
        let first = needle[0]
        var i = 0
        let last = haystack.count - n
        while i <= last {
            if haystack[i] | 0x20 == first || haystack[i] == first {
                var j = 1
                while j < n, fold(haystack[i + j]) == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
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
