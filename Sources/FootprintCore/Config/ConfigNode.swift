internal import Yams

/// A node of footprint.yaml together with where it came from, so that every accessor
/// can fail with the file, line, column and key path of the offending value.
///
/// Reading is strict on purpose: a misspelt key or a value of the wrong type must stop
/// the run, because a mapping that silently matches nothing would make a Right-to-Know
/// response incomplete without anyone noticing.
///
/// Yams stays inside the core: connectors ask these accessors (`isList`, `isEmpty`,
/// `entries()`), never match YAML nodes themselves.
public struct ConfigNode: @unchecked Sendable {
    let node: Node
    public let file: String
    public let keyPath: String

    init(node: Node, file: String, keyPath: String) {
        self.node = node
        self.file = file
        self.keyPath = keyPath
    }

    /// Parses YAML text (a connector's own definition files, say) into a node that
    /// reports errors with `file`'s name and line numbers.
    public static func parse(yaml text: String, file: String) throws -> ConfigNode {
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else { throw ConfigError("\(file) is empty") }
            return ConfigNode(node: node, file: file, keyPath: "")
        } catch let error as YamlError {
            throw ConfigError("\(file): not valid YAML: \(error)")
        }
    }

    /// The node as a JSON value (mappings keep their order), e.g. a request body template.
    public func jsonValue() throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            // Quoted scalars are strings; plain ones keep YAML's numbers, booleans and null.
            if scalar.style == .plain {
                let text = scalar.string
                if text == "null" || text == "~" || text.isEmpty { return .null }
                if text == "true" || text == "false" { return .bool(text == "true") }
                // Only what JSON can carry as a number (Double() would take inf, nan, 0x1p3).
                if JSONNumberSyntax.isValid(text) { return .number(text) }
            }
            return .string(scalar.string)
        case .mapping:
            return .object(try entries().map { ($0.key, try $0.value.jsonValue()) })
        case .sequence:
            return .array(try items().map { try $0.jsonValue() })
        case .alias:
            throw error("aliases are not supported here")
        }
    }

    /// A list (`[a, b]` or `- a` lines), as opposed to a single value or a mapping.
    public var isList: Bool {
        if case .sequence = node { return true }
        return false
    }

    /// An empty value (`key:` with nothing after it, or `""`).
    public var isEmpty: Bool {
        if case .scalar(let scalar) = node { return scalar.string.isEmpty }
        return false
    }

    public var location: ConfigLocation {
        ConfigLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, keyPath: keyPath.isEmpty ? "(top level)" : keyPath)
    }

    public func error(_ message: String, hint: String? = nil) -> ConfigError {
        ConfigError(message, at: location, hint: hint)
    }

    private func child(_ node: Node, key: String) -> ConfigNode {
        ConfigNode(node: node, file: file, keyPath: keyPath.isEmpty ? key : "\(keyPath).\(key)")
    }

    // MARK: shape

    /// The entries of a mapping, in file order.
    public func entries() throws -> [(key: String, value: ConfigNode)] {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping (key: value lines), found \(kindName)")
        }
        return try mapping.map { pair in
            guard case .scalar(let scalar) = pair.key else {
                throw child(pair.key, key: "?").error("keys must be plain strings")
            }
            return (scalar.string, child(pair.value, key: scalar.string))
        }
    }

    /// The items of a sequence.
    public func items() throws -> [ConfigNode] {
        guard case .sequence(let sequence) = node else {
            throw error("expected a list, found \(kindName)")
        }
        return sequence.enumerated().map { index, item in
            ConfigNode(node: item, file: file, keyPath: "\(keyPath)[\(index)]")
        }
    }

    /// Rejects any key not in `allowed`, naming the nearest allowed spelling.
    public func requireKeys(allowed: [String]) throws {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping (key: value lines), found \(kindName)")
        }
        for keyNode in mapping.keys {
            let key = keyNode.string ?? "?"
            guard !allowed.contains(key) else { continue }
            let nearest = allowed.min { editDistance($0, key) < editDistance($1, key) }
            let guess = nearest.flatMap { editDistance($0, key) <= 3 ? "did you mean '\($0)'? " : nil } ?? ""
            let location = ConfigLocation(file: file, line: keyNode.mark?.line ?? 0, column: keyNode.mark?.column ?? 0,
                                          keyPath: keyPath.isEmpty ? key : "\(keyPath).\(key)")
            throw ConfigError("unknown key '\(key)'", at: location,
                              hint: "\(guess)allowed here: \(allowed.joined(separator: ", "))")
        }
    }

    public subscript(key: String) -> ConfigNode? {
        guard case .mapping(let mapping) = node else { return nil }
        for (k, v) in mapping where k.string == key {
            return child(v, key: key)
        }
        return nil
    }

    public var kindName: String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "an empty value" : "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: scalars

    public func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a single value, found \(kindName)") }
        return scalar.string
    }

    public func bool() throws -> Bool {
        let text = try string().lowercased()
        switch text {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false")
        }
    }

    public func int() throws -> Int {
        guard let value = Int(try string()) else { throw error("expected a whole number") }
        return value
    }

    /// A single string or a list of strings (`path: a.csv` or `path: [a.csv, b.csv]`).
    public func stringList() throws -> [String] {
        switch node {
        case .scalar: return [try string()]
        case .sequence: return try items().map { try $0.string() }
        default: throw error("expected a value or a list of values, found \(kindName)")
        }
    }

    /// A secret: only `env:NAME` is accepted, so that credentials never sit in the file.
    public func secretReference() throws -> SecretReference {
        let text = try string()
        guard text.hasPrefix("env:"), text.count > 4 else {
            throw error("secrets must be references, not values", hint: "write env:VARIABLE_NAME and export that variable")
        }
        return SecretReference(variable: String(text.dropFirst(4)), location: location)
    }
}

/// A credential named in configuration as `env:NAME`; resolved when the connector is made
/// (`ConnectorFactory.make`), from the environment read once for the run.
public struct SecretReference: Sendable, Hashable {
    public var variable: String
    public var location: ConfigLocation

    public func resolve(environment: [String: String]) throws -> String {
        guard let value = environment[variable], !value.isEmpty else {
            throw ConfigError("environment variable \(variable) is not set", at: location,
                              hint: "export \(variable)=... before running footprint")
        }
        return value
    }
}

private extension Node {
    var string: String? {
        if case .scalar(let s) = self { return s.string }
        return nil
    }
}

/// Levenshtein distance, only for "did you mean" hints on short config keys.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased()), b = Array(b.lowercased())
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
