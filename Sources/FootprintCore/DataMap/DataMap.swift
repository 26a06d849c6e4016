import Foundation

/// The organisation's data map, built from what the configuration declares about each
/// system and what the last scans observed in its data: the record auditors ask for
/// (GDPR Art. 30, the CCPA privacy notice's categories, sources, purposes and
/// recipients) — with the personal data nobody declared called out, so the map says
/// what is there rather than what was typed in. Counts only: no value is ever in it.
public struct DataMap: Sendable {
    public var organisation: Organisation
    public var generated: Date
    public var systems: [System]
    public var fields: [FieldRow]
    public var undeclared: [Finding]
    public var notice: [NoticeRow]
    public var article30: Article30

    /// One configured source, as a system of record.
    public struct System: Sendable {
        public var name: String
        public var connector: String
        public var facts: SystemFacts
        public var declaredCategories: [PICategory]
        public var observedCategories: [PICategory]
        /// Kinds of sensitive personal information declared (category L, redacted fields)
        /// or observed (SSNs, card numbers, IBANs).
        public var sensitive: [String]
        public var containers: Int
        public var records: Int
        public var identifiers: Int
        public var lastScanned: Date?
    }

    /// One field of one system: what the configuration says and what the values showed.
    public struct FieldRow: Sendable {
        public var system: String
        public var field: String
        public var category: PICategory?
        public var identifier: IdentifierKind?
        public var redact: Bool
        public var mapped: Bool
        /// Values observed (non-blank), and each kind's share of them.
        public var observedValues: Int
        public var observed: [(kind: ValueKind, rate: Double, inText: Bool)]
    }

    /// Personal data the configuration does not declare: an unmapped field full of emails,
    /// a notes field carrying phone numbers, a field whose category leaves a kind out.
    public struct Finding: Sendable {
        public var system: String
        public var field: String
        /// What the configuration says of the field ("unmapped", or its mapping).
        public var declared: String
        public var kind: ValueKind
        public var count: Int
        public var values: Int
        public var inText: Bool
        public var rate: Double { values == 0 ? 0 : Double(count) / Double(values) }
    }

    /// One row of the CCPA notice (§1798.110(c), §1798.130(a)(5)): a category collected,
    /// its sources, purposes, and the third parties it is sold/shared or disclosed to.
    public struct NoticeRow: Sendable {
        public var category: PICategory
        public var sources: [String]
        public var purposes: [String]
        public var soldOrSharedTo: [String]
        public var disclosedTo: [String]
        public var systems: [String]
    }

    /// The GDPR Art. 30(1) record of processing activities, one activity per system.
    public struct Article30: Sendable {
        public var controller: String
        public var contact: String?
        public var dpo: String?
        public var activities: [Activity]

        public struct Activity: Sendable {
            public var system: String
            public var purposes: [String]
            public var dataSubjects: String
            public var dataCategories: [String]
            public var recipients: [String]
            public var transfers: [String]
            public var retention: String?
            public var security: String
        }
    }
}
