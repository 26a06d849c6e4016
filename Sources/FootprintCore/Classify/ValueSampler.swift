/// The values `discover` classifies for one field: the first rows' (where a header's
/// promise is kept or broken) and a uniform reservoir sample of the rest (Algorithm R,
/// with a fixed seed so that two runs over the same data propose the same). The values
/// stay in this process; only counts and, on request, a few examples are ever printed.
public struct ValueSampler: Sendable {
    public let first: Int
    public let reservoir: Int
    public private(set) var head: [String] = []
    public private(set) var sample: [String] = []
    private var seen = 0
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    public init(first: Int = 200, reservoir: Int = 300) {
        self.first = first
        self.reservoir = reservoir
    }

    public mutating func add(_ value: String) {
        guard !value.allSatisfy(\.isWhitespace) else { return }
        if head.count < first { head.append(value); return }
        seen += 1
        if sample.count < reservoir { sample.append(value); return }
        let slot = Int(next() % UInt64(seen))
        if slot < reservoir { sample[slot] = value }
    }

    public var values: [String] { head + sample }

    public func observation(_ classifier: ValueClassifier) -> FieldObservation {
        var observation = FieldObservation()
        for value in values { observation.add(classifier.classify(value)) }
        return observation
    }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
