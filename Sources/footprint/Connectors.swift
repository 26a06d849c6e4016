import FootprintCore
import FootprintCSV
import FootprintHTTP
import FootprintJSON
import FootprintPostgres

/// The one place that lists connector kinds. Adding a connector is a new target under
/// connectors/ plus one line here.
enum Connectors {
    /// A CSV file's rows as text, with the CSV connector's reader (quotes, line breaks in
    /// fields, a BOM) — for files Footprint reads that are not sources (`request import`).
    static func csvRows(_ path: String) throws -> [[String]] {
        let reader = CSVReader(stream: try FileByteStream(path: path), delimiter: UInt8(ascii: ","), container: path)
        var rows: [[String]] = []
        try reader.forEachRow { row in
            rows.append((0..<row.count).map { row.string($0) ?? "" })
            return true
        }
        return rows
    }

    static var factories: [any ConnectorFactory.Type] { [
        CSVConnectorFactory.self,
        JSONConnectorFactory.self,
        PostgresConnectorFactory.self,
        HTTPConnectorFactory.self,
    ] }

    /// Whether a connector kind erases by rewriting export files (whose new bytes an index
    /// refresh may have to read back), rather than by asking a database or an API.
    static func rewritesFiles(_ kind: String) -> Bool {
        kind == CSVConnectorFactory.kind || kind == JSONConnectorFactory.kind
    }

    /// Extra config keys per connector kind, for strict config loading.
    static var configKeys: [String: [String]] {
        Dictionary(uniqueKeysWithValues: factories.map { ($0.kind, $0.configKeys) })
    }

    static func make(_ source: SourceConfig, environment: [String: String]) throws -> any Connector {
        guard let factory = factories.first(where: { $0.kind == source.connector }) else {
            throw ConfigError("unknown connector '\(source.connector)'")
        }
        return try factory.make(source: source, environment: environment)
    }
}
