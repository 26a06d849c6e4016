import Foundation
internal import Yams

/// The whole of footprint.yaml, loaded strictly (see `ConfigNode`).
public struct FootprintConfig: Sendable {
    public var file: String
    public var baseDirectory: String
    public var defaultRegion: String
    public var indexPath: String
    public var matching: MatchingPolicy
    public var sources: [SourceConfig]
    /// Who answers requests (`organisation:`); a default name when the section is absent.
    public var organisation = Organisation()
    /// `requests:` — the law new requests are answered under by default, and the holiday
    /// list business days are counted with (US federal and California holidays unless a
    /// file of `YYYY-MM-DD name` lines is given).
    public var requestRule: DeadlineRule = .ccpa
    public var holidays: HolidayCalendar = .usCalifornia

    public func source(named name: String) -> SourceConfig? { sources.first { $0.name == name } }

    /// Reads and validates a configuration file. `connectorKeys` lists, per connector
    /// kind, the extra keys a source of that kind may have — only the CLI knows the
    /// connectors, so it passes them in.
    public static func load(path: String, connectorKeys: [String: [String]]) throws -> FootprintConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ConfigError(exists ? "cannot read configuration file \(path)" : "configuration file \(path) does not exist",
                              hint: exists ? "check its permissions" : "pass --config FILE, set FOOTPRINT_CONFIG, or run from the folder holding footprint.yaml")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("\(path) is not UTF-8 text", hint: "save the file as UTF-8")
        }
        return try parse(yaml: text, file: path, connectorKeys: connectorKeys)
    }

    public static func parse(yaml text: String, file: String, connectorKeys: [String: [String]]) throws -> FootprintConfig {
        let root: Node
        do {
            // The basic resolver: ConfigNode reads every scalar as text itself, so YAML's
            // implicit typing (ICU regular expressions compiled at every start-up) buys nothing.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw ConfigError("\(file) is empty", hint: "start from fixtures/footprint.yaml")
            }
            root = node
        } catch let error as YamlError {
            throw ConfigError(yamlMessage(error, file: file), hint: "check indentation and quoting at that line")
        }
        let top = ConfigNode(node: root, file: file, keyPath: "")
        try top.requireKeys(allowed: ["defaults", "index", "matching", "organisation", "sources", "requests"])
        let baseDirectory = (URL(fileURLWithPath: file).deletingLastPathComponent().path)

        var region = "US"
        if let defaults = top["defaults"] {
            try defaults.requireKeys(allowed: ["region"])
            if let r = defaults["region"] {
                region = try r.string().uppercased()
                guard PhoneMetadata.isKnownRegion(region) else {
                    throw r.error("unknown region '\(region)'", hint: "use a two-letter ISO 3166 code such as US, GB, DE")
                }
            }
        }
        var indexPath = ".footprint/index.sqlite"
        if let index = top["index"] {
            try index.requireKeys(allowed: ["path"])
            if let p = index["path"] { indexPath = try p.string() }
        }
        let matching = try top["matching"].map(MatchingPolicy.parse) ?? MatchingPolicy()
        guard let sourcesNode = top["sources"] else {
            throw top.error("no sources: configured", hint: "add a sources: list; see fixtures/footprint.yaml")
        }
        var sources: [SourceConfig] = []
        for item in try sourcesNode.items() {
            let source = try parseSource(item, baseDirectory: baseDirectory, region: region, connectorKeys: connectorKeys)
            if sources.contains(where: { $0.name == source.name }) {
                throw (item["name"] ?? item).error("two sources are named '\(source.name)'", hint: "source names must be unique")
            }
            sources.append(source)
        }
        var config = FootprintConfig(file: file, baseDirectory: baseDirectory, defaultRegion: region,
                                     indexPath: indexPath, matching: matching, sources: sources)
        if let organisation = top["organisation"] { config.organisation = try Organisation.parse(organisation) }
        if let requests = top["requests"] {
            try requests.requireKeys(allowed: ["rule", "holidays"])
            if let rule = requests["rule"] {
                let text = try rule.string()
                guard let parsed = DeadlineRule(rawValue: text) else { throw rule.error("unknown rule '\(text)'", hint: "use ccpa, gdpr, vcdpa or cpa") }
                config.requestRule = parsed
            }
            if let holidays = requests["holidays"] {
                let path = (baseDirectory as NSString).appendingPathComponent(try holidays.string())
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw holidays.error("cannot read the holiday list \(path)", hint: "give a file of YYYY-MM-DD name lines, relative to the configuration")
                }
                config.holidays = try HolidayCalendar.parse(text, name: path)
            }
        }
        return config
    }

    private static func parseSource(_ node: ConfigNode, baseDirectory: String, region: String,
                                    connectorKeys: [String: [String]]) throws -> SourceConfig {
        guard let nameNode = node["name"] else { throw node.error("a source needs a name:") }
        let name = try nameNode.string()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw nameNode.error("source names use letters, digits, - and _ only")
        }
        guard let connectorNode = node["connector"] else {
            throw node.error("source '\(name)' needs a connector:", hint: "one of: \(connectorKeys.keys.sorted().joined(separator: ", "))")
        }
        let connector = try connectorNode.string()
        guard let extraKeys = connectorKeys[connector] else {
            throw connectorNode.error("unknown connector '\(connector)'", hint: "one of: \(connectorKeys.keys.sorted().joined(separator: ", "))")
        }
        try node.requireKeys(allowed: SourceConfig.commonKeys + extraKeys)
        var fields: [FieldMapping] = []
        if let fieldsNode = node["fields"] {
            for (fieldName, value) in try fieldsNode.entries() {
                fields.append(try FieldMapping.parse(name: fieldName, node: value))
            }
        }
        let system = try node["system"].map(SystemFacts.parse) ?? SystemFacts()
        return SourceConfig(name: name, connector: connector, key: try node["key"]?.string(), fields: fields,
                            system: system, node: node, baseDirectory: baseDirectory, defaultRegion: region)
    }

    private static func yamlMessage(_ error: YamlError, file: String) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(file):\(mark.line):\(mark.column): not valid YAML: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "\(file): the key(s) \(duplicates.joined(separator: ", ")) appear twice in one mapping"
        default:
            return "\(file): not valid YAML: \(error)"
        }
    }
}
