import Foundation
import FootprintCore
import FootprintIndex
import FootprintReports

/// `know --request-id` and `delete --request-id`: the request facts and identity come from
/// the case file, and what the command wrote is recorded in it, by digest, with a log entry.
enum RequestCase {
    /// The case file as the request file `know` and `delete` read (the identity unsealed,
    /// in memory only).
    static func knowRequest(_ id: String, kind: Request.Kind, workspace: Workspace) throws -> KnowRequest {
        let store = try RequestCommand.store(workspace)
        let request = try RequestCommand.find(id, in: store)
        guard request.kind == kind else {
            throw ConfigError("request \(id) is a \(request.kind.rawValue) request, not a \(kind.rawValue) request", hint: "use the command for its type")
        }
        guard request.closed == nil else { throw ConfigError("request \(id) is closed", hint: "open a new request") }
        let identity = (try? JSONSerialization.jsonObject(with: Data(try store.key.unseal(request.sealedIdentity)))) ?? [:]
        var object: [String: Any] = ["id": request.id, "received": request.received.description, "jurisdiction": request.rule.rawValue,
                                     "identity": identity]
        if let verification = request.verification { object["verification"] = ["level": verification.level, "method": verification.method] }
        if kind == .know { object["type"] = "specific_pieces" }
        return try KnowRequest.parse(object, file: "request \(id)")
    }

    /// Records a file the command wrote for the request: its SHA-256 in the case file and the log.
    static func record(_ id: String, kind: String, path: String, outcome: String? = nil, workspace: Workspace) throws {
        let store = try RequestCommand.store(workspace)
        guard var request = try store.request(id) else { return }
        let digest = try digest(of: path)
        request.artefacts.append(Request.Artefact(kind: kind, path: path, digest: digest, on: RequestCommand.today(), outcome: outcome))
        try store.save(request, event: kind, detail: ["path": path, "sha256": digest, "outcome": outcome ?? ""])
        Output.write("recorded in request \(id): \(kind) \(path) (sha256 \(digest.prefix(12))…)\n")
    }

    /// A file's SHA-256; for a folder, of its evidence file (response.json or receipt.json).
    static func digest(of path: String) throws -> String {
        var isFolder: ObjCBool = false
        var file = path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            file = ["response.json", "receipt.json"].map { (path as NSString).appendingPathComponent($0) }.first { FileManager.default.fileExists(atPath: $0) } ?? path
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw ConfigError("cannot read \(file) to record its digest", hint: "check the output") }
        return KnowPackageWriter.sha256([UInt8](data))
    }

    /// Whether there is a request log to record in (a plan's request id may be a file's own).
    static func exists(_ id: String, workspace: Workspace) -> Bool {
        guard FileManager.default.fileExists(atPath: RequestStore.path(forIndex: workspace.indexPath)) else { return false }
        return ((try? RequestCommand.store(workspace).request(id)) ?? nil) != nil
    }
}
