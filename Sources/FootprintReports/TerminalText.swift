/// Text bound for a terminal. Record values, keys and field names are hostile input: a
/// file name or a CSV header can hold escape sequences that would rewrite the screen or
/// the window title, so control characters are shown as `\u{…}` instead of being sent.
public enum TerminalText {
    public static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}

extension String {
    /// The text, cleaned for a terminal, left-aligned in a column `width` wide (at least
    /// one space after it).
    func padded(_ width: Int) -> String {
        let text = TerminalText.clean(self)
        return text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// The text cleaned for a terminal.
    var forTerminal: String { TerminalText.clean(self) }
}
