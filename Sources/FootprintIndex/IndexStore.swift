import Foundation
import FootprintCore

/// The embedded index: which containers were scanned and when, and for every identifier
/// term of every record a keyed hash pointing at the record's container, key and byte
/// position. No identifier or field value is stored in clear — only hashes, container
/// names, record keys (ids or row numbers) and positions.
///
/// Postings are keyed (container, hash, key): dropping or rewriting one container is a
/// range delete, and a lookup seeks each container's range for the hash.
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
    let key: IndexKey

    static let schemaVersion = "1"

    /// Opens (or, when `create`, creates) the index; fails when it was built with another key.
    public init(path: String, key: IndexKey, create: Bool) throws {
        self.path = path
        self.key = key
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists {
            guard create else { throw ConfigError("there is no index at \(path)", hint: "run footprint scan first") }
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
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
                    CREATE TABLE IF NOT EXISTS posting (
                        container INTEGER NOT NULL, hash INTEGER NOT NULL, key TEXT NOT NULL, position INTEGER NOT NULL,
                        PRIMARY KEY (container, hash, key)) WITHOUT ROWID;
                    """)
            }
            let stored = try database.prepare("SELECT value FROM meta WHERE name = 'key_check'").rows().first?.first?.string
            if let stored {
                guard stored == key.check else {
                    throw ConfigError("the index at \(path) was built with a different key than \(key.origin)",
                                      hint: "use the key it was built with, or rebuild it: footprint scan --full (after removing \(path))")
                }
            } else if create {
                try database.prepare("INSERT OR REPLACE INTO meta VALUES ('key_check', ?), ('schema', ?)").run([.text(key.check), .text(Self.schemaVersion)])
            }
        } catch let error as DatabaseError {
            throw ConfigError("cannot open the index \(path): \(error.message)", hint: "if it is damaged, delete it and run footprint scan --full")
        }
    }

    public func containers(source: String? = nil) throws -> [ContainerRow] {
        let sql = "SELECT id, source, name, fingerprint, records, identifiers, scanned_at, seconds FROM container" + (source == nil ? "" : " WHERE source = ?") + " ORDER BY source, name"
        return try database.prepare(sql).rows(source.map { [.text($0)] } ?? []).map { row in
            ContainerRow(id: row[0].int!, source: row[1].string!, name: row[2].string!, fingerprint: row[3].string,
                         records: Int(row[4].int!), identifiers: Int(row[5].int!), scannedAt: Date(timeIntervalSince1970: row[6].double!),
                         seconds: row[7].double!)
        }
    }

    /// Replaces everything the index holds for one container, in one transaction: a scan
    /// killed before it commits leaves the container as it was.
    func replace(source: String, container: ContainerState, records: Int, seconds: Double,
                 postings: [(hash: Int64, key: String, position: Int64)]) throws {
        try database.transaction {
            let existing = try database.prepare("SELECT id FROM container WHERE source = ? AND name = ?")
                .rows([.text(source), .text(container.name)]).first?.first?.int
            let id: Int64
            if let existing {
                try database.prepare("DELETE FROM posting WHERE container = ?").run([.integer(existing)])
                try database.prepare("UPDATE container SET fingerprint = ?, records = ?, identifiers = ?, scanned_at = ?, seconds = ? WHERE id = ?")
                    .run([container.fingerprint.map { .text($0) } ?? .null, .integer(Int64(records)), .integer(Int64(postings.count)),
                          .real(Date().timeIntervalSince1970), .real(seconds), .integer(existing)])
                id = existing
            } else {
                try database.prepare("INSERT INTO container (source, name, fingerprint, records, identifiers, scanned_at, seconds) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .run([.text(source), .text(container.name), container.fingerprint.map { .text($0) } ?? .null, .integer(Int64(records)),
                          .integer(Int64(postings.count)), .real(Date().timeIntervalSince1970), .real(seconds)])
                id = database.lastInsertID
            }
            let insert = try database.prepare("INSERT OR IGNORE INTO posting (container, hash, key, position) VALUES (?, ?, ?, ?)")
            for posting in postings {
                try insert.run([.integer(id), .integer(posting.hash), .text(posting.key), .integer(posting.position)])
            }
        }
    }

    /// Forgets a container that no longer exists.
    func drop(containerID: Int64) throws {
        try database.transaction {
            try database.prepare("DELETE FROM posting WHERE container = ?").run([.integer(containerID)])
            try database.prepare("DELETE FROM container WHERE id = ?").run([.integer(containerID)])
        }
    }

    /// Where the index says records holding any of `hashes` are, in one source.
    public func candidates(source: String, hashes: [Int64]) throws -> [IndexedLocator] {
        let lookup = try database.prepare("""
            SELECT c.name, p.key, p.position FROM container c JOIN posting p ON p.container = c.id AND p.hash = ? WHERE c.source = ?
            """)
        var found: Set<IndexedLocator> = []
        for hash in Set(hashes) {
            for row in try lookup.rows([.integer(hash), .text(source)]) {
                found.insert(IndexedLocator(container: row[0].string!, key: row[1].string!, position: row[2].int!))
            }
        }
        return found.sorted { ($0.container, $0.key) < ($1.container, $1.key) }
    }

    /// Every posting, for comparing two indexes built from the same data (tests).
    func allPostings() throws -> Set<String> {
        Set(try database.prepare("SELECT c.source, c.name, c.fingerprint, p.hash, p.key, p.position FROM posting p JOIN container c ON c.id = p.container")
            .rows().map { row in row.map { "\($0)" }.joined(separator: "|") })
    }

    public var fileSize: Int64 {
        let sizes = [path, path + "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int64 }
        return sizes.reduce(0, +)
    }
}
