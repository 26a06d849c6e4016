/// The byte layouts of the index's pages, compact because an index lives beside every
/// source it covers: numbers are LEB128 varints, and sorted values are stored as
/// differences from the one before.
///
/// - Posting page (`posting_page.data`): per posting, in (hash, record) order, the
///   difference of its hash from the previous posting's (the first from the row's
///   `first_hash`, so 0), then its record number.
/// - Key page (`key_page.data`): per record, in record order, the zigzag difference of its
///   byte position from the previous record's (the first from 0; -1 means "unknown"), the
///   key's length and the key's UTF-8 bytes.
enum PageCoding {
    static func appendVarint(_ value: UInt64, to data: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            data.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        data.append(UInt8(value))
    }

    static func readVarint(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// Hashes in the order of their signed values, as unsigned numbers (so differences
    /// between sorted hashes are never negative).
    static func unsigned(_ hash: Int64) -> UInt64 { UInt64(bitPattern: hash) ^ (1 << 63) }

    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
    static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }

    // MARK: posting pages

    static func appendPosting(hash: Int64, record: UInt32, previous: inout UInt64, to data: inout [UInt8]) {
        let value = unsigned(hash)
        appendVarint(value &- previous, to: &data)
        appendVarint(UInt64(record), to: &data)
        previous = value
    }

    /// The record numbers of `hash` in a posting page whose first hash is `firstHash`.
    static func records(in data: [UInt8], firstHash: Int64, holding hash: Int64) -> [UInt32] {
        let wanted = unsigned(hash)
        var current = unsigned(firstHash)
        var result: [UInt32] = []
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                guard let delta = readVarint(bytes, &offset), let record = readVarint(bytes, &offset) else { return }
                current &+= delta
                if current > wanted { return }
                if current == wanted { result.append(UInt32(truncatingIfNeeded: record)) }
            }
        }
        return result
    }

    /// Every posting of a page, in order: its hash and record number.
    static func forEachPosting(in data: [UInt8], firstHash: Int64, _ body: (Int64, UInt32) throws -> Void) rethrows {
        var current = unsigned(firstHash)
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                guard let delta = readVarint(bytes, &offset), let record = readVarint(bytes, &offset) else { return }
                current &+= delta
                try body(Int64(bitPattern: current ^ (1 << 63)), UInt32(truncatingIfNeeded: record))
            }
        }
    }

    // MARK: key pages

    static func appendKey(_ key: UnsafeBufferPointer<UInt8>, position: Int64, previous: inout Int64, to data: inout [UInt8]) {
        appendVarint(zigzag(position &- previous), to: &data)
        appendVarint(UInt64(key.count), to: &data)
        data.append(contentsOf: key)
        previous = position
    }

    /// Every record of a key page, in order: its key's UTF-8 bytes and its byte position.
    static func forEachEntry(in data: [UInt8], _ body: (UnsafeRawBufferPointer, Int64) throws -> Void) rethrows {
        var position: Int64 = 0
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                guard let delta = readVarint(bytes, &offset), let length = readVarint(bytes, &offset),
                      offset + Int(length) <= bytes.count else { return }
                position &+= unzigzag(delta)
                try body(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)]), position)
                offset += Int(length)
            }
        }
    }

    /// The keys and byte positions of a key page's records, in order.
    static func entries(in data: [UInt8]) -> [(String, Int64)] {
        var entries: [(String, Int64)] = []
        forEachEntry(in: data) { key, position in entries.append((String(decoding: key, as: UTF8.self), position)) }
        return entries
    }
}
