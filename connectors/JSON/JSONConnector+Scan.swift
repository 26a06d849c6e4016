import FootprintCore

/// Scheduled scans over JSON exports: one container per file (or zip member), fingerprinted
/// like CSV files, so an unchanged event log is not read again.
extension JSONConnector {
    public func scanContainers() throws -> [ContainerState] {
        try resolver.files(patterns: patterns, node: pathNode).flatMap { file -> [ContainerState] in
            let containers = (try? resolver.containers(in: file)) ?? []
            if containers.isEmpty { return [ContainerState(name: file, fingerprint: nil)] }
            return containers.map { container in
                ContainerState(name: container.name, fingerprint: container.fingerprint().map { container.isPlainFile ? $0 : "\($0):\(container.name)" })
            }
        }
    }

    public func scan(_ state: ContainerState, into report: inout ScanReport, _ rows: IndexRowSink) throws {
        for file in try resolver.files(patterns: patterns, node: pathNode) {
            guard let container = try resolver.containers(in: file).first(where: { $0.name == state.name }) else { continue }
            try read(container, into: &report) { record in
                try rows.append(record, position: -1)
                return true
            }
            report.containersRead += 1
            return
        }
        throw SourceError("the file is gone", container: state.name)
    }
}
