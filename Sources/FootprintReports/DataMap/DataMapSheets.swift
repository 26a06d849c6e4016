import Foundation
import FootprintCore

/// The data map as the five tables a DPO works from — Systems, Fields, Undeclared,
/// CCPA notice, Art. 30 — each a header and rows of text. The CSV files, the workbook
/// and the HTML page are all written from these, so they always agree.
public enum DataMapSheets {
    public struct Sheet: Sendable {
        public var name: String
        /// The file name of its CSV.
        public var file: String
        public var header: [String]
        public var rows: [[String]]
        /// Column widths in characters, for the workbook.
        public var widths: [Double]
    }

    public static func sheets(_ map: DataMap) -> [Sheet] {
        [systems(map), fields(map), undeclared(map), notice(map), article30(map)]
    }

    static func list(_ values: [String]) -> String { values.joined(separator: "; ") }
    static func percent(_ rate: Double) -> String { String(format: rate < 0.01 && rate > 0 ? "%.2f%%" : "%.0f%%", rate * 100) }
    static func date(_ date: Date?) -> String { date.map(Timestamp.iso8601) ?? "never scanned" }

    static func systems(_ map: DataMap) -> Sheet {
        let rows = map.systems.map { system -> [String] in
            let facts = system.facts
            return [system.name, system.connector, list(facts.purposes), list(system.declaredCategories.map(\.rawValue)),
                    list(system.observedCategories.map(\.rawValue)), list(system.sensitive), list(facts.collectedFrom),
                    list(facts.soldOrSharedTo), list(facts.disclosedForBusinessPurposeTo), facts.serviceProvider ? "yes" : "no",
                    facts.retention ?? "", facts.deletion.rawValue, list(facts.exceptions), String(system.records),
                    String(system.identifiers), date(system.lastScanned)]
        }
        return Sheet(name: "Systems", file: "systems.csv",
                     header: ["System", "Connector", "Purposes", "Categories declared", "Categories observed", "Sensitive PI", "Sources of collection",
                              "Sold or shared to", "Disclosed for a business purpose to", "Service provider", "Retention", "Deletion method",
                              "Exceptions", "Records", "Identifiers", "Last scanned"],
                     rows: rows, widths: [16, 11, 28, 12, 12, 30, 28, 24, 28, 9, 26, 11, 24, 10, 11, 22])
    }

    static func fields(_ map: DataMap) -> Sheet {
        let rows = map.fields.map { field -> [String] in
            let observed = field.observed.map { "\($0.kind.label)\($0.inText ? " in text" : "") \(percent($0.rate))" }
            return [field.system, field.field, field.mapped ? "yes" : "no", field.category?.rawValue ?? "", field.identifier?.rawValue ?? "",
                    field.redact ? "yes" : "no", String(field.observedValues), list(observed)]
        }
        return Sheet(name: "Fields", file: "fields.csv",
                     header: ["System", "Field", "Mapped", "Category", "Identifier", "Redacted", "Values observed", "Observed kinds (share of values)"],
                     rows: rows, widths: [16, 28, 8, 9, 11, 9, 10, 50])
    }

    static func undeclared(_ map: DataMap) -> Sheet {
        let rows = map.undeclared.map { finding -> [String] in
            [finding.system, finding.field, finding.declared, finding.kind.label + (finding.inText ? " (inside free text)" : ""),
             finding.kind.category.rawValue, "\(finding.count) of \(finding.values)", percent(finding.rate)]
        }
        return Sheet(name: "Undeclared", file: "undeclared.csv",
                     header: ["System", "Field", "Declared as", "Observed", "Category", "Values", "Share"],
                     rows: rows, widths: [16, 28, 24, 34, 9, 14, 8])
    }

    static func notice(_ map: DataMap) -> Sheet {
        let rows = map.notice.map { row -> [String] in
            ["\(row.category.rawValue) — \(row.category.label)", list(row.sources), list(row.purposes),
             row.soldOrSharedTo.isEmpty ? "none" : list(row.soldOrSharedTo), row.disclosedTo.isEmpty ? "none" : list(row.disclosedTo), list(row.systems)]
        }
        return Sheet(name: "CCPA notice", file: "ccpa-notice.csv",
                     header: ["Category of personal information", "Sources", "Business or commercial purposes", "Sold or shared to",
                              "Disclosed for a business purpose to", "Systems"],
                     rows: rows, widths: [44, 30, 34, 26, 30, 30])
    }

    static func article30(_ map: DataMap) -> Sheet {
        let record = map.article30
        let controller = [record.controller, record.contact, record.dpo.map { "DPO: \($0)" }].compactMap { $0 }.joined(separator: " · ")
        let rows = record.activities.map { activity -> [String] in
            [activity.system, controller, list(activity.purposes), activity.dataSubjects, list(activity.dataCategories),
             activity.recipients.isEmpty ? "none" : list(activity.recipients), activity.transfers.isEmpty ? "none" : list(activity.transfers),
             activity.retention ?? "not declared", activity.security]
        }
        return Sheet(name: "Art. 30", file: "article-30.csv",
                     header: ["Processing activity (system)", "Controller", "Purposes", "Categories of data subjects", "Categories of personal data",
                              "Recipients", "Transfers to third countries", "Retention", "Security measures"],
                     rows: rows, widths: [18, 36, 30, 30, 40, 30, 26, 24, 36])
    }
}
