/// Whether text is a number JSON can carry as a literal (RFC 8259 §6).
///
/// Stores hand us numbers JSON has no literal for — PostgreSQL's `NaN`, `Infinity`,
/// money as `$1,234.56`, a JSON export's malformed `-` or `+1.2.3e` — and copying them
/// into output as bare numbers would break every consumer's parser. Writers check with
/// this and write such a value as a string instead.
public enum JSONNumberSyntax {
    public static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValid($0) }
    }

    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        func digits() -> Int {
            let start = i
            while i < n, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            return i - start
        }
        if i < n, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n else { return false }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else if digits() == 0 {
            return false
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == n
    }
}
