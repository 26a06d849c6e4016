import Foundation
import FootprintCore

/// Erasing rows from CSV exports — plain, `.gz`, zip members; UTF-8, UTF-16, Windows-1252,
/// with or without a BOM — by rewriting each file without them (or with the identifying
/// fields blanked, for a de-identified row), every other byte as it was. `FileErasure`
/// checks fingerprints and writes aside; a changed row stops its file.
extension CSVConnector: ErasingConnector {
    public func erase(_ requests: [ErasureRequest], fingerprint: (Record) -> String, dryRun: Bool, into report: inout ScanReport) throws -> [ErasureOutcome] {
        withoutActuallyEscaping(fingerprint) { fingerprint in
            eraseFiles(requests, dryRun: dryRun) { name, group in
                try prepare(group, in: name, fingerprint: fingerprint, into: &report)
            }
        }
    }

    /// A row of an export is no other row's: nothing to add.
    public func refine(_ items: inout [DeletionPlan.Item]) throws {}

    public func cannotErase(_ name: String) -> String? {
        (try? container(named: name)).flatMap(ContainerRewriter.cannotRewrite)
    }

    private func prepare(_ group: [ErasureRequest], in name: String, fingerprint: @escaping (Record) -> String,
                         into report: inout ScanReport) throws -> FileErasure.Prepared? {
        guard let container = try container(named: name) else { return nil }
        if let why = cannotErase(name) { throw SourceError(.unsupported, why, container: name, hint: "erase these rows by hand") }
        var opened = try TextDecoding.open(try container.open(), declared: encoding)
        if container.isPlainFile, opened.encoding == .utf8, source.key != nil, group.allSatisfy({ $0.position != nil }) {
            if let targeted = try prepareAtPositions(group, container, opened, fingerprint: fingerprint, into: &report) { return targeted }
            opened = try TextDecoding.open(try container.open(), declared: encoding) // read through from the start
        }
        var erasure = FileErasure(container: container, opened: opened, requests: group, fingerprint: fingerprint)
        erasure.keyedByPosition = source.key == nil
        let reader = CSVReader(stream: opened.stream, delimiter: delimiter, container: container.name)
        var header: [String]?
        var keyIndex: Int?
        var number = 0
        // A removed row runs from its first byte to the next row's (its line ending with it).
        var open: (key: String, start: Int64)?
        try reader.forEachRow { row in
            if let last = open { erasure.remove([last.key], last.start..<row.offset); open = nil }
            guard let columns = header else {
                header = CSVHeader.names(of: row)
                keyIndex = source.key.flatMap { header!.firstIndex(of: $0) }
                return true
            }
            number += 1
            // Most rows are not planned: their key is told from its bytes before any record is built.
            guard erasure.mayBePlanned(keyIndex.map { index in index < row.count ? row.withField(index, FileErasure.keyHash) : 0 } ?? FileErasure.keyHash(number)) else { return true }
            let record = makeRecord(row, number: number, header: columns, keyIndex: keyIndex, reader: reader, report: &report)
            guard let request = erasure.request(for: record) else { return erasure.stale == nil }
            if let blank = request.fields {
                let text = Self.serialize(row: row, header: columns, blanking: Set(blank), delimiter: reader.delimiter ?? UInt8(ascii: ","))
                erasure.replace(record.locator.key, row.offset..<(row.offset + Int64(row.contentLength)), with: text)
            } else {
                open = (record.locator.key, row.offset)
            }
            return true
        }
        if let last = open { erasure.remove([last.key], last.start..<Int64.max) }
        if erasure.wantsContentSearch { try searchByContent(container, &erasure, into: &report) }
        return try erasure.prepared()
    }

    /// The plan knows where each record started (it was planned through the index): each
    /// is read at its position — the record there, and where the next one starts — instead
    /// of reading the whole file to find them. Nil when any record is not where the plan
    /// says (the file changed): then the whole file is read, as without positions.
    private func prepareAtPositions(_ group: [ErasureRequest], _ container: Container, _ opened: TextDecoding.Opened,
                                    fingerprint: @escaping (Record) -> String, into report: inout ScanReport) throws -> FileErasure.Prepared? {
        let headerReader = CSVReader(stream: opened.stream, delimiter: delimiter, container: container.name, bufferSize: 1 << 16)
        var header: [String] = []
        try headerReader.forEachRow { row in
            header = CSVHeader.names(of: row)
            return false
        }
        guard let keyIndex = source.key.flatMap({ header.firstIndex(of: $0) }) else { return nil } // keyed by position: read through
        var erasure = FileErasure(container: container, opened: opened, requests: group, fingerprint: fingerprint)
        for request in group.sorted(by: { $0.position! < $1.position! }) {
            let start = request.position!
            let reader = CSVReader(stream: try FileByteStream(path: container.path, offset: start, displayName: container.name),
                                   delimiter: headerReader.delimiter, container: container.name, bufferSize: 1 << 16)
            var seen = 0
            var end = Int64.max
            var matched = false
            try reader.forEachRow { row in
                seen += 1
                if seen == 2 {
                    end = start + row.offset
                    return false
                }
                let record = makeRecord(row, number: 0, header: header, keyIndex: keyIndex, reader: reader, report: &report)
                guard record.locator.key == request.locator.key else { return false }
                matched = true
                // Offsets given to the erasure are in the decoded text (the BOM left out).
                let decoded = start - Int64(opened.skipped)
                guard let planned = erasure.request(for: record) else { return false }
                if let blank = planned.fields {
                    let text = Self.serialize(row: row, header: header, blanking: Set(blank), delimiter: reader.delimiter ?? UInt8(ascii: ","))
                    erasure.replace(record.locator.key, decoded..<(decoded + Int64(row.contentLength)), with: text)
                    return false
                }
                return true
            }
            guard matched else { return nil }
            if erasure.stale != nil { break }
            if request.fields == nil, erasure.isPlanned(request) { erasure.remove([request.locator.key], (start - Int64(opened.skipped))..<(end == .max ? .max : end - Int64(opened.skipped))) }
        }
        return try erasure.prepared()
    }

    /// The second pass for records keyed by position: every row's content, to tell a
    /// record that moved (stale) from one that is gone.
    private func searchByContent(_ container: Container, _ erasure: inout FileErasure, into report: inout ScanReport) throws {
        let reader = CSVReader(stream: try TextDecoding.open(try container.open(), declared: encoding).stream, delimiter: delimiter, container: container.name)
        var header: [String]?
        var number = 0
        try reader.forEachRow { row in
            guard let columns = header else {
                header = CSVHeader.names(of: row)
                return true
            }
            number += 1
            erasure.saw(makeRecord(row, number: number, header: columns, keyIndex: nil, reader: reader, report: &report))
            return erasure.stale == nil
        }
    }

    /// A row written again in the file's dialect with some fields blanked; a field is
    /// quoted when it holds the delimiter, a quote or a line break.
    static func serialize(row: CSVRow, header: [String], blanking: Set<String>, delimiter: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        for i in 0..<row.count {
            if i > 0 { out.append(delimiter) }
            if i < header.count, blanking.contains(header[i]) { continue }
            let text = Array((row.string(i) ?? row.withField(i) { TextDecoding.decodeWindows1252($0) }).utf8)
            guard text.contains(where: { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else {
                out += text
                continue
            }
            out.append(UInt8(ascii: "\""))
            for byte in text {
                if byte == UInt8(ascii: "\"") { out.append(byte) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        }
        return out
    }
}
