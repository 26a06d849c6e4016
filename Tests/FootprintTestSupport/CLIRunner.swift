import Foundation

/// Runs the built `footprint` binary as a user would, capturing stdout, stderr and the exit code.
public struct CLIResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] }

    /// `source:container#key` of every record in a lookup's JSON.
    public var recordLocators: Set<String> {
        let records = json?["records"] as? [[String: Any]] ?? []
        return Set(records.map { "\($0["source"]!):\($0["container"]!)#\($0["key"]!)" })
    }

    public func status(of source: String) -> String? {
        (json?["sources"] as? [[String: Any]])?.first { $0["name"] as? String == source }?["status"] as? String
    }

    /// The kinds of a source's errors in a lookup's JSON (`unreachable`, `malformed_data`, …).
    public func errorKinds(of source: String) -> [String] {
        let errors = (json?["sources"] as? [[String: Any]])?.first { $0["name"] as? String == source }?["errors"] as? [[String: Any]]
        return (errors ?? []).compactMap { $0["kind"] as? String }
    }

    /// How each source was searched: live, index, or index and live.
    public var searched: [String: String] {
        Dictionary(((json?["sources"] as? [[String: Any]]) ?? []).compactMap { source in
            (source["name"] as? String).flatMap { name in (source["searched"] as? String).map { (name, $0) } }
        }, uniquingKeysWith: { a, _ in a })
    }
}

public enum CLI {
    public static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let fixtures = repoRoot.appendingPathComponent("fixtures").path

    /// The binary built beside this test bundle (swift test builds every product).
    public static let binary: String = {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("footprint").path,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("footprint").path,
            repoRoot.appendingPathComponent(".build/debug/footprint").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    public static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FOOTPRINT_CONFIG")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }

    public static func lookup(_ identity: [String], config: String = fixtures + "/footprint.yaml") throws -> CLIResult {
        try run(["lookup", "--config", config, "--format", "json"] + identity)
    }

    /// A scratch folder holding a copy of the fixture exports, to break things in.
    /// One error object of the inventory JSON as one line: its message and hint.
    public static func errorText(_ error: [String: Any]) -> String {
        [error["container"], error["message"], error["hint"]].compactMap { $0 as? String }.joined(separator: " ")
    }

    public static func scratchCopy() throws -> String {
        let dir = NSTemporaryDirectory() + "footprint-cli-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: fixtures, toPath: dir)
        // A demo run may have left an index or a key in fixtures/.footprint (ignored by git):
        // a scratch copy starts as a fresh clone would.
        try? FileManager.default.removeItem(atPath: dir + "/.footprint")
        return dir
    }
}
