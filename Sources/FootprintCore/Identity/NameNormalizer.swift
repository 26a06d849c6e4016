import Foundation

/// A first, simple name key: case and diacritics folded (García = garcia), punctuation
/// dropped, "Last, First" put in reading order. Names are weak evidence on their own:
/// a name match alone is only ever `possible`.
public enum NameNormalizer {
    public static func normalize(_ text: String) -> String? {
        var value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let comma = value.firstIndex(of: ","), value[value.index(after: comma)...].contains(where: \.isLetter) {
            value = value[value.index(after: comma)...] + " " + value[..<comma]
        }
        let folded = value.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let words = folded.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "'") })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}

/// A first, simple postal-address key: case folded, punctuation dropped, spaces collapsed.
/// Weak evidence on its own.
public enum AddressNormalizer {
    public static func normalize(_ text: String) -> String? {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let words = folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
