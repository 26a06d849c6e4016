/// How many values of one field looked like each kind — counts only, never a value. A
/// scan keeps one per field of every container it reads; `discover` one per sampled
/// field. The data map compares them with what the configuration declares.
public struct FieldObservation: Sendable, Equatable, Codable {
    /// Non-blank values looked at.
    public var values = 0
    /// Values that are wholly of a kind, by kind.
    public var whole: [ValueKind: Int] = [:]
    /// Free-text values that carry a kind inside, by kind.
    public var inText: [ValueKind: Int] = [:]

    public init() {}

    public mutating func add(_ verdict: ValueClassifier.Verdict) {
        values += 1
        for kind in verdict.whole.kinds { whole[kind, default: 0] += 1 }
        for kind in verdict.inText.kinds { inText[kind, default: 0] += 1 }
    }

    public mutating func merge(_ other: FieldObservation) {
        values += other.values
        whole.merge(other.whole, uniquingKeysWith: +)
        inText.merge(other.inText, uniquingKeysWith: +)
    }

    /// The kind most values are wholly of, when it is at least `share` of them (a name
    /// list misses rare names, so a name column needs fewer hits).
    public var dominant: (kind: ValueKind, count: Int)? {
        guard let best = whole.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }), values > 0 else { return nil }
        let share = best.key == .personName ? 0.3 : 0.5
        return Double(best.value) >= share * Double(values) ? (best.key, best.value) : nil
    }

    enum CodingKeys: String, CodingKey { case values, whole, inText = "in_text" }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        values = try container.decode(Int.self, forKey: .values)
        whole = Self.kinds(try container.decodeIfPresent([String: Int].self, forKey: .whole) ?? [:])
        inText = Self.kinds(try container.decodeIfPresent([String: Int].self, forKey: .inText) ?? [:])
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(values, forKey: .values)
        try container.encode(Dictionary(uniqueKeysWithValues: whole.map { ($0.key.rawValue, $0.value) }), forKey: .whole)
        try container.encode(Dictionary(uniqueKeysWithValues: inText.map { ($0.key.rawValue, $0.value) }), forKey: .inText)
    }

    private static func kinds(_ counts: [String: Int]) -> [ValueKind: Int] {
        Dictionary(uniqueKeysWithValues: counts.compactMap { key, value in ValueKind(rawValue: key).map { ($0, value) } })
    }
}

/// Watches the values of a container's fields as a scan reads them, by column number:
/// the classifier's verdict is counted, the value forgotten. Every row of the first
/// 4,000 is observed, then rows ever further apart (row r when r is a multiple of
/// r / 4,000): about 30,000 rows of a 4-million-row export, spread over all of it, so
/// that observing costs a scan a few percent whatever the container's size. The counts
/// are of the rows observed (`rows`), and the rates what a map reports.
public final class FieldObserver {
    /// Rows offered (`observesRow`) and rows observed.
    public private(set) var offered = 0
    public private(set) var rows = 0
    static let everyRowUpTo = 4_000

    public private(set) var names: [String]
    private var counts: [FieldObservation]
    private let classifier: ValueClassifier
    /// Columns by name, for records whose fields come by name (JSON, tables).
    private var columns: [String: Int] = [:]

    public init(names: [String], classifier: ValueClassifier) {
        self.names = names
        counts = Array(repeating: FieldObservation(), count: names.count)
        self.classifier = classifier
    }

    /// Whether the next row is one to observe (call once per row, before its values).
    public func observesRow() -> Bool {
        offered += 1
        let stride = max(1, offered / Self.everyRowUpTo)
        guard offered % stride == 0 else { return false }
        rows += 1
        return true
    }

    /// One value of column `index` (blank values are not counted).
    public func observe(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard index < counts.count else { return }
        let value = ValueClassifier.trimmed(bytes)
        guard !value.isEmpty else { return }
        counts[index].add(classifier.classify(value))
    }

    public func observe(_ index: Int, _ text: String) {
        var text = text
        text.withUTF8 { observe(index, $0) }
    }

    /// One value of the field of that name (a new name gets a column).
    public func observe(named name: String, _ text: String) {
        let index: Int
        if let known = columns[name] {
            index = known
        } else {
            index = names.count
            names.append(name)
            counts.append(FieldObservation())
            columns[name] = index
        }
        observe(index, text)
    }

    /// The counts by field name (a repeated name's counts together).
    public var observations: [String: FieldObservation] {
        var result: [String: FieldObservation] = [:]
        for (name, observation) in zip(names, counts) { result[name, default: FieldObservation()].merge(observation) }
        return result
    }
}
