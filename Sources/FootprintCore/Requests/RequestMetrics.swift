/// The yearly figures a business that handles the personal information of 10 million or
/// more Californians must publish (§7102(a)): per kind of request, how many were received,
/// complied with in whole or in part, and denied, and the median and mean number of days
/// to a substantive response. Requests count in the year they were received.
public struct RequestMetrics: Sendable {
    public struct Row: Sendable, Equatable {
        public var kind: Request.Kind
        public var received = 0
        public var fulfilled = 0
        public var partly = 0
        public var denied = 0
        public var open = 0
        public var medianDays: Double?
        public var meanDays: Double?
    }

    public var year: Int
    public var rows: [Row]

    public static func compute(_ requests: [Request], year: Int) -> RequestMetrics {
        var rows: [Row] = []
        for kind in Request.Kind.allCases {
            let theirs = requests.filter { $0.kind == kind && $0.received.year == year }
            var row = Row(kind: kind)
            row.received = theirs.count
            for request in theirs {
                switch request.closed?.outcome {
                case .fulfilled?: row.fulfilled += 1
                case .partly?: row.partly += 1
                case .denied?: row.denied += 1
                case nil: row.open += 1
                }
            }
            let days = theirs.compactMap(\.daysToRespond).sorted()
            if !days.isEmpty {
                row.meanDays = Double(days.reduce(0, +)) / Double(days.count)
                row.medianDays = days.count % 2 == 1 ? Double(days[days.count / 2]) : Double(days[days.count / 2 - 1] + days[days.count / 2]) / 2
            }
            rows.append(row)
        }
        return RequestMetrics(year: year, rows: rows)
    }
}
