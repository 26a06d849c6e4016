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

/// Lower-case hexadecimal of bytes (digests, keys), without a formatter per byte.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func lower<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
