/// A cheap, allocation-free test a reader runs on a field's raw bytes before building a
/// record: "could this field possibly match the identity?". A false answer must be
/// certain (a missed record is a legal violation); a true answer only means the full
/// matcher will look. This is what lets a lookup read millions of rows a second.
public struct FieldProbe: Sendable {
    enum Test: Sendable {
        /// The field contains one of these lower-case byte strings, ignoring ASCII case.
        case containsAnyFolded(Needles)
        /// The field's digits contain one of these digit strings.
        case digitsContainAny([[UInt8]])
        /// The same for many digit strings (a deletion verifying a hundred people at once):
        /// each window of the field's digits is looked up by its hash.
        case digitWindows(DigitWindows)
        /// The field, with `.` and `'` left out as the address parser leaves them out
        /// ("1'2" is house 12), contains one of these (lower-case) strings, ignoring ASCII
        /// case — or holds non-ASCII text the probe cannot fold.
        case containsHouseNumber([[UInt8]])
        /// The trimmed field equals one of these byte strings.
        case equalsAnyTrimmed([[UInt8]])
        /// Some run of the field's words shares enough letters with a requested family
        /// name for the matcher's similarity to reach its threshold (see `NameLetterTable`),
        /// or the field holds non-ASCII letters the probe cannot fold.
        case sharesLetters(NameLetterTable)
        case always
        /// This field alone can never make a record match (a city column, say).
        case never
    }

    let test: Test

    public func mayMatch(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        switch test {
        case .always:
            return true
        case .never:
            return false
        case .sharesLetters(let table):
            return table.matches(field)
        case .containsAnyFolded(let needles):
            if needles.found(in: field) { return true }
            // Percent-encoded addresses (`jane%40example.com`) and anything beyond ASCII (a
            // letter whose Unicode lower case is ASCII, such as the Kelvin sign K) need the
            // full normalizer.
            return Self.hasPercentOrNonASCII(field)
        case .digitsContainAny(let needles):
            return digitsContain(field, needles)
        case .digitWindows(let windows):
            return windows.found(inDigitsOf: field)
        case .containsHouseNumber(let needles):
            if field.contains(where: { $0 >= 0x80 }) { return true }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: field.count) { buffer in
                var count = 0
                for byte in field where byte != UInt8(ascii: ".") && byte != UInt8(ascii: "'") {
                    buffer[count] = byte
                    count += 1
                }
                let kept = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(buffer)[0..<count])
                return needles.contains { Needles.containsFolded(kept, $0) }
            }
        case .equalsAnyTrimmed(let values):
            let trimmed = trim(field)
            return values.contains { $0.elementsEqual(trimmed) }
        }
    }

    /// The probe for one mapped field, given what the identity holds.
    static func make(for mapping: FieldMapping, keys: IdentityKeys, defaultRegion: String, threshold: Double) -> FieldProbe {
        guard let kind = mapping.identifier else { return FieldProbe(test: .always) }
        switch kind {
        case .email:
            return FieldProbe(test: .containsAnyFolded(Needles(keys.emails.map { Array($0.utf8) })))
        case .phone:
            // Regions that rewrite local numbers (adding an area code) can produce digits
            // the field does not contain; let the full normalizer see every value there.
            if PhoneMetadata.region(mapping.region ?? defaultRegion)?.nationalPrefixTransformRule != nil { return FieldProbe(test: .always) }
            let numbers = keys.phones.compactMap(PhoneNormalizer.nationalSignificantNumber).map { Array($0.utf8) }
            return FieldProbe(test: numbers.count > Needles.few ? .digitWindows(DigitWindows(numbers)) : .digitsContainAny(numbers))
        case .accountID:
            let prefix = "\(mapping.namespace ?? "")="
            let values = keys.accountIDs.filter { $0.hasPrefix(prefix) }.map { Array($0.dropFirst(prefix.count).utf8) }
            return FieldProbe(test: .equalsAnyTrimmed(values))
        case .name:
            // Every name agreement needs the family name's (NameComparison), so the probe
            // looks for that alone, in any of the field's words.
            guard let table = NameLetterTable(families: keys.names.map(\.family), threshold: threshold) else { return FieldProbe(test: .always) }
            return FieldProbe(test: .sharesLetters(table))
        case .address:
            switch mapping.part {
            case .city, .state: return FieldProbe(test: .never)
            case .zip: return FieldProbe(test: .containsAnyFolded(Needles(keys.addresses.compactMap(\.zip).map { Array($0.utf8) })))
            default:
                let numbers = keys.addresses.compactMap(\.number)
                guard numbers.count == keys.addresses.count else { return FieldProbe(test: .always) }
                return FieldProbe(test: .containsHouseNumber(numbers.map { Array($0.lowercased().utf8) }))
            }
        case .dob:
            // Every written form of a date holds the last two digits of its year.
            return FieldProbe(test: .digitsContainAny(keys.datesOfBirth.map { Array($0.prefix(4).suffix(2).utf8) }))
        case .device:
            return FieldProbe(test: .always)
        }
    }

    /// Whether any byte is `%` or beyond ASCII, eight bytes at a time.
    static func hasPercentOrNonASCII(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = field.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let highBits: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        while i + 8 <= field.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A zero byte in word ^ "%%%%%%%%" is a `%` (the classic has-zero-byte test).
            let percent = word ^ (ones &* 0x25)
            if (word & highBits) != 0 || ((percent &- ones) & ~percent & highBits) != 0 { return true }
            i += 8
        }
        while i < field.count {
            if field[i] == UInt8(ascii: "%") || field[i] >= 0x80 { return true }
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
