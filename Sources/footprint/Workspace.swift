import Foundation
import FootprintCore
import FootprintIndex
import Logging

/// What every command starts from: footprint.yaml loaded, the environment read once,
/// the chosen sources' connectors made and validated, and the index — when there is
/// one — opened. Commands parse their options, take what they need from here, call an
/// engine and hand the result to a report.
struct Workspace {
    let config: FootprintConfig
    /// Read once, here: connectors resolve their secrets from it when they are made, and
    /// the index key may come from it ($FOOTPRINT_INDEX_KEY).
    let environment: [String: String]
    let logger: Logger

    init(_ options: ConfigOptions) throws {
        environment = ProcessInfo.processInfo.environment
        logger = options.logger
        config = try FootprintConfig.load(path: options.path(environment: environment), connectorKeys: Connectors.configKeys)
        logger.debug("configuration loaded", metadata: ["file": "\(config.file)", "sources": "\(config.sources.count)"])
    }

    /// footprint.yaml's bytes, as read now: a package's manifest digests them, and a plan
    /// records their SHA-256 so that it is carried out only under the same configuration.
    var configurationBytes: [UInt8] { FileManager.default.contents(atPath: config.file).map { [UInt8]($0) } ?? [] }

    /// Where the configuration puts the index, resolved against the config file's folder.
    var indexPath: String {
        config.indexPath.hasPrefix("/") ? config.indexPath : (config.baseDirectory as NSString).appendingPathComponent(config.indexPath)
    }

    /// The configured source called `name`, or a configuration error listing the others.
    func source(named name: String) throws -> SourceConfig {
        guard let source = config.source(named: name) else {
            throw ConfigError("no source named '\(name)' in \(config.file)", hint: "configured: \(config.sources.map(\.name).joined(separator: ", "))")
        }
        return source
    }

    /// The named sources (all when `names` is nil), checked to exist, in configuration order.
    func sources(named names: [String]? = nil) throws -> [SourceConfig] {
        guard let names else { return config.sources }
        for name in names { _ = try source(named: name) }
        return config.sources.filter { names.contains($0.name) }
    }

    /// A connector for one source, made with this run's environment; validated unless asked not to.
    func connector(for source: SourceConfig, validate: Bool = true) throws -> any Connector {
        let connector = try Connectors.make(source, environment: environment)
        if validate { try connector.validate() }
        return connector
    }

    func connectors(named names: [String]? = nil, validate: Bool = true) throws -> [any Connector] {
        try sources(named: names).map { try connector(for: $0, validate: validate) }
    }

    /// The index, when one has been built: its store and key. Nil when there is none yet.
    func existingIndex() throws -> (store: IndexStore, key: IndexKey)? {
        guard FileManager.default.fileExists(atPath: indexPath) else { return nil }
        let key = try IndexKey.load(indexPath: indexPath, environment: environment, create: false)
        return (try IndexStore(path: indexPath, key: key, create: false), key)
    }

    /// The connectors a lookup searches: through the index when there is one and `live` is
    /// off (only the records it names are read, fresh), else the stores directly.
    func lookupConnectors(live: Bool, sources names: [String]? = nil) throws -> [any Connector] {
        let connectors = try self.connectors(named: names)
        guard !live, let index = try existingIndex() else {
            logger.debug(live ? "searching every source live (--live)" : "no index yet: searching every source live", metadata: ["index": "\(indexPath)"])
            return connectors
        }
        logger.debug("searching through the index", metadata: ["index": "\(indexPath)"])
        return connectors.map { IndexedConnector($0, store: index.store, key: index.key) }
    }
}
