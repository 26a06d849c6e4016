import Foundation

/// Puts one container's postings in hash order, in bounded memory.
///
/// Postings go to one of 256 buckets by the top byte of their hash, so the buckets in
/// order are the postings in hash order once each is sorted. Up to `limit` postings are
/// held in memory; past that, the buckets are sorted and written to a scratch file as a
/// run, and at the end each bucket is gathered from every run and sorted again. A bucket
/// holds about 1/256 of the container, so memory stays near `limit` whatever its size.
final class PostingSorter: @unchecked Sendable {
    typealias Posting = IndexStore.Posting
    static let bucketCount = 256

    private let limit: Int
    private let folder: String
    private let lock = NSLock()
    private var buckets = [[Posting]](repeating: [], count: bucketCount)
    private var held = 0
    private var spill: SpillFile?
    /// Per run, where each bucket starts in the spill file and how many postings it has.
    private var runs: [[(offset: Int64, count: Int)]] = []
    private(set) var count = 0

    init(limit: Int, folder: String) {
        self.limit = limit
        self.folder = folder
    }

    /// The bucket of a hash: its top byte, flipped so that negative hashes come first.
    static func bucket(_ hash: Int64) -> Int { Int((UInt64(bitPattern: hash) >> 56) ^ 0x80) }

    /// Adds postings from any thread. The thread whose postings cross the limit writes the run.
    func add(_ postings: [Posting]) throws {
        let full: [[Posting]]? = lock.withLock {
            for posting in postings { buckets[Self.bucket(posting.hash)].append(posting) }
            held += postings.count
            count += postings.count
            guard held >= limit else { return nil }
            defer {
                buckets = [[Posting]](repeating: [], count: Self.bucketCount)
                held = 0
            }
            return buckets
        }
        if let full { try writeRun(full) }
    }

    private func writeRun(_ run: [[Posting]]) throws {
        let file = try lock.withLock { () throws -> SpillFile in
            if let spill { return spill }
            let created = try SpillFile(folder: folder)
            spill = created
            return created
        }
        var placed: [(offset: Int64, count: Int)] = []
        for var bucket in run {
            bucket.sort(by: <)
            let offset = try bucket.withUnsafeBytes { try file.append($0) }
            placed.append((offset, bucket.count))
        }
        lock.withLock { runs.append(placed) }
    }

    /// Calls `body` with each bucket's postings sorted by hash then record, in bucket order.
    /// Call once, after every `add` has returned.
    func forEachBucket(_ body: ([Posting]) throws -> Void) throws {
        guard let spill else {
            // All in memory: sort the buckets on every core, then hand them on.
            let total = buckets.count
            buckets.withUnsafeMutableBufferPointer { buckets in
                // Each index is sorted by exactly one thread.
                nonisolated(unsafe) let base = buckets.baseAddress!
                DispatchQueue.concurrentPerform(iterations: total) { index in base[index].sort(by: <) }
            }
            for bucket in buckets { try body(bucket) }
            return
        }
        // Gathering and sorting the next bucket overlaps writing this one.
        final class Next: @unchecked Sendable { var result: Result<[Posting], Error>? }
        let queue = DispatchQueue(label: "footprint.index.merge")
        var pending = try merged(bucket: 0, from: spill)
        for index in 0..<Self.bucketCount {
            let next = Next(), group = DispatchGroup()
            if index + 1 < Self.bucketCount {
                queue.async(group: group) { next.result = Result { try self.merged(bucket: index + 1, from: spill) } }
            }
            try body(pending)
            group.wait()
            if let result = next.result { pending = try result.get() }
        }
    }

    /// One bucket from memory and from every run, sorted.
    private func merged(bucket index: Int, from spill: SpillFile) throws -> [Posting] {
        var merged = buckets[index]
        buckets[index] = []
        merged.reserveCapacity(merged.count + runs.reduce(0) { $0 + $1[index].count })
        for run in runs {
            let (offset, count) = run[index]
            guard count > 0 else { continue }
            let start = merged.count
            merged.append(contentsOf: repeatElement(Posting(hash: 0, record: 0), count: count))
            try merged.withUnsafeMutableBufferPointer { all in
                try spill.read(offset: offset, into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: all[start..<start + count])))
            }
        }
        merged.sort(by: <)
        return merged
    }
}
