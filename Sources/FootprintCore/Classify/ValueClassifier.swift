import Foundation

/// Tells what one value looks like — an email, a phone number, an SSN, a card number, an
/// IBAN, an IP address, a date of birth, a postal code, a street line, a person's name —
/// and, for free text (a note, a comment), which of these it carries inside. Used by
/// `discover` on sampled values and by every scan on every value, so it works on bytes
/// and rejects most values from their shape alone before any real check runs. The value
/// is never kept or printed.
public struct ValueClassifier: Sendable {
    /// What one value is, and what its text carries when it is free text.
    public struct Verdict: Sendable, Equatable {
        public var whole: ValueKinds = []
        public var inText: ValueKinds = []
    }

    /// The region for phone numbers written without a country code.
    public let region: String
    /// For the plausibility of a date of birth (ages 13 to 110).
    let currentYear: Int

    public init(region: String = "US", currentYear: Int = Calendar(identifier: .gregorian).component(.year, from: Date())) {
        self.region = region
        self.currentYear = currentYear
    }

    public func classify(_ text: String) -> Verdict {
        var text = text
        return text.withUTF8 { classify($0) }
    }

    /// The verdict for one value's UTF-8 bytes (blank values have none).
    public func classify(_ raw: UnsafeBufferPointer<UInt8>) -> Verdict {
        let value = Self.trimmed(raw)
        guard !value.isEmpty, value.count <= 4096 else { return Verdict() }
        let shape = Shape(value)
        var verdict = Verdict()
        if shape.at == 1 && shape.spaces == 0 {
            if TextDetectors.isEmail(value) { verdict.whole.insert(.email) }
            return verdict
        }
        if shape.letters == 0 && shape.digits > 0 {
            verdict.whole = numeric(value, shape)
            return verdict
        }
        if let kind = lettered(value, shape) {
            verdict.whole.insert(kind)
            return verdict
        }
        if shape.isFreeText { verdict.inText = TextDetectors.carried(in: value, classifier: self) }
        return verdict
    }

    /// Values without letters: IPv4, SSN, card, date of birth, postal code, phone.
    private func numeric(_ value: UnsafeBufferPointer<UInt8>, _ shape: Shape) -> ValueKinds {
        if shape.dots == 3 && shape.digits + 3 == value.count && NumberChecks.isIPv4(value) { return ValueKinds(.ipAddress) }
        if NumberChecks.isSSN(value) { return ValueKinds(.ssn) }
        if shape.onlyDigitsAndSeparators, (13...19).contains(shape.digits) {
            let isCard = Self.digits(of: value) { NumberChecks.isPaymentCard($0) }
            if isCard { return ValueKinds(.paymentCard) }
        }
        if shape.dateSeparators == 2, shape.digits >= 6, shape.digits <= 8, isDateOfBirth(value) { return ValueKinds(.dateOfBirth) }
        if TextDetectors.isUSZip(value) { return ValueKinds(.postalCode) }
        if isPhone(value, shape) { return ValueKinds(.phone) }
        return []
    }

    /// Values with letters: IBAN, IPv6, date of birth with a month word, street line, name.
    private func lettered(_ value: UnsafeBufferPointer<UInt8>, _ shape: Shape) -> ValueKind? {
        if shape.spaces == 0 && shape.colons >= 2 { return NumberChecks.isIPv6(value) ? .ipAddress : nil }
        if shape.digits >= 2 && value.count >= 15 && value.count <= 42 && shape.onlyAlphanumericAndSpaces && NumberChecks.isIBAN(value) { return .iban }
        if shape.digits >= 3 && shape.digits <= 8 && shape.spaces <= 3 && value.count <= 20 && isDateOfBirth(value) { return .dateOfBirth }
        if shape.digits > 0 && shape.spaces > 0 && TextDetectors.isStreetLine(value) { return .streetLine }
        if shape.digits == 0 && shape.nonASCII == 0 && shape.spaces <= 3 && TextDetectors.isPersonName(value) { return .personName }
        if shape.digits > 0 && shape.spaces <= 1 && value.count <= 8 && TextDetectors.isUKOrCanadianPostcode(value) { return .postalCode }
        return nil
    }

    /// A phone number the metadata accepts: 8 to 15 digits and phone punctuation only (a
    /// bare run of digits only with the country code or the national length).
    func isPhone(_ value: UnsafeBufferPointer<UInt8>, _ shape: Shape) -> Bool {
        guard shape.onlyPhoneCharacters, (8...15).contains(shape.digits) else {
            // "567-8900": a local number, written as one.
            return shape.digits == 7 && value.count == 8 && value[3] == UInt8(ascii: "-")
        }
        if shape.plus == 0 && shape.digits == value.count && shape.digits < 10 { return false }
        return PhoneNormalizer.normalize(bytes: value, region: region) != nil
    }

    /// A calendar date between 13 and 110 years ago.
    func isDateOfBirth(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let normal = DateOfBirthNormalizer.normalize(String(decoding: value, as: UTF8.self), currentYear: currentYear),
              let year = Int(normal.prefix(4)) else { return false }
        let age = currentYear - year
        return age >= 13 && age <= 110
    }

    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 32 || bytes[start] == 9 || bytes[start] == 10 || bytes[start] == 13 { start += 1 }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 || bytes[end - 1] == 10 || bytes[end - 1] == 13 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// The value's digits alone, on the stack, handed to `body`.
    static func digits<T>(of value: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(value.count, 1)) { buffer in
            var count = 0
            for byte in value where byte >= 48 && byte <= 57 { buffer[count] = byte; count += 1 }
            return body(UnsafeBufferPointer(rebasing: UnsafeBufferPointer(buffer)[0..<count]))
        }
    }
}

/// Counts of a value's character classes, taken in one pass: enough to rule most kinds out.
struct Shape {
    var digits = 0, letters = 0, spaces = 0, at = 0, dots = 0, colons = 0, plus = 0, nonASCII = 0
    var dateSeparators = 0
    var other = 0
    var onlyDigitsAndSeparators = true
    var onlyPhoneCharacters = true
    var onlyAlphanumericAndSpaces = false

    init(_ value: UnsafeBufferPointer<UInt8>) {
        var slashes = 0, dashes = 0
        for byte in value {
            switch byte {
            case 48...57: digits += 1
            case 65...90, 97...122:
                letters += 1
                onlyDigitsAndSeparators = false
                onlyPhoneCharacters = false
            case 32, 9:
                spaces += 1
            default:
                switch byte {
                case UInt8(ascii: "@"): at += 1
                case UInt8(ascii: "."): dots += 1
                case UInt8(ascii: ":"): colons += 1
                case UInt8(ascii: "+"): plus += 1
                case UInt8(ascii: "/"): slashes += 1
                case UInt8(ascii: "-"): dashes += 1
                case UInt8(ascii: "("), UInt8(ascii: ")"): break
                default:
                    if byte >= 0x80 { nonASCII += 1 } else { other += 1 }
                }
            }
        }
        onlyDigitsAndSeparators = onlyDigitsAndSeparators && digits + spaces + dashes == value.count
        onlyPhoneCharacters = onlyPhoneCharacters && at == 0 && colons == 0 && slashes == 0 && other == 0 && nonASCII == 0 && plus <= 1
        dateSeparators = max(slashes, dashes, dots)
        // Letters, digits and spaces only (an IBAN written in groups).
        onlyAlphanumericAndSpaces = digits + letters + spaces == value.count
    }

    /// Several words of prose, where identifiers may be embedded.
    var isFreeText: Bool { spaces >= 3 || (spaces >= 1 && letters + digits >= 24) }
}
