/// The byte work of following a cut (`IndexStore.follow`): one page in, the same page
/// without the records cut and with the rest moved, out. Following a deletion from a
/// 4M-row export passes every page of its container through here (millions of entries),
/// so both walk the page's bytes in one loop into a buffer of the page's size — a page
/// only ever shrinks: a dropped entry frees its bytes, and a gap it leaves between two kept
/// entries never needs more bytes than the two differences it joins. Each write is checked
/// against the buffer all the same: a page that would not fit is not followed.
enum PageCut {
    /// A key page (layout in `PageCoding`) with each record placed by `cut`: the records
    /// cut left out, every kept one at its new position. Sets `cut.ok` to false on a page
    /// that does not decode.
    static func keyPage(_ data: [UInt8], _ cut: inout RecordCut) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: data.count + 20) { out, written in
            written = 0
            data.withUnsafeBytes { bytes in
                var offset = 0
                var position: Int64 = 0
                var previous: Int64 = 0
                while offset < bytes.count {
                    guard let delta = PageCoding.readVarint(bytes, &offset), let length = PageCoding.readVarint(bytes, &offset),
                          offset + Int(length) <= bytes.count else { cut.fail(); return }
                    position &+= PageCoding.unzigzag(delta)
                    let key = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)])
                    offset += Int(length)
                    guard let moved = cut.place(key: key, position: position) else { continue }
                    guard written + 20 + key.count <= out.count else { cut.fail(); return }
                    write(PageCoding.zigzag(moved &- previous), to: out, at: &written)
                    write(length, to: out, at: &written)
                    for byte in key { out[written] = byte; written += 1 }
                    previous = moved
                }
            }
        }
    }

    /// A posting page without the postings of the removed records, every later record
    /// renumbered (`Renumbering`). `firstHash` is the page's new first hash (nil when
    /// nothing is left); `changed` is false when the page stays as it was. Nil when the
    /// page does not decode or its new bytes would not fit.
    static func postingPage(_ data: [UInt8], firstHash: Int64, renumbering: Renumbering) -> (page: [UInt8], firstHash: Int64?, dropped: Int, changed: Bool)? {
        var newFirst: Int64?
        var dropped = 0
        var changed = false
        var broken = false
        let page = [UInt8](unsafeUninitializedCapacity: data.count + 20) { out, written in
            written = 0
            data.withUnsafeBytes { bytes in
                var offset = 0
                var current = PageCoding.unsigned(firstHash)
                var previous: UInt64 = 0
                while offset < bytes.count {
                    guard let delta = PageCoding.readVarint(bytes, &offset), let stored = PageCoding.readVarint(bytes, &offset) else { broken = true; return }
                    current &+= delta
                    let record = UInt32(truncatingIfNeeded: stored)
                    guard let number = renumbering.number(of: record) else {
                        dropped += 1
                        changed = true
                        continue
                    }
                    changed = changed || number != record
                    if newFirst == nil {
                        newFirst = Int64(bitPattern: current ^ (1 << 63))
                        previous = current
                    }
                    guard written + 20 <= out.count else { broken = true; return }
                    write(current &- previous, to: out, at: &written)
                    write(UInt64(number), to: out, at: &written)
                    previous = current
                }
            }
        }
        return broken ? nil : (page, newFirst, dropped, changed)
    }

    /// Record numbers before and after some records are removed, looked up once per
    /// posting (millions of times): per block of 4,096 records, how many removed records
    /// come before it and whether it holds any itself; only a record in a block that does
    /// is looked up among the removed ones.
    struct Renumbering {
        private let removed: [UInt32]
        private var before: [UInt32] = []
        private var holds: [Bool] = []
        private static let blockBits = 12

        /// `removed`: the removed records' numbers, ascending.
        init(removed: [UInt32]) {
            self.removed = removed
            guard let last = removed.last else { return }
            let blocks = Int(last >> Self.blockBits) + 1
            before = [UInt32](repeating: 0, count: blocks)
            holds = [Bool](repeating: false, count: blocks)
            var index = 0
            for block in 0..<blocks {
                let start = UInt32(block) << Self.blockBits
                while index < removed.count, removed[index] < start { index += 1 }
                before[block] = UInt32(index)
                holds[block] = index < removed.count && removed[index] >> Self.blockBits == UInt32(block)
            }
        }

        /// The record's new number, or nil when it was removed.
        @inline(__always)
        func number(of record: UInt32) -> UInt32? {
            let block = Int(record >> Self.blockBits)
            guard block < before.count else { return record - UInt32(removed.count) }
            guard holds[block] else { return record - before[block] }
            var low = Int(before[block]), high = removed.count
            while low < high {
                let middle = (low + high) / 2
                if removed[middle] < record { low = middle + 1 } else { high = middle }
            }
            return low < removed.count && removed[low] == record ? nil : record - UInt32(low)
        }
    }

    /// A LEB128 varint, as `PageCoding.appendVarint` writes it, into a buffer known to be big enough.
    @inline(__always)
    private static func write(_ value: UInt64, to out: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
        var value = value
        while value >= 0x80 {
            out[index] = UInt8(truncatingIfNeeded: value) | 0x80
            index += 1
            value >>= 7
        }
        out[index] = UInt8(value)
        index += 1
    }
}
