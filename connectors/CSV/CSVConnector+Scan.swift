import FootprintCore

/// Scheduled scans over CSV exports: containers fingerprinted, rows streamed with their
/// byte positions, and index lookups that seek straight to those positions.
extension CSVConnector {
    public func scanContainers() throws -> [ContainerState] { try files.scanContainers() }

    func container(named name: String) throws -> Container? { try files.container(named: name) }

    public func scan(_ state: ContainerState, into report: inout ScanReport, _ rows: IndexRowSink) throws {
        guard let container = try container(named: state.name) else {
            throw SourceError(.missingContainer, "the file is gone", container: state.name)
        }
        let opened = try TextDecoding.open(try container.open(), declared: encoding)
        let seekable = container.isPlainFile && opened.encoding == .utf8
        let reader = CSVReader(stream: opened.stream, delimiter: delimiter, container: container.name)
        var header: [String] = []
        var number = 0
        // Only the identifier columns and the key are read, as bytes: that is all the index needs.
        var wanted: [(index: Int, spec: Int32)] = []
        var keyIndex: Int?
        var observer: FieldObserver?
        try reader.forEachRow { row in
            if header.isEmpty {
                header = CSVHeader.names(of: row)
                observer = rows.observeFields(header)
                // In mapping order, as a record's values are keyed.
                wanted = source.identifierFields.compactMap { mapping in
                    guard let index = header.firstIndex(of: mapping.name), let spec = rows.spec(for: mapping) else { return nil }
                    return (index, spec)
                }
                keyIndex = source.key.flatMap { header.firstIndex(of: $0) }
                return true
            }
            number += 1
            if let observer, observer.observesRow() { Self.observe(row, observer) }
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

    /// Every field's value to the observer (counts for the data map), as UTF-8.
    private static func observe(_ row: CSVRow, _ observer: FieldObserver) {
        for index in 0..<min(row.count, observer.names.count) {
            row.withField(index) { bytes in
                if isUTF8(bytes) { observer.observe(index, bytes) } else { observer.observe(index, TextDecoding.decodeWindows1252(bytes)) }
            }
        }
    }

    private static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return String(validating: bytes, as: UTF8.self) != nil }
        return true
    }

    public func searchIndexed(_ matcher: IdentityMatcher, candidates: [IndexedLocator], into report: inout ScanReport,
                              _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        try searchAtPositions(matcher, candidates: candidates, into: &report, container: container(named:), reader: { container in
            // The header (for names and the delimiter), then one short read per record.
            let opened = try TextDecoding.open(try container.open(), declared: encoding)
            let headerReader = CSVReader(stream: opened.stream, delimiter: delimiter, container: container.name, bufferSize: 1 << 16)
            var header: [String] = []
            try headerReader.forEachRow { row in
                header = CSVHeader.names(of: row)
                return false
            }
            let keyIndex = source.key.flatMap { header.firstIndex(of: $0) }
            return { [header] candidate, report in
                let stream = try FileByteStream(path: container.path, offset: candidate.position, displayName: container.name)
                let reader = CSVReader(stream: stream, delimiter: headerReader.delimiter, container: container.name, bufferSize: 1 << 14)
                var found: Record?
                try reader.forEachRow { row in
                    var record = makeRecord(row, number: Int(candidate.key) ?? 0, header: header, keyIndex: keyIndex, reader: reader, report: &report)
                    // Keyed by a column: it must still be the same record. Keyed by row number: the position says which.
                    if keyIndex == nil || record.locator.key == candidate.key {
                        record.locator.key = candidate.key
                        found = record
                    }
                    return false
                }
                return found
            }
        }, emit)
    }
}
