#if canImport(Glibc)
import Glibc
#endif

/// The checks that tell a government or financial number from any other digits: the
/// rules the issuers publish, so that a column of order numbers is not taken for cards.
enum NumberChecks {
    /// A payment card number: 13–19 digits passing the Luhn check, with an issuer's
    /// prefix (Visa 4; Mastercard 51–55 and 2221–2720; American Express 34, 37;
    /// Discover 6011, 644–649, 65; Diners 300–305, 36, 38–39; JCB 3528–3589; UnionPay 62).
    static func isPaymentCard(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = digits.count
        guard (13...19).contains(n), hasIssuerPrefix(digits) else { return false }
        var sum = 0
        for (offset, index) in (0..<n).reversed().enumerated() {
            var d = Int(digits[index] &- 48)
            if offset % 2 == 1 { d *= 2; if d > 9 { d -= 9 } }
            sum += d
        }
        return sum % 10 == 0
    }

    private static func hasIssuerPrefix(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        func prefix(_ count: Int) -> Int { (0..<count).reduce(0) { $0 * 10 + Int(digits[$1] &- 48) } }
        let n = digits.count
        switch digits[0] {
        case UInt8(ascii: "4"): return n == 13 || n == 16 || n == 19
        case UInt8(ascii: "5"): return (51...55).contains(prefix(2)) && n == 16
        case UInt8(ascii: "2"): return (2221...2720).contains(prefix(4)) && n == 16
        case UInt8(ascii: "3"):
            let two = prefix(2), four = prefix(4)
            if two == 34 || two == 37 { return n == 15 }
            if (3528...3589).contains(four) { return n >= 16 }
            return ((300...305).contains(prefix(3)) || two == 36 || two == 38 || two == 39) && n >= 14
        case UInt8(ascii: "6"):
            let two = prefix(2)
            return (prefix(4) == 6011 || (644...649).contains(prefix(3)) || two == 65 || two == 62) && n >= 16
        default: return false
        }
    }

    /// A US Social Security number written ddd-dd-dddd (or with spaces): area 001–899 but
    /// not 666, group 01–99, serial 0001–9999 (the SSA's rules since 2011). Nine bare
    /// digits are not taken: too many record numbers look like that.
    static func isSSN(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count == 11 else { return false }
        let separator = text[3]
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: " "), text[6] == separator else { return false }
        var value = [Int](repeating: 0, count: 3)
        for (part, range) in [(0, 0..<3), (1, 4..<6), (2, 7..<11)] {
            for i in range {
                guard text[i] >= 48 && text[i] <= 57 else { return false }
                value[part] = value[part] * 10 + Int(text[i] - 48)
            }
        }
        return value[0] != 0 && value[0] != 666 && value[0] < 900 && value[1] != 0 && value[2] != 0
    }

    /// An IBAN: a country's two letters, two check digits and up to 30 letters or digits
    /// (spaces between groups allowed), whose mod-97 of the rearranged number is 1 (ISO 13616).
    static func isIBAN(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var compact: [UInt8] = []
        for byte in text where byte != UInt8(ascii: " ") {
            guard compact.count < 34 else { return false }
            compact.append(byte >= 97 && byte <= 122 ? byte - 32 : byte)
        }
        guard compact.count >= 15, compact[0] >= 65, compact[0] <= 90, compact[1] >= 65, compact[1] <= 90,
              compact[2] >= 48, compact[2] <= 57, compact[3] >= 48, compact[3] <= 57 else { return false }
        var remainder = 0
        for byte in compact[4...] + compact[..<4] {
            switch byte {
            case 48...57: remainder = (remainder * 10 + Int(byte - 48)) % 97
            case 65...90: remainder = (remainder * 100 + Int(byte - 55)) % 97
            default: return false
            }
        }
        return remainder == 1
    }

    /// A dotted-quad IPv4 address (each part 0–255, no leading zeros but a lone 0).
    static func isIPv4(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts = 0, value = 0, digits = 0
        for byte in text {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return false }
                parts += 1; value = 0; digits = 0
            } else if byte >= 48 && byte <= 57 {
                if digits == 1 && value == 0 { return false }
                value = value * 10 + Int(byte - 48)
                digits += 1
                guard value <= 255 else { return false }
            } else {
                return false
            }
        }
        return parts == 3 && digits > 0
    }

    /// An IPv6 address in any of its written forms (inet_pton decides).
    static func isIPv6(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count >= 2, text.count <= 45 else { return false }
        var colons = 0
        for byte in text {
            let hex = (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102) || (byte >= 65 && byte <= 70)
            guard hex || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") else { return false }
            if byte == UInt8(ascii: ":") { colons += 1 }
        }
        guard colons >= 2 else { return false }
        var address = in6_addr()
        let string = String(decoding: text, as: UTF8.self)
        return inet_pton(AF_INET6, string, &address) == 1
    }
}
