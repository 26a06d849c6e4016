import FootprintCore

/// The records of one container in scan order — each one's key and byte position —
/// encoded into the index's key pages as they come, in bounded memory: past `limit`
/// bytes, finished pages go to a scratch file until the container is written.
///
/// A key page holds `IndexStore.pageSize` records (layout in `PageCoding`).
public final class KeyPages: @unchecked Sendable {
    private let limit: Int
    private let folder: String?
    private var current: [UInt8] = []
    private var inCurrent = 0
    private var previousPosition: Int64 = 0
    private var pages: [[UInt8]] = []
    private var pagesBytes = 0
    private var spill: SpillFile?
    private var spilled: [(offset: Int64, length: Int)] = []
    /// Records added.
    public private(set) var count = 0

    /// - Parameter folder: where a scratch file may go; nil keeps everything in memory.
    public init(limit: Int = 64 << 20, folder: String? = nil) {
        self.limit = limit
        self.folder = folder
    }

    public func append(key: UnsafeBufferPointer<UInt8>, position: Int64) throws {
        if inCurrent == 0 { previousPosition = 0 }
        PageCoding.appendKey(key, position: position, previous: &previousPosition, to: &current)
        inCurrent += 1
        count += 1
        guard inCurrent == IndexStore.pageSize else { return }
        pages.append(current)
        pagesBytes += current.count
        current.removeAll(keepingCapacity: true)
        inCurrent = 0
        if pagesBytes >= limit, let folder {
            if spill == nil { spill = try SpillFile(folder: folder) }
            for page in pages {
                let offset = try page.withUnsafeBytes { try spill!.append($0) }
                spilled.append((offset, page.count))
            }
            pages.removeAll()
            pagesBytes = 0
        }
    }

    public func append(key: String, position: Int64) throws {
        var key = key
        try key.withUTF8 { try append(key: $0, position: position) }
    }

    /// Every row of a scan batch, in order.
    public func append(contentsOf rows: IndexRows) throws {
        for row in 0..<rows.count {
            try rows.withKey(ofRow: row) { try append(key: $0, position: rows.position(ofRow: row)) }
        }
    }

    /// Calls `body` with each page in record order and the number of its first record.
    func forEachPage(_ body: (Int, [UInt8]) throws -> Void) throws {
        var first = 0
        for (offset, length) in spilled {
            var page = [UInt8](repeating: 0, count: length)
            try page.withUnsafeMutableBytes { try spill!.read(offset: offset, into: $0) }
            try body(first, page)
            first += IndexStore.pageSize
        }
        for page in pages {
            try body(first, page)
            first += IndexStore.pageSize
        }
        if inCurrent > 0 { try body(first, current) }
    }
}
