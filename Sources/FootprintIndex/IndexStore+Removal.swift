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
    /// (`RemovalLog.Removal`) without reading the file again: the records whose positions
    /// lie in the ranges cut become tombstones in their key pages and lose their postings,
    /// and the ranges are kept as the container's next cut round, which moves every later
    /// position up by the bytes cut before it (`CutRounds`). Only the pages holding a cut
    /// record are written again. The container then carries the new file's fingerprint, so
    /// the next scan skips it; a scan that does read it starts it afresh, with no cuts.
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
        // A range that ran to the end of the file ends at its end.
        let ranges = removal.removed.map { $0.lowerBound..<min($0.upperBound, removal.originalSize) }.filter { !$0.isEmpty }
        // Every page of the container is read (its chain of overflow pages): mapped, those
        // reads are not a system call each.
        try database.execute("PRAGMA mmap_size = 1073741824;")
        defer { try? database.execute("PRAGMA mmap_size = 0;") }
        do {
            return try database.transaction {
                var cut = RecordCut(ranges: ranges, originalSize: removal.originalSize, mayBeNumbered: mayBeNumbered)
                var cuts = try cutRounds(id)
                let removed = try markKeyPages(container: id, cuts: cuts, &cut)
                guard cut.finish(records: Int(records)) else { throw Unfollowable() }
                let dropped = try dropPostings(container: id, removed: PageCut.RemovedRecords(removed))
                cuts.append(ranges)
                try database.prepare("INSERT INTO cut_round (container, round, data) VALUES (?, ?, ?)")
                    .run([.integer(id), .integer(Int64(cuts.rounds.count)), .blob(CutRounds.encode(ranges))])
                let kept = Int(records) - cut.cutCount
                try database.prepare("UPDATE container SET fingerprint = ?, records = ?, identifiers = ?, scanned_at = ? WHERE id = ?")
                    .run([.text(removal.after), .integer(Int64(kept)), .integer(identifiers - Int64(dropped)),
                          .real(Date().timeIntervalSince1970), .integer(id)])
                return FollowedRemoval(recordsDropped: cut.cutCount, recordsKept: kept, postingsDropped: dropped)
            }
        } catch is Unfollowable {
            return nil
        }
    }

    /// Thrown inside the transaction to roll back what was rewritten before a check failed.
    private struct Unfollowable: Error {}

    /// Walks every key page, marking the records cut as tombstones (only their pages are
    /// written again). Returns their record numbers, ascending.
    private func markKeyPages(container id: Int64, cuts: CutRounds, _ cut: inout RecordCut) throws -> [UInt32] {
        let next = try database.prepare("SELECT first_record, data FROM key_page WHERE container = ? AND first_record > ? ORDER BY first_record LIMIT 1")
        let update = try database.prepare("UPDATE key_page SET data = ? WHERE container = ? AND first_record = ?")
        var cursor = CutRounds.Cursor(cuts)
        var removed: [UInt32] = []
        var last: Int64 = -1
        while let row = try next.rows([.integer(id), .integer(last)]).first, let first = row[0].int, let data = row[1].bytes {
            last = first
            let page = PageCut.keyPage(data, firstRecord: first, cursor: &cursor, cut: &cut, removed: &removed)
            guard cut.ok else { throw Unfollowable() }
            if let page { try update.run([.blob(page), .integer(id), .integer(first)]) }
        }
        return removed
    }

    /// Each posting page without the cut records' postings (only pages holding one are
    /// written again). Returns the postings dropped.
    private func dropPostings(container id: Int64, removed: PageCut.RemovedRecords) throws -> Int {
        let next = try database.prepare("SELECT first_hash, data FROM posting_page WHERE container = ? AND first_hash >= ? ORDER BY first_hash LIMIT 1")
        let update = try database.prepare("UPDATE posting_page SET first_hash = ?, data = ? WHERE container = ? AND first_hash = ?")
        let delete = try database.prepare("DELETE FROM posting_page WHERE container = ? AND first_hash = ?")
        var dropped = 0
        var from: Int64? = .min
        while let lower = from, let row = try next.rows([.integer(id), .integer(lower)]).first, let first = row[0].int, let data = row[1].bytes {
            guard let cut = PageCut.postingPage(data, firstHash: first, removed: removed) else { throw Unfollowable() }
            dropped += cut.dropped
            // A page's first hash only grows (its first run cut), never to the next page's.
            if cut.changed, let newFirst = cut.firstHash {
                try update.run([.integer(newFirst), .blob(cut.page), .integer(id), .integer(first)])
            } else if cut.changed {
                try delete.run([.integer(id), .integer(first)])
            }
            let done = cut.firstHash ?? first
            from = done == .max ? nil : done + 1
        }
        return dropped
    }
}
