/// One consumer request — a case file: what was asked, how it came, under which law and
/// clock, how the requester was verified, whether the deadline was extended and why, how
/// it ended, and the digests of what Footprint wrote for it (packages, plans, receipts).
/// The identity is kept sealed (AES-256-GCM): a request file never holds it in clear.
public struct Request: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case know, delete, correct, optOut = "opt_out", limit }
    public enum Channel: String, Sendable, Codable, CaseIterable { case web, email, phone, mail, agent }
    public enum Outcome: String, Sendable, Codable, CaseIterable { case fulfilled, partly, denied }

    public struct Verification: Sendable, Codable, Equatable {
        public var level: String
        public var method: String
        public var on: CalendarDay
        public init(level: String, method: String, on: CalendarDay) { self.level = level; self.method = method; self.on = on }
    }

    public struct Extension: Sendable, Codable, Equatable {
        public var reason: String
        public var on: CalendarDay
    }

    public struct Closing: Sendable, Codable, Equatable {
        public var outcome: Outcome
        public var basis: String?
        public var on: CalendarDay
        public init(outcome: Outcome, basis: String?, on: CalendarDay) { self.outcome = outcome; self.basis = basis; self.on = on }
    }

    /// A file Footprint wrote for the request, by its SHA-256.
    public struct Artefact: Sendable, Codable, Equatable {
        public var kind: String
        public var path: String
        public var digest: String
        public var on: CalendarDay
        /// What the command came to ("specific_pieces, complete"; "erased 3, failed 0").
        public var outcome: String?
        public init(kind: String, path: String, digest: String, on: CalendarDay, outcome: String? = nil) {
            self.kind = kind; self.path = path; self.digest = digest; self.on = on; self.outcome = outcome
        }
    }

    public var id: String
    public var kind: Kind
    public var channel: Channel
    public var rule: DeadlineRule
    public var received: CalendarDay
    public var deadlines: DeadlineRule.Deadlines
    public var sealedIdentity: String
    public var verification: Verification?
    public var extended: Extension?
    public var closed: Closing?
    public var artefacts: [Artefact] = []
    /// The id the intake system gave it, for an imported request.
    public var externalID: String?

    public init(id: String, kind: Kind, channel: Channel, rule: DeadlineRule, received: CalendarDay, calendar: HolidayCalendar, sealedIdentity: String) {
        self.id = id
        self.kind = kind
        self.channel = channel
        self.rule = rule
        self.received = received
        self.deadlines = rule.deadlines(received: received, calendar: calendar)
        self.sealedIdentity = sealedIdentity
    }

    /// The response deadline in force: the extended one once extended.
    public var due: CalendarDay { extended == nil ? deadlines.respond : deadlines.extended }

    /// The Data Rights Protocol's status words (open, in_progress, fulfilled, denied, expired).
    public func status(asOf day: CalendarDay) -> String {
        if let closed { return closed.outcome == .denied ? "denied" : "fulfilled" }
        if day > due { return "expired" }
        return verification == nil && artefacts.isEmpty ? "open" : "in_progress"
    }

    /// What is due next on `day`, for a list sorted by urgency.
    public func nextDeadline(asOf day: CalendarDay) -> (what: String, on: CalendarDay)? {
        guard closed == nil else { return nil }
        if let acknowledge = deadlines.acknowledge, verification == nil, artefacts.isEmpty, day <= acknowledge { return ("acknowledge", acknowledge) }
        return ("respond", due)
    }

    public enum ChangeError: Error, CustomStringConvertible {
        case closed(String), extendedAlready(String), tooLateToExtend(String, CalendarDay)
        public var description: String {
            switch self {
            case .closed(let id): return "request \(id) is closed"
            case .extendedAlready(let id): return "request \(id) was extended already: the law allows one extension"
            case .tooLateToExtend(let id, let by): return "request \(id) can no longer be extended: the notice was due by \(by)"
            }
        }
    }

    /// Records how the requester was verified (again, if the first check was not enough).
    public mutating func verify(level: String, method: String, on day: CalendarDay) throws {
        guard closed == nil else { throw ChangeError.closed(id) }
        verification = Verification(level: level, method: method, on: day)
    }

    /// Closes the request once, with its outcome.
    public mutating func close(_ outcome: Outcome, basis: String?, on day: CalendarDay) throws {
        guard closed == nil else { throw ChangeError.closed(id) }
        closed = Closing(outcome: outcome, basis: basis, on: day)
    }

    /// Extends the deadline once, and only while the first one still runs.
    public mutating func extend(reason: String, on day: CalendarDay) throws {
        guard closed == nil else { throw ChangeError.closed(id) }
        guard extended == nil else { throw ChangeError.extendedAlready(id) }
        guard day <= deadlines.extensionNoticeBy else { throw ChangeError.tooLateToExtend(id, deadlines.extensionNoticeBy) }
        extended = Extension(reason: reason, on: day)
    }

    /// Days from receipt to the response (for the yearly metrics), once closed.
    public var daysToRespond: Int? { closed.map { $0.on.dayNumber - received.dayNumber } }
}
