import Foundation

/// How a connector kind is made from configuration. The CLI holds the list of these;
/// the core never names a connector.
///
/// Secrets and the environment are read here, once: `make` resolves every `env:NAME` the
/// source names (a missing one is a `ConfigError`, exit 1), and the connector keeps the
/// values it needs. Nothing later reads the process environment.
public protocol ConnectorFactory {
    associatedtype Made: Connector
    /// The `connector:` value in footprint.yaml.
    static var kind: String { get }
    /// Keys a source of this kind may have beyond `SourceConfig.commonKeys`.
    static var configKeys: [String] { get }
    static func make(source: SourceConfig, environment: [String: String]) throws -> Made
}

extension ConnectorFactory {
    /// `make` with this process's environment (tests, benches).
    public static func make(source: SourceConfig) throws -> Made {
        try make(source: source, environment: ProcessInfo.processInfo.environment)
    }
}
