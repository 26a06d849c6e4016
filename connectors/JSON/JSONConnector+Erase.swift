import Foundation
import FootprintCore

/// Erasing records from JSON Lines exports: each file is rewritten without the planned
/// lines, every other byte as it was (written aside, fsynced, renamed; mode and owner
/// kept). A record whose content no longer has the plan's fingerprint stops its file.
/// A top-level JSON array is not rewritten yet (its commas would have to move): such a
/// file is planned as a person's task.
extension JSONConnector: ErasingConnector {
    public func cannotErase(_ name: String) -> String? {
        guard let container = try? container(named: name) else { return nil }
        guard container.isPlainFile else { return "rewriting a compressed or archived export is not built yet" }
        guard let opened = try? TextDecoding.open(try container.open()), opened.encoding == .utf8 else {
            return "rewriting an export that is not UTF-8 is not built yet"
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = (try? buffer.withUnsafeMutableBytes { try opened.stream.read(into: $0) }) ?? 0
        if buffer.prefix(n).first(where: { ![9, 10, 13, 32].contains($0) }) == UInt8(ascii: "[") {
            return "rewriting a JSON array export is not built yet (JSON Lines files are)"
        }
        return nil
    }

    public func erase(_ requests: [ErasureRequest], fingerprint: (Record) -> String, dryRun: Bool, into report: inout ScanReport) throws -> [ErasureOutcome] {
        eraseByContainer(requests) { name, group in
            try erase(group, in: name, fingerprint: fingerprint, dryRun: dryRun, into: &report)
        }
    }

    private func erase(_ group: [ErasureRequest], in name: String, fingerprint: (Record) -> String, dryRun: Bool,
                       into report: inout ScanReport) throws -> [ErasureRequest: ErasureOutcome] {
        guard let container = try container(named: name) else { return Dictionary(uniqueKeysWithValues: group.map { ($0, .notFound) }) }
        if let why = cannotErase(name) { return Dictionary(uniqueKeysWithValues: group.map { ($0, .failed(.unsupported, why + ": erase these records by hand")) }) }
        let wanted = Dictionary(group.map { ($0.locator.key, $0) }, uniquingKeysWith: { first, _ in first })
        // A record runs from its first byte to the next record's.
        var cuts: [(start: Int64, end: Int64?)] = []
        var found: Set<String> = []
        var stale: String?
        try readValues(container, into: &report) { bytes, number, line, position in
            if let last = cuts.last, last.end == nil { cuts[cuts.count - 1].end = position }
            let record = try record(bytes, number: number, line: line, container: container.name)
            guard let request = wanted[record.locator.key] else { return true }
            guard fingerprint(record) == request.fingerprint else {
                stale = "record \(record.locator.key) changed since the plan was made"
                return false
            }
            found.insert(record.locator.key)
            cuts.append((position, nil))
            return true
        }
        if let stale {
            return Dictionary(uniqueKeysWithValues: group.map { ($0, .failed(.stale, "\(stale): nothing in this file was erased (make the plan again)")) })
        }
        if !cuts.isEmpty, !dryRun { try FileRewriter.remove(cuts.map { ($0.start, $0.end ?? container.size) }, from: container.path) }
        return Dictionary(uniqueKeysWithValues: group.map { ($0, found.contains($0.locator.key) ? .erased : .notFound) })
    }
}
