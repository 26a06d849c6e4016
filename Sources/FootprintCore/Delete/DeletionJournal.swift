import Foundation

/// What a plan's execution has done so far, beside the plan (`PLAN.json.journal`): one
/// JSON line per item as its outcome is known, fsynced before the next store is touched.
/// A run that was killed resumes from it; a finished plan run again finds every item done
/// and changes nothing. It names records by locator only, never a value.
public struct DeletionJournal {
    public let path: String
    /// Locators whose erasure is done (`DeletionExecutor.finished`).
    public private(set) var done: Set<String> = []
    /// The last outcome of every item the journal holds, with its detail.
    public private(set) var outcomes: [String: DeletionExecutor.Step] = [:]

    public init(plan path: String) throws {
        self.path = path + ".journal"
        guard let data = FileManager.default.contents(atPath: self.path) else { return }
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let entry = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                  let item = entry["item"] as? String, let outcome = entry["outcome"] as? String else { continue } // a torn last line
            outcomes[item] = DeletionExecutor.Step(place: item, outcome: outcome, detail: entry["detail"] as? String, purgesBy: entry["purges_by"] as? String)
            if DeletionExecutor.finished.contains(outcome) { done.insert(item) } else { done.remove(item) }
        }
    }

    /// Appends outcomes and syncs them to disk.
    public mutating func record(_ steps: [DeletionExecutor.Step]) throws {
        guard !steps.isEmpty else { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else { throw ConfigError("cannot write the journal \(path): \(String(cString: strerror(errno)))", hint: "check the folder's permissions") }
        defer { close(descriptor) }
        let time = Timestamp.iso8601(Date())
        var text = ""
        for step in steps {
            var object: [String: Any] = ["time": time, "item": step.place, "outcome": step.outcome, "detail": step.detail ?? NSNull()]
            if let day = step.purgesBy { object["purges_by"] = day }
            let line = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            text += String(decoding: line, as: UTF8.self) + "\n"
            outcomes[step.place] = step
            if DeletionExecutor.finished.contains(step.outcome) { done.insert(step.place) }
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else { throw ConfigError("cannot write the journal \(path): \(String(cString: strerror(errno)))") }
    }
}
