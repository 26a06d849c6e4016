/// Turns a date of birth as forms and exports write it into `YYYY-MM-DD`:
/// 1984-03-07, 1984/03/07, 19840307, 03/07/1984, 7 Mar 1984, March 7, 1984,
/// 1984-03-07T00:00:00Z. Numeric day/month order follows the region's habit
/// (month first in the US, day first elsewhere) unless one of the numbers is over 12.
public enum DateOfBirthNormalizer {
    public enum Order: String, Sendable { case monthFirst = "mdy", dayFirst = "dmy" }

    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    public static func order(forRegion region: String) -> Order {
        ["US", "PH", "CA", "FM", "MH", "PW"].contains(region) ? .monthFirst : .dayFirst
    }

    public static func normalize(_ text: String, order: Order = .monthFirst, currentYear: Int = 2026) -> String? {
        var body = Substring(text).trimmingWhitespace()
        if let t = body.firstIndex(of: "T"), body.distance(from: body.startIndex, to: t) == 10 { body = body[..<t] }
        if let space = body.firstIndex(of: " "), body.distance(from: body.startIndex, to: space) == 10, body.first?.isNumber == true,
           body[..<space].filter({ $0 == "-" }).count == 2 { body = body[..<space] } // "1984-03-07 00:00:00"
        let tokens = asciiTokens(body) ?? unicodeTokens(body)
        var year: Int?, month: Int?, day: Int?
        let numbers = tokens.compactMap { Int($0) }
        let monthWord = tokens.first { months[$0] != nil || months[String($0.prefix(3))] != nil && $0.count >= 3 && $0.allSatisfy(\.isLetter) }
        if tokens.count == 1, let only = tokens.first, only.count == 8, let value = Int(only) {
            (year, month, day) = (value / 10000, value / 100 % 100, value % 100)   // 19840307
        } else if let word = monthWord {
            month = months[word] ?? months[String(word.prefix(3))]
            guard numbers.count == 2 else { return nil }
            if numbers[0] > 31 { (year, day) = (numbers[0], numbers[1]) } else { (day, year) = (numbers[0], numbers[1]) }
        } else {
            guard numbers.count == 3, tokens.count == 3 else { return nil }
            if tokens[0].count == 4 {
                (year, month, day) = (numbers[0], numbers[1], numbers[2])
            } else {
                year = numbers[2]
                var (first, second) = (numbers[0], numbers[1])
                if order == .dayFirst { swap(&first, &second) }
                if first > 12, second <= 12 { swap(&first, &second) }
                (month, day) = (first, second)
            }
        }
        guard var y = year, let m = month, let d = day else { return nil }
        if y < 100 { y += (y <= currentYear % 100) ? 2000 : 1900 }
        guard y >= 1900, y <= currentYear, (1...12).contains(m), (1...daysIn(month: m, year: y)).contains(d) else { return nil }
        return zeroPadded(y, 4) + "-" + zeroPadded(m, 2) + "-" + zeroPadded(d, 2)
    }

    /// The letter and digit runs of any text, lower-cased (a test holds `asciiTokens` to it).
    static func unicodeTokens(_ text: Substring) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// The letter and digit runs of plain ASCII text, lower-cased, on bytes (no Unicode
    /// property lookups); nil for anything else.
    static func asciiTokens(_ text: Substring) -> [String]? {
        var tokens: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 0x80...: return nil
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
            default:
                if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
        return tokens
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Zero-padded decimal, for date keys.
func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
