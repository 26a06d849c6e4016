import FootprintCore

/// The matcher's byte probes run over a raw JSON record before it is parsed: a record
/// none of whose string or number tokens could match any probe is skipped. Keys are
/// tested too (more "maybe"s, never a wrong "no"), and a string holding an escape
/// (`\u0040`, `\/`) is always parsed, since its bytes are not its text.
struct JSONProbe {
    let probes: [FieldProbe]

    func mayMatch(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                var j = i + 1
                var escaped = false
                while j < n, bytes[j] != UInt8(ascii: "\"") {
                    if bytes[j] == UInt8(ascii: "\\") {
                        escaped = true
                        j += 1
                    }
                    j += 1
                }
                if escaped { return true }
                if test(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<min(j, n)])) { return true }
                i = j + 1
            } else if (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") {
                var j = i + 1
                while j < n, Self.isNumberByte(bytes[j]) { j += 1 }
                if test(UnsafeBufferPointer(rebasing: bytes[i..<j])) { return true }
                i = j
            } else {
                i += 1
            }
        }
        return false
    }

    private func test(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        for probe in probes where probe.mayMatch(token) { return true }
        return false
    }

    private static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
    }
}
