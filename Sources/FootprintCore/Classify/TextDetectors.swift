/// The checks for values written in words: email addresses, street lines, postcodes,
/// people's names, and identifiers carried inside free text.
enum TextDetectors {
    /// local@domain.tld: a local part of the usual characters, a domain of dotted labels
    /// ending in a top-level domain of two or more letters.
    static func isEmail(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let at = value.firstIndex(of: UInt8(ascii: "@")), at > 0, at <= 64, value.count - at > 4 else { return false }
        for byte in value[..<at] {
            let ok = isAlphanumeric(byte) || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "'")].contains(byte)
            if !ok { return false }
        }
        var labelLength = 0, labels = 0, lastLabelLetters = true
        for byte in value[(at + 1)...] {
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0 else { return false }
                labels += 1; labelLength = 0; lastLabelLetters = true
                continue
            }
            guard isAlphanumeric(byte) || byte == UInt8(ascii: "-") else { return false }
            labelLength += 1
            if !isLetter(byte) { lastLabelLetters = false }
        }
        return labels >= 1 && labelLength >= 2 && lastLabelLetters
    }

    /// A US ZIP code: five digits, or ZIP+4.
    static func isUSZip(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count == 5 || (value.count == 10 && value[5] == UInt8(ascii: "-")) else { return false }
        return value.enumerated().allSatisfy { $0.offset == 5 || isDigit($0.element) }
    }

    /// A Canadian postal code (A1A 1A1) or a UK postcode (SW1A 1AA, M1 1AE, B33 8TH).
    static func isUKOrCanadianPostcode(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let compact = value.filter { $0 != 32 }.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }
        let pattern = String(compact.map { isDigit($0) ? "9" : isLetter($0) ? "A" : "?" })
        if pattern == "A9A9A9" { return true }
        guard compact.count >= 5, compact.count <= 7, pattern.hasSuffix("9AA") else { return false }
        return ["A9", "A99", "A9A", "AA9", "AA99", "AA9A"].contains(String(pattern.dropLast(3)))
    }

    /// A house number, then words of which one is a street suffix (Main St., 504 Parkwood Drive).
    static func isStreetLine(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let words = value.split(separator: 32).map { Array($0) }
        guard words.count >= 2, words.count <= 9, isHouseNumber(words[0]) else { return false }
        return words.dropFirst().contains { isStreetSuffix($0) }
    }

    static func isHouseNumber(_ word: [UInt8]) -> Bool {
        let digits = word.prefix { isDigit($0) }.count
        return digits >= 1 && digits <= 6 && word.count - digits <= 1 && (word.count == digits || isLetter(word.last!))
    }

    static func isStreetSuffix(_ word: [UInt8]) -> Bool {
        let letters = word.filter { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: ",") }
        guard !letters.isEmpty, letters.count <= 12, letters.allSatisfy(isLetter) else { return false }
        return PostalAddress.suffixes[String(decoding: letters.map { $0 >= 97 ? $0 - 32 : $0 }, as: UTF8.self)] != nil
    }

    /// One to four words of letters (hyphens, apostrophes, initials), of which at least
    /// one is a known given or family name and none holds anything else.
    static func isPersonName(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var known = 0, words = 0
        for word in value.split(whereSeparator: { $0 == 32 || $0 == UInt8(ascii: ",") }) {
            words += 1
            guard words <= 4 else { return false }
            var folded: [UInt8] = []
            for byte in word {
                if isLetter(byte) { folded.append(byte | 0x20) } else if byte != UInt8(ascii: "-") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: ".") { return false }
            }
            guard !folded.isEmpty else { return false }
            let name = Substring(String(decoding: folded, as: UTF8.self))
            if folded.count > 1 && (GivenNames.table[name] != nil || Surnames.table.contains(name)) { known += 1 }
        }
        return known >= 1 && known * 2 >= words
    }

    /// The kinds carried inside free text: each word that is an email address, an IP
    /// address or an IBAN (written without spaces), each run of digits and phone
    /// punctuation that is an SSN, a card or a phone number, and a house number followed
    /// by a street suffix. Names and dates are not looked for in prose: every note names
    /// someone or some day, and the lists would flag them all.
    static func carried(in value: UnsafeBufferPointer<UInt8>, classifier: ValueClassifier) -> ValueKinds {
        var found: ValueKinds = []
        let words = value.split(whereSeparator: { wordSeparators.contains($0) })
        for (index, word) in words.enumerated() {
            let token = Array(word.drop { !isAlphanumeric($0) && $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "(") }.reversed()
                .drop { !isAlphanumeric($0) }.reversed())
            if token.contains(UInt8(ascii: "@")), token.withUnsafeBufferPointer(isEmail) { found.insert(.email) }
            if token.count >= 7, token.withUnsafeBufferPointer({ NumberChecks.isIPv4($0) || NumberChecks.isIPv6($0) }) { found.insert(.ipAddress) }
            if token.count >= 15, token.count <= 34, token.withUnsafeBufferPointer(NumberChecks.isIBAN) { found.insert(.iban) }
            if let first = token.first, isDigit(first), isHouseNumber(token),
               words[(index + 1)...].prefix(4).contains(where: { isStreetSuffix(Array($0)) }) { found.insert(.streetLine) }
        }
        found.formUnion(numberRuns(in: value, classifier: classifier))
        return found
    }

    static let wordSeparators: Set<UInt8> = [32, 9, 10, 13, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\"")]

    /// Runs of digits with phone punctuation inside text, each checked whole.
    private static func numberRuns(in value: UnsafeBufferPointer<UInt8>, classifier: ValueClassifier) -> ValueKinds {
        var found: ValueKinds = []
        var start = 0
        while start < value.count {
            guard isDigit(value[start]) || value[start] == UInt8(ascii: "+") || value[start] == UInt8(ascii: "(") else { start += 1; continue }
            var end = start
            var digits = 0
            while end < value.count, isDigit(value[end]) || [32, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "+")].contains(value[end]) {
                if isDigit(value[end]) { digits += 1 }
                end += 1
            }
            var runEnd = end
            while runEnd > start, !isDigit(value[runEnd - 1]) { runEnd -= 1 }
            if digits >= 7 {
                let run = UnsafeBufferPointer(rebasing: value[start..<runEnd])
                let verdict = classifier.classify(run)
                found.formUnion(verdict.whole.intersection([ValueKinds(.ssn), ValueKinds(.paymentCard), ValueKinds(.phone)]))
            }
            start = max(end, start + 1)
        }
        return found
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) }
    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
}
