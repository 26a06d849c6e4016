import Foundation

/// The one way Footprint writes an instant (journals, receipts, request logs, reports):
/// ISO 8601 in UTC to the second, `2026-12-01T09:30:00Z`. A format style, not an
/// `ISO8601DateFormatter`: making one of those costs about 0.2 ms, and a hundred
/// receipts with their journal lines made hundreds.
public enum Timestamp {
    public static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
