/// JSON string literals written straight into bytes: quotes, backslashes and control
/// characters escaped, everything else (valid UTF-8) copied as it is. One definition for
/// every writer of JSON — request bodies here, records and reports in FootprintReports.
public enum JSONString {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string literal of UTF-8 text: quotes, backslashes and control characters escaped.
    public static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { append(bytes: $0, to: &out) }
    }

    public static func append(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var start = 0
        for i in 0..<bytes.count {
            let b = bytes[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            default: out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            }
            start = i + 1
        }
        if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count])) }
        out.append(UInt8(ascii: "\""))
    }
}
