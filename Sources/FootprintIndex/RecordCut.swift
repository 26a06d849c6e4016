/// Walks a container's live records in order (their positions in the file as it was just
/// before the cut) against the ranges cut, telling for each whether it was cut, and
/// checking that the cut is one the index can follow (see `IndexStore.follow`).
struct RecordCut {
    let ranges: [Range<Int64>]
    let originalSize: Int64
    let mayBeNumbered: (UnsafeRawBufferPointer, Int) -> Bool
    /// The next live record's number (from 0, as the file numbers its rows now).
    private(set) var number = 0
    /// How many records were cut so far.
    private(set) var cutCount = 0
    /// False once something showed the entries cannot follow the cut.
    private(set) var ok = true
    private var range = 0
    private var inRange = false
    private var previous: Int64 = 0

    /// `ranges` sorted and not touching; one that ran to the end of the file ends there.
    init(ranges: [Range<Int64>], originalSize: Int64, mayBeNumbered: @escaping (UnsafeRawBufferPointer, Int) -> Bool) {
        self.ranges = ranges
        self.originalSize = originalSize
        self.mayBeNumbered = mayBeNumbered
    }

    /// The next live record: whether the cut took it. When the cut cannot be followed,
    /// `ok` turns false (and the answer means nothing).
    mutating func isCut(key: UnsafeRawBufferPointer, position: Int64) -> Bool {
        defer { number += 1 }
        guard ok, position >= 0, position >= previous else { ok = false; return false }
        previous = position
        // Ranges wholly before this record: each must have cut at least one record and
        // end exactly here, where this one starts.
        while range < ranges.count, ranges[range].upperBound <= position {
            guard inRange, ranges[range].upperBound == position else { ok = false; return false }
            range += 1
            inRange = false
        }
        if range < ranges.count, ranges[range].lowerBound <= position {
            if !inRange {
                guard ranges[range].lowerBound == position else { ok = false; return false }
                inRange = true
            }
            cutCount += 1
            return true
        }
        // A key made from a record's number changes with it: such a record cannot move.
        if cutCount > 0, mayBeNumbered(key, number) { ok = false }
        return false
    }

    /// Marks the cut as one the entries cannot follow (a page that does not decode).
    mutating func fail() { ok = false }

    /// Whether the whole cut was followed: every live record met, and what is left of the
    /// ranges is one that took the rest of the file from a record on.
    func finish(records: Int) -> Bool {
        guard ok, number == records, cutCount > 0 else { return false }
        if range == ranges.count { return true }
        return range == ranges.count - 1 && inRange && ranges[range].upperBound >= originalSize
    }
}
