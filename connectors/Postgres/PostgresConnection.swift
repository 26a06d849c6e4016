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
    private let pq: FootprintLibPQ

    /// `conninfo` is a URL or libpq keywords; `connectTimeout` and `statementTimeout` are seconds.
    /// `readOnly` (every lookup) makes the server refuse any write in the session.
    public init(conninfo: String, connectTimeout: Int, statementTimeout: Int, sslmode: String?, readOnly: Bool = true) throws {
        let pq = try Self.libpq()
        self.pq = pq
        var keys = ["dbname", "connect_timeout", "options", "application_name", "client_encoding"]
        var values = [conninfo, String(connectTimeout),
                      "-c default_transaction_read_only=\(readOnly ? "on" : "off") -c statement_timeout=\(statementTimeout * 1000) -c DateStyle=ISO -c TimeZone=UTC -c extra_float_digits=3",
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
        guard let pointer = pq.connectdbParams(keyPointers, valuePointers, 1) else {
            throw PostgresError(message: "out of memory starting a connection")
        }
        connection = pointer
        guard pq.status(connection) == CONNECTION_OK else {
            // The object is fully initialized here, so deinit runs on the throw and closes it.
            let message = cText(pq.errorMessage(connection)).trimmingCharacters(in: " \n")
            throw PostgresError(message: message.isEmpty ? "cannot connect" : message)
        }
    }

    deinit { pq.finish(connection) }

    /// libpq's functions, loaded with dlopen when the first connection is opened (CLibPQ.h).
    static func libpq() throws -> FootprintLibPQ {
        var reason: UnsafePointer<CChar>?
        guard let table = footprint_libpq(&reason) else {
            throw PostgresError(message: "cannot load libpq: \(reason.map { String(cString: $0) } ?? "unknown reason") (install libpq5)")
        }
        return table.pointee
    }

    /// Runs one statement with text parameters and returns all rows as text (nil = NULL).
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> PostgresResult {
        let cParams: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { cParams.forEach { free($0) } }
        let pointers = cParams.map { UnsafePointer($0) }
        let result = pq.execParams(connection, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        return try PostgresResult(checking: result, connection: connection, pq: pq)
    }

    /// Streams `COPY (query) TO STDOUT` text rows — the fastest way out of the server —
    /// to `body`, one data line (without its newline) at a time.
    public func copyOut(_ sql: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try PostgresResult(checking: pq.exec(connection, sql), connection: connection, pq: pq, expect: PGRES_COPY_OUT).release()
        var buffer: UnsafeMutablePointer<CChar>?
        while true {
            let n = pq.getCopyData(connection, &buffer, 0)
            if n > 0, let line = buffer {
                defer { pq.freemem(line) }
                let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(line).assumingMemoryBound(to: UInt8.self), count: Int(n))
                // Each chunk is one row ending in a newline.
                try body(UnsafeBufferPointer(rebasing: bytes[0..<(bytes.last == 10 ? bytes.count - 1 : bytes.count)]))
            } else if n == -1 {
                break
            } else {
                throw PostgresError(message: cText(pq.errorMessage(connection)).trimmingCharacters(in: " \n"))
            }
        }
        // The COPY's own final status.
        while let result = pq.getResult(connection) {
            try PostgresResult(checking: result, connection: connection, pq: pq).release()
        }
    }
}

/// A C string libpq returned (nil reads as empty).
private func cText(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}

/// A query result, freed when dropped.
public final class PostgresResult {
    private var result: OpaquePointer?
    private let pq: FootprintLibPQ
    public let rowCount: Int
    public let columnCount: Int

    init(checking result: OpaquePointer?, connection: OpaquePointer, pq: FootprintLibPQ, expect: ExecStatusType = PGRES_TUPLES_OK) throws {
        self.pq = pq
        guard let result else {
            throw PostgresError(message: cText(pq.errorMessage(connection)).trimmingCharacters(in: " \n"))
        }
        let status = pq.resultStatus(result)
        guard status == expect || status == PGRES_COMMAND_OK || (expect == PGRES_TUPLES_OK && status == PGRES_TUPLES_OK) else {
            let primary = pq.resultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let state = pq.resultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            pq.clear(result)
            throw PostgresError(message: primary ?? cText(pq.errorMessage(connection)).trimmingCharacters(in: " \n"), sqlState: state)
        }
        self.result = result
        rowCount = Int(pq.ntuples(result))
        columnCount = Int(pq.nfields(result))
    }

    deinit { if let result { pq.clear(result) } }

    func release() {
        if let result { pq.clear(result) }
        result = nil
    }

    public func name(ofColumn column: Int) -> String { cText(pq.fname(result, Int32(column))) }

    public func value(_ row: Int, _ column: Int) -> String? {
        guard pq.getisnull(result, Int32(row), Int32(column)) == 0 else { return nil }
        return cText(pq.getvalue(result, Int32(row), Int32(column)))
    }
}
