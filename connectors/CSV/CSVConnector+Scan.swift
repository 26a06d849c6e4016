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
        for file in try resolver.files(patterns: patterns, node: pathNode) {
            if let found = try resolver.containers(in: file).first(where: { $0.name == name }) { return found }
        }
        return nil
    }

    public func scan(_ state: ContainerState, into report: inout ScanReport, _ body: (Record, Int64) throws -> Void) throws {
        guard let container = try container(named: state.name) else {
            throw SourceError("the file is gone", container: state.name)
        }
        let opened = try TextDecoding.open(try container.open(), declared: encoding)
        let seekable = container.isPlainFile && opened.encoding == .utf8
        let reader = CSVReader(stream: opened.stream, delimiter: delimiter, container: container.name)
        var header: [String] = []
        var number = 0
        // Only the identifier columns and the key are kept: that is all the index needs.
        var wanted: [(index: Int, name: String)] = []
        var keyIndex: Int?
        try reader.forEachRow { row in
            if header.isEmpty {
                header = CSVHeader.names(of: row)
                let names = Set(source.identifierFields.map(\.name))
                wanted = header.enumerated().filter { names.contains($0.element) }.map { ($0.offset, $0.element) }
                keyIndex = source.key.flatMap { header.firstIndex(of: $0) }
                return true
            }
            number += 1
            var fields: [Field] = []
            fields.reserveCapacity(wanted.count)
            for (index, name) in wanted where index < row.count {
                let text = row.string(index) ?? row.withField(index) { TextDecoding.decodeWindows1252($0) }
                fields.append(Field(name: name, value: .string(text)))
            }
            var key = String(number)
            if let keyIndex, keyIndex < row.count, let value = row.string(keyIndex), !value.isEmpty { key = value.trimmingCharacters(in: " \t") }
            try body(Record(locator: Locator(source: source.name, container: container.name, key: key), fields: fields, line: row.line),
                     seekable ? row.offset + Int64(opened.skipped) : -1)
            return true
        }
        report.recordsExamined += number
        report.containersRead += 1
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
