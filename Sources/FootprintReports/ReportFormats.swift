import FootprintCore

/// The formats one kind of report can be written in, by name (`json`, `table`, later
/// `csv`, `html`). Commands take `--format NAME` and hand the value over; the list in
/// `--help` and the error for an unknown name both come from here.
public struct ReportFormats<Subject>: Sendable {
    public let names: [String]
    private let renderers: [String: @Sendable (Subject) -> String]

    public init(_ formats: [(String, @Sendable (Subject) -> String)]) {
        names = formats.map(\.0)
        renderers = Dictionary(formats, uniquingKeysWith: { first, _ in first })
    }

    public func has(_ name: String) -> Bool { renderers[name] != nil }

    /// The subject written as `format`; throws a `ConfigError` naming the formats there are.
    public func render(_ subject: Subject, as format: String) throws -> String {
        guard let render = renderers[format] else {
            throw ConfigError("there is no '\(format)' format for this output", hint: "use one of: \(names.joined(separator: ", "))")
        }
        return render(subject)
    }
}

/// Every report Footprint writes, by subject. The CLI picks one and a format name;
/// the model values come from the engines in FootprintCore and FootprintIndex.
public enum Reports {
    public static let inventory = ReportFormats<Inventory>([
        ("json", { InventoryJSON.document($0) + "\n" }),
        ("table", InventoryTable.render),
    ])
    public static let sources = ReportFormats<[SourceCheck]>([
        ("json", SourceListReport.json),
        ("table", SourceListReport.table),
    ])
    public static let scan = ReportFormats<ScanResult>([
        ("json", ScanSummaryReport.json),
        ("table", ScanSummaryReport.table),
    ])
    public static let deletionPlan = ReportFormats<DeletionPlan>([
        ("json", DeletionPlanReport.json),
        ("table", DeletionPlanReport.table),
        ("html", DeletionPlanHTML.render),
    ])
    public static let indexStats = ReportFormats<IndexStats>([
        ("json", IndexStatsReport.json),
        ("table", IndexStatsReport.table),
    ])
}
