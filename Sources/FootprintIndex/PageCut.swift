/// The byte work of following a cut (`IndexStore.follow`): every page of the container is
/// walked — millions of entries for a large export — but only a page holding a record cut
/// is written again. Both walks decode the page's bytes in one loop, without a closure or
/// an allocation per entry.
enum PageCut {
    /// Walks a key page (layout in `PageCoding`) whose first record is `firstRecord`: each
    /// live record's position is brought up to date through the cuts followed before
    /// (`cursor`) and given to `cut`; the numbers of the records it cut are added to
    /// `removed`. Returns the page with those records as tombstones, or nil when none
    /// was cut. Sets `cut.ok` to false on a page that does not decode.
    static func keyPage(_ data: [UInt8], firstRecord: Int64, cursor: inout CutRounds.Cursor, cut: inout RecordCut,
                        removed: inout [UInt32]) -> [UInt8]? {
        let before = removed.count
        var entries = 0
        data.withUnsafeBytes { bytes in
            var offset = 0
            var position: Int64 = 0
            while offset < bytes.count {
                guard let delta = PageCoding.readVarint(bytes, &offset), let length = PageCoding.readVarint(bytes, &offset),
                      offset + Int(length) <= bytes.count else { cut.fail(); return }
                position &+= PageCoding.unzigzag(delta)
                let key = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)])
                offset += Int(length)
                defer { entries += 1 }
                guard position != IndexStore.tombstone else { continue }
                if cut.isCut(key: key, position: cursor.translate(position)) {
                    removed.append(UInt32(firstRecord) + UInt32(entries))
                }
            }
        }
        guard cut.ok, removed.count > before else { return nil }
        // The rare page that changes: written again entry by entry.
        let gone = Set(removed[before...].map { Int($0 - UInt32(firstRecord)) })
        var page: [UInt8] = []
        page.reserveCapacity(data.count + 16)
        var previous: Int64 = 0
        var index = 0
        PageCoding.forEachEntry(in: data) { key, position in
            defer { index += 1 }
            let tombstone = gone.contains(index)
            PageCoding.appendKey(tombstone ? UnsafeBufferPointer(start: nil, count: 0) : key.assumingMemoryBound(to: UInt8.self),
                                 position: tombstone ? IndexStore.tombstone : position, previous: &previous, to: &page)
        }
        return page
    }

    /// A posting page without the postings of the removed records. `firstHash` is the
    /// page's new first hash (nil when nothing is left); `changed` is false when the page
    /// stays as it was. Nil when the page does not decode or its new bytes would not fit.
    static func postingPage(_ data: [UInt8], firstHash: Int64, removed: RemovedRecords) -> (page: [UInt8], firstHash: Int64?, dropped: Int, changed: Bool)? {
        // Most pages hold no cut record: told by their record numbers alone.
        guard let holds = holdsRemoved(data, removed) else { return nil }
        guard holds else { return ([], firstHash, 0, false) }
        var newFirst: Int64?
        var dropped = 0
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
                    if removed.contains(record) {
                        dropped += 1
                        continue
                    }
                    if newFirst == nil {
                        newFirst = Int64(bitPattern: current ^ (1 << 63))
                        previous = current
                    }
                    // Dropping postings only ever shortens a page; checked all the same.
                    guard written + 20 <= out.count else { broken = true; return }
                    write(current &- previous, to: out, at: &written)
                    write(UInt64(record), to: out, at: &written)
                    previous = current
                }
            }
        }
        return broken ? nil : (page, newFirst, dropped, dropped > 0)
    }

    /// Whether a posting page names a removed record, reading only its record numbers
    /// (each hash difference is passed over); nil when the page does not decode.
    static func holdsRemoved(_ data: [UInt8], _ removed: RemovedRecords) -> Bool? {
        data.withUnsafeBytes { bytes -> Bool? in
            var offset = 0
            let count = bytes.count
            while offset < count {
                // The hash difference is passed over eight bytes at a time: its last byte is
                // the first without the high bit.
                var passed = false
                while offset + 8 <= count {
                    let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    let ends = ~word & 0x8080_8080_8080_8080
                    if ends != 0 { offset += ends.trailingZeroBitCount >> 3 + 1; passed = true; break }
                    offset += 8
                }
                if !passed { // near the page's end: byte by byte
                    while offset < count, bytes[offset] >= 0x80 { offset += 1 }
                    offset += 1
                }
                guard offset < count, let record = PageCoding.readVarint(bytes, &offset) else { return nil }
                if removed.contains(UInt32(truncatingIfNeeded: record)) { return true }
            }
            return false
        }
    }

    /// The numbers of removed records, asked about once per posting (millions of times):
    /// a bit per record up to the last removed one (half a megabyte for a 4M-row export).
    struct RemovedRecords {
        private var bits: [UInt64] = []

        /// `removed`: the numbers, in any order.
        init(_ removed: [UInt32]) {
            guard let last = removed.max() else { return }
            bits = [UInt64](repeating: 0, count: Int(last >> 6) + 1)
            for record in removed { bits[Int(record >> 6)] |= 1 << UInt64(record & 63) }
        }

        @inline(__always)
        func contains(_ record: UInt32) -> Bool {
            let word = Int(record >> 6)
            return word < bits.count && bits[word] & (1 << UInt64(record & 63)) != 0
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
