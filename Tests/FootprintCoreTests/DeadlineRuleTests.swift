import Testing
@testable import FootprintCore

/// Deadlines by each law's rule: CCPA's business days around weekends and holidays and
/// its calendar-day response; GDPR's months to the same date (or the month's last day),
/// moved off weekends and holidays; leap years; extensions.
@Suite("Request deadlines")
struct DeadlineRuleTests {
    let calendar = HolidayCalendar.usCalifornia

    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    @Test("Dated cases", arguments: [
        // (rule, received, acknowledge or "-", respond, extended)
        ("ccpa", "2026-12-01", "2026-12-15", "2027-01-15", "2027-03-01"),   // Tue: 10 business days, no holiday
        ("ccpa", "2026-11-20", "2026-12-08", "2027-01-04", "2027-02-18"),   // Thanksgiving and the day after skipped
        ("ccpa", "2026-07-02", "2026-07-17", "2026-08-16", "2026-09-30"),   // 3 July (Independence Day observed, a Friday) skipped
        ("ccpa", "2026-12-24", "2027-01-11", "2027-02-07", "2027-03-24"),   // Christmas and New Year's Day skipped
        ("ccpa", "2026-01-31", "2026-02-13", "2026-03-17", "2026-05-01"),   // received on a Saturday
        ("ccpa", "2028-02-29", "2028-03-14", "2028-04-14", "2028-05-29"),   // leap day
        ("ccpa", "2027-03-26", "2027-04-12", "2027-05-10", "2027-06-24"),   // Cesar Chavez Day (Wed 31 March) skipped
        ("ccpa", "2026-09-18", "2026-10-05", "2026-11-02", "2026-12-17"),   // Native American Day (Fri 25 Sep) skipped
        ("gdpr", "2026-03-03", "-", "2026-04-03", "2026-06-03"),            // same date next month (Fri)
        ("gdpr", "2026-01-31", "-", "2026-03-02", "2026-04-30"),            // 28 Feb 2026 (the month's last day) is a Saturday → Mon 2 Mar
        ("gdpr", "2028-01-31", "-", "2028-02-29", "2028-05-01"),            // leap year: 29 Feb; 30 Apr 2028 is a Sunday → 1 May
        ("gdpr", "2026-05-31", "-", "2026-06-30", "2026-08-31"),            // 31 June does not exist
        ("gdpr", "2026-10-11", "-", "2026-11-12", "2027-01-11"),            // 11 Nov is Veterans Day → next working day
        ("gdpr", "2026-10-24", "-", "2026-11-24", "2027-01-25"),            // 24 Jan 2027 is a Sunday
        ("gdpr", "2026-11-26", "-", "2026-12-28", "2027-02-26"),            // 26 Dec is a Saturday → Mon 28 Dec
        ("gdpr", "2026-06-03", "-", "2026-07-06", "2026-09-03"),            // 3 July a holiday, then the weekend
        ("gdpr", "2027-12-31", "-", "2028-01-31", "2028-04-03"),            // year end; 31 Mar 2028 is Cesar Chavez Day, a Friday
        ("vcdpa", "2026-12-01", "-", "2027-01-15", "2027-03-01"),
        ("cpa", "2028-01-15", "-", "2028-02-29", "2028-04-14"),             // 45 days lands on the leap day
        ("vcdpa", "2026-02-28", "-", "2026-04-14", "2026-05-29"),
    ])
    func dated(rule: String, received: String, acknowledge: String, respond: String, extended: String) {
        let deadlines = DeadlineRule(rawValue: rule)!.deadlines(received: Self.day(received), calendar: calendar)
        #expect(deadlines.acknowledge?.description ?? "-" == acknowledge, "acknowledge \(rule) \(received)")
        #expect(deadlines.respond.description == respond, "respond \(rule) \(received)")
        #expect(deadlines.extended.description == extended, "extended \(rule) \(received)")
        #expect(deadlines.extensionNoticeBy == deadlines.respond)
    }

    @Test("Calendar days: weekdays, month arithmetic, leap years, day numbers round-trip")
    func days() {
        #expect(Self.day("2026-12-01").weekday == 2)     // Tuesday
        #expect(Self.day("2028-02-29").weekday == 2)
        #expect(CalendarDay("2026-02-29") == nil && CalendarDay("2100-02-29") == nil && CalendarDay("2000-02-29") != nil)
        #expect(Self.day("2026-01-31").adding(months: 1).description == "2026-02-28")
        #expect(Self.day("2026-03-31").adding(months: -1).description == "2026-02-28")
        for n in stride(from: -800_000, through: 800_000, by: 997) { #expect(CalendarDay(dayNumber: n).dayNumber == n) }
    }

    @Test("A replacement holiday list is data; a bad line is an error naming it")
    func holidays() throws {
        let own = try HolidayCalendar.parse("# ours\n2026-12-02 Founders' Day\n", name: "holidays.txt")
        #expect(own.adding(businessDays: 1, to: Self.day("2026-12-01")).description == "2026-12-03")
        #expect(throws: ConfigError.self) { try HolidayCalendar.parse("2026-13-01 Nope\n", name: "holidays.txt") }
    }
}
