import Foundation
import FootprintCore

/// Erasing rows from CSV exports: each file is rewritten without the planned rows, every
/// other byte — header, quoting, delimiter, line endings, BOM — as it was. The new file is
/// written aside, fsynced and renamed over the original (mode and owner kept), so an
/// interrupted rewrite leaves the original intact. A row whose content no longer has the
/// plan's fingerprint stops its file: nothing in it is erased.
extension CSVConnector: ErasingConnector {
    public func erase(_ requests: [ErasureRequest], fingerprint: (Record) -> String, dryRun: Bool, into report: inout ScanReport) throws -> [ErasureOutcome] {
        eraseByContainer(requests) { name, group in
            try erase(group, in: name, fingerprint: fingerprint, dryRun: dryRun, into: &report)
        }
    }

    public func cannotErase(_ name: String) -> String? {
        guard let container = try? container(named: name) else { return nil }
        guard container.isPlainFile else { return "rewriting a compressed or archived export is not built yet" }
        guard let opened = try? TextDecoding.open(try container.open(), declared: encoding), opened.encoding == .utf8 else {
            return "rewriting an export that is not UTF-8 is not built yet"
        }
        return nil
    }

    private func erase(_ group: [ErasureRequest], in name: String, fingerprint: (Record) -> String, dryRun: Bool,
                       into report: inout ScanReport) throws -> [ErasureRequest: ErasureOutcome] {
        guard let container = try container(named: name) else { return Dictionary(uniqueKeysWithValues: group.map { ($0, .notFound) }) }
        if let why = cannotErase(name) { return Dictionary(uniqueKeysWithValues: group.map { ($0, .failed(.unsupported, why + ": erase these rows by hand")) }) }
        let opened = try TextDecoding.open(try container.open(), declared: encoding)
        let wanted = Dictionary(group.map { ($0.locator.key, $0) }, uniquingKeysWith: { first, _ in first })
        let reader = CSVReader(stream: opened.stream, delimiter: delimiter, container: container.name)
        var header: [String]?
        var keyIndex: Int?
        var number = 0
        // Byte ranges of the rows to remove: a row runs from its offset to the next row's.
        var cuts: [(start: Int64, end: Int64?)] = []
        var found: [String: ErasureRequest] = [:]
        var stale: String?
        try reader.forEachRow { row in
            let start = row.offset + Int64(opened.skipped)
            if let last = cuts.last, last.end == nil { cuts[cuts.count - 1].end = start }
            guard let columns = header else {
                header = CSVHeader.names(of: row)
                keyIndex = source.key.flatMap { header!.firstIndex(of: $0) }
                return true
            }
            number += 1
            let record = makeRecord(row, number: number, header: columns, keyIndex: keyIndex, reader: reader, report: &report)
            guard let request = wanted[record.locator.key] else { return true }
            guard fingerprint(record) == request.fingerprint else {
                stale = "record \(record.locator.key) changed since the plan was made"
                return false
            }
            found[record.locator.key] = request
            cuts.append((start, nil))
            return true
        }
        if let stale {
            return Dictionary(uniqueKeysWithValues: group.map { ($0, .failed(.stale, "\(stale): nothing in this file was erased (make the plan again)")) })
        }
        if !cuts.isEmpty, !dryRun { try FileRewriter.remove(cuts.map { ($0.start, $0.end ?? container.size) }, from: container.path) }
        return Dictionary(uniqueKeysWithValues: group.map { ($0, found[$0.locator.key] != nil ? .erased : .notFound) })
    }
}
