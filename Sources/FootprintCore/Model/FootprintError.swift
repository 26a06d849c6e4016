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
public struct SourceError: Error, Sendable, CustomStringConvertible {
    public var container: String?
    public var line: Int?
    public var message: String
    public var hint: String?

    public init(_ message: String, container: String? = nil, line: Int? = nil, hint: String? = nil) {
        self.container = container
        self.line = line
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var place = container ?? ""
        if let line { place += place.isEmpty ? "line \(line)" : ":\(line)" }
        var text = place.isEmpty ? message : "\(place): \(message)"
        if let hint { text += " (\(hint))" }
        return text
    }
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
