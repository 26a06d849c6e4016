import Foundation
import Testing
@testable import FootprintCore
@testable import FootprintIndex
@testable import FootprintCSV
import FootprintTestSupport

/// The index following a deletion that cut rows out of a CSV export must end exactly as a
/// fresh scan of the rewritten file would leave it; and anything it cannot follow must
/// leave it untouched, for a rescan.
@Suite("Index: following a deletion")
struct IndexFollowTests {
    /// A folder with one export: a BOM, CRLF rows, a quoted field with a line break in
    /// some rows, `rows` data rows keyed by `key(row)`.
    static func export(rows: Int, key: (Int) -> String) throws -> (folder: String, config: FootprintConfig) {
        let folder = NSTemporaryDirectory() + "footprint-follow-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var text = "\u{FEFF}id,email,phone,notes\r\n"
        for row in 0..<rows {
            let notes = row % 5 == 0 ? "\"line one\nline \"\"two\"\"\"" : "plain"
            text += "\(key(row)),p\(row)@example.com,+1 415 555 \(String(format: "%04d", row % 10_000)),\(notes)\r\n"
        }
        try text.write(toFile: folder + "/people.csv", atomically: true, encoding: .utf8)
        let config = try FootprintConfig.parse(yaml: """
            sources:
              - name: crm
                connector: csv
                path: people.csv
                key: id
                fields:
                  email: {identifier: email}
                  phone: {identifier: phone}
            """, file: folder + "/footprint.yaml", connectorKeys: [CSVConnectorFactory.kind: CSVConnectorFactory.configKeys])
        return (folder, config)
    }

    /// The CSV connector's own say on which keys may be row numbers.
    static func numbered(_ config: FootprintConfig) throws -> (UnsafeRawBufferPointer, Int) -> Bool {
        let connector = try CSVConnectorFactory.make(source: config.sources[0])
        return { key, record in connector.mayBeNumbered(key: key, record: record) }
    }

    static func scan(_ config: FootprintConfig, index: String) throws -> IndexStore {
        let key = try IndexKey.load(indexPath: index, environment: ["FOOTPRINT_INDEX_KEY": "follow"], create: false)
        let store = try IndexStore(path: index, key: key, create: true)
        let summary = Scanner(connectors: [try CSVConnectorFactory.make(source: config.sources[0])], store: store, key: key,
                              policy: config.matching, full: false).run()
        #expect(summary.allSatisfy { $0.errors.isEmpty }, "\(summary)")
        return store
    }

    /// Erases the rows with these keys (whole), logging the removal.
    static func erase(_ keys: [String], config: FootprintConfig) throws -> [RemovalLog.Removal] {
        let connector = try CSVConnectorFactory.make(source: config.sources[0])
        let log = RemovalLog()
        var report = ScanReport()
        let requests = keys.map { ErasureRequest(locator: Locator(source: "crm", container: "people.csv", key: $0), fingerprint: "planned") }
        let outcomes = try RemovalLog.$current.withValue(log) {
            try connector.erase(requests, fingerprint: { _ in "planned" }, dryRun: false, into: &report)
        }
        #expect(outcomes.allSatisfy { $0 == .erased }, "\(outcomes)")
        return log.removals
    }

    /// Everything the index holds for a container: its row's counts and fingerprint, every
    /// record's key and position in order, every posting.
    struct Contents: Equatable {
        var fingerprint: String?
        var records: Int
        var identifiers: Int
        var entries: [String]
        var postings: Set<String>
    }

    /// What a lookup would see: the live records in order, at their positions in the file
    /// now (cut rounds applied); a posting by the key it reaches.
    static func contents(_ store: IndexStore) throws -> Contents {
        let row = try #require(try store.containers(source: "crm").first)
        let cuts = try store.cutRounds(row.id)
        var all: [String?] = []
        for page in try store.database.prepare("SELECT first_record, data FROM key_page WHERE container = ? ORDER BY first_record").rows([.integer(row.id)]) {
            #expect(page[0].int == Int64(all.count), "key pages must number their records without a gap")
            all += PageCoding.entries(in: page[1].bytes!).map { $0.1 == IndexStore.tombstone ? nil : "\($0.0)@\(cuts.translate($0.1))" }
        }
        var postings: Set<String> = []
        for page in try store.database.prepare("SELECT first_hash, data FROM posting_page WHERE container = ? ORDER BY first_hash").rows([.integer(row.id)]) {
            PageCoding.forEachPosting(in: page[1].bytes!, firstHash: page[0].int!) { hash, record in
                // A record number names its key: the posting is compared by the key it reaches.
                postings.insert("\(hash)→\(all.indices.contains(Int(record)) ? all[Int(record)] ?? "a tombstone" : "nothing")")
            }
        }
        return Contents(fingerprint: row.fingerprint, records: row.records, identifiers: row.identifiers, entries: all.compactMap { $0 }, postings: postings)
    }

    @Test("rows cut across page boundaries, side by side, first and last: the followed index is the one a fresh scan builds")
    func sameAsRescan() throws {
        let (folder, config) = try Self.export(rows: 9_000) { "ID-\(100_000 + $0)" }
        let store = try Self.scan(config, index: folder + "/.footprint/index.sqlite")
        // The first row, two side by side (one range), both sides of the first key-page
        // boundary (4,096 records), a row with a line break inside, the last row.
        let cut = [0, 17, 18, 4095, 4096, 5000, 8999].map { "ID-\(100_000 + $0)" }
        let original = try Self.contents(store)
        let removals = try Self.erase(cut, config: config)
        let removal = try #require(removals.first)
        #expect(removals.count == 1 && removal.cut.removed.count == 5, "side-by-side rows (17, 18; 4095, 4096) make one range each: \(removal.cut.removed)")
        let followed = try #require(try store.follow(removal, source: "crm", mayBeNumbered: Self.numbered(config)))

        let fresh = try Self.scan(config, index: folder + "/fresh/index.sqlite")
        let (after, expected) = (try Self.contents(store), try Self.contents(fresh))
        #expect(followed == IndexStore.FollowedRemoval(recordsDropped: 7, recordsKept: 8_993, postingsDropped: original.identifiers - expected.identifiers))
        #expect(original.identifiers - expected.identifiers >= 7)
        #expect(after.entries == expected.entries)
        #expect(after.postings == expected.postings)
        #expect(after.fingerprint == expected.fingerprint && after.records == expected.records && after.identifiers == expected.identifiers)
        // Lookups through it find the moved rows where they are now, and none of the cut.
        let hasher = try IndexKey.load(indexPath: store.path, environment: ["FOOTPRINT_INDEX_KEY": "follow"], create: false).hasher()
        #expect(try store.candidates(source: "crm", hashes: [hasher.hash("email:p4095@example.com")]).isEmpty)
        let moved = try #require(try store.candidates(source: "crm", hashes: [hasher.hash("email:p4097@example.com")]).first)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/people.csv"))
        #expect(String(decoding: bytes[Int(moved.position)...].prefix(10), as: UTF8.self) == "ID-104097,")
    }

    @Test("two deletions in a row, the second in the file the first left: followed twice, still the index a fresh scan builds")
    func twoRounds() throws {
        let (folder, config) = try Self.export(rows: 9_000) { "ID-\(100_000 + $0)" }
        let store = try Self.scan(config, index: folder + "/.footprint/index.sqlite")
        let first = try #require(try Self.erase([10, 4000, 4001, 8000].map { "ID-\(100_000 + $0)" }, config: config).first)
        #expect(try store.follow(first, source: "crm", mayBeNumbered: Self.numbered(config)) != nil)
        // Rows before, between and after the first cuts, and the one right after a cut row.
        let second = try #require(try Self.erase([5, 11, 3999, 4002, 8999].map { "ID-\(100_000 + $0)" }, config: config).first)
        #expect(try store.follow(second, source: "crm", mayBeNumbered: Self.numbered(config))?.recordsKept == 8_991)
        #expect(try store.cutRounds(try #require(try store.containers(source: "crm").first).id).rounds.count == 2)
        #expect(try Self.contents(store) == Self.contents(try Self.scan(config, index: folder + "/fresh/index.sqlite")))
        // A scan of the container starts it afresh: no cut rounds left.
        let rescanned = try Self.scan(config, index: folder + "/.footprint/index.sqlite")
        let key = try IndexKey.load(indexPath: rescanned.path, environment: ["FOOTPRINT_INDEX_KEY": "follow"], create: false)
        _ = Scanner(connectors: [try CSVConnectorFactory.make(source: config.sources[0])], store: rescanned, key: key, policy: config.matching, full: true).run()
        #expect(try rescanned.cutRounds(try #require(try rescanned.containers(source: "crm").first).id).isEmpty)
    }

    @Test("a follow prepared on its own connection while the file is rewritten commits the same index; one the container changed under (a scan) writes nothing")
    func preparedEarly() throws {
        let (folder, config) = try Self.export(rows: 6_000) { "ID-\(100_000 + $0)" }
        let path = folder + "/.footprint/index.sqlite"
        let store = try Self.scan(config, index: path)
        let key = try IndexKey.load(indexPath: path, environment: ["FOOTPRINT_INDEX_KEY": "follow"], create: false)
        // What execution does: told of the cut as the rewrite starts, prepared elsewhere.
        nonisolated(unsafe) var prepared: IndexStore.PreparedFollow?
        let connector = try CSVConnectorFactory.make(source: config.sources[0])
        let early = RemovalLog(onCut: { cut in
            prepared = try? IndexStore(path: path, key: key, create: false).prepareFollow(cut, source: "crm", mayBeNumbered: connector.mayBeNumbered(key:record:))
        })
        var report = ScanReport()
        let requests = ["ID-100007", "ID-104500"].map { ErasureRequest(locator: Locator(source: "crm", container: "people.csv", key: $0), fingerprint: "planned") }
        _ = try RemovalLog.$current.withValue(early) { try connector.erase(requests, fingerprint: { _ in "planned" }, dryRun: false, into: &report) }
        let removal = try #require(early.removals.first)
        let ready = try #require(prepared, "prepared as the rewrite started")
        #expect(try store.commit(ready, after: removal.after)?.recordsDropped == 2)
        #expect(try Self.contents(store) == Self.contents(try Self.scan(config, index: folder + "/fresh/index.sqlite")))

        // Prepared, then a scan rebuilt the container before the commit: nothing is written.
        let (other, otherConfig) = try Self.export(rows: 100) { "ID-\($0)" }
        let otherPath = other + "/.footprint/index.sqlite"
        let otherStore = try Self.scan(otherConfig, index: otherPath)
        let cut = try #require(try Self.erase(["ID-40"], config: otherConfig).first)
        let stale = try #require(try otherStore.prepareFollow(cut.cut,
                                                               source: "crm", mayBeNumbered: Self.numbered(otherConfig)))
        let rescanned = try Self.contents(try Self.scan(otherConfig, index: otherPath))
        #expect(try otherStore.commit(stale, after: cut.after) == nil)
        #expect(try Self.contents(otherStore) == rescanned)
    }

    @Test("what it cannot follow it leaves untouched: an index older than the file, keys that may be row numbers")
    func refuses() throws {
        // The index was built before the file last changed: its entries describe another file.
        let (folder, config) = try Self.export(rows: 50) { "ID-\($0)" }
        let store = try Self.scan(config, index: folder + "/.footprint/index.sqlite")
        let path = folder + "/people.csv"
        try (String(contentsOfFile: path, encoding: .utf8) + "ID-50,late@example.com,,\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        let before = try Self.contents(store)
        let removal = try #require(try Self.erase(["ID-3"], config: config).first)
        #expect(try store.follow(removal, source: "crm", mayBeNumbered: Self.numbered(config)) == nil)
        #expect(try Self.contents(store) == before)

        // Ids 1…N, as a row without an id would be keyed: a row after the cut cannot move.
        let (numbered, numberedConfig) = try Self.export(rows: 50) { String($0 + 1) }
        let numberedStore = try Self.scan(numberedConfig, index: numbered + "/.footprint/index.sqlite")
        let untouched = try Self.contents(numberedStore)
        let cut = try #require(try Self.erase(["10"], config: numberedConfig).first)
        #expect(try numberedStore.follow(cut, source: "crm", mayBeNumbered: Self.numbered(numberedConfig)) == nil)
        #expect(try Self.contents(numberedStore) == untouched)
    }

    @Test("ids 1…N: a cut of the last row, with no row after it, is followed")
    func numberedLast() throws {
        let (folder, config) = try Self.export(rows: 50) { String($0 + 1) }
        let store = try Self.scan(config, index: folder + "/.footprint/index.sqlite")
        let cut = try #require(try Self.erase(["50"], config: config).first)
        #expect(try store.follow(cut, source: "crm", mayBeNumbered: Self.numbered(config))?.recordsKept == 49)
        #expect(try Self.contents(store) == Self.contents(try Self.scan(config, index: folder + "/fresh/index.sqlite")))
    }

    @Test("a cut that does not start where a record starts is refused")
    func misaligned() throws {
        let (folder, config) = try Self.export(rows: 20) { "ID-\($0)" }
        let store = try Self.scan(config, index: folder + "/.footprint/index.sqlite")
        // Two rows side by side: one range, from row 5's first byte to row 7's.
        var removal = try #require(try Self.erase(["ID-5", "ID-6"], config: config).first)
        let before = try Self.contents(store)
        removal.cut.removed = removal.cut.removed.map { ($0.lowerBound + 1)..<$0.upperBound }
        #expect(try store.follow(removal, source: "crm", mayBeNumbered: { _, _ in false }) == nil, "starts inside row 5 and takes row 6 whole")
        removal.cut.removed = removal.cut.removed.map { ($0.lowerBound - 1)..<($0.upperBound - 1) }
        #expect(try store.follow(removal, source: "crm", mayBeNumbered: { _, _ in false }) == nil, "ends one byte before the next record")
        #expect(try Self.contents(store) == before)
    }
}

@Suite("CSV: which keys may be row numbers")
struct CSVNumberedKeyTests {
    @Test("a key is a row's number only when it is exactly that number's digits")
    func digits() throws {
        func numbered(_ key: String, _ record: Int) -> Bool {
            Array(key.utf8).withUnsafeBytes { CSVConnector.isDecimal($0, of: record + 1) }
        }
        #expect(numbered("1", 0) && numbered("10", 9) && numbered("4000000", 3_999_999))
        #expect(!numbered("01", 0) && !numbered("11", 0) && !numbered("1", 1) && !numbered("", 0) && !numbered("1a", 0) && !numbered("-1", 0))
        #expect(!numbered("100", 9) && !numbered("0", 0))
    }
}

@Suite("Index: following cuts")
struct CutBookkeepingTests {
    @Test("removed records are told from the rest in every block, and past the last one")
    func removedRecords() {
        var random = SplitMix64(seed: 7)
        for trial in 0..<20 {
            let records = 20_000
            // A few removed at random, plus block edges now and then.
            var removed = Set((0..<(trial % 5 + 1) * 7).map { _ in UInt32(random.next() % UInt64(records / 2)) })
            if trial % 2 == 0 { removed.formUnion([4095, 4096, 8191]) }
            let table = PageCut.RemovedRecords(removed.sorted())
            let wrong = (0..<UInt32(records)).filter { table.contains($0) != removed.contains($0) }
            #expect(wrong.isEmpty, "trial \(trial): told wrong: \(wrong.prefix(10))")
        }
    }

    @Test("a posting page is told to name a removed record exactly when one of its postings does, whatever the length of its hash differences")
    func holdsRemoved() {
        var random = SplitMix64(seed: 11)
        for trial in 0..<300 {
            // Hashes close together (short differences) or far apart (nine or ten bytes).
            let spread = trial % 3 == 0 ? UInt64(1 << 20) : UInt64.max
            var hashes = (0..<Int(random.next() % 40 + 1)).map { _ in Int64(bitPattern: random.next() % spread) }
            hashes.sort()
            let records = hashes.map { _ in UInt32(random.next() % 50_000) }
            var page: [UInt8] = []
            var previous = PageCoding.unsigned(hashes[0])
            for (hash, record) in zip(hashes, records) { PageCoding.appendPosting(hash: hash, record: record, previous: &previous, to: &page) }
            let removed = Set((0..<3).map { _ in UInt32(random.next() % 50_000) } + (trial % 2 == 0 ? [records.last!] : []))
            let told = PageCut.holdsRemoved(page, PageCut.RemovedRecords(removed.sorted()))
            #expect(told == records.contains(where: removed.contains), "trial \(trial)")
        }
        #expect(PageCut.holdsRemoved([0x80, 0x80], PageCut.RemovedRecords([1])) == nil, "a page cut short does not decode")
    }

    @Test("a position moves up by the bytes each round cut before it; the walking cursor agrees; rounds survive their encoding")
    func rounds() throws {
        // A file of 100 bytes, records every 10: round 1 cuts 10..<20 and 50..<70, round 2
        // (in the file as round 1 left it) cuts 0..<10.
        let cuts = CutRounds([[10..<20, 50..<70], [0..<10]])
        // Records at 10, 50, 60 (round 1) and 0 (round 2) were cut: the rest move.
        #expect([20, 30, 40, 70, 90].map(cuts.translate) == [0, 10, 20, 30, 50])
        var cursor = CutRounds.Cursor(cuts)
        #expect([20, 30, 40, 70, 90].map { cursor.translate($0) } == [0, 10, 20, 30, 50])
        #expect(cuts.translate(-1) == -1, "an unknown position stays unknown")
        for round in cuts.rounds { #expect(CutRounds.decode(CutRounds.encode(round)) == round) }
        #expect(CutRounds.decode([0x80]) == nil, "a damaged round is not read as one")
    }
}
