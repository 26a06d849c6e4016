import Foundation
import FootprintCore

/// The embedded index: which containers were scanned and when, and for every identifier
/// term of every record a keyed hash pointing at the record's container, key and byte
/// position. No identifier or field value is stored in clear — only hashes, container
/// names, record keys (ids or row numbers) and positions.
///
/// Postings are stored in pages: per container, the (hash, record number) pairs sorted
/// by hash, 4,096 to a page keyed by its first hash; and each record's byte position and
/// key in pages by record number (byte layouts in `PageCoding`). Writing millions of postings is then a few thousand
/// rows; a lookup reads one page per container and binary-searches it. Dropping or
/// rewriting a container is a range delete.
public final class IndexStore: @unchecked Sendable {
    public struct ContainerRow {
        public var id: Int64
        public var source: String
        public var name: String
        public var fingerprint: String?
        public var records: Int
        public var identifiers: Int
        public var scannedAt: Date
        public var seconds: Double
    }

    let database: Database
    public let path: String
    /// Whether opening found an index of an older layout and emptied it for rebuilding.
    public private(set) var rebuilt = false
    let key: IndexKey

    /// The layout of pages; an index of another layout is rebuilt by the next scan.
    /// 6: key pages may hold tombstones, and positions may be moved by cut rounds.
    static let schemaVersion = "6"
    static let pageSize = 4096

    /// Opens (or, when `create`, creates) the index; fails when it was built with another key.
    public init(path: String, key: IndexKey, create: Bool) throws {
        self.path = path
        self.key = key
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists {
            guard create else { throw ConfigError("there is no index at \(path)", hint: "run footprint scan first") }
            try IndexFolder.create(holding: path)
            // Owner-only from the start; SQLite gives its -wal and -shm files the same mode.
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw ConfigError("cannot create the index at \(path)", hint: "check that its folder is writable")
            }
        } else if create {
            // Who-is-where, even hashed, is for the owner alone (older indexes were 0644).
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
        do {
            database = try Database(path: path, readOnly: !create)
            if create {
                try database.execute("""
                    PRAGMA journal_mode = WAL;
                    PRAGMA synchronous = NORMAL;
                    CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS container (
                        id INTEGER PRIMARY KEY, source TEXT NOT NULL, name TEXT NOT NULL, fingerprint TEXT,
                        records INTEGER NOT NULL, identifiers INTEGER NOT NULL, scanned_at REAL NOT NULL, seconds REAL NOT NULL,
                        UNIQUE (source, name));
                    CREATE TABLE IF NOT EXISTS posting_page (
                        container INTEGER NOT NULL, first_hash INTEGER NOT NULL, data BLOB NOT NULL,
                        PRIMARY KEY (container, first_hash)) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS observation (container INTEGER PRIMARY KEY, data TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS key_page (
                        container INTEGER NOT NULL, first_record INTEGER NOT NULL, data BLOB NOT NULL,
                        PRIMARY KEY (container, first_record)) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS cut_round (
                        container INTEGER NOT NULL, round INTEGER NOT NULL, data BLOB NOT NULL,
                        PRIMARY KEY (container, round)) WITHOUT ROWID;
                    """)
            }
            let stored = try database.prepare("SELECT value FROM meta WHERE name = 'key_check'").rows().first?.first?.string
            if let stored {
                guard stored == key.check else {
                    throw ConfigError("the index at \(path) was built with a different key than \(key.origin)",
                                      hint: "use the key it was built with, or rebuild it: footprint scan --full (after removing \(path))")
                }
            } else if create {
                try database.prepare("INSERT OR REPLACE INTO meta VALUES ('key_check', ?)").run([.text(key.check)])
            }
            let schema = try database.prepare("SELECT value FROM meta WHERE name = 'schema'").rows().first?.first?.string
            if schema != Self.schemaVersion {
                // Its pages are in another layout. The index only ever holds what sources say,
                // so a scan starts it again; a lookup cannot use it until then.
                guard create else {
                    throw ConfigError("the index at \(path) was built by another version of footprint (layout \(schema ?? "unknown"), this one reads \(Self.schemaVersion))",
                                      hint: "run footprint scan to rebuild it")
                }
                try database.transaction {
                    try database.execute("DELETE FROM posting_page; DELETE FROM key_page; DELETE FROM cut_round; DELETE FROM container;")
                    try database.prepare("INSERT OR REPLACE INTO meta VALUES ('schema', ?)").run([.text(Self.schemaVersion)])
                }
                rebuilt = schema != nil
            }
        } catch let error as DatabaseError {
            throw ConfigError("cannot open the index \(path): \(error.message)", hint: "if it is damaged, delete it and run footprint scan --full")
        }
    }

    /// Ties the index to the configuration that scans it. Two configurations in one folder
    /// share the default index path, and a full scan drops the sources its configuration
    /// does not list, so a second configuration would silently empty the first's index.
    ///
    /// The configuration is remembered relative to the index's folder, so moving the two
    /// together (a project folder renamed) keeps the claim.
    public func claim(configuration path: String) throws {
        let file = Self.relative(path, from: (self.path as NSString).deletingLastPathComponent)
        let owner = try database.prepare("SELECT value FROM meta WHERE name = 'configuration'").rows().first?.first?.string
        if let owner, owner != file {
            throw ConfigError("the index at \(path) belongs to the configuration \(owner), not \(file)",
                              hint: "give this configuration its own index (index: {path: .footprint/other.sqlite}), or remove \(path) if \(owner) is gone")
        }
        if owner == nil { try database.prepare("INSERT OR REPLACE INTO meta VALUES ('configuration', ?)").run([.text(file)]) }
    }

    /// `path` relative to `folder` (both absolute), with `..` where it climbs.
    static func relative(_ path: String, from folder: String) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
        return (Array(repeating: "..", count: base.count - common) + target[common...]).joined(separator: "/")
    }

    public func containers(source: String? = nil) throws -> [ContainerRow] {
        let sql = "SELECT id, source, name, fingerprint, records, identifiers, scanned_at, seconds FROM container" + (source == nil ? "" : " WHERE source = ?") + " ORDER BY source, name"
        return try database.prepare(sql).rows(source.map { [.text($0)] } ?? []).map { row in
            ContainerRow(id: row[0].int!, source: row[1].string!, name: row[2].string!, fingerprint: row[3].string,
                         records: Int(row[4].int!), identifiers: Int(row[5].int!), scannedAt: Date(timeIntervalSince1970: row[6].double!),
                         seconds: row[7].double!)
        }
    }

    /// One posting: a term's keyed hash and the number of the record (within its
    /// container) that holds the term.
    public struct Posting: Sendable {
        public var hash: Int64
        public var record: UInt32

        public init(hash: Int64, record: UInt32) {
            self.hash = hash
            self.record = record
        }

        static func < (a: Posting, b: Posting) -> Bool { a.hash < b.hash || (a.hash == b.hash && a.record < b.record) }
    }

    /// Replaces everything the index holds for one container, in one transaction: a scan
    /// killed before it commits leaves the container as it was.
    /// `observations`: the counts of what each field's values looked like (nil when the scan
    /// did not observe: the last observing scan's counts stay).
    func replace(source: String, container: ContainerState, keys: KeyPages, postings: PostingSorter, seconds: Double,
                 observations: [String: FieldObservation]? = nil) throws {
        try database.transaction {
            let existing = try database.prepare("SELECT id FROM container WHERE source = ? AND name = ?")
                .rows([.text(source), .text(container.name)]).first?.first?.int
            let id: Int64
            if let existing {
                try deletePages(existing)
                try database.prepare("UPDATE container SET fingerprint = ?, records = ?, identifiers = ?, scanned_at = ?, seconds = ? WHERE id = ?")
                    .run([container.fingerprint.map { .text($0) } ?? .null, .integer(Int64(keys.count)), .integer(Int64(postings.count)),
                          .real(Date().timeIntervalSince1970), .real(seconds), .integer(existing)])
                id = existing
            } else {
                try database.prepare("INSERT INTO container (source, name, fingerprint, records, identifiers, scanned_at, seconds) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .run([.text(source), .text(container.name), container.fingerprint.map { .text($0) } ?? .null, .integer(Int64(keys.count)),
                          .integer(Int64(postings.count)), .real(Date().timeIntervalSince1970), .real(seconds)])
                id = database.lastInsertID
            }
            try writePostings(postings, container: id)
            let insertKeys = try database.prepare("INSERT INTO key_page (container, first_record, data) VALUES (?, ?, ?)")
            try keys.forEachPage { first, data in try insertKeys.run([.integer(id), .integer(Int64(first)), .blob(data)]) }
            if let observations {
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                let data = try encoder.encode(observations)
                try database.prepare("INSERT OR REPLACE INTO observation (container, data) VALUES (?, ?)")
                    .run([.integer(id), .text(String(decoding: data, as: UTF8.self))])
            }
        }
    }

    /// What the last observing scan counted in each container of a source (or of every
    /// source): per field, how many values looked like each kind. Empty for an index
    /// built before scans observed.
    public func observations(source: String? = nil) throws -> [(container: ContainerRow, fields: [String: FieldObservation])] {
        guard try database.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'observation'").rows().first != nil else { return [] }
        let byID = Dictionary(try containers(source: source).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [(container: ContainerRow, fields: [String: FieldObservation])] = []
        for row in try database.prepare("SELECT container, data FROM observation").rows() {
            guard let id = row[0].int, let container = byID[id], let text = row[1].string else { continue }
            result.append((container, try JSONDecoder().decode([String: FieldObservation].self, from: Data(text.utf8))))
        }
        return result.sorted { ($0.container.source, $0.container.name) < ($1.container.source, $1.container.name) }
    }

    /// Pages of about `pageSize` postings. A page never splits a run of equal hashes, so
    /// one page holds all of a hash's postings.
    private func writePostings(_ postings: PostingSorter, container id: Int64) throws {
        let insert = try database.prepare("INSERT INTO posting_page (container, first_hash, data) VALUES (?, ?, ?)")
        var data = [UInt8]()
        data.reserveCapacity((Self.pageSize + 64) * 12)
        var firstHash: Int64 = 0
        var previous: UInt64 = 0
        var count = 0
        var last: Int64?
        try postings.forEachBucket { bucket in
            for posting in bucket {
                if count >= Self.pageSize, posting.hash != last {
                    try insert.run([.integer(id), .integer(firstHash), .blob(data)])
                    data.removeAll(keepingCapacity: true)
                    count = 0
                }
                if count == 0 {
                    firstHash = posting.hash
                    previous = PageCoding.unsigned(posting.hash)
                }
                PageCoding.appendPosting(hash: posting.hash, record: posting.record, previous: &previous, to: &data)
                count += 1
                last = posting.hash
            }
        }
        if count > 0 { try insert.run([.integer(id), .integer(firstHash), .blob(data)]) }
    }

    private func deletePages(_ container: Int64) throws {
        try database.prepare("DELETE FROM posting_page WHERE container = ?").run([.integer(container)])
        try database.prepare("DELETE FROM key_page WHERE container = ?").run([.integer(container)])
        try database.prepare("DELETE FROM cut_round WHERE container = ?").run([.integer(container)])
    }

    /// The key-page position of a record a followed cut removed (`follow`): its entry
    /// stays, with no key, so that the records after it keep their numbers.
    static let tombstone: Int64 = -2

    /// The cuts followed in a container since its last scan, in order.
    func cutRounds(_ container: Int64) throws -> CutRounds {
        var rounds: [[Range<Int64>]] = []
        for row in try database.prepare("SELECT data FROM cut_round WHERE container = ? ORDER BY round").rows([.integer(container)]) {
            guard let ranges = CutRounds.decode(row[0].bytes ?? []) else {
                throw ConfigError("the index at \(path) has a damaged cut round", hint: "run footprint scan --full to rebuild it")
            }
            rounds.append(ranges)
        }
        return CutRounds(rounds)
    }

    /// Forgets a container that no longer exists.
    func drop(containerID: Int64) throws {
        try database.transaction {
            try deletePages(containerID)
            try database.prepare("DELETE FROM container WHERE id = ?").run([.integer(containerID)])
            try database.prepare("DELETE FROM observation WHERE container = ?").run([.integer(containerID)])
        }
    }

    /// Where the index says records holding any of `hashes` are, in one source.
    public func candidates(source: String, hashes: [Int64]) throws -> [IndexedLocator] {
        let containers = try database.prepare("SELECT id, name FROM container WHERE source = ?").rows([.text(source)])
        let page = try database.prepare("SELECT first_hash, data FROM posting_page WHERE container = ? AND first_hash <= ? ORDER BY first_hash DESC LIMIT 1")
        let keyPage = try database.prepare("SELECT first_record, data FROM key_page WHERE container = ? AND first_record <= ? ORDER BY first_record DESC LIMIT 1")
        var found: Set<IndexedLocator> = []
        for row in containers {
            let container = row[0].int!, name = row[1].string!
            var records: Set<UInt32> = []
            for hash in Set(hashes) {
                guard let row = try page.rows([.integer(container), .integer(hash)]).first, let first = row[0].int, let data = row[1].bytes else { continue }
                records.formUnion(PageCoding.records(in: data, firstHash: first, holding: hash))
            }
            // Positions as scanned, moved by the cuts followed since.
            let cuts = try cutRounds(container)
            // In record order, so each key page is read and walked once however many of
            // its records a common name names.
            var current: (first: Int64, entries: [(String, Int64)])?
            for record in records.sorted() {
                let number = Int64(record)
                if current == nil || number < current!.first || number >= current!.first + Int64(current!.entries.count) {
                    guard let keyRow = try keyPage.rows([.integer(container), .integer(number)]).first else { continue }
                    current = (keyRow[0].int!, PageCoding.entries(in: keyRow[1].bytes ?? []))
                }
                let index = Int(number - current!.first)
                guard index < current!.entries.count else { continue }
                let (key, position) = current!.entries[index]
                guard position != Self.tombstone else { continue } // a cut record's postings went with it
                found.insert(IndexedLocator(container: name, key: key, position: cuts.translate(position)))
            }
        }
        return found.sorted { ($0.container, $0.key) < ($1.container, $1.key) }
    }

    public var fileSize: Int64 {
        let sizes = [path, path + "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int64 }
        return sizes.reduce(0, +)
    }
}
