import FootprintCore

/// A CSV export's rows are contiguous byte ranges, each indexed at the offset where it
/// starts, so the index can follow a deletion that cut rows out of a plain file. Only
/// files keyed by a column qualify: a row without a usable key cell is keyed by its
/// number, which the cut changes (`mayBeNumbered`).
extension CSVConnector: RemovalFollowing {
    public func indexFollowsRemovals(in container: String) -> Bool {
        guard source.key != nil, let found = try? self.container(named: container) else { return false }
        return found.isPlainFile
    }

    /// `scan` keys a row without a usable key cell by its number counted from 1 after the
    /// header, in decimal digits: compared as digits, without making a string per row.
    public func mayBeNumbered(key: UnsafeRawBufferPointer, record number: Int) -> Bool {
        Self.isDecimal(key, of: number + 1)
    }

    static func isDecimal(_ bytes: UnsafeRawBufferPointer, of value: Int) -> Bool {
        var rest = value
        var index = bytes.count
        guard index > 0, value >= 0 else { return false }
        while index > 0 {
            index -= 1
            guard bytes[index] == UInt8(ascii: "0") + UInt8(rest % 10) else { return false }
            rest /= 10
            if rest == 0 { return index == 0 }
        }
        return false
    }
}
