import Foundation

/// Carries out a reviewed plan's erase and deidentify items, one `ErasingConnector` per
/// store, and nothing else: every other item (retain, deferred, manual, review, keep) is
/// left as it is. Each store's outcomes reach `record` (the journal) as soon as that store
/// is done, so a killed run resumes from there; items the journal already holds are not
/// touched again.
public struct DeletionExecutor {
    /// One item's outcome, as the journal and the receipt name it.
    public struct Step: Sendable {
        public var place: String
        /// erased, deidentified, soft-deleted, gone or failed.
        public var outcome: String
        public var detail: String?
        /// For `soft-deleted`: the day the vendor purges its copy (YYYY-MM-DD).
        public var purgesBy: String?
        public var failed: Bool { outcome == "failed" }

        public init(place: String, outcome: String, detail: String?, purgesBy: String? = nil) {
            self.place = place
            self.outcome = outcome
            self.detail = detail
            self.purgesBy = purgesBy
        }
    }

    /// The outcomes that finish an item: a resumed run does not touch it again.
    public static let finished: Set<String> = ["erased", "deidentified", "soft-deleted", "gone"]

    public var sources: [SourceConfig]
    /// The erasing connector of a source, or nil when its store cannot erase.
    public var connector: (SourceConfig) throws -> (any ErasingConnector)?
    public var fingerprint: (Record) -> String

    public init(sources: [SourceConfig], connector: @escaping (SourceConfig) throws -> (any ErasingConnector)?, fingerprint: @escaping (Record) -> String) {
        self.sources = sources
        self.connector = connector
        self.fingerprint = fingerprint
    }

    public static func place(_ item: DeletionPlan.Item) -> String { "\(item.source):\(item.container)#\(item.key)" }
    public static func place(locator: Locator) -> String { "\(locator.source):\(locator.container)#\(locator.key)" }

    /// The items an execution acts on, one per record: when two people's parts of a plan
    /// name the same record, it is acted on once, and de-identified rather than erased if
    /// either part keeps it.
    public static func actionable(_ plan: DeletionPlan) -> [DeletionPlan.Item] {
        var chosen: [String: Int] = [:]
        var result: [DeletionPlan.Item] = []
        for item in plan.items where item.action == .erase || item.action == .deidentify {
            let place = place(item)
            guard let index = chosen[place] else {
                chosen[place] = result.count
                result.append(item)
                continue
            }
            if item.action == .deidentify && result[index].action == .erase { result[index] = item }
        }
        return result
    }

    public func run(_ items: [DeletionPlan.Item], dryRun: Bool, record: ([Step]) throws -> Void) throws -> [Step] {
        var steps: [Step] = []
        for source in sources {
            let mine = items.filter { $0.source == source.name }
            guard !mine.isEmpty else { continue }
            guard let store = try connector(source) else {
                steps += mine.map { Step(place: Self.place($0), outcome: "failed", detail: "unsupported: this store cannot be erased from") }
                continue
            }
            let requests = mine.map { item in
                ErasureRequest(locator: Locator(source: item.source, container: item.container, key: item.key), fingerprint: item.fingerprint ?? "",
                               fields: item.action == .deidentify ? (item.fields ?? []) : nil, position: item.position, linkedFrom: item.linkedFrom)
            }
            var report = ScanReport()
            let outcomes = try store.erase(requests, fingerprint: fingerprint, dryRun: dryRun, into: &report)
            let done = zip(mine, outcomes).map { item, outcome in Self.step(Self.place(item), outcome) }
            if !dryRun { try record(done) }
            steps += done
        }
        return steps
    }

    static func step(_ place: String, _ outcome: ErasureOutcome) -> Step {
        switch outcome {
        case .erased: return Step(place: place, outcome: "erased", detail: nil)
        case .deidentified: return Step(place: place, outcome: "deidentified", detail: nil)
        case .softDeleted(let day, let why):
            return Step(place: place, outcome: "soft-deleted", detail: "purged by the vendor by \(day)" + (why.map { "; \($0)" } ?? ""), purgesBy: day)
        case .notFound: return Step(place: place, outcome: "gone", detail: "already not there")
        case .failed(let kind, let why): return Step(place: place, outcome: "failed", detail: "\(kind.rawValue): \(why)")
        }
    }
}
