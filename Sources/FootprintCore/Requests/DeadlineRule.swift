/// The law a request is answered under, and the clock that law sets. Deadlines are
/// computed by each law's own rule — business days, calendar days or months — never by
/// adding a fixed number of days, and a request keeps the rule it was opened with.
public enum DeadlineRule: String, Sendable, CaseIterable, Codable {
    /// CCPA/CPRA (Cal. Code Regs. tit. 11 §7021): acknowledge within 10 business days;
    /// respond within 45 calendar days; one extension to 90, noticed by day 45.
    case ccpa
    /// GDPR Art. 12(3): one month, to the same date of the next month (its last day when
    /// that date does not exist), moved to the next working day when it falls on a weekend
    /// or a holiday (Regulation 1182/71 Art. 3(4)); two months more on extension.
    case gdpr
    /// Virginia (VCDPA §59.1-577) and Colorado (CPA §6-1-1306): 45 days, plus 45.
    case vcdpa
    case cpa

    /// The dates a request received on `received` must meet.
    public struct Deadlines: Sendable, Equatable, Codable {
        /// The acknowledgement (CCPA only).
        public var acknowledge: CalendarDay?
        /// The response, without extension.
        public var respond: CalendarDay
        /// The response with the one extension the law allows.
        public var extended: CalendarDay
        /// By when the consumer must be told of an extension (and why).
        public var extensionNoticeBy: CalendarDay
    }

    public func deadlines(received: CalendarDay, calendar: HolidayCalendar) -> Deadlines {
        switch self {
        case .ccpa:
            let respond = received.adding(days: 45)
            return Deadlines(acknowledge: calendar.adding(businessDays: 10, to: received), respond: respond,
                             extended: received.adding(days: 90), extensionNoticeBy: respond)
        case .gdpr:
            let respond = calendar.workingDay(onOrAfter: received.adding(months: 1))
            return Deadlines(acknowledge: nil, respond: respond, extended: calendar.workingDay(onOrAfter: received.adding(months: 3)),
                             extensionNoticeBy: respond)
        case .vcdpa, .cpa:
            let respond = received.adding(days: 45)
            return Deadlines(acknowledge: nil, respond: respond, extended: received.adding(days: 90), extensionNoticeBy: respond)
        }
    }
}
