import ArgumentParser
import Foundation
import FootprintCore
import FootprintIndex
import FootprintReports

extension RequestCommand {
    /// `request import FILE`: requests an intake system recorded (a web form's queue, a
    /// ticketing export), as CSV with a header or as a JSON list of objects, with the
    /// columns below. Each gets a Footprint id; the intake system's id is kept.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import requests from an intake system's CSV or JSON export.",
            discussion: """
            Columns (CSV header or JSON keys): type (know, delete, correct, opt_out, limit), \
            channel (web, email, phone, mail, agent), received (YYYY-MM-DD) — required; \
            id (the intake system's), rule (ccpa, gdpr, vcdpa, cpa; default requests.rule), \
            email, phone, name (the identity: sealed on import, never stored in clear), \
            verification_level, verification_method, extended_on, extension_reason, \
            responded (YYYY-MM-DD), outcome (fulfilled, partly, denied), basis. A row in error \
            stops the import before anything is written, naming its line and column.
            """)
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The CSV or JSON file.") var file: String

        func run() throws {
            let workspace = try Workspace(options)
            let rows = try file.lowercased().hasSuffix(".json") ? Self.jsonRows(file) : Self.csvRows(file)
            let store = try RequestCommand.store(workspace)
            var counters: [Int: Int] = [:]
            var items: [(request: Request, events: [(event: String, detail: [String: String])])] = []
            for (number, row) in rows.enumerated() {
                let line = "\(file), \(file.hasSuffix(".json") ? "item" : "line") \(number + (file.hasSuffix(".json") ? 1 : 2))"
                items.append(try Self.request(row, at: line, store: store, counters: &counters, workspace: workspace))
            }
            try store.saveAll(items)
            Output.write("imported \(items.count) request(s) into \(store.path)\n")
        }

        static func request(_ row: [String: String], at line: String, store: RequestStore, counters: inout [Int: Int],
                            workspace: Workspace) throws -> (request: Request, events: [(event: String, detail: [String: String])]) {
            func value(_ key: String) -> String? {
                guard let text = row[key] else { return nil }
                let trimmed = text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
                return trimmed.isEmpty ? nil : String(trimmed)
            }
            func fail(_ key: String, _ what: String) -> ConfigError { ConfigError("\(line): \(key) \(what)", hint: "see footprint request import --help for the columns") }
            func day(_ key: String) throws -> CalendarDay? {
                guard let text = value(key) else { return nil }
                guard let day = CalendarDay(text) else { throw fail(key, "is not a date written YYYY-MM-DD") }
                return day
            }
            guard let kind = value("type").flatMap(Request.Kind.init(rawValue:)) else { throw fail("type", "must be know, delete, correct, opt_out or limit") }
            guard let channel = value("channel").flatMap(Request.Channel.init(rawValue:)) else { throw fail("channel", "must be web, email, phone, mail or agent") }
            guard let received = try day("received") else { throw fail("received", "is required") }
            var rule = workspace.config.requestRule
            if let text = value("rule") {
                guard let parsed = DeadlineRule(rawValue: text) else { throw fail("rule", "must be ccpa, gdpr, vcdpa or cpa") }
                rule = parsed
            }
            let identity = Identity(emails: value("email").map { [$0] } ?? [], phones: value("phone").map { [$0] } ?? [], names: value("name").map { [$0] } ?? [])
            if counters[received.year] == nil {
                let first = try store.newID(received: received)
                counters[received.year] = Int(first.split(separator: "-").last!)! - 1
            }
            counters[received.year]! += 1
            let id = "R-\(received.year)-" + String(format: "%04d", counters[received.year]!)
            var request = Request(id: id, kind: kind, channel: channel, rule: rule, received: received, calendar: workspace.config.holidays,
                                  sealedIdentity: try store.key.seal(Array(InventoryJSON.identityDocument(identity).utf8)))
            request.externalID = value("id")
            var events: [(event: String, detail: [String: String])] = [("opened", ["type": kind.rawValue, "channel": channel.rawValue, "received": received.description,
                                                                                  "rule": rule.rawValue, "respond_by": request.deadlines.respond.description,
                                                                                  "imported_from": value("id") ?? ""])]
            if let level = value("verification_level") {
                guard ["reasonable", "reasonably_high"].contains(level) else { throw fail("verification_level", "must be reasonable or reasonably_high") }
                try request.verify(level: level, method: value("verification_method") ?? "", on: received)
                events.append(("verified", ["level": level, "method": value("verification_method") ?? ""]))
            }
            if let on = try day("extended_on") {
                do { try request.extend(reason: value("extension_reason") ?? "", on: on) } catch { throw fail("extended_on", "\(error)") }
                events.append(("extended", ["reason": value("extension_reason") ?? "", "respond_by": request.due.description]))
            }
            if let text = value("outcome") {
                guard let outcome = Request.Outcome(rawValue: text) else { throw fail("outcome", "must be fulfilled, partly or denied") }
                guard let responded = try day("responded") else { throw fail("responded", "is required with an outcome") }
                guard responded >= received else { throw fail("responded", "is before received") }
                try request.close(outcome, basis: value("basis"), on: responded)
                events.append(("closed", ["outcome": outcome.rawValue, "basis": value("basis") ?? "", "responded": responded.description]))
            }
            return (request, events)
        }

        static func jsonRows(_ path: String) throws -> [[String: String]] {
            guard let data = FileManager.default.contents(atPath: path),
                  let list = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else {
                throw ConfigError("\(path) is not a JSON list of objects", hint: "see footprint request import --help")
            }
            return list.map { object in object.compactMapValues { $0 as? String } }
        }

        static func csvRows(_ path: String) throws -> [[String: String]] {
            let rows = try Connectors.csvRows(path)
            guard let header = rows.first?.map({ $0.trimmingCharacters(in: .whitespaces) }) else { return [] }
            return rows.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }.map { Dictionary(zip(header, $0), uniquingKeysWith: { first, _ in first }) }
        }
    }

    struct Metrics: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The yearly figures (§7102): per type, received, complied with in whole or in part, denied; median and mean days.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "The calendar year of receipt.") var year: Int
        @Option(help: "table, json or html.") var format = "table"
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func run() throws {
            guard ["table", "json", "html"].contains(format) else { throw ValidationError("--format must be table, json or html") }
            let workspace = try Workspace(options)
            let metrics = RequestMetrics.compute(try RequestCommand.store(workspace).requests(), year: year)
            let text = format == "json" ? RequestMetricsReport.json(metrics)
                : format == "html" ? RequestMetricsReport.html(metrics, organisation: workspace.config.organisation.name) : RequestMetricsReport.table(metrics)
            if let out {
                try AtomicFile.write(Array(text.utf8), to: out)
                Output.write("wrote \(out)\n")
            } else {
                Output.write(text)
            }
        }
    }
}
