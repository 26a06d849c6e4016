/// One configured system: a folder of exports, a database, an API. The keys every
/// connector shares are parsed here; the connector-specific ones (`path`, `url`, ...)
/// stay in `node` for the connector's factory to read strictly.
public struct SourceConfig: Sendable {
    public var name: String
    public var connector: String
    /// The field that identifies a record inside its container (e.g. `Record ID`);
    /// without one, records are keyed by their 1-based data-row number.
    public var key: String?
    public var fields: [FieldMapping]
    public var system: SystemFacts
    /// The whole `sources[i]` mapping, for connector-specific keys.
    public var node: ConfigNode
    /// The folder relative paths are resolved against (the config file's folder).
    public var baseDirectory: String
    public var defaultRegion: String

    /// Keys every source may have, whatever its connector.
    public static let commonKeys = ["name", "connector", "key", "fields", "system"]

    public func mapping(for fieldName: String) -> FieldMapping? {
        fields.first { $0.name == fieldName }
    }

    public var identifierFields: [FieldMapping] { fields.filter { $0.identifier != nil } }
}
