import Foundation
import FootprintCore

/// The embedded index: which containers were scanned and when, and for every identifier
/// term of every record a keyed hash pointing at the record's container, key and byte
/// position. No identifier or field value is stored in clear — only hashes, container
/// names, record keys (ids or row numbers) and positions.
///
/// Postings are stored in pages: per container, the (hash, position, record number)
/// triples sorted by hash, 4,096 to a page keyed by its first hash, and the record keys
/// in pages by record number. Writing millions of postings is then a few thousand rows;
/// a lookup reads one page per container and binary-searches it. Dropping or rewriting
/// a container is a range delete.
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

    static let schemaVersion = "2"
    static let pageSize = 4096

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
                    CREATE TABLE IF NOT EXISTS posting_page (
                        container INTEGER NOT NULL, first_hash INTEGER NOT NULL, data BLOB NOT NULL,
                        PRIMARY KEY (container, first_hash)) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS key_page (
                        container INTEGER NOT NULL, first_record INTEGER NOT NULL, data BLOB NOT NULL,
                        PRIMARY KEY (container, first_record)) WITHOUT ROWID;
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

    /// One posting: a term's keyed hash, the record's byte position (-1 when unknown)
    /// and its number within the container (which names its key).
    public struct Posting {
        public var hash: Int64
        public var position: Int64
        public var record: Int64
    }

    /// Replaces everything the index holds for one container, in one transaction: a scan
    /// killed before it commits leaves the container as it was. `postings` must be sorted by hash.
    func replace(source: String, container: ContainerState, keys: [String], seconds: Double, postings: [Posting]) throws {
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
            let insertPosting = try database.prepare("INSERT INTO posting_page (container, first_hash, data) VALUES (?, ?, ?)")
            var start = 0
            while start < postings.count {
                // A page never splits a run of equal hashes, so one page holds all of a hash's postings.
                var end = min(start + Self.pageSize, postings.count)
                while end < postings.count, postings[end].hash == postings[end - 1].hash { end += 1 }
                var data = [UInt8]()
                data.reserveCapacity((end - start) * 24)
                for posting in postings[start..<end] {
                    withUnsafeBytes(of: posting.hash.littleEndian) { data.append(contentsOf: $0) }
                    withUnsafeBytes(of: posting.position.littleEndian) { data.append(contentsOf: $0) }
                    withUnsafeBytes(of: posting.record.littleEndian) { data.append(contentsOf: $0) }
                }
                try insertPosting.run([.integer(id), .integer(postings[start].hash), .blob(data)])
                start = end
            }
            let insertKeys = try database.prepare("INSERT INTO key_page (container, first_record, data) VALUES (?, ?, ?)")
            for first in stride(from: 0, to: keys.count, by: Self.pageSize) {
                var data = [UInt8]()
                for key in keys[first..<min(first + Self.pageSize, keys.count)] {
                    let bytes = Array(key.utf8)
                    withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { data.append(contentsOf: $0) }
                    data.append(contentsOf: bytes)
                }
                try insertKeys.run([.integer(id), .integer(Int64(first)), .blob(data)])
            }
        }
    }

    private func deletePages(_ container: Int64) throws {
        try database.prepare("DELETE FROM posting_page WHERE container = ?").run([.integer(container)])
        try database.prepare("DELETE FROM key_page WHERE container = ?").run([.integer(container)])
    }

    /// Forgets a container that no longer exists.
    func drop(containerID: Int64) throws {
        try database.transaction {
            try deletePages(containerID)
            try database.prepare("DELETE FROM container WHERE id = ?").run([.integer(containerID)])
        }
    }

    /// Where the index says records holding any of `hashes` are, in one source.
    public func candidates(source: String, hashes: [Int64]) throws -> [IndexedLocator] {
        let containers = try database.prepare("SELECT id, name FROM container WHERE source = ?").rows([.text(source)])
        let page = try database.prepare("SELECT data FROM posting_page WHERE container = ? AND first_hash <= ? ORDER BY first_hash DESC LIMIT 1")
        let keyPage = try database.prepare("SELECT first_record, data FROM key_page WHERE container = ? AND first_record <= ? ORDER BY first_record DESC LIMIT 1")
        var found: Set<IndexedLocator> = []
        for row in containers {
            let container = row[0].int!, name = row[1].string!
            for hash in Set(hashes) {
                guard let data = try page.rows([.integer(container), .integer(hash)]).first?.first?.bytes else { continue }
                for (position, record) in Self.search(data, for: hash) {
                    guard let keyRow = try keyPage.rows([.integer(container), .integer(record)]).first,
                          let key = Self.key(in: keyRow[1].bytes ?? [], at: Int(record - keyRow[0].int!)) else { continue }
                    found.insert(IndexedLocator(container: name, key: key, position: position))
                }
            }
        }
        return found.sorted { ($0.container, $0.key) < ($1.container, $1.key) }
    }

    /// The (position, record) pairs of `hash` in a page, by binary search.
    static func search(_ data: [UInt8], for hash: Int64) -> [(Int64, Int64)] {
        let count = data.count / 24
        func value(_ index: Int, _ field: Int) -> Int64 {
            data.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(fromByteOffset: index * 24 + field * 8, as: Int64.self)) }
        }
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if value(mid, 0) < hash { low = mid + 1 } else { high = mid }
        }
        var result: [(Int64, Int64)] = []
        while low < count, value(low, 0) == hash {
            result.append((value(low, 1), value(low, 2)))
            low += 1
        }
        return result
    }

    static func key(in data: [UInt8], at index: Int) -> String? {
        var offset = 0
        for i in 0...index {
            guard offset + 4 <= data.count else { return nil }
            let length = data.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
            offset += 4
            if i == index { return String(decoding: data[offset..<min(offset + length, data.count)], as: UTF8.self) }
            offset += length
        }
        return nil
    }

    public var fileSize: Int64 {
        let sizes = [path, path + "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int64 }
        return sizes.reduce(0, +)
    }
}
