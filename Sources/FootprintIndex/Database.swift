import CSQLite
import Foundation

/// An error from SQLite, with its result code and message. Messages name tables and
/// constraints, never values (values are always bound).
public struct DatabaseError: Error, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var description: String { "SQLite error \(code): \(message)" }
}

/// A connection to one SQLite file: a thin, typed wrapper over the C API in the manner
/// of GRDB's Database, only as wide as the index needs.
final class Database {
    private(set) var handle: OpaquePointer?
    let path: String

    init(path: String, readOnly: Bool = false) throws {
        self.path = path
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let status = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw DatabaseError(code: status, message: message)
        }
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        guard status == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "?"
            sqlite3_free(error)
            throw DatabaseError(code: status, message: message)
        }
    }

    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw DatabaseError(code: status, message: String(cString: sqlite3_errmsg(handle))) }
        return Statement(statement, database: self)
    }

    /// Runs `body` in one transaction: all of it is committed, or none of it.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }
    var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A prepared statement; bind, step, read columns, reset for the next row.
final class Statement {
    private let statement: OpaquePointer
    private unowned let database: Database
    /// SQLite must copy bound text and blobs, as our buffers do not outlive the call.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: OpaquePointer, database: Database) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    @discardableResult
    func bind(_ values: [DatabaseValue]) -> Statement {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .integer(let v): sqlite3_bind_int64(statement, position, v)
            case .real(let v): sqlite3_bind_double(statement, position, v)
            case .text(let v): sqlite3_bind_text(statement, position, v, -1, Self.transient)
            case .blob(let v): v.withUnsafeBytes { _ = sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), Self.transient) }
            case .null: sqlite3_bind_null(statement, position)
            }
        }
        return self
    }

    /// The hot path for bulk inserts: integers and one text, no intermediate values.
    func insert(_ a: Int64, _ b: Int64, _ text: String, _ c: Int64) throws {
        sqlite3_reset(statement)
        sqlite3_bind_int64(statement, 1, a)
        sqlite3_bind_int64(statement, 2, b)
        var text = text
        text.withUTF8 { _ = sqlite3_bind_text(statement, 3, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), Int32($0.count), Self.transient) }
        sqlite3_bind_int64(statement, 4, c)
        let status = sqlite3_step(statement)
        guard status == SQLITE_DONE else { throw DatabaseError(code: status, message: database.errorMessage) }
    }

    /// Steps once; true when a row is available.
    func step() throws -> Bool {
        let status = sqlite3_step(statement)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw DatabaseError(code: status, message: database.errorMessage)
        }
    }

    func run(_ values: [DatabaseValue] = []) throws {
        bind(values)
        while try step() {}
    }

    func rows(_ values: [DatabaseValue] = []) throws -> [[DatabaseValue]] {
        var rows: [[DatabaseValue]] = []
        try forEachRow(values) { rows.append($0); return true }
        return rows
    }

    /// Steps through the rows one at a time, giving `body` each row's values until it
    /// returns false: one cursor's pass over a table of large rows, one row held at a time.
    /// (A query a row with `LIMIT 1` seeks the b-tree each time, and a seek compares whole
    /// cells: for a row of tens of kilobytes, its overflow pages are read in each comparison.)
    func forEachRow(_ values: [DatabaseValue] = [], _ body: ([DatabaseValue]) throws -> Bool) throws {
        bind(values)
        while try step() {
            guard try body((0..<sqlite3_column_count(statement)).map(column)) else { return }
        }
    }

    func column(_ index: Int32) -> DatabaseValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, index)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let pointer = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default: return .null
        }
    }
}

/// A value bound to or read from SQLite.
enum DatabaseValue: Equatable {
    case integer(Int64), real(Double), text(String), blob([UInt8]), null

    var int: Int64? { if case .integer(let v) = self { return v }; return nil }
    var double: Double? { if case .real(let v) = self { return v }; if case .integer(let v) = self { return Double(v) }; return nil }
    var string: String? { if case .text(let v) = self { return v }; return nil }
    var bytes: [UInt8]? { if case .blob(let v) = self { return v }; return nil }
}
