import Foundation
import FootprintCore

extension IndexStore {
    /// What following a removal did to one container's entries.
    public struct FollowedRemoval: Sendable, Equatable {
        public var recordsDropped: Int
        public var recordsKept: Int
        public var postingsDropped: Int
    }

    /// Makes the index follow a rewrite that cut whole records out of a container
    /// (`RemovalLog.Removal`) without reading the file again: the entries of the records
    /// whose positions lie in the ranges cut are dropped, and every later record keeps
    /// its key, moves up by the bytes cut before it and is renumbered, its postings with
    /// it. The container then carries the new file's fingerprint, so the next scan skips it.
    ///
    /// Nil, with the index untouched, whenever the entries cannot be trusted to describe
    /// the new file: the index did not describe the original (another fingerprint), a
    /// position is unknown, a range cut does not start at a record and end at the next
    /// kept one (or at the end), or a record after a cut may be keyed by its number
    /// (`mayBeNumbered`). The caller then rescans the container.
    /// The observation counts (the data map's) stay those of the last observing scan.
    public func follow(_ removal: RemovalLog.Removal, source: String,
                       mayBeNumbered: @escaping (UnsafeRawBufferPointer, Int) -> Bool) throws -> FollowedRemoval? {
        guard !removal.removed.isEmpty else { return nil }
        let row = try database.prepare("SELECT id, fingerprint, records, identifiers FROM container WHERE source = ? AND name = ?")
            .rows([.text(source), .text(removal.container)]).first
        guard let row, let id = row[0].int, row[1].string == removal.before, let records = row[2].int, let identifiers = row[3].int else { return nil }
        do {
            return try database.transaction {
                var cut = RecordCut(ranges: removal.removed, originalSize: removal.originalSize, mayBeNumbered: mayBeNumbered)
                try rewriteKeyPages(container: id, &cut)
                guard cut.finish(records: Int(records)) else { throw Unfollowable() }
                let dropped = try rewritePostingPages(container: id, removed: cut.removed)
                let kept = Int(records) - cut.removed.count
                try database.prepare("UPDATE container SET fingerprint = ?, records = ?, identifiers = ?, scanned_at = ? WHERE id = ?")
                    .run([.text(removal.after), .integer(Int64(kept)), .integer(identifiers - Int64(dropped)),
                          .real(Date().timeIntervalSince1970), .integer(id)])
                return FollowedRemoval(recordsDropped: cut.removed.count, recordsKept: kept, postingsDropped: dropped)
            }
        } catch is Unfollowable {
            return nil
        }
    }

    /// Thrown inside the transaction to roll back what was rewritten before a check failed.
    private struct Unfollowable: Error {}

    /// Each key page without its cut records and with the later positions moved up; a page
    /// keeps its place (its first record renumbered), so pages may hold fewer than
    /// `pageSize` records until the next full scan of the container.
    private func rewriteKeyPages(container id: Int64, _ cut: inout RecordCut) throws {
        let next = try database.prepare("SELECT first_record, data FROM key_page WHERE container = ? AND first_record > ? ORDER BY first_record LIMIT 1")
        let update = try database.prepare("UPDATE key_page SET first_record = ?, data = ? WHERE container = ? AND first_record = ?")
        let delete = try database.prepare("DELETE FROM key_page WHERE container = ? AND first_record = ?")
        var last: Int64 = -1
        var page: [UInt8] = []
        while let row = try next.rows([.integer(id), .integer(last)]).first, let first = row[0].int, let data = row[1].bytes {
            last = first
            // Pages renumbered so far moved below `first`: they are not met again.
            guard first == Int64(cut.number) else { throw Unfollowable() }
            let removedBefore = cut.removed.count
            page.removeAll(keepingCapacity: true)
            var previous: Int64 = 0
            PageCoding.forEachEntry(in: data) { key, position in
                guard let moved = cut.place(key: key, position: position) else { return }
                PageCoding.appendKey(key.assumingMemoryBound(to: UInt8.self), position: moved, previous: &previous, to: &page)
            }
            guard cut.ok else { throw Unfollowable() }
            if page == data && removedBefore == 0 { continue }
            if page.isEmpty {
                try delete.run([.integer(id), .integer(first)])
            } else {
                try update.run([.integer(first - Int64(removedBefore)), .blob(page), .integer(id), .integer(first)])
            }
        }
    }

    /// Each posting page without the cut records' postings, the later records renumbered.
    /// Returns the postings dropped.
    private func rewritePostingPages(container id: Int64, removed: [UInt32]) throws -> Int {
        let next = try database.prepare("SELECT first_hash, data FROM posting_page WHERE container = ? AND first_hash >= ? ORDER BY first_hash LIMIT 1")
        let update = try database.prepare("UPDATE posting_page SET first_hash = ?, data = ? WHERE container = ? AND first_hash = ?")
        let delete = try database.prepare("DELETE FROM posting_page WHERE container = ? AND first_hash = ?")
        guard let lowest = removed.first else { return 0 }
        var dropped = 0
        var from: Int64? = .min
        var page: [UInt8] = []
        while let lower = from, let row = try next.rows([.integer(id), .integer(lower)]).first, let first = row[0].int, let data = row[1].bytes {
            page.removeAll(keepingCapacity: true)
            var previous: UInt64 = 0
            var newFirst: Int64?
            var changed = false
            PageCoding.forEachPosting(in: data, firstHash: first) { hash, record in
                var number = record
                if record >= lowest {
                    let below = Self.countBelow(record, in: removed)
                    if below < removed.count, removed[below] == record {
                        dropped += 1
                        changed = true
                        return
                    }
                    number -= UInt32(below)
                    changed = changed || below > 0
                }
                if newFirst == nil {
                    newFirst = hash
                    previous = PageCoding.unsigned(hash)
                }
                PageCoding.appendPosting(hash: hash, record: number, previous: &previous, to: &page)
            }
            // A page's first hash only grows (its first run cut), never to the next page's.
            let kept = changed ? newFirst : first
            if changed, let newFirst {
                try update.run([.integer(newFirst), .blob(page), .integer(id), .integer(first)])
            } else if changed {
                try delete.run([.integer(id), .integer(first)])
            }
            let done = kept ?? first
            from = done == .max ? nil : done + 1
        }
        return dropped
    }

    /// How many of the sorted `numbers` are below `value`.
    static func countBelow(_ value: UInt32, in numbers: [UInt32]) -> Int {
        var low = 0, high = numbers.count
        while low < high {
            let middle = (low + high) / 2
            if numbers[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Walks a container's records in order against the ranges cut, deciding for each whether
/// it was cut and where a kept one now starts, and checking that the cut is one the index
/// can follow (see `IndexStore.follow`).
struct RecordCut {
    let ranges: [Range<Int64>]
    let originalSize: Int64
    let mayBeNumbered: (UnsafeRawBufferPointer, Int) -> Bool
    /// The next record's number in the original.
    private(set) var number = 0
    /// The numbers of the records cut, ascending.
    private(set) var removed: [UInt32] = []
    /// False once something showed the entries cannot follow the cut.
    private(set) var ok = true
    private var range = 0
    private var inRange = false
    private var shift: Int64 = 0
    private var previous: Int64 = 0

    init(ranges: [Range<Int64>], originalSize: Int64, mayBeNumbered: @escaping (UnsafeRawBufferPointer, Int) -> Bool) {
        self.ranges = ranges
        self.originalSize = originalSize
        self.mayBeNumbered = mayBeNumbered
    }

    /// The next record: its position in the new file, or nil when it was cut (or the cut
    /// cannot be followed: then `ok` is false).
    mutating func place(key: UnsafeRawBufferPointer, position: Int64) -> Int64? {
        defer { number += 1 }
        guard ok, position >= 0, position >= previous else { ok = false; return nil }
        previous = position
        // Ranges wholly before this record: each must have cut at least one record and
        // end exactly here, where this one starts.
        while range < ranges.count, ranges[range].upperBound <= position {
            guard inRange, ranges[range].upperBound == position else { ok = false; return nil }
            shift += ranges[range].upperBound - ranges[range].lowerBound
            range += 1
            inRange = false
        }
        if range < ranges.count, ranges[range].lowerBound <= position {
            if !inRange {
                guard ranges[range].lowerBound == position else { ok = false; return nil }
                inRange = true
            }
            removed.append(UInt32(number))
            return nil
        }
        // A key made from a record's number changes with it: such a record cannot move.
        if !removed.isEmpty, mayBeNumbered(key, number) { ok = false; return nil }
        return position - shift
    }

    /// Whether the whole cut was followed: every record met, and what is left of the
    /// ranges is one that took the rest of the file from a record on.
    func finish(records: Int) -> Bool {
        guard ok, number == records, !removed.isEmpty else { return false }
        if range == ranges.count { return true }
        return range == ranges.count - 1 && inRange && ranges[range].upperBound >= originalSize
    }
}
