/// A cheap, allocation-free test a reader runs on a field's raw bytes before building a
/// record: "could this field possibly match the identity?". A false answer must be
/// certain (a missed record is a legal violation); a true answer only means the full
/// matcher will look. This is what lets a lookup read millions of rows a second.
public struct FieldProbe: Sendable {
    enum Test: Sendable {
        /// The field contains one of these lower-case byte strings, ignoring ASCII case.
        case containsAnyFolded([[UInt8]])
        /// The field's digits contain one of these digit strings.
        case digitsContainAny([[UInt8]])
        /// The trimmed field equals one of these byte strings.
        case equalsAnyTrimmed([[UInt8]])
        case always
    }

    let test: Test

    public func mayMatch(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        switch test {
        case .always:
            return true
        case .containsAnyFolded(let needles):
            // Percent-encoded addresses (`jane%40example.com`) need the full normalizer.
            for needle in needles where containsFolded(field, needle) { return true }
            return field.contains(UInt8(ascii: "%"))
        case .digitsContainAny(let needles):
            return digitsContain(field, needles)
        case .equalsAnyTrimmed(let values):
            let trimmed = trim(field)
            return values.contains { $0.elementsEqual(trimmed) }
        }
    }

    private func containsFolded(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0, haystack.count >= n else { return false }
        let first = needle[0]
        var i = 0
        let last = haystack.count - n
        while i <= last {
            if haystack[i] | 0x20 == first || haystack[i] == first {
                var j = 1
                while j < n {
                    let b = haystack[i + j]
                    let folded = (b >= 65 && b <= 90) ? b | 0x20 : b
                    if folded != needle[j] { break }
                    j += 1
                }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }

    private func digitsContain(_ field: UnsafeBufferPointer<UInt8>, _ needles: [[UInt8]]) -> Bool {
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &digits) { raw -> Bool in
            var count = 0
            for byte in field where byte >= 48 && byte <= 57 {
                guard count < raw.count else { return true } // too many digits to probe: let the matcher decide
                raw[count] = byte
                count += 1
            }
            let digitBytes = UnsafeRawBufferPointer(rebasing: raw[0..<count])
            for needle in needles where needle.count <= count {
                var start = 0
                while start + needle.count <= count {
                    if needle.withUnsafeBytes({ memcmpEqual(digitBytes.baseAddress! + start, $0.baseAddress!, needle.count) }) {
                        return true
                    }
                    start += 1
                }
            }
            return false
        }
    }

    private func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        for i in 0..<n where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) {
            return false
        }
        return true
    }

    private func trim(_ field: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var lower = 0, upper = field.count
        while lower < upper, field[lower] == 32 || field[lower] == 9 { lower += 1 }
        while upper > lower, field[upper - 1] == 32 || field[upper - 1] == 9 { upper -= 1 }
        return field[lower..<upper]
    }
}
