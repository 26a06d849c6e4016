import ArgumentParser
import Foundation
import FootprintCore
import FootprintReports

struct Know: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "know",
        abstract: "Write the Right-to-Know response package for one verified request.",
        discussion: """
        Looks the person up (through the index when there is one) and writes DIR:
          index.html      the letter the consumer reads (self-contained, printable)
          response.json   the machine-readable response (schema footprint.know/1)
          data/SOURCE/CONTAINER.csv   the specific pieces, one row per record
          manifest.json   SHA-256 of every file, the configuration's digest, the version
        and, when some records need a person's decision, DIR.review/ (review.json,
        review.html) beside it — never inside it.

        What is disclosed is decided here, not by the lookup: specific pieces come only from
        records matched as confirmed and from rows linked to them by a declared key;
        probable, possible and derived (expansion) records wait in the review list until
        approved (--approve FILE: a JSON list of "source:container#key"). Verification
        below reasonably_high gives categories only, with the §7024(a) statement; none
        gives a denial that points to the privacy policy. Values mapped redact: true
        (§7024(d)) are described, never written. Records collected before the lookback
        window (system.collected_at: a field, or file_modified) are left out and counted.

        The request file (JSON): {"id": "REQ-1", "received": "2026-11-20",
          "type": "specific_pieces" | "categories",
          "verification": {"level": "none" | "reasonable" | "reasonably_high", "method": "..."},
          "jurisdiction": "ccpa" | "gdpr" | "vcdpa" | "cpa", "lookback": "12_months" | "all" | {"since": "2022-01-01"},
          "requester": "consumer" | "authorized_agent", "identity": {"email": ["..."]}}

        Exit 0: the package is complete (or --allow-incomplete says why it may be sent);
        2: a source failed or was read in part (the package is written, marked incomplete);
        1: usage or configuration error (nothing is written).

        Example:
          footprint know --request fixtures/requests/jane-verified.json --out out/REQ-2026-0042
        """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup(title: "Identity (added to the request file's identity:)") var identifiers: IdentifierOptions
    @Option(help: ArgumentHelp("The request file (JSON, see above).", valueName: "file")) var request: String?
    @Option(name: .customLong("request-id"), help: ArgumentHelp("A request of the request log (footprint request open): its facts and identity are used, and the package's digest is recorded in it.", valueName: "id"))
    var requestID: String?
    @Option(help: ArgumentHelp("The package folder to create (it must not exist).", valueName: "dir")) var out: String
    @Option(help: ArgumentHelp("Records staff approved for disclosure: a JSON list of \"source:container#key\".", valueName: "file"))
    var approve: String?
    @Option(name: .customLong("allow-incomplete"), help: ArgumentHelp("Why a package with a failed or partial source may be sent; recorded in it.", valueName: "reason"))
    var allowIncomplete: String?
    @Flag(help: "Write the package as one file, DIR.zip, instead of a folder.") var zip = false
    @Flag(help: "Search the sources directly, ignoring the index.") var live = false

    func validate() throws {
        if (request == nil) == (requestID == nil) { throw ValidationError("give --request FILE or --request-id ID (one of them)") }
    }

    func run() throws {
        let workspace = try Workspace(options)
        let knowRequest = try requestID.map { try RequestCase.knowRequest($0, kind: .know, workspace: workspace) } ?? KnowRequest.read(request!)
        let identity = try identifiers.identity(adding: knowRequest.identity)
        let keys = try identifiers.keys(identity, config: workspace.config)
        // Systems the configuration marks as not reasonably searchable (§7024(c)) are described, not searched.
        let searched = workspace.config.sources.filter { $0.system.notSearched == nil }.map(\.name)
        let connectors = try workspace.lookupConnectors(live: live, sources: searched)
        let inventory = LookupEngine(connectors: connectors, policy: workspace.config.matching, logger: workspace.logger).lookup(identity, keys: keys)
        var builder = KnowBuilder(request: knowRequest, sources: workspace.config.sources, organisation: workspace.config.organisation)
        builder.approved = try approve.map(Approvals.read) ?? []
        builder.allowIncomplete = allowIncomplete
        builder.fileModified = { source, container in FileDates.modified(source: source, container: container) }
        let package = builder.build(inventory)
        let template = try workspace.config.organisation.knowTemplate.map { path -> String in
            let full = path.hasPrefix("/") ? path : (workspace.config.baseDirectory as NSString).appendingPathComponent(path)
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                throw ConfigError("cannot read the letter template \(full)", hint: "check organisation.know_template")
            }
            return text
        }
        let writer = KnowPackageWriter(version: Footprint.configuration.version, configuration: workspace.configurationBytes, template: template)
        let written = try writer.write(package, to: out, zip: zip)
        let records = package.disclosedRecords.count
        var summary = "wrote \(written.package): \(package.disclosure.rawValue), \(package.status.rawValue)"
        if package.disclosure == .specificPieces { summary += ", \(records) record(s) from \(package.systems.filter { !$0.records.isEmpty }.count) system(s)" }
        if package.excludedByLookback > 0 { summary += ", \(package.excludedByLookback) outside the lookback window" }
        Output.write(summary + "\n")
        if let review = written.review { Output.write("\(package.review.count) record(s) await review: \(review) (not part of the package)\n") }
        if let requestID { try RequestCase.record(requestID, kind: "know package", path: written.package,
                                                      outcome: "\(package.disclosure.rawValue), \(package.status.rawValue), \(records) record(s) disclosed", workspace: workspace) }
        for reason in package.incompleteReasons { Output.error("footprint: \(reason)") }
        if package.status == .incomplete && allowIncomplete == nil { throw IncompleteResults() }
    }
}

/// `--approve FILE`: the records staff approved, as `source:container#key` strings.
enum Approvals {
    static func read(_ path: String) throws -> Set<Locator> {
        guard let data = FileManager.default.contents(atPath: path),
              let list = (try? JSONSerialization.jsonObject(with: data)) as? [String] else {
            throw ConfigError("\(path) must be a JSON list of records, each \"source:container#key\"", hint: "copy locators from review.json")
        }
        return Set(try list.map { text in
            guard let colon = text.firstIndex(of: ":"), let hash = text.lastIndex(of: "#"), colon < hash else {
                throw ConfigError("\(path): '\(text)' is not source:container#key", hint: "copy locators from review.json")
            }
            return Locator(source: String(text[..<colon]), container: String(text[text.index(after: colon)..<hash]),
                           key: String(text[text.index(after: hash)...]))
        })
    }
}

/// File modification times, for sources whose collection date is the export's own.
enum FileDates {
    static func modified(source: SourceConfig, container: String) -> Date? {
        // A zip member's date is its archive's.
        var path = container
        if let range = path.range(of: ".zip/", options: .caseInsensitive) { path = String(path[..<range.upperBound].dropLast()) }
        let full = path.hasPrefix("/") ? path : (source.baseDirectory as NSString).appendingPathComponent(path)
        return (try? FileManager.default.attributesOfItem(atPath: full))?[.modificationDate] as? Date
    }
}
