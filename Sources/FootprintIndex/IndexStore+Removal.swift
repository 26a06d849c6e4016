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
        // Every page of the container is read and most are rewritten, each a chain of
        // overflow pages that the rewrite reads again to free: mapped and cached, those
        // reads are not a system call each (655,000 of them for a 4M-row export).
        try database.execute("PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536;")
        defer { try? database.execute("PRAGMA mmap_size = 0; PRAGMA cache_size = -2000;") }
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
        while let row = try next.rows([.integer(id), .integer(last)]).first, let first = row[0].int, let data = row[1].bytes {
            last = first
            // Pages renumbered so far moved below `first`: they are not met again.
            guard first == Int64(cut.number) else { throw Unfollowable() }
            let removedBefore = cut.removed.count
            let page = PageCut.keyPage(data, &cut)
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
        guard !removed.isEmpty else { return 0 }
        let renumbering = PageCut.Renumbering(removed: removed)
        var dropped = 0
        var from: Int64? = .min
        while let lower = from, let row = try next.rows([.integer(id), .integer(lower)]).first, let first = row[0].int, let data = row[1].bytes {
            guard let cut = PageCut.postingPage(data, firstHash: first, renumbering: renumbering) else { throw Unfollowable() }
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
