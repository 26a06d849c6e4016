/// The files of a file-based source, from its `path:` patterns to the containers a
/// reader opens: patterns → files (globs, folders) → containers (a plain file, a `.gz`,
/// each member of a `.zip`), listed once per command. Written once here for every file
/// connector, so CSV and JSON (and XLSX next) supply only their reader, and a file that
/// cannot be listed or read fails alone, recorded in the report, while the others go on.
public struct FileSet: Sendable {
    public let patterns: [String]
    /// The `path:` node, so that a pattern matching nothing names its line.
    public let node: ConfigNode
    public let resolver: ContainerResolver
    /// Containers by name, listed once per command (see `ContainerCatalog`).
    private let catalog = ContainerCatalog()

    /// The source's `path:` (one pattern or a list); `kind` and `example` make the error
    /// for a missing one say what to write.
    public init(source: SourceConfig, kind: String, extensions: [String], example: String) throws {
        guard let pathNode = source.node["path"] else {
            throw source.node.error("a \(kind) source needs a path:", hint: "for example path: \(example)")
        }
        patterns = try pathNode.stringList()
        node = pathNode
        resolver = ContainerResolver(extensions: extensions, baseDirectory: source.baseDirectory)
    }

    /// The files the patterns name, in order; a pattern matching nothing is a `ConfigError`.
    public func files() throws -> [String] {
        try resolver.files(patterns: patterns, node: node)
    }

    /// Every container of every file, in order. A file that cannot be listed (a damaged
    /// archive) or a container whose `body` throws is recorded in `report` and the rest
    /// go on; a container `body` finishes counts as read. `body` returns false to stop.
    public func forEachContainer(into report: inout ScanReport, _ body: (Container, inout ScanReport) throws -> Bool) throws {
        for file in try files() {
            let containers: [Container]
            do { containers = try resolver.containers(in: file) } catch {
                report.errors.append(SourceError(error, container: file))
                continue
            }
            for container in containers {
                do {
                    let more = try body(container, &report)
                    report.containersRead += 1
                    if !more { return }
                } catch {
                    report.errors.append(SourceError(error, container: container.name))
                }
            }
        }
    }

    /// The containers that can be listed now, for sampling (validation): the ones that
    /// cannot are reported when they are read.
    public func listableContainers() throws -> [Container] {
        try files().flatMap { (try? resolver.containers(in: $0)) ?? [] }
    }

    /// The containers a scan reads, fingerprinted. A file that cannot be listed still
    /// counts (with no fingerprint), so its old records are dropped and its error shown.
    public func scanContainers() throws -> [ContainerState] {
        try files().flatMap { file -> [ContainerState] in
            let containers = (try? resolver.containers(in: file)) ?? []
            if containers.isEmpty { return [ContainerState(name: file, fingerprint: nil)] }
            return containers.map { container in
                // A zip's members share its fingerprint; the member's name tells them apart.
                ContainerState(name: container.name, fingerprint: container.fingerprint().map { container.isPlainFile ? $0 : "\($0):\(container.name)" },
                               size: container.size)
            }
        }
    }

    /// The container called `name` (as locators name it), or nil when it is gone.
    public func container(named name: String) throws -> Container? {
        try catalog.container(named: name, resolver: resolver, patterns: patterns, node: node)
    }
}
