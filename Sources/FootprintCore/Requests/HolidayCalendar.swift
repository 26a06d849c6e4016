import Foundation

/// The holidays a business keeps, for counting business days and moving a deadline off
/// a day nobody works. Data, not rules: one `YYYY-MM-DD name` a line (`#` comments), so a
/// team replaces the shipped list (US federal and California state holidays, 2024–2035,
/// as observed when they fall on a weekend) with its own through `requests: {holidays:}`.
public struct HolidayCalendar: Sendable {
    public let name: String
    public let holidays: [CalendarDay: String]

    public init(name: String, holidays: [CalendarDay: String]) {
        self.name = name
        self.holidays = holidays
    }

    /// Parses the line format; a line that is not a date and a name is an error naming it.
    public static func parse(_ text: String, name: String) throws -> HolidayCalendar {
        var holidays: [CalendarDay: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let date = trimmed.prefix { $0 != " " && $0 != "\t" }
            guard let day = CalendarDay(String(date)) else {
                throw ConfigError("\(name), line \(number + 1): not a holiday line (YYYY-MM-DD name)", hint: "write one holiday a line, as 2026-07-03 Independence Day")
            }
            holidays[day] = trimmed.dropFirst(date.count).trimmingCharacters(in: .whitespaces)
        }
        return HolidayCalendar(name: name, holidays: holidays)
    }

    public func isWorkingDay(_ day: CalendarDay) -> Bool { !day.isWeekend && holidays[day] == nil }

    /// The day itself when it is a working day, else the next one.
    public func workingDay(onOrAfter day: CalendarDay) -> CalendarDay {
        var day = day
        while !isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }

    /// `count` business days after `day` (the day itself not counted).
    public func adding(businessDays count: Int, to day: CalendarDay) -> CalendarDay {
        var day = day, left = count
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// US federal and California state holidays, 2024–2035.
    public static let usCalifornia = try! parse(usCaliforniaText, name: "US federal and California holidays")

    private static let usCaliforniaText = """
        2024-01-01 New Year's Day (federal, CA)
        2024-01-15 Martin Luther King Jr. Day (federal, CA)
        2024-02-19 Washington's Birthday / Presidents' Day (federal, CA)
        2024-04-01 Cesar Chavez Day (CA)
        2024-05-27 Memorial Day (federal, CA)
        2024-06-19 Juneteenth (federal)
        2024-07-04 Independence Day (federal, CA)
        2024-09-02 Labor Day (federal, CA)
        2024-09-27 Native American Day (CA)
        2024-10-14 Columbus Day (federal)
        2024-11-11 Veterans Day (federal, CA)
        2024-11-28 Thanksgiving Day (federal, CA)
        2024-11-29 Day after Thanksgiving (CA)
        2024-12-25 Christmas Day (federal, CA)
        2025-01-01 New Year's Day (federal, CA)
        2025-01-20 Martin Luther King Jr. Day (federal, CA)
        2025-02-17 Washington's Birthday / Presidents' Day (federal, CA)
        2025-03-31 Cesar Chavez Day (CA)
        2025-05-26 Memorial Day (federal, CA)
        2025-06-19 Juneteenth (federal)
        2025-07-04 Independence Day (federal, CA)
        2025-09-01 Labor Day (federal, CA)
        2025-09-26 Native American Day (CA)
        2025-10-13 Columbus Day (federal)
        2025-11-11 Veterans Day (federal, CA)
        2025-11-27 Thanksgiving Day (federal, CA)
        2025-11-28 Day after Thanksgiving (CA)
        2025-12-25 Christmas Day (federal, CA)
        2026-01-01 New Year's Day (federal, CA)
        2026-01-19 Martin Luther King Jr. Day (federal, CA)
        2026-02-16 Washington's Birthday / Presidents' Day (federal, CA)
        2026-03-31 Cesar Chavez Day (CA)
        2026-05-25 Memorial Day (federal, CA)
        2026-06-19 Juneteenth (federal)
        2026-07-03 Independence Day (federal, CA)
        2026-09-07 Labor Day (federal, CA)
        2026-09-25 Native American Day (CA)
        2026-10-12 Columbus Day (federal)
        2026-11-11 Veterans Day (federal, CA)
        2026-11-26 Thanksgiving Day (federal, CA)
        2026-11-27 Day after Thanksgiving (CA)
        2026-12-25 Christmas Day (federal, CA)
        2027-01-01 New Year's Day (federal, CA)
        2027-01-18 Martin Luther King Jr. Day (federal, CA)
        2027-02-15 Washington's Birthday / Presidents' Day (federal, CA)
        2027-03-31 Cesar Chavez Day (CA)
        2027-05-31 Memorial Day (federal, CA)
        2027-06-18 Juneteenth (federal)
        2027-07-05 Independence Day (federal, CA)
        2027-09-06 Labor Day (federal, CA)
        2027-09-24 Native American Day (CA)
        2027-10-11 Columbus Day (federal)
        2027-11-11 Veterans Day (federal, CA)
        2027-11-25 Thanksgiving Day (federal, CA)
        2027-11-26 Day after Thanksgiving (CA)
        2027-12-24 Christmas Day (federal, CA)
        2027-12-31 New Year's Day (federal, CA)
        2028-01-17 Martin Luther King Jr. Day (federal, CA)
        2028-02-21 Washington's Birthday / Presidents' Day (federal, CA)
        2028-03-31 Cesar Chavez Day (CA)
        2028-05-29 Memorial Day (federal, CA)
        2028-06-19 Juneteenth (federal)
        2028-07-04 Independence Day (federal, CA)
        2028-09-04 Labor Day (federal, CA)
        2028-09-22 Native American Day (CA)
        2028-10-09 Columbus Day (federal)
        2028-11-10 Veterans Day (federal, CA)
        2028-11-23 Thanksgiving Day (federal, CA)
        2028-11-24 Day after Thanksgiving (CA)
        2028-12-25 Christmas Day (federal, CA)
        2029-01-01 New Year's Day (federal, CA)
        2029-01-15 Martin Luther King Jr. Day (federal, CA)
        2029-02-19 Washington's Birthday / Presidents' Day (federal, CA)
        2029-03-31 Cesar Chavez Day (CA)
        2029-05-28 Memorial Day (federal, CA)
        2029-06-19 Juneteenth (federal)
        2029-07-04 Independence Day (federal, CA)
        2029-09-03 Labor Day (federal, CA)
        2029-09-28 Native American Day (CA)
        2029-10-08 Columbus Day (federal)
        2029-11-12 Veterans Day (federal, CA)
        2029-11-22 Thanksgiving Day (federal, CA)
        2029-11-23 Day after Thanksgiving (CA)
        2029-12-25 Christmas Day (federal, CA)
        2030-01-01 New Year's Day (federal, CA)
        2030-01-21 Martin Luther King Jr. Day (federal, CA)
        2030-02-18 Washington's Birthday / Presidents' Day (federal, CA)
        2030-04-01 Cesar Chavez Day (CA)
        2030-05-27 Memorial Day (federal, CA)
        2030-06-19 Juneteenth (federal)
        2030-07-04 Independence Day (federal, CA)
        2030-09-02 Labor Day (federal, CA)
        2030-09-27 Native American Day (CA)
        2030-10-14 Columbus Day (federal)
        2030-11-11 Veterans Day (federal, CA)
        2030-11-28 Thanksgiving Day (federal, CA)
        2030-11-29 Day after Thanksgiving (CA)
        2030-12-25 Christmas Day (federal, CA)
        2031-01-01 New Year's Day (federal, CA)
        2031-01-20 Martin Luther King Jr. Day (federal, CA)
        2031-02-17 Washington's Birthday / Presidents' Day (federal, CA)
        2031-03-31 Cesar Chavez Day (CA)
        2031-05-26 Memorial Day (federal, CA)
        2031-06-19 Juneteenth (federal)
        2031-07-04 Independence Day (federal, CA)
        2031-09-01 Labor Day (federal, CA)
        2031-09-26 Native American Day (CA)
        2031-10-13 Columbus Day (federal)
        2031-11-11 Veterans Day (federal, CA)
        2031-11-27 Thanksgiving Day (federal, CA)
        2031-11-28 Day after Thanksgiving (CA)
        2031-12-25 Christmas Day (federal, CA)
        2032-01-01 New Year's Day (federal, CA)
        2032-01-19 Martin Luther King Jr. Day (federal, CA)
        2032-02-16 Washington's Birthday / Presidents' Day (federal, CA)
        2032-03-31 Cesar Chavez Day (CA)
        2032-05-31 Memorial Day (federal, CA)
        2032-06-18 Juneteenth (federal)
        2032-07-05 Independence Day (federal, CA)
        2032-09-06 Labor Day (federal, CA)
        2032-09-24 Native American Day (CA)
        2032-10-11 Columbus Day (federal)
        2032-11-11 Veterans Day (federal, CA)
        2032-11-25 Thanksgiving Day (federal, CA)
        2032-11-26 Day after Thanksgiving (CA)
        2032-12-24 Christmas Day (federal, CA)
        2032-12-31 New Year's Day (federal, CA)
        2033-01-17 Martin Luther King Jr. Day (federal, CA)
        2033-02-21 Washington's Birthday / Presidents' Day (federal, CA)
        2033-03-31 Cesar Chavez Day (CA)
        2033-05-30 Memorial Day (federal, CA)
        2033-06-20 Juneteenth (federal)
        2033-07-04 Independence Day (federal, CA)
        2033-09-05 Labor Day (federal, CA)
        2033-09-23 Native American Day (CA)
        2033-10-10 Columbus Day (federal)
        2033-11-11 Veterans Day (federal, CA)
        2033-11-24 Thanksgiving Day (federal, CA)
        2033-11-25 Day after Thanksgiving (CA)
        2033-12-26 Christmas Day (federal, CA)
        2034-01-02 New Year's Day (federal, CA)
        2034-01-16 Martin Luther King Jr. Day (federal, CA)
        2034-02-20 Washington's Birthday / Presidents' Day (federal, CA)
        2034-03-31 Cesar Chavez Day (CA)
        2034-05-29 Memorial Day (federal, CA)
        2034-06-19 Juneteenth (federal)
        2034-07-04 Independence Day (federal, CA)
        2034-09-04 Labor Day (federal, CA)
        2034-09-22 Native American Day (CA)
        2034-10-09 Columbus Day (federal)
        2034-11-10 Veterans Day (federal, CA)
        2034-11-23 Thanksgiving Day (federal, CA)
        2034-11-24 Day after Thanksgiving (CA)
        2034-12-25 Christmas Day (federal, CA)
        2035-01-01 New Year's Day (federal, CA)
        2035-01-15 Martin Luther King Jr. Day (federal, CA)
        2035-02-19 Washington's Birthday / Presidents' Day (federal, CA)
        2035-03-31 Cesar Chavez Day (CA)
        2035-05-28 Memorial Day (federal, CA)
        2035-06-19 Juneteenth (federal)
        2035-07-04 Independence Day (federal, CA)
        2035-09-03 Labor Day (federal, CA)
        2035-09-28 Native American Day (CA)
        2035-10-08 Columbus Day (federal)
        2035-11-12 Veterans Day (federal, CA)
        2035-11-22 Thanksgiving Day (federal, CA)
        2035-11-23 Day after Thanksgiving (CA)
        2035-12-25 Christmas Day (federal, CA)
        """
}
