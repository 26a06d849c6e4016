import Foundation

/// A verified Right-to-Know request as the privacy team records it (`know --request FILE`):
/// when it was received, what was asked, how the requester was verified, which law and
/// window apply. What may be disclosed follows from these, not from the lookup.
///
/// ```json
/// {"id": "REQ-0042", "received": "2026-11-20", "type": "specific_pieces",
///  "verification": {"level": "reasonably_high", "method": "signed declaration + 3 data points"},
///  "jurisdiction": "ccpa", "lookback": "12_months", "requester": "consumer",
///  "identity": {"email": ["jane.doe@example.com"]}}
/// ```
public struct KnowRequest: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case specificPieces = "specific_pieces", categories }
    /// §7060–7062: how sure the business is that the requester is the consumer.
    public enum Verification: String, Sendable, CaseIterable, Comparable {
        case none, reasonable, reasonablyHigh = "reasonably_high"
        private var rank: Int { self == .none ? 0 : self == .reasonable ? 1 : 2 }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }
    public enum Jurisdiction: String, Sendable, CaseIterable { case ccpa, gdpr, vcdpa, cpa }
    public enum Requester: String, Sendable, CaseIterable { case consumer, authorizedAgent = "authorized_agent" }
    /// Which records count by when they were collected (§1798.130(a)(2)(B)).
    public enum Lookback: Sendable, Equatable {
        case twelveMonths
        case since(Date)
        case all
    }

    public var id: String?
    public var received: Date
    public var kind: Kind = .specificPieces
    public var verification: Verification = .none
    public var verificationMethod: String?
    public var jurisdiction: Jurisdiction = .ccpa
    public var lookback: Lookback = .twelveMonths
    public var requester: Requester = .consumer
    /// Identifiers the request file carries (`identity:`), added to those on the command line.
    public var identity = Identity()

    public init(received: Date) {
        self.received = received
    }

    static let keys = ["id", "received", "type", "verification", "jurisdiction", "lookback", "requester", "identity"]

    /// Reads and checks a request file; every mistake names the key and the values allowed.
    public static func read(_ path: String) throws -> KnowRequest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read the request file \(path)", hint: "check the path")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ConfigError("\(path) is not a JSON object", hint: #"write {"received": "2026-11-20", "type": "specific_pieces", ...}"#)
        }
        return try parse(object, file: path)
    }

    public static func parse(_ object: [String: Any], file: String) throws -> KnowRequest {
        func fail(_ key: String, _ message: String, _ hint: String? = nil) -> ConfigError {
            ConfigError("\(file): '\(key)' \(message)", hint: hint)
        }
        for key in object.keys where !keys.contains(key) {
            throw fail(key, "is not a request key", "use \(keys.joined(separator: ", "))")
        }
        guard let receivedText = object["received"] as? String, let received = DateOnly.parse(receivedText) else {
            throw fail("received", "must be the date the request arrived, as YYYY-MM-DD", "the 45-day clock and the lookback start there")
        }
        var request = KnowRequest(received: received)
        request.id = object["id"] as? String
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T? where T.RawValue == String {
            guard let value = object[key] else { return nil }
            guard let text = value as? String, let parsed = T(rawValue: text) else {
                throw fail(key, "must be one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return parsed
        }
        request.kind = try choice("type", Kind.self) ?? .specificPieces
        request.jurisdiction = try choice("jurisdiction", Jurisdiction.self) ?? .ccpa
        request.requester = try choice("requester", Requester.self) ?? .consumer
        switch object["verification"] {
        case nil: throw fail("verification", "is required: how was the requester verified?", #"{"level": "reasonably_high", "method": "..."}; none, reasonable or reasonably_high"#)
        case let text as String:
            guard let level = Verification(rawValue: text) else { throw fail("verification", "must be none, reasonable or reasonably_high") }
            request.verification = level
        case let detail as [String: Any]:
            guard let text = detail["level"] as? String, let level = Verification(rawValue: text) else {
                throw fail("verification.level", "must be none, reasonable or reasonably_high")
            }
            request.verification = level
            request.verificationMethod = detail["method"] as? String
        default: throw fail("verification", "must be a level or {level, method}")
        }
        switch object["lookback"] {
        case nil: break
        case let text as String where text == "12_months": request.lookback = .twelveMonths
        case let text as String where text == "all": request.lookback = .all
        case let detail as [String: Any]:
            guard let since = (detail["since"] as? String).flatMap(DateOnly.parse) else {
                throw fail("lookback.since", "must be a date, YYYY-MM-DD")
            }
            request.lookback = .since(since)
        default: throw fail("lookback", #"must be "12_months", "all" or {"since": "YYYY-MM-DD"}"#)
        }
        if let identity = object["identity"] {
            guard let fields = identity as? [String: Any] else { throw fail("identity", "must be an object of identifier lists") }
            request.identity = try IdentityFile.parse(fields, file: file)
        }
        return request
    }

    /// The first day of the window, or nil for all records. CCPA: the 12 months before the
    /// request was received, or back to a date the consumer chose (not before 2022-01-01
    /// by law, but the business may give more).
    public var windowStart: Date? {
        switch lookback {
        case .twelveMonths: return Calendar.utc.date(byAdding: .month, value: -12, to: received)
        case .since(let date): return date
        case .all: return nil
        }
    }
}

/// The identity part of a request file: each key a string or a list of strings.
public enum IdentityFile {
    /// Both identities' identifiers together.
    public static func merge(_ a: Identity, _ b: Identity) -> Identity {
        Identity(emails: a.emails + b.emails, phones: a.phones + b.phones, names: a.names + b.names, addresses: a.addresses + b.addresses,
                 accountIDs: a.accountIDs + b.accountIDs, datesOfBirth: a.datesOfBirth + b.datesOfBirth)
    }

    public static func parse(_ object: [String: Any], file: String) throws -> Identity {
        var identity = Identity()
        for (key, value) in object {
            let values: [String]
            if let text = value as? String { values = [text] } else if let list = value as? [String] { values = list } else {
                throw ConfigError("\(file): '\(key)' must be a string or a list of strings")
            }
            switch key {
            case "email": identity.emails += values
            case "phone": identity.phones += values
            case "name": identity.names += values
            case "address": identity.addresses += values
            case "id": identity.accountIDs += values
            case "dob": identity.datesOfBirth += values
            default: throw ConfigError("\(file): unknown key '\(key)'", hint: "use email, phone, name, address, dob, id")
            }
        }
        return identity
    }
}

/// Calendar dates (YYYY-MM-DD) and the record dates a lookback compares, in UTC.
public enum DateOnly {
    public static func parse(_ text: String) -> Date? {
        let parts = text.prefix(10).split(separator: "-")
        guard text.count >= 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return Calendar.utc.date(from: DateComponents(year: y, month: m, day: d))
    }

    /// A record's collection date from a field value: ISO dates and timestamps
    /// (2025-03-14, 2025-03-14T10:00:00Z, 2025-03-14 10:00:00+00), US dates (3/14/2025),
    /// or Unix seconds. Nil when it is none of these: the record is then "undated".
    public static func parseRecordDate(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = parse(trimmed) { return date }
        let slash = trimmed.split(separator: " ").first?.split(separator: "/") ?? []
        if slash.count == 3, let m = Int(slash[0]), let d = Int(slash[1]), let y = Int(slash[2]), y > 1900, (1...12).contains(m), (1...31).contains(d) {
            return Calendar.utc.date(from: DateComponents(year: y, month: m, day: d))
        }
        if trimmed.count >= 9, trimmed.count <= 10, let seconds = Int(trimmed) { return Date(timeIntervalSince1970: Double(seconds)) }
        return nil
    }

    public static func format(_ date: Date) -> String {
        let c = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC: request dates and windows do not move with the machine's zone.
    public static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
