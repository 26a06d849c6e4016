/// A place in a configuration file: enough for a user to jump straight to the mistake.
public struct ConfigLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// The dotted key path, e.g. `sources[0].fields.Email.identifier`.
    public var keyPath: String

    public init(file: String, line: Int, column: Int, keyPath: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
    }

    public var description: String { "\(file):\(line):\(column): \(keyPath)" }
}

/// A mistake in footprint.yaml (or the command line) that stops the run before any
/// source is read. Exit code 1. The message names the place and says how to fix it;
/// it never contains an identifier value.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var location: ConfigLocation?
    public var message: String
    public var hint: String?

    public init(_ message: String, at location: ConfigLocation? = nil, hint: String? = nil) {
        self.location = location
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var text = location.map { "\($0): \(message)" } ?? message
        if let hint { text += "\n  fix: \(hint)" }
        return text
    }
}

/// A failure while reading one source. It fails (or truncates) that source only; the
/// lookup goes on with the others and exits 2. Never carries a field or identifier value.
///
/// The kind is what a reviewer (or a retry policy) acts on: an unreachable server is
/// retried later, bad credentials are fixed by a person, a damaged export is re-exported.
/// It travels typed from the connector to the inventory and its JSON (`"kind"`).
public struct SourceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in the terms of what to do about it.
    public enum Kind: String, Sendable, CaseIterable {
        /// The store could not be reached at all (server down, network, DNS).
        case unreachable
        /// The store refused the credentials.
        case authentication
        /// The credentials are accepted but may not read this container.
        case permission
        /// The store did not answer in time (a statement timeout, retries exhausted).
        case timeout
        /// A file, table or API object the configuration names is not there.
        case missingContainer = "missing_container"
        /// The content cannot be read as what it claims to be (truncated, damaged, not JSON).
        case malformedData = "malformed_data"
        /// The index points at something that changed since the last scan.
        case stale
        /// Reading stopped at a configured or built-in limit; more may exist.
        case limit
        /// A format or feature Footprint does not read (an encrypted zip member).
        case unsupported
        /// The configuration and the store disagree (a mapped column that is missing, a
        /// key that is not unique): a person must change one of them.
        case configuration
        /// The local file system failed (a read error, a scratch file that cannot be written).
        case io
        /// A failure no other kind describes: a bug, reported so nothing is silent.
        case other
    }

    public var kind: Kind
    public var container: String?
    public var line: Int?
    public var message: String
    public var hint: String?

    public init(_ kind: Kind, _ message: String, container: String? = nil, line: Int? = nil, hint: String? = nil) {
        self.kind = kind
        self.container = container
        self.line = line
        self.message = message
        self.hint = hint
    }

    /// Any error thrown while reading a source, kept typed: a `SourceError` as it is, a
    /// connector's own error through `SourceErrorConvertible`, anything else as `other`.
    /// `container` and `hint` fill in what the error does not say.
    public init(_ error: any Error, container: String? = nil, hint: String? = nil) {
        if let error = error as? SourceError {
            self = error
        } else if let error = error as? any SourceErrorConvertible {
            self = error.sourceError
        } else if let error = error as? ConfigError {
            self.init(.configuration, error.location.map { "\($0): \(error.message)" } ?? error.message, hint: error.hint)
        } else {
            self.init(.other, String(describing: error))
        }
        if self.container == nil { self.container = container }
        if self.hint == nil { self.hint = hint }
    }

    /// Where it happened: container and line, as far as known.
    public var place: String {
        var place = container ?? ""
        if let line { place += place.isEmpty ? "line \(line)" : ":\(line)" }
        return place
    }

    public var description: String {
        var text = place.isEmpty ? message : "\(place): \(message)"
        if let hint { text += " (\(hint))" }
        return text
    }
}

/// A connector's own error type (a libpq failure, an HTTP refusal) that knows its kind:
/// converting it to a `SourceError` keeps the kind instead of flattening it to text.
public protocol SourceErrorConvertible: Error {
    var sourceError: SourceError { get }
}

/// Something a reader noticed and handled without losing data — a ragged row kept with
/// its extra values, a file decoded as Windows-1252 — reported so nothing is silent.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case warning, error }
    public var severity: Severity
    public var container: String
    public var line: Int?
    public var message: String

    public init(_ severity: Severity, container: String, line: Int? = nil, message: String) {
        self.severity = severity
        self.container = container
        self.line = line
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(container):\($0)" } ?? container
        return "\(severity.rawValue): \(place): \(message)"
    }
}
