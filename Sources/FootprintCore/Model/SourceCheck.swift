/// Whether one configured source can be read right now, for `footprint sources`: the
/// configuration is valid, the store is reachable, and everything the mapping names is
/// there. Problems are typed; `misconfigured` separates a mistake in footprint.yaml
/// (exit 1) from a store that is down or changed (exit 2).
public struct SourceCheck: Sendable {
    public var name: String
    public var connector: String
    public var mappedFields: Int
    /// What the store can do beyond reading and searching (`Connector.capabilities`).
    public var capabilities: [String]
    public var problems: [SourceError]
    public var misconfigured: Bool

    public init(name: String, connector: String, mappedFields: Int, capabilities: [String] = [],
                problems: [SourceError] = [], misconfigured: Bool = false) {
        self.name = name
        self.connector = connector
        self.mappedFields = mappedFields
        self.capabilities = capabilities
        self.problems = problems
        self.misconfigured = misconfigured
    }

    public var isReadable: Bool { problems.isEmpty }

    /// Checks a source: makes and validates its connector, lists its containers (files are
    /// listed and fingerprinted, databases connected to) and asks for its problems.
    public static func run(_ source: SourceConfig, make: (SourceConfig) throws -> any Connector) -> SourceCheck {
        var check = SourceCheck(name: source.name, connector: source.connector, mappedFields: source.fields.count)
        do {
            let connector = try make(source)
            try connector.validate()
            check.capabilities = connector.capabilities
            let containers = try connector.capability((any IndexableConnector).self)?.scanContainers() ?? []
            check.problems = try connector.problems()
            if check.problems.isEmpty, source.fields.isEmpty {
                // Per-table mappings: count them as table/field.
                check.mappedFields = containers.reduce(into: Set<String>()) { names, container in
                    names.formUnion(connector.mappings(for: container.name).map { "\(container.name)/\($0.name)" })
                }.count
            }
        } catch let error as ConfigError {
            check.misconfigured = true
            check.problems = [SourceError(error)]
        } catch {
            check.problems = [SourceError(error, container: source.name)]
        }
        return check
    }
}
