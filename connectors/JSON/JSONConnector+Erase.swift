import Foundation
import FootprintCore

/// Erasing records from JSON exports — JSON Lines or one top-level array; plain, `.gz` or
/// zip members; any encoding the reader takes — by rewriting each file without them (or
/// with the identifying fields set to null, for a de-identified record), every other byte
/// as it was. `FileErasure` checks fingerprints and writes aside; a changed record stops
/// its file.
extension JSONConnector: ErasingConnector {
    /// A row of an export is no other row's: nothing to add.
    public func refine(_ items: inout [DeletionPlan.Item]) throws {}

    public func cannotErase(_ name: String) -> String? {
        (try? container(named: name)).flatMap(ContainerRewriter.cannotRewrite)
    }

    public func erase(_ requests: [ErasureRequest], fingerprint: (Record) -> String, dryRun: Bool, into report: inout ScanReport) throws -> [ErasureOutcome] {
        withoutActuallyEscaping(fingerprint) { fingerprint in
            eraseFiles(requests, dryRun: dryRun) { name, group in
                try prepare(group, in: name, fingerprint: fingerprint, into: &report)
            }
        }
    }

    private func prepare(_ group: [ErasureRequest], in name: String, fingerprint: @escaping (Record) -> String,
                         into report: inout ScanReport) throws -> FileErasure.Prepared? {
        guard let container = try container(named: name) else { return nil }
        if let why = cannotErase(name) { throw SourceError(.unsupported, why, container: name, hint: "erase these records by hand") }
        let opened = try TextDecoding.open(try container.open())
        var erasure = FileErasure(container: container, opened: opened, requests: group, fingerprint: fingerprint)
        erasure.keyedByPosition = source.key == nil
        var cuts = JSONCuts()
        try readValues(container, opened: opened, into: &report) { bytes, number, line, offset, layout in
            let record = try record(bytes, number: number, line: line, container: container.name)
            // A JSON Lines value runs to the line feed: its trailing CR and blanks stay with the line.
            var length = bytes.count
            while length > 0, [9, 13, 32].contains(bytes[length - 1]) { length -= 1 }
            let span = offset..<(offset + Int64(length))
            guard let request = erasure.request(for: record) else {
                if erasure.stale != nil { return false }
                cuts.kept(span, layout: layout, into: &erasure)
                return true
            }
            if let blank = request.fields {
                let value = try JSONParser.parse(bytes)
                erasure.replace(record.locator.key, span, with: blank.reduce(value) { $0.replacing($1, with: .null) }.serialized())
                cuts.kept(span, layout: layout, into: &erasure)
            } else {
                cuts.removed(record.locator.key, span, layout: layout, into: &erasure)
            }
            return true
        }
        cuts.end(into: &erasure)
        if erasure.wantsContentSearch {
            var second = ScanReport()
            try read(container, into: &second) { record in
                erasure.saw(record)
                return erasure.stale == nil
            }
        }
        return try erasure.prepared()
    }
}

/// Which bytes go with a removed record. A JSON Lines record goes with everything up to
/// the next record (its line ending). An array element goes with the separator before it
/// — except elements before the first kept one, which go with the separator after them —
/// so the array stays valid JSON whichever elements are removed.
struct JSONCuts {
    private var previousEnd: Int64?
    private var firstStart: Int64?
    private var sawKept = false
    /// Array elements removed before any element was kept: cut once the first kept one is seen.
    private var leading: [String] = []
    /// A JSON Lines record waiting for the next one's start.
    private var open: (key: String, start: Int64)?

    mutating func kept(_ span: Range<Int64>, layout: JSONRecordReader.Layout?, into erasure: inout FileErasure) {
        closeOpen(at: span.lowerBound, into: &erasure)
        if firstStart == nil { firstStart = span.lowerBound }
        if layout == .array, !sawKept, !leading.isEmpty, let firstStart {
            // One range for them all, up to the first kept element.
            erasure.remove(leading, firstStart..<span.lowerBound)
            leading = []
        }
        sawKept = true
        previousEnd = span.upperBound
    }

    mutating func removed(_ key: String, _ span: Range<Int64>, layout: JSONRecordReader.Layout?, into erasure: inout FileErasure) {
        closeOpen(at: span.lowerBound, into: &erasure)
        if firstStart == nil { firstStart = span.lowerBound }
        defer { previousEnd = span.upperBound }
        guard layout == .array else { open = (key, span.lowerBound); return }
        if sawKept, let previousEnd { erasure.remove([key], previousEnd..<span.upperBound) } else { leading.append(key) }
    }

    mutating func end(into erasure: inout FileErasure) {
        if let open { erasure.remove([open.key], open.start..<Int64.max) }
        // Every element removed: the array is left empty.
        if !leading.isEmpty, let firstStart, let previousEnd {
            erasure.remove(leading, firstStart..<previousEnd)
        }
    }

    private mutating func closeOpen(at start: Int64, into erasure: inout FileErasure) {
        if let open { erasure.remove([open.key], open.start..<start) }
        open = nil
    }
}
