import Foundation
import FootprintCore

/// The request log and case files: `requests.sqlite` beside the index (the same owner-only
/// folder, the file 0600). Each request is a JSON case file whose identity is sealed with
/// the request key; every change also appends an entry to an append-only log whose entries
/// each carry the digest of the one before (§7101's record of requests and responses,
/// kept 24 months). `verifyLog` recomputes the chain: an entry changed, inserted or removed
/// breaks it. A purge removes old entries and keeps the digest they ended on as the anchor.
public final class RequestStore {
    public let path: String
    let database: Database
    public let key: IndexKey

    /// The key that seals identities: `$FOOTPRINT_REQUEST_KEY` (a passphrase) or the index's key.
    public static func key(indexPath: String, environment: [String: String]) throws -> IndexKey {
        if let passphrase = environment["FOOTPRINT_REQUEST_KEY"], !passphrase.isEmpty {
            return IndexKey(key: IndexKey.sha256(Array(passphrase.utf8)), origin: "$FOOTPRINT_REQUEST_KEY")
        }
        return try IndexKey.load(indexPath: indexPath, environment: environment, create: true)
    }

    /// Where the request log of an index lives: `requests.sqlite` in the index's folder.
    public static func path(forIndex indexPath: String) -> String {
        ((indexPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("requests.sqlite")
    }

    public init(indexPath: String, key: IndexKey) throws {
        path = Self.path(forIndex: indexPath)
        self.key = key
        try IndexFolder.create(holding: path)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        database = try Database(path: path)
        try database.execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS request (id TEXT PRIMARY KEY, received TEXT NOT NULL, data TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, request TEXT NOT NULL, event TEXT NOT NULL,
                                            detail TEXT NOT NULL, previous TEXT NOT NULL, digest TEXT NOT NULL);
            """)
    }

    // MARK: Case files

    /// A new request id, `R-YEAR-NNNN`, numbered within the year of receipt.
    public func newID(received: CalendarDay) throws -> String {
        let prefix = "R-\(received.year)-"
        let count = try database.prepare("SELECT count(*) FROM request WHERE id LIKE ?").rows([.text(prefix + "%")]).first?.first?.int ?? 0
        var n = Int(count) + 1
        while try request(prefix + String(format: "%04d", n)) != nil { n += 1 }
        return prefix + String(format: "%04d", n)
    }

    public func save(_ request: Request, event: String, detail: [String: String], at: Date = Date()) throws {
        let data = try Self.encoder.encode(request)
        try database.transaction {
            try database.prepare("INSERT OR REPLACE INTO request (id, received, data) VALUES (?, ?, ?)")
                .run([.text(request.id), .text(request.received.description), .text(String(decoding: data, as: UTF8.self))])
            try append(request: request.id, event: event, detail: detail, at: at)
        }
    }

    /// Many requests in one transaction (an import), each with its log entries in order.
    public func saveAll(_ items: [(request: Request, events: [(event: String, detail: [String: String])])], at: Date = Date()) throws {
        try database.transaction {
            let insert = try database.prepare("INSERT OR REPLACE INTO request (id, received, data) VALUES (?, ?, ?)")
            let stamp = Timestamp.iso8601(at)
            var previous = try database.prepare("SELECT digest FROM log ORDER BY seq DESC LIMIT 1").rows().first?.first?.string ?? anchor()
            for item in items {
                let data = try Self.encoder.encode(item.request)
                try insert.run([.text(item.request.id), .text(item.request.received.description), .text(String(decoding: data, as: UTF8.self))])
                for (event, detail) in item.events {
                    previous = try append(request: item.request.id, event: event, detail: detail, at: at, after: previous, stamp: stamp)
                }
            }
        }
    }

    public func request(_ id: String) throws -> Request? {
        guard let text = try database.prepare("SELECT data FROM request WHERE id = ?").rows([.text(id)]).first?.first?.string else { return nil }
        return try JSONDecoder().decode(Request.self, from: Data(text.utf8))
    }

    public func requests() throws -> [Request] {
        try database.prepare("SELECT data FROM request ORDER BY received, id").rows().compactMap { row in
            try row.first?.string.map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
        }
    }

    // MARK: The log

    public typealias Entry = RequestLogEntry

    static let genesis = String(repeating: "0", count: 64)

    /// Appends one entry after `previous` (the last entry's digest, looked up when nil);
    /// returns the new entry's digest.
    @discardableResult
    private func append(request: String, event: String, detail: [String: String], at: Date, after previous: String? = nil,
                        stamp: String? = nil) throws -> String {
        let previous = try previous ?? database.prepare("SELECT digest FROM log ORDER BY seq DESC LIMIT 1").rows().first?.first?.string ?? anchor()
        let stamp = stamp ?? Timestamp.iso8601(at)
        let body = String(decoding: try Self.encoder.encode(detail), as: UTF8.self)
        let digest = Self.digest(previous: previous, at: stamp, request: request, event: event, detail: body)
        try database.prepare("INSERT INTO log (at, request, event, detail, previous, digest) VALUES (?, ?, ?, ?, ?, ?)")
            .run([.text(stamp), .text(request), .text(event), .text(body), .text(previous), .text(digest)])
        return digest
    }

    static func digest(previous: String, at: String, request: String, event: String, detail: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in IndexKey.sha256(Array([previous, at, request, event, detail].joined(separator: "\n").utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 15)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The digest the first kept entry must follow: the genesis, or what a purge left.
    private func anchor() throws -> String {
        try database.prepare("SELECT value FROM meta WHERE name = 'anchor'").rows().first?.first?.string ?? Self.genesis
    }

    public func entries() throws -> [Entry] {
        try database.prepare("SELECT seq, at, request, event, detail, previous, digest FROM log ORDER BY seq").rows().map { row in
            Entry(seq: row[0].int!, at: row[1].string!, request: row[2].string!, event: row[3].string!, detail: row[4].string!,
                  previous: row[5].string!, digest: row[6].string!)
        }
    }

    /// The first entry that breaks the chain (changed, or after a removed or inserted one), or nil.
    public func verifyLog() throws -> (seq: Int64, why: String)? {
        var expected = try anchor()
        for entry in try entries() {
            guard entry.previous == expected else { return (entry.seq, "it does not follow the entry before it (one was removed, inserted or changed)") }
            let digest = Self.digest(previous: entry.previous, at: entry.at, request: entry.request, event: entry.event, detail: entry.detail)
            guard digest == entry.digest else { return (entry.seq, "its content does not match its digest (it was changed)") }
            expected = entry.digest
        }
        return nil
    }

    /// Removes log entries older than `cutoff` (the rules keep 24 months), keeping the chain
    /// verifiable from the digest the last removed entry ended on. Returns how many went.
    public func purge(before cutoff: Date) throws -> Int {
        let stamp = Timestamp.iso8601(cutoff)
        return try database.transaction {
            let old = try database.prepare("SELECT seq, digest FROM log WHERE at < ? ORDER BY seq").rows([.text(stamp)])
            guard let last = old.last else { return 0 }
            try database.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES ('anchor', ?)").run([.text(last[1].string!)])
            try database.prepare("DELETE FROM log WHERE seq <= ?").run([.integer(last[0].int!)])
            return old.count
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
