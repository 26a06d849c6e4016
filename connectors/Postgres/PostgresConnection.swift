import CLibPQ
import FootprintCore
#if canImport(Glibc)
import Glibc
#endif

/// A failure reported by libpq or the server. The message is the server's primary
/// message only — never the DETAIL, which can quote row values.
public struct PostgresError: Error, CustomStringConvertible, SourceErrorConvertible {
    public var message: String
    public var sqlState: String?

    public var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }

    /// The SQLSTATE class says what to do: no state at all is a connection that never
    /// came up (libpq's own failure), class 28 bad credentials, 42501 a missing grant.
    public var kind: SourceError.Kind {
        // A connection that failed has no SQLSTATE; libpq's message tells bad credentials apart.
        guard let state = sqlState else { return message.contains("authentication failed") ? .authentication : .unreachable }
        switch state {
        case "42501": return .permission
        case "42P01", "3F000": return .missingContainer
        case "57014": return .timeout
        default: break
        }
        switch state.prefix(2) {
        case "28": return .authentication
        case "08", "57": return .unreachable
        case "22": return .malformedData
        case "42": return .configuration
        default: return .other
        }
    }

    public var sourceError: SourceError { SourceError(kind, description) }
}

/// One connection, owned by one connector run (libpq connections are not shared across
/// threads). Every value reaches the server as a bound parameter; the session is
/// read-only, so a lookup can never change the database it searches.
public final class PostgresConnection {
    private let connection: OpaquePointer

    /// `conninfo` is a URL or libpq keywords; `connectTimeout` and `statementTimeout` are seconds.
    public init(conninfo: String, connectTimeout: Int, statementTimeout: Int, sslmode: String?) throws {
        var keys = ["dbname", "connect_timeout", "options", "application_name", "client_encoding"]
        var values = [conninfo, String(connectTimeout),
                      "-c default_transaction_read_only=on -c statement_timeout=\(statementTimeout * 1000) -c DateStyle=ISO -c TimeZone=UTC -c extra_float_digits=3",
                      "footprint", "UTF8"]
        if let sslmode {
            keys.append("sslmode")
            values.append(sslmode)
        }
        // expand_dbname=1: the first dbname may be a full URL or keyword string; later keys override.
        let cKeys: [UnsafeMutablePointer<CChar>?] = keys.map { strdup($0) } + [nil]
        let cValues: [UnsafeMutablePointer<CChar>?] = values.map { strdup($0) } + [nil]
        defer { (cKeys + cValues).forEach { free($0) } }
        let keyPointers = cKeys.map { UnsafePointer($0) }
        let valuePointers = cValues.map { UnsafePointer($0) }
        guard let pointer = PQconnectdbParams(keyPointers, valuePointers, 1) else {
            throw PostgresError(message: "out of memory starting a connection")
        }
        connection = pointer
        guard PQstatus(connection) == CONNECTION_OK else {
            // The object is fully initialized here, so deinit runs on the throw and closes it.
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: " \n")
            throw PostgresError(message: message.isEmpty ? "cannot connect" : message)
        }
    }

    deinit { PQfinish(connection) }

    /// Runs one statement with text parameters and returns all rows as text (nil = NULL).
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> PostgresResult {
        let cParams: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { cParams.forEach { free($0) } }
        let pointers = cParams.map { UnsafePointer($0) }
        let result = PQexecParams(connection, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        return try PostgresResult(checking: result, connection: connection)
    }

    /// Streams `COPY (query) TO STDOUT` text rows — the fastest way out of the server —
    /// to `body`, one data line (without its newline) at a time.
    public func copyOut(_ sql: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try PostgresResult(checking: PQexec(connection, sql), connection: connection, expect: PGRES_COPY_OUT).release()
        var buffer: UnsafeMutablePointer<CChar>?
        while true {
            let n = PQgetCopyData(connection, &buffer, 0)
            if n > 0, let line = buffer {
                defer { PQfreemem(line) }
                let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(line).assumingMemoryBound(to: UInt8.self), count: Int(n))
                // Each chunk is one row ending in a newline.
                try body(UnsafeBufferPointer(rebasing: bytes[0..<(bytes.last == 10 ? bytes.count - 1 : bytes.count)]))
            } else if n == -1 {
                break
            } else {
                throw PostgresError(message: String(cString: PQerrorMessage(connection)).trimmingCharacters(in: " \n"))
            }
        }
        // The COPY's own final status.
        while let result = PQgetResult(connection) {
            try PostgresResult(checking: result, connection: connection).release()
        }
    }
}

/// A query result, freed when dropped.
public final class PostgresResult {
    private var result: OpaquePointer?
    public let rowCount: Int
    public let columnCount: Int

    init(checking result: OpaquePointer?, connection: OpaquePointer, expect: ExecStatusType = PGRES_TUPLES_OK) throws {
        guard let result else {
            throw PostgresError(message: String(cString: PQerrorMessage(connection)).trimmingCharacters(in: " \n"))
        }
        let status = PQresultStatus(result)
        guard status == expect || status == PGRES_COMMAND_OK || (expect == PGRES_TUPLES_OK && status == PGRES_TUPLES_OK) else {
            let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            PQclear(result)
            throw PostgresError(message: primary ?? String(cString: PQerrorMessage(connection)).trimmingCharacters(in: " \n"), sqlState: state)
        }
        self.result = result
        rowCount = Int(PQntuples(result))
        columnCount = Int(PQnfields(result))
    }

    deinit { if let result { PQclear(result) } }

    func release() {
        if let result { PQclear(result) }
        result = nil
    }

    public func name(ofColumn column: Int) -> String { String(cString: PQfname(result, Int32(column))) }

    public func value(_ row: Int, _ column: Int) -> String? {
        guard PQgetisnull(result, Int32(row), Int32(column)) == 0 else { return nil }
        return String(cString: PQgetvalue(result, Int32(row), Int32(column)))
    }
}
