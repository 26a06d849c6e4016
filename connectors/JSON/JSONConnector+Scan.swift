import FootprintCore

/// Scheduled scans over JSON exports: one container per file (or zip member), fingerprinted
/// like CSV files, so an unchanged event log is not read again; each record's byte
/// position is indexed, so a lookup reads just the records the index names.
extension JSONConnector {
    public func scanContainers() throws -> [ContainerState] { try files.scanContainers() }

    public func scan(_ state: ContainerState, into report: inout ScanReport, _ rows: IndexRowSink) throws {
        guard let container = try container(named: state.name) else { throw SourceError(.missingContainer, "the file is gone", container: state.name) }
        try read(container, into: &report) { record, position in
            try rows.append(record, position: position)
            return true
        }
        report.containersRead += 1
    }

    public func searchIndexed(_ matcher: IdentityMatcher, candidates: [IndexedLocator], into report: inout ScanReport,
                              _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        try searchAtPositions(matcher, candidates: candidates, into: &report, container: container(named:), reader: { container in
            { candidate, _ in
                // One short read at the record's position, the value parsed alone.
                let stream = try FileByteStream(path: container.path, offset: candidate.position, displayName: container.name)
                let reader = JSONRecordReader(stream: stream, container: container.name, atValue: true, bufferSize: 1 << 14)
                var found: Record?
                try reader.forEachValue { bytes, _ in
                    var record = try? record(bytes, number: Int(candidate.key) ?? 0, line: 0, container: container.name)
                    // Keyed by a field: it must still be the same record. Keyed by number: the position says which.
                    if source.key == nil { record?.locator.key = candidate.key }
                    if let record, record.locator.key == candidate.key { found = record }
                    return false
                }
                return found
            }
        }, emit)
    }

    func container(named name: String) throws -> Container? { try files.container(named: name) }
}
