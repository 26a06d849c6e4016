import Foundation

/// A person's name taken apart the way records write it: "GARCÍA, Ana", "Dr. Ana M. García Jr.",
/// "ana garcia". Tokens are case- and diacritic-folded; honorifics are dropped; a
/// generational suffix (Jr., III) is kept apart because it tells a father from a son.
public struct PersonName: Hashable, Sendable {
    /// Given names in order (first, then middle names or initials), folded.
    public var given: [String]
    /// Family name tokens, folded ("garcia", "lopez" for "García López").
    public var family: [String]
    /// "jr", "sr", "ii", "iii", "iv", ... or nil.
    public var suffix: String?

    public init(given: [String], family: [String], suffix: String? = nil) {
        self.given = given
        self.family = family
        self.suffix = suffix
    }

    /// The canonical key: "given middle family[ suffix]".
    public var key: String { (given + family + (suffix.map { [$0] } ?? [])).joined(separator: " ") }

    public var first: String? { given.first }

    static let honorifics: Set<String> = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "fr", "hon", "sra", "herr", "frau", "mme", "mlle"]
    static let suffixes: [String: String] = ["jr": "jr", "junior": "jr", "sr": "sr", "senior": "sr", "ii": "ii", "iii": "iii",
                                             "iv": "iv", "v": "v", "2nd": "ii", "3rd": "iii", "md": "", "phd": "", "esq": "", "dds": "", "cpa": ""]
    /// Particles that belong to the family name: "van der Berg", "de la Cruz".
    static let particles: Set<String> = ["van", "von", "der", "den", "de", "la", "le", "del", "della", "di", "da", "dos", "du", "st", "bin", "ibn", "al", "el", "ter"]

    /// Folds case and diacritics and splits into words; apostrophes join (O'Brien = obrien).
    static func fold(_ text: String) -> [String] {
        if let words = foldASCII(text) { return words }
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var words: [String] = []
        var current = ""
        for character in folded {
            if let spelled = PersonName.letterFolds[character] {
                current += spelled   // letters that diacritic folding leaves alone: ß, ø, æ, œ, ł
            } else if character.isLetter || character.isNumber {
                current.append(character)
            } else if character == "'" || character == "’" {
                continue // O'Brien = OBrien = obrien
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static let letterFolds: [Character: String] = ["ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "þ": "th", "ı": "i"]

    /// The common case without Foundation: plain ASCII text. Nil for anything else.
    private static func foldASCII(_ text: String) -> [String]? {
        var words: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 0x80...: return nil
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte | 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
            case UInt8(ascii: "'"): continue
            default:
                if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// Parses a full name; nil when no letters remain. "Last, First Middle" is recognised
    /// by its comma; otherwise the last word (with any particles before it) is the family name.
    public init?(full text: String) {
        var family: [String] = []
        var given: [String]
        if let comma = text.firstIndex(of: ","),
           case let after = PersonName.fold(String(text[text.index(after: comma)...])),
           !after.isEmpty, !after.allSatisfy({ PersonName.suffixes[$0] != nil }) {
            family = PersonName.fold(String(text[..<comma]))   // "GARCÍA, Ana"
            given = after
        } else {
            given = PersonName.fold(text)                       // "Ana García", "Jane Doe, Jr."
        }
        given.removeAll { PersonName.honorifics.contains($0) }
        family.removeAll { PersonName.honorifics.contains($0) }
        let suffix = PersonName.takeSuffix(&family) ?? PersonName.takeSuffix(&given)
        if family.isEmpty {
            guard !given.isEmpty else { return nil }
            var split = given.count - 1
            while split > 1, PersonName.particles.contains(given[split - 1]) { split -= 1 }
            family = Array(given[split...])
            given = Array(given[..<split])
        }
        self.init(given: given, family: family, suffix: suffix)
    }

    /// Removes generational and professional suffixes from the end of `words`, returning
    /// the generational one ("jr", "iii"); professional ones (MD, PhD) are dropped.
    private static func takeSuffix(_ words: inout [String]) -> String? {
        var found: String?
        while words.count > 1, let last = words.last, let mapped = suffixes[last] {
            words.removeLast()
            if !mapped.isEmpty, found == nil { found = mapped }
        }
        return found
    }

    /// The key of a name from separate columns, without building the name, for the common
    /// case of one plain ASCII word in each (what indexing millions of rows mostly meets).
    /// Nil sends the caller to `init(given:family:)`, whose key it always equals.
    public static func quickKey(given: String, family: String) -> String? {
        var given = given, family = family
        return given.withUTF8 { g in
            family.withUTF8 { f in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: g.count + f.count + 1) { out in
                    quickKey(given: g, family: f, into: out.baseAddress!).map { String(decoding: UnsafeBufferPointer(start: out.baseAddress, count: $0), as: UTF8.self) }
                }
            }
        }
    }

    /// `quickKey` on raw bytes, for scans: writes the key to `out` (room for both words
    /// and a space) and returns its length.
    public static func quickKey(given: UnsafeBufferPointer<UInt8>, family: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        var count = 0
        // Copies one word lower-cased; false when it is empty or holds anything but ASCII letters.
        func word(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard !bytes.isEmpty else { return false }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): out[count] = byte
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): out[count] = byte | 0x20
                default: return false
                }
                count += 1
            }
            return true
        }
        guard word(given) else { return nil }
        out[count] = 32
        count += 1
        guard word(family) else { return nil }
        // An honorific in the given column is dropped by the full path: leave those to it.
        if given.count <= honorificMaxLength {
            let word = UnsafeBufferPointer(start: out, count: given.count)
            if honorificBytes.contains(where: { $0.elementsEqual(word) }) { return nil }
        }
        return count
    }

    private static let honorificBytes = honorifics.map { Array($0.utf8) }
    private static let honorificMaxLength = honorifics.map(\.utf8.count).max() ?? 0

    /// Builds a name from separate given and family columns.
    public init?(given: String?, family: String?) {
        let g = given.map(PersonName.fold)?.filter { !PersonName.honorifics.contains($0) } ?? []
        var f = family.map(PersonName.fold) ?? []
        let suffix = PersonName.takeSuffix(&f)
        guard !g.isEmpty || !f.isEmpty else { return nil }
        self.init(given: g, family: f, suffix: suffix)
    }
}
