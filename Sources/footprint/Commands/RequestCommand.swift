import ArgumentParser
import Foundation
import FootprintCore
import FootprintIndex
import FootprintReports

/// `footprint request …`: the request log — each consumer request's case file, its
/// deadlines by law, and the hash-chained record of what was done and when.
struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "The request log: open a request, see what is due, verify, extend, close; the log's chain.",
        discussion: """
        Requests live in requests.sqlite beside the index (owner-only folder, file 0600). The \
        identity is stored sealed with AES-256-GCM (key: $FOOTPRINT_REQUEST_KEY, or the index \
        key), never in clear. Deadlines follow the request's law (requests.rule in \
        footprint.yaml, or --rule): CCPA acknowledge in 10 business days (US federal and \
        California holidays, or requests.holidays), respond in 45 calendar days, one \
        extension to 90 noticed by day 45; GDPR one month to the same date (the month's last \
        day when it has none), moved off weekends and holidays, plus two months; VCDPA and \
        Colorado 45 + 45. Every change appends to a log whose entries each carry the digest \
        of the one before: `request log verify` finds an entry changed or removed.
        """,
        subcommands: [Open.self, List.self, Show.self, Verify.self, Extend.self, Close.self, Log.self, Import.self, Metrics.self])

    /// Today as the business's calendar day (the machine's time zone).
    static func today() -> CalendarDay {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    static func day(_ text: String?, option: String) throws -> CalendarDay {
        guard let text else { return today() }
        guard let day = CalendarDay(text) else { throw ValidationError("\(option) must be a date written YYYY-MM-DD") }
        return day
    }

    static func store(_ workspace: Workspace) throws -> RequestStore {
        try RequestStore(indexPath: workspace.indexPath, key: try RequestStore.key(indexPath: workspace.indexPath, environment: workspace.environment))
    }

    /// Applies one change to a request's case file and logs it: `body` changes the request
    /// (its rules throw `Request.ChangeError`, told as what to do) and says what to log.
    static func change(_ id: String, _ options: ConfigOptions,
                       _ body: (inout Request) throws -> (event: String, detail: [String: String])) throws -> Request {
        let store = try store(try Workspace(options))
        var request = try find(id, in: store)
        let logged: (event: String, detail: [String: String])
        do { logged = try body(&request) } catch let error as Request.ChangeError {
            throw ConfigError(error.description, hint: "a closed request stays closed (open a new one); the law allows one extension, noticed before the first deadline")
        }
        try store.save(request, event: logged.event, detail: logged.detail)
        return request
    }

    static func find(_ id: String, in store: RequestStore) throws -> Request {
        guard let request = try store.request(id) else { throw ConfigError("no request \(id) in \(store.path)", hint: "footprint request list shows them") }
        return request
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a new request; prints its id and deadlines.")
        @OptionGroup var options: ConfigOptions
        @OptionGroup(title: "Identity") var identity: IdentityOptions
        @Option(help: "know, delete, correct, opt_out or limit.") var type: String
        @Option(help: "web, email, phone, mail or agent.") var channel: String
        @Option(help: "The day it was received (YYYY-MM-DD; default today).") var received: String?
        @Option(help: "ccpa, gdpr, vcdpa or cpa (default: requests.rule, else ccpa).") var rule: String?

        func run() throws {
            guard let kind = Request.Kind(rawValue: type) else { throw ValidationError("--type must be know, delete, correct, opt_out or limit") }
            guard let channel = Request.Channel(rawValue: channel) else { throw ValidationError("--channel must be web, email, phone, mail or agent") }
            let workspace = try Workspace(options)
            let law = try rule.map { text -> DeadlineRule in
                guard let law = DeadlineRule(rawValue: text) else { throw ValidationError("--rule must be ccpa, gdpr, vcdpa or cpa") }
                return law
            } ?? workspace.config.requestRule
            let day = try RequestCommand.day(received, option: "--received")
            let person = try identity.identity()
            let store = try RequestCommand.store(workspace)
            let sealed = try store.key.seal(Array(InventoryJSON.identityDocument(person).utf8))
            let request = Request(id: try store.newID(received: day), kind: kind, channel: channel, rule: law, received: day,
                                  calendar: workspace.config.holidays, sealedIdentity: sealed)
            try store.save(request, event: "opened", detail: ["type": kind.rawValue, "channel": channel.rawValue, "received": day.description,
                                                               "rule": law.rawValue, "respond_by": request.deadlines.respond.description])
            var text = "\(request.id)  \(kind.rawValue) by \(channel.rawValue), received \(day) (\(law.rawValue))\n"
            if let acknowledge = request.deadlines.acknowledge { text += "  acknowledge by \(acknowledge)\n" }
            text += "  respond by     \(request.deadlines.respond) (extended: \(request.deadlines.extended), the extension noticed by \(request.deadlines.extensionNoticeBy))\n"
            Output.write(text)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Requests by urgency: overdue first, then by the next deadline.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "table or json.") var format = "table"
        @Option(help: "Answer for this day (YYYY-MM-DD; default today).") var asOf: String?

        func run() throws {
            let workspace = try Workspace(options)
            let day = try RequestCommand.day(asOf, option: "--as-of")
            let requests = try RequestCommand.store(workspace).requests()
            let ordered = requests.sorted { a, b in
                let (da, db) = (a.nextDeadline(asOf: day)?.on, b.nextDeadline(asOf: day)?.on)
                switch (da, db) {
                case let (x?, y?): return x < y || (x == y && a.id < b.id)
                case (.some, nil): return true
                case (nil, .some): return false
                default: return a.id < b.id
                }
            }
            Output.write(format == "json" ? RequestReport.json(ordered, asOf: day) : RequestReport.table(ordered, asOf: day))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One request's case file (the identity stays sealed unless --identity).")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The request id.") var id: String
        @Flag(help: "Print the identity too (it is personal data).") var identity = false

        func run() throws {
            let workspace = try Workspace(options)
            let store = try RequestCommand.store(workspace)
            let request = try RequestCommand.find(id, in: store)
            var text = RequestReport.json([request], asOf: RequestCommand.today())
            if identity { text += String(decoding: try store.key.unseal(request.sealedIdentity), as: UTF8.self) + "\n" }
            Output.write(text)
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record how the requester was verified.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The request id.") var id: String
        @Option(help: "reasonable or reasonably_high (§7062).") var level: String
        @Option(help: "How (\"matched two data points on file\").") var method: String

        func run() throws {
            guard ["reasonable", "reasonably_high"].contains(level) else { throw ValidationError("--level must be reasonable or reasonably_high") }
            _ = try RequestCommand.change(id, options) { request in
                try request.verify(level: level, method: method, on: RequestCommand.today())
                return ("verified", ["level": level, "method": method])
            }
            Output.write("\(id) verified (\(level))\n")
        }
    }

    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Extend the deadline once, before the first one passes, saying why.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The request id.") var id: String
        @Option(help: "Why (told to the consumer).") var reason: String
        @Option(help: "The day of the extension notice (default today).") var on: String?

        func run() throws {
            let day = try RequestCommand.day(on, option: "--on")
            let request = try RequestCommand.change(id, options) { request in
                try request.extend(reason: reason, on: day)
                return ("extended", ["reason": reason, "respond_by": request.due.description])
            }
            Output.write("\(id) extended: respond by \(request.due)\n")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a request with its outcome (and the basis of any denial).")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The request id.") var id: String
        @Option(help: "fulfilled, partly or denied.") var outcome: String
        @Option(help: "The legal basis of a denial or partial response.") var basis: String?
        @Option(help: "The day of the response (default today).") var on: String?

        func run() throws {
            guard let outcome = Request.Outcome(rawValue: outcome) else { throw ValidationError("--outcome must be fulfilled, partly or denied") }
            if outcome != .fulfilled, basis == nil { throw ValidationError("a \(outcome.rawValue) response needs --basis (the log must say why)") }
            let day = try RequestCommand.day(on, option: "--on")
            let request = try RequestCommand.change(id, options) { request in
                try request.close(outcome, basis: basis, on: day)
                return ("closed", ["outcome": outcome.rawValue, "basis": basis ?? "", "responded": day.description])
            }
            Output.write("\(id) closed: \(outcome.rawValue), \(request.daysToRespond!) day(s) after receipt\(day > request.due ? " — LATE (due \(request.due))" : "")\n")
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The log's chain: verify it, export it, purge what is past 24 months.",
                                                        subcommands: [LogVerify.self, LogExport.self, LogPurge.self])
    }

    struct LogVerify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Recompute the chain; exit 2 at the first broken entry.")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            let store = try RequestCommand.store(try Workspace(options))
            if let broken = try store.verifyLog() {
                Output.error("footprint: the request log is broken at entry \(broken.seq): \(broken.why)")
                throw IncompleteResults()
            }
            Output.write("the request log verifies: \(try store.entries().count) entries, each following the one before\n")
        }
    }

    struct LogExport: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "The log as CSV or JSON (no identifier in it).")
        @OptionGroup var options: ConfigOptions
        @Option(help: "csv or json.") var format = "csv"

        func run() throws {
            let entries = try RequestCommand.store(try Workspace(options)).entries()
            Output.write(format == "json" ? RequestReport.logJSON(entries) : RequestReport.logCSV(entries))
        }
    }

    struct LogPurge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "purge", abstract: "Remove entries older than 24 months; the chain stays verifiable.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "Count the 24 months back from this day (default today).") var asOf: String?

        func run() throws {
            let day = try RequestCommand.day(asOf, option: "--as-of").adding(months: -24)
            let cutoff = ISO8601DateFormatter().date(from: day.description + "T00:00:00Z")!
            let removed = try RequestCommand.store(try Workspace(options)).purge(before: cutoff)
            Output.write("removed \(removed) log entr\(removed == 1 ? "y" : "ies") older than \(day)\n")
        }
    }
}
