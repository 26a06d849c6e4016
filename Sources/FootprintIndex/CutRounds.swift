/// The cuts a container's index followed since its last full scan (`IndexStore.follow`),
/// one round per deletion, in order. Key pages keep each record's position as the scan
/// found it; a round says which byte ranges of the file as it then was were cut, so a
/// position is brought up to date by taking off, round after round, the bytes cut before
/// it. Following a deletion then writes a few rows instead of moving every later record
/// of a large export. A scan of the container starts it again with none.
///
/// Stored in `cut_round(container, round, data)`: per range, in order, its start as the
/// difference from the previous range's end and its length, as varints (`PageCoding`).
struct CutRounds: Equatable {
    /// Per round, the ranges cut, sorted, none touching, none past the file's end.
    private(set) var rounds: [[Range<Int64>]] = []
    /// Per round, the bytes cut before the end of each range (a running total).
    private var totals: [[Int64]] = []

    init(_ rounds: [[Range<Int64>]] = []) {
        for round in rounds { append(round) }
    }

    var isEmpty: Bool { rounds.isEmpty }

    mutating func append(_ ranges: [Range<Int64>]) {
        rounds.append(ranges)
        var total: Int64 = 0
        totals.append(ranges.map { total += $0.upperBound - $0.lowerBound; return total })
    }

    /// Where a record the scan found at `position` starts in the file now. Only a record
    /// no round cut may be asked about (a cut one is a tombstone in its key page).
    func translate(_ position: Int64) -> Int64 {
        guard position >= 0 else { return position }
        var position = position
        for (ranges, totals) in zip(rounds, totals) {
            // The ranges that end at or before the position: all their bytes go.
            var low = 0, high = ranges.count
            while low < high {
                let middle = (low + high) / 2
                if ranges[middle].upperBound <= position { low = middle + 1 } else { high = middle }
            }
            if low > 0 { position -= totals[low - 1] }
        }
        return position
    }

    /// `translate` for positions met in increasing order (a walk over the key pages),
    /// each round's place kept instead of searched for.
    struct Cursor {
        let cuts: CutRounds
        private var next: [Int]
        private var cut: [Int64]

        init(_ cuts: CutRounds) {
            self.cuts = cuts
            next = Array(repeating: 0, count: cuts.rounds.count)
            cut = Array(repeating: 0, count: cuts.rounds.count)
        }

        mutating func translate(_ position: Int64) -> Int64 {
            guard position >= 0 else { return position }
            var position = position
            for round in cuts.rounds.indices {
                let ranges = cuts.rounds[round]
                while next[round] < ranges.count, ranges[next[round]].upperBound <= position {
                    cut[round] = cuts.totals[round][next[round]]
                    next[round] += 1
                }
                position -= cut[round]
            }
            return position
        }
    }

    static func encode(_ ranges: [Range<Int64>]) -> [UInt8] {
        var data: [UInt8] = []
        var end: Int64 = 0
        for range in ranges {
            PageCoding.appendVarint(UInt64(range.lowerBound - end), to: &data)
            PageCoding.appendVarint(UInt64(range.upperBound - range.lowerBound), to: &data)
            end = range.upperBound
        }
        return data
    }

    static func decode(_ data: [UInt8]) -> [Range<Int64>]? {
        var ranges: [Range<Int64>] = []
        var end: Int64 = 0
        let complete = data.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                guard let gap = PageCoding.readVarint(bytes, &offset), let length = PageCoding.readVarint(bytes, &offset),
                      gap < 1 << 62, length < 1 << 62 else { return false }
                let start = end + Int64(gap)
                ranges.append(start..<(start + Int64(length)))
                end = start + Int64(length)
            }
            return true
        }
        return complete ? ranges : nil
    }
}
