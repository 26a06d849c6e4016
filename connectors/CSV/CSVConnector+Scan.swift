import FootprintCore

/// Scheduled scans over CSV exports: containers fingerprinted, rows streamed with their
/// byte positions, and index lookups that seek straight to those positions.
extension CSVConnector {
    public func scanContainers() throws -> [ContainerState] {
        var states: [ContainerState] = []
        for file in try resolver.files(patterns: patterns, node: pathNode) {
            let containers = (try? resolver.containers(in: file)) ?? []
            if containers.isEmpty {
                // An unreadable archive still counts, so its records are dropped and the error shown at scan.
                states.append(ContainerState(name: file, fingerprint: nil))
            }
            for container in containers {
                let archive = container.fingerprint()
                states.append(ContainerState(name: container.name, fingerprint: archive.map { container.isPlainFile ? $0 : "\($0):\(container.name)" },
                                             size: container.size))
            }
        }
        return states
    }

    func container(named name: String) throws -> Container? {
        try catalog.container(named: name, resolver: resolver, patterns: patterns, node: pathNode)
    }

    public func scan(_ state: ContainerState, into report: inout ScanReport, _ rows: IndexRowSink) throws {
        guard let container = try container(named: state.name) else {
            throw SourceError("the file is gone", container: state.name)
        }
        let opened = try TextDecoding.open(try container.open(), declared: encoding)
        let seekable = container.isPlainFile && opened.encoding == .utf8
        let reader = CSVReader(stream: opened.stream, delimiter: delimiter, container: container.name)
        var header: [String] = []
        var number = 0
        // Only the identifier columns and the key are read, as bytes: that is all the index needs.
        var wanted: [(index: Int, spec: Int32)] = []
        var keyIndex: Int?
        try reader.forEachRow { row in
            if header.isEmpty {
                header = CSVHeader.names(of: row)
                // In mapping order, as a record's values are keyed.
                wanted = source.identifierFields.compactMap { mapping in
                    guard let index = header.firstIndex(of: mapping.name), let spec = rows.spec(for: mapping) else { return nil }
                    return (index, spec)
                }
                keyIndex = source.key.flatMap { header.firstIndex(of: $0) }
                return true
            }
            number += 1
            for (index, spec) in wanted where index < row.count {
                row.withField(index) { bytes in
                    if Self.isUTF8(bytes) {
                        rows.value(spec, bytes)
                    } else {
                        rows.value(spec, TextDecoding.decodeWindows1252(bytes))
                    }
                }
            }
            let position = seekable ? row.offset + Int64(opened.skipped) : -1
            // The key as `makeRecord` makes it, so a fetch by position finds the same one.
            let keyed = try keyIndex.flatMap { keyIndex -> Bool? in
                guard keyIndex < row.count else { return nil }
                return try row.withField(keyIndex) { bytes -> Bool in
                    var start = 0, end = bytes.count
                    while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
                    while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
                    let key = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    guard !key.isEmpty, Self.isUTF8(key) else { return false }
                    try rows.endRow(key: key, position: position)
                    return true
                }
            } ?? false
            if !keyed { try rows.endRow(key: String(number), position: position) }
            return true
        }
        report.recordsExamined += number
        report.containersRead += 1
    }

    private static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return String(validating: bytes, as: UTF8.self) != nil }
        return true
    }

    public func searchIndexed(_ matcher: IdentityMatcher, candidates: [IndexedLocator], into report: inout ScanReport,
                              _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        var stale: [IndexedLocator] = []
        for (name, group) in Dictionary(grouping: candidates, by: \.container).sorted(by: { $0.key < $1.key }) {
            guard let container = try container(named: name) else {
                stale += group
                continue
            }
            guard container.isPlainFile, group.allSatisfy({ $0.position >= 0 }) else {
                stale += try rescan(container, group, matcher, &report, emit)
                continue
            }
            // The header (for names and the delimiter), then one short read per record.
            let opened = try TextDecoding.open(try container.open(), declared: encoding)
            let headerReader = CSVReader(stream: opened.stream, delimiter: delimiter, container: name, bufferSize: 1 << 16)
            var header: [String] = []
            try headerReader.forEachRow { row in
                header = CSVHeader.names(of: row)
                return false
            }
            let keyIndex = source.key.flatMap { header.firstIndex(of: $0) }
            for candidate in group {
                let stream = try FileByteStream(path: container.path, offset: candidate.position, displayName: name)
                let reader = CSVReader(stream: stream, delimiter: headerReader.delimiter, container: name, bufferSize: 1 << 14)
                var found: Record?
                try reader.forEachRow { row in
                    let record = makeRecord(row, number: Int(candidate.key) ?? 0, header: header, keyIndex: keyIndex, reader: reader, report: &report)
                    if keyIndex == nil || record.locator.key == candidate.key {
                        var fixed = record
                        fixed.locator.key = candidate.key
                        found = fixed
                    }
                    return false
                }
                report.recordsExamined += 1
                guard let record = found else { stale.append(candidate); continue }
                if let match = matcher.match(record) { try emit(Found(record: record, match: match)) }
            }
            report.containersRead += 1
        }
        return stale
    }

    /// Reads a whole container for the candidates' keys (compressed or transcoded files).
    private func rescan(_ container: Container, _ group: [IndexedLocator], _ matcher: IdentityMatcher, _ report: inout ScanReport,
                        _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        var wanted = Set(group.map(\.key))
        var fullReport = ScanReport()
        try records(into: &fullReport) { record in
            guard record.locator.container == container.name else { return true }
            if wanted.remove(record.locator.key) != nil, let match = matcher.match(record) { try emit(Found(record: record, match: match)) }
            return !wanted.isEmpty
        }
        report.recordsExamined += fullReport.recordsExamined
        return group.filter { wanted.contains($0.key) }
    }
}
