import FootprintCore

/// The configuration loader on any text: a configuration or a ConfigError that names a
/// place, never a crash.
enum YAMLFuzz {
    static func check(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            _ = try FootprintConfig.parse(yaml: text, file: "/fuzz/footprint.yaml",
                                          connectorKeys: ["csv": ["path", "key", "delimiter", "encoding"], "json": ["path", "key"]])
        } catch is ConfigError {
        } catch {
            throw FuzzFailure(harness: "yaml", message: "the loader threw something other than a ConfigError: \(type(of: error))")
        }
    }
}
