import Foundation
import FootprintCore

/// Wording and dates the package's faces share.
enum KnowText {
    static func timestamp(_ date: Date) -> String {
        Timestamp.iso8601(date)
    }

    /// The response is due 45 calendar days after receipt (§1798.130(a)(2)(A); GDPR Art. 12(3): one month).
    static func deadline(_ request: KnowRequest) -> Date {
        request.jurisdiction == .gdpr
            ? Calendar.utc.date(byAdding: .month, value: 1, to: request.received)!
            : Calendar.utc.date(byAdding: .day, value: 45, to: request.received)!
    }

    /// A field value as one line of text for the letter and the CSV files.
    static func text(_ value: FieldValue) -> String {
        switch value {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        case .array(let items): return items.map(text).joined(separator: "; ")
        }
    }
}
