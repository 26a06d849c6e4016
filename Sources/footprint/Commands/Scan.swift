import ArgumentParser
import Foundation
import FootprintCore
import FootprintIndex

/// Where the configuration puts the index, resolved against the config file's folder.
func indexPath(_ config: FootprintConfig) -> String {
    config.indexPath.hasPrefix("/") ? config.indexPath : (config.baseDirectory as NSString).appendingPathComponent(config.indexPath)
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the index's key file (mode 0600) beside the index, if there is none.",
        discussion: "The index stores only keyed hashes; this key makes them. Keep it as safe as the data: without it the index cannot be searched, with it anyone holding the index could test for a known identifier. $FOOTPRINT_INDEX_KEY, when set, is used instead.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        let path = indexPath(config)
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
    @Option(help: "Summary as json or table.") var format: OutputFormat = .table

    func run() throws {
        let config = try options.load()
        for name in sources where config.source(named: name) == nil {
            throw ConfigError("no source named '\(name)' in \(config.file)", hint: "configured: \(config.sources.map(\.name).joined(separator: ", "))")
        }
        let path = indexPath(config)
        let lock = try ScanLock(indexPath: path)
        defer { withExtendedLifetime(lock) {} }
        let key = try IndexKey.load(indexPath: path, environment: ProcessInfo.processInfo.environment, create: true)
        let store = try IndexStore(path: path, key: key, create: true)
        try store.claim(configuration: URL(fileURLWithPath: config.file).standardizedFileURL.path)
        if store.rebuilt {
            FileHandle.standardError.write(Data("footprint: the index at \(path) was written by an older footprint in another layout; this scan rebuilds it (sources it does not scan are searched live until they are scanned)\n".utf8))
        }
        let chosen = config.sources.filter { sources.isEmpty || sources.contains($0.name) }
        let connectors = try chosen.map { source -> any Connector in
            let connector = try Connectors.make(source)
            try connector.validate()
            return connector
        }
        var scanner = Scanner(connectors: connectors, store: store, key: key, policy: config.matching, full: full)
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
        let summaries = scanner.run(dropSourcesNotIn: sources.isEmpty ? Set(config.sources.map(\.name)) : nil)
        if isatty(2) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        switch format {
        case .json:
            var json = JSONWriter()
            json.beginObject()
            json.key("index"); json.string(path)
            json.key("seconds"); json.raw(String(format: "%.3f", Date().timeIntervalSince(started)))
            json.key("sources")
            json.beginArray()
            for s in summaries {
                json.beginObject()
                json.key("name"); json.string(s.name)
                json.key("containers_scanned"); json.int(s.containersScanned)
                json.key("containers_unchanged"); json.int(s.containersSkipped)
                json.key("containers_dropped"); json.int(s.containersDropped)
                json.key("records"); json.int(s.records)
                json.key("identifiers"); json.int(s.identifiers)
                json.key("errors"); json.sourceErrors(s.errors)
                json.key("warnings"); json.stringArray(s.warnings)
                json.key("seconds"); json.raw(String(format: "%.3f", s.seconds))
                json.endObject()
            }
            json.endArray()
            json.endObject()
            Output.write(json.output + "\n")
        case .table:
            var out = "SOURCE".padded(14) + "SCANNED".padded(9) + "UNCHANGED".padded(11) + "DROPPED".padded(9) + "RECORDS".padded(11) + "IDENTIFIERS".padded(13) + "TIME\n"
            for s in summaries {
                out += s.name.padded(14) + String(s.containersScanned).padded(9) + String(s.containersSkipped).padded(11)
                    + String(s.containersDropped).padded(9) + String(s.records).padded(11) + String(s.identifiers).padded(13)
                    + String(format: "%.2fs", s.seconds) + "\n"
                for error in s.errors { out += "  error: \(error)\n" }
                for warning in s.warnings { out += "  warning: \(warning)\n" }
            }
            out += "index: \(path)\n"
            Output.write(out)
        }
        if summaries.contains(where: { !$0.errors.isEmpty }) { throw IncompleteResults() }
    }
}

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Inspect the index.", subcommands: [Stats.self])

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Index size, sources, last scan times, and which containers changed since.")

        @OptionGroup var options: ConfigOptions
        @Option(help: "json or table.") var format: OutputFormat = .table

        func run() throws {
            let config = try options.load()
            let path = indexPath(config)
            let key = try IndexKey.load(indexPath: path, environment: ProcessInfo.processInfo.environment, create: false)
            let store = try IndexStore(path: path, key: key, create: false)
            let rows = try store.containers()
            var json = JSONWriter()
            json.beginObject()
            json.key("index"); json.string(path)
            json.key("bytes"); json.int(Int(store.fileSize))
            json.key("sources")
            json.beginArray()
            var table = "index: \(path) (\(store.fileSize / 1024) KiB)\n" + "SOURCE".padded(14) + "CONTAINERS".padded(12) + "RECORDS".padded(11)
                + "IDENTIFIERS".padded(13) + "LAST SCAN".padded(22) + "STALE\n"
            for source in config.sources {
                let mine = rows.filter { $0.source == source.name }
                var stale: [String] = []
                if let states = try? Connectors.make(source).scanContainers() {
                    let indexed = Dictionary(mine.map { ($0.name, $0.fingerprint) }, uniquingKeysWith: { a, _ in a })
                    for state in states where state.fingerprint == nil || indexed[state.name] != state.fingerprint {
                        stale.append(indexed[state.name] == nil ? "\(state.name) (new)" : state.fingerprint == nil ? "\(state.name) (cannot tell)" : "\(state.name) (changed)")
                    }
                    let current = Set(states.map(\.name))
                    for row in mine where !current.contains(row.name) { stale.append("\(row.name) (gone)") }
                }
                let last = mine.map(\.scannedAt).max()
                let lastText = last.map { ISO8601DateFormatter().string(from: $0) } ?? "never"
                json.beginObject()
                json.key("name"); json.string(source.name)
                json.key("containers"); json.int(mine.count)
                json.key("records"); json.int(mine.map(\.records).reduce(0, +))
                json.key("identifiers"); json.int(mine.map(\.identifiers).reduce(0, +))
                json.key("last_scan"); json.string(last.map { ISO8601DateFormatter().string(from: $0) })
                json.key("stale"); json.stringArray(stale)
                json.endObject()
                table += source.name.padded(14) + String(mine.count).padded(12) + String(mine.map(\.records).reduce(0, +)).padded(11)
                    + String(mine.map(\.identifiers).reduce(0, +)).padded(13) + lastText.padded(22) + (stale.isEmpty ? "none" : stale.joined(separator: ", ")) + "\n"
            }
            json.endArray()
            json.endObject()
            Output.write(format == .json ? json.output + "\n" : table)
        }
    }
}
