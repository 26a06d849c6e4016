import ArgumentParser
import Foundation
import FootprintCore
import FootprintIndex
import FootprintReports

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the index's key file (mode 0600) beside the index, if there is none.",
        discussion: "The index stores only keyed hashes; this key makes them. Keep it as safe as the data: without it the index cannot be searched, with it anyone holding the index could test for a known identifier. $FOOTPRINT_INDEX_KEY, when set, is used instead.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let path = try Workspace(options).indexPath
        let keyFile = IndexKey.keyFilePath(forIndex: path)
        if FileManager.default.fileExists(atPath: keyFile) {
            Output.write("the index key already exists: \(keyFile)\n")
            return
        }
        let key = try IndexKey.load(indexPath: path, environment: [:], create: true)
        Output.write("created the index key \(key.origin) (mode 0600); back it up with the same care as the data it indexes\n")
    }
}

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Build or refresh the index of who-is-where (incremental by default).",
        discussion: """
        Reads every configured source (or the ones named) and records, for every identifier of \
        every record, a keyed hash pointing at the record — never the identifier itself. \
        Files unchanged since the last scan (size, modification time, sampled content) are \
        skipped, changed ones rescanned, vanished ones dropped; database tables are rescanned \
        when their row counts or a configured updated_at change; API objects are listed \
        again by every scan (an API cannot say what changed). Each container is committed \
        on its own: a scan that is killed leaves the index as it was for what it had not \
        finished, and the next scan picks up. Memory stays near 300 MB whatever a container's \
        size: what does not fit goes to a scratch file beside the index. Suitable for cron or \
        a systemd timer: no prompts, a lock so two scans never run at once, exit 0 when everything was read, 2 when a \
        source failed, 1 for configuration errors.
        """)

    @OptionGroup var options: ConfigOptions
    @Argument(help: "Sources to scan (default: all).") var sources: [String] = []
    @Flag(help: "Rescan every container, changed or not.") var full = false
    @Flag(help: "Do not count what each field's values look like (the data map's observations keep the last observing scan's).")
    var noObserve = false
    @Option(help: FormatOption.help(Reports.scan, " (the summary)")) var format = "table"

    func validate() throws { try FormatOption.check(format, Reports.scan) }

    func run() throws {
        let workspace = try Workspace(options)
        let config = workspace.config
        let chosen = try workspace.sources(named: sources.isEmpty ? nil : sources)
        let path = workspace.indexPath
        let lock = try ScanLock(indexPath: path)
        defer { withExtendedLifetime(lock) {} }
        let key = try IndexKey.load(indexPath: path, environment: workspace.environment, create: true)
        let store = try IndexStore(path: path, key: key, create: true)
        try store.claim(configuration: URL(fileURLWithPath: config.file).standardizedFileURL.path)
        if store.rebuilt {
            FileHandle.standardError.write(Data("footprint: the index at \(path) was written by an older footprint in another layout; this scan rebuilds it (sources it does not scan are searched live until they are scanned)\n".utf8))
        }
        let connectors = try chosen.map { try workspace.connector(for: $0) }
        // A store that cannot be indexed is searched live by every lookup: the summary says so.
        var unindexable: [ScanSummary] = []
        let indexable = connectors.compactMap { connector -> (any IndexableConnector)? in
            guard let capable = connector.capability((any IndexableConnector).self) else {
                var summary = ScanSummary(name: connector.source.name)
                summary.warnings.append("a \(connector.source.connector) source cannot be indexed; lookups search it live")
                unindexable.append(summary)
                return nil
            }
            return capable
        }
        var scanner = Scanner(connectors: indexable, store: store, key: key, policy: config.matching, full: full)
        scanner.observe = !noObserve
        scanner.logger = workspace.logger
        let started = Date()
        if isatty(2) != 0 {
            scanner.progress = { p in
                let elapsed = max(Date().timeIntervalSince(started), 0.001)
                var line = String(format: "\r\u{1B}[K%@ %@: %d records (%.0f/s), container %d of %d", p.source, p.container, p.records,
                                  Double(p.records) / elapsed, min(p.containersDone + 1, p.containers), p.containers)
                if let total = p.totalBytes, total > 0, p.bytes > 0 {
                    let rate = Double(p.bytes) / elapsed
                    line += String(format: ", %.0f of %.0f MB (%.0f MB/s), ETA %.0f s", Double(p.bytes) / 1e6, Double(total) / 1e6, rate / 1e6,
                                   Double(total - min(p.bytes, total)) / max(rate, 1))
                }
                if p.writing { line += ", writing the index" }
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        var summaries = scanner.run(dropSourcesNotIn: sources.isEmpty ? Set(config.sources.map(\.name)) : nil) + unindexable
        // Deleted people coming back (a re-import): told per source, never by value.
        let suppression = try SuppressionList(indexPath: path)
        if !suppression.people.isEmpty {
            let found = try suppression.reappearances(in: store, sources: summaries.map(\.name))
            for index in summaries.indices { summaries[index].warnings += found[summaries[index].name] ?? [] }
        }
        if isatty(2) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let result = ScanResult(index: path, seconds: Date().timeIntervalSince(started), sources: summaries)
        Output.write(try Reports.scan.render(result, as: format))
        if !result.isComplete { throw IncompleteResults() }
    }
}

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Inspect the index.", subcommands: [Stats.self])

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Index size, sources, last scan times, and which containers changed since.")

        @OptionGroup var options: ConfigOptions
        @Option(help: FormatOption.help(Reports.indexStats)) var format = "table"

        func validate() throws { try FormatOption.check(format, Reports.indexStats) }

        func run() throws {
            let workspace = try Workspace(options)
            let path = workspace.indexPath
            let key = try IndexKey.load(indexPath: path, environment: workspace.environment, create: false)
            let store = try IndexStore(path: path, key: key, create: false)
            // Unvalidated: a source whose secret is missing still has its index rows shown.
            let stats = try store.stats(path: path, sources: workspace.config.sources) { try? workspace.connector(for: $0, validate: false) }
            Output.write(try Reports.indexStats.render(stats, as: format))
        }
    }
}

struct Suppression: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suppression",
        abstract: "The deleted people that scans watch for (keyed hashes only).",
        discussion: "After footprint delete --execute, the person's email addresses, phone numbers and account ids are kept as keyed hashes beside the index; every scan warns when they appear again. Remove a person who consented again.",
        subcommands: [List.self, Remove.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The suppressed people: id, deletion date, request, how many identifiers.")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            Output.write(SuppressionReport.table(try SuppressionList(indexPath: try Workspace(options).indexPath).people))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Stop watching for a person (they consented again).")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The id from footprint suppression list.") var id: String

        func run() throws {
            var list = try SuppressionList(indexPath: try Workspace(options).indexPath)
            guard try list.remove(id) else { throw ConfigError("no suppressed person with id \(id)", hint: "footprint suppression list shows them") }
            Output.write("removed \(id) from the suppression list\n")
        }
    }
}
