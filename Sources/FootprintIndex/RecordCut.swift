/// Walks a container's records in order against the ranges cut, deciding for each whether
/// it was cut and where a kept one now starts, and checking that the cut is one the index
/// can follow (see `IndexStore.follow`).
struct RecordCut {
    let ranges: [Range<Int64>]
    let originalSize: Int64
    let mayBeNumbered: (UnsafeRawBufferPointer, Int) -> Bool
    /// The next record's number in the original.
    private(set) var number = 0
    /// The numbers of the records cut, ascending.
    private(set) var removed: [UInt32] = []
    /// False once something showed the entries cannot follow the cut.
    private(set) var ok = true
    private var range = 0
    private var inRange = false
    private var shift: Int64 = 0
    private var previous: Int64 = 0

    init(ranges: [Range<Int64>], originalSize: Int64, mayBeNumbered: @escaping (UnsafeRawBufferPointer, Int) -> Bool) {
        self.ranges = ranges
        self.originalSize = originalSize
        self.mayBeNumbered = mayBeNumbered
    }

    /// The next record: its position in the new file, or nil when it was cut (or the cut
    /// cannot be followed: then `ok` is false).
    mutating func place(key: UnsafeRawBufferPointer, position: Int64) -> Int64? {
        defer { number += 1 }
        guard ok, position >= 0, position >= previous else { ok = false; return nil }
        previous = position
        // Ranges wholly before this record: each must have cut at least one record and
        // end exactly here, where this one starts.
        while range < ranges.count, ranges[range].upperBound <= position {
            guard inRange, ranges[range].upperBound == position else { ok = false; return nil }
            shift += ranges[range].upperBound - ranges[range].lowerBound
            range += 1
            inRange = false
        }
        if range < ranges.count, ranges[range].lowerBound <= position {
            if !inRange {
                guard ranges[range].lowerBound == position else { ok = false; return nil }
                inRange = true
            }
            removed.append(UInt32(number))
            return nil
        }
        // A key made from a record's number changes with it: such a record cannot move.
        if !removed.isEmpty, mayBeNumbered(key, number) { ok = false; return nil }
        return position - shift
    }

    /// Marks the cut as one the entries cannot follow (a page that does not decode).
    mutating func fail() { ok = false }

    /// Whether the whole cut was followed: every record met, and what is left of the
    /// ranges is one that took the rest of the file from a record on.
    func finish(records: Int) -> Bool {
        guard ok, number == records, !removed.isEmpty else { return false }
        if range == ranges.count { return true }
        return range == ranges.count - 1 && inRange && ranges[range].upperBound >= originalSize
    }
}
