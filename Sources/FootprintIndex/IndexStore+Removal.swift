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
        guard let prepared = try prepareFollow(removal.cut, source: source, mayBeNumbered: mayBeNumbered) else { return nil }
        return try commit(prepared, after: removal.after)
    }

    /// The first half of `follow`, which reads and writes nothing but memory: which pages
    /// change and how. It needs only the ranges cut, so it may run on another connection
    /// while the file is being rewritten; `commit` then writes it once the new file's
    /// fingerprint is known. Nil when the cut cannot be followed.
    public func prepareFollow(_ cut: RemovalLog.Cut, source: String,
                              mayBeNumbered: @escaping (UnsafeRawBufferPointer, Int) -> Bool) throws -> PreparedFollow? {
        guard !cut.removed.isEmpty else { return nil }
        // A range that ran to the end of the file ends at its end.
        let ranges = cut.removed.map { $0.lowerBound..<min($0.upperBound, cut.originalSize) }.filter { !$0.isEmpty }
        // Every page of the container is read (its chain of overflow pages): mapped, those
        // reads are not a system call each.
        try database.execute("PRAGMA mmap_size = 1073741824;")
        defer { try? database.execute("PRAGMA mmap_size = 0;") }
        // One read transaction: the pages and the container row as of one moment.
        try database.execute("BEGIN")
        defer { try? database.execute("COMMIT") }
        let row = try database.prepare("SELECT id, fingerprint, records, identifiers, scanned_at FROM container WHERE source = ? AND name = ?")
            .rows([.text(source), .text(cut.container)]).first
        guard let row, let id = row[0].int, row[1].string == cut.before, let records = row[2].int, row[3].int != nil else { return nil }
        var walk = RecordCut(ranges: ranges, originalSize: cut.originalSize, mayBeNumbered: mayBeNumbered)
        let rounds = try cutRounds(id)
        guard let (keyPages, removed) = try markKeyPages(container: id, cuts: rounds, &walk), walk.finish(records: Int(records)) else { return nil }
        guard let (postingPages, dropped) = try dropPostings(container: id, removed: PageCut.RemovedRecords(removed)) else { return nil }
        return PreparedFollow(container: id, state: row, rounds: rounds.rounds.count, ranges: ranges, keyPages: keyPages, postingPages: postingPages,
                              recordsDropped: walk.cutCount, recordsKept: Int(records) - walk.cutCount, postingsDropped: dropped)
    }

    /// Which pages a followed cut changes, in memory until `commit`.
    public struct PreparedFollow: @unchecked Sendable {
        let container: Int64
        /// The container's row as it was read: a commit finding it otherwise (a scan came
        /// in between) writes nothing.
        let state: [DatabaseValue]
        let rounds: Int
        let ranges: [Range<Int64>]
        let keyPages: [(first: Int64, data: [UInt8])]
        let postingPages: [(first: Int64, newFirst: Int64?, data: [UInt8])]
        let recordsDropped: Int
        let recordsKept: Int
        let postingsDropped: Int
    }

    /// Writes a prepared follow in one transaction, the container taking `after` (the new
    /// file's fingerprint). Nil, writing nothing, when the container changed since it was
    /// prepared.
    public func commit(_ prepared: PreparedFollow, after: String) throws -> FollowedRemoval? {
        // Each page rewritten frees its old chain of overflow pages, which SQLite reads
        // first: mapped, those thousands of reads are not a system call each.
        try database.execute("PRAGMA mmap_size = 1073741824;")
        defer { try? database.execute("PRAGMA mmap_size = 0;") }
        return try database.transaction {
            let id = prepared.container
            let row = try database.prepare("SELECT id, fingerprint, records, identifiers, scanned_at FROM container WHERE id = ?").rows([.integer(id)]).first
            guard row == prepared.state, try cutRounds(id).rounds.count == prepared.rounds, let identifiers = row?[3].int else { return nil }
            let keyPage = try database.prepare("UPDATE key_page SET data = ? WHERE container = ? AND first_record = ?")
            for page in prepared.keyPages { try keyPage.run([.blob(page.data), .integer(id), .integer(page.first)]) }
            let update = try database.prepare("UPDATE posting_page SET first_hash = ?, data = ? WHERE container = ? AND first_hash = ?")
            let delete = try database.prepare("DELETE FROM posting_page WHERE container = ? AND first_hash = ?")
            for page in prepared.postingPages {
                // A page's first hash only grows (its first run cut), never to the next page's.
                if let newFirst = page.newFirst {
                    try update.run([.integer(newFirst), .blob(page.data), .integer(id), .integer(page.first)])
                } else {
                    try delete.run([.integer(id), .integer(page.first)])
                }
            }
            try database.prepare("INSERT INTO cut_round (container, round, data) VALUES (?, ?, ?)")
                .run([.integer(id), .integer(Int64(prepared.rounds + 1)), .blob(CutRounds.encode(prepared.ranges))])
            try database.prepare("UPDATE container SET fingerprint = ?, records = ?, identifiers = ?, scanned_at = ? WHERE id = ?")
                .run([.text(after), .integer(Int64(prepared.recordsKept)), .integer(identifiers - Int64(prepared.postingsDropped)),
                      .real(Date().timeIntervalSince1970), .integer(id)])
            return FollowedRemoval(recordsDropped: prepared.recordsDropped, recordsKept: prepared.recordsKept, postingsDropped: prepared.postingsDropped)
        }
    }

    /// Walks every key page, marking the records cut as tombstones. Returns the pages that
    /// change and the numbers of the records cut, ascending; nil when the cut cannot be followed.
    private func markKeyPages(container id: Int64, cuts: CutRounds, _ cut: inout RecordCut) throws -> ([(first: Int64, data: [UInt8])], [UInt32])? {
        var cursor = CutRounds.Cursor(cuts)
        var removed: [UInt32] = []
        var changed: [(first: Int64, data: [UInt8])] = []
        var readable = true
        try database.prepare("SELECT first_record, data FROM key_page WHERE container = ? ORDER BY first_record").forEachRow([.integer(id)]) { row in
            guard let first = row[0].int, let data = row[1].bytes else { readable = false; return false }
            let page = PageCut.keyPage(data, firstRecord: first, cursor: &cursor, cut: &cut, removed: &removed)
            if let page { changed.append((first, page)) }
            return cut.ok
        }
        return readable && cut.ok ? (changed, removed) : nil
    }

    /// Each posting page without the cut records' postings: the pages that change (nil
    /// data-less entries are pages left empty) and the postings dropped; nil when a page
    /// does not decode.
    private func dropPostings(container id: Int64, removed: PageCut.RemovedRecords) throws -> ([(first: Int64, newFirst: Int64?, data: [UInt8])], Int)? {
        var changed: [(first: Int64, newFirst: Int64?, data: [UInt8])] = []
        var dropped = 0
        var readable = true
        try database.prepare("SELECT first_hash, data FROM posting_page WHERE container = ? ORDER BY first_hash").forEachRow([.integer(id)]) { row in
            guard let first = row[0].int, let data = row[1].bytes, let cut = PageCut.postingPage(data, firstHash: first, removed: removed) else {
                readable = false
                return false
            }
            dropped += cut.dropped
            if cut.changed { changed.append((first, cut.firstHash, cut.page)) }
            return true
        }
        return readable ? (changed, dropped) : nil
    }
}
