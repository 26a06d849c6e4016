/// Tells a different given name from a misspelt one.
///
/// Jaro–Winkler is for typos, but siblings' names are often closer than any typo:
/// Paul/Paula scores 0.96, Francis/Frances 0.94, Michael/Michelle 0.91. A fuzzy agreement
/// between such names would confirm a brother's record for his sister. Two given names
/// are *distinct* — never a fuzzy agreement — when
/// - one merely starts with the other (Paul/Paula, Luis/Luisa, Jan/Jane): a short form
///   must come from the nickname table or an initial, not from shared letters; or
/// - both are known given names (the US Census lists, `GivenNamesTable.swift`) borne
///   mostly by different sexes (Mario/Maria, Francis/Frances, Christopher/Christina); or
/// - both are known names of one sex that are not one spelling of the other: the same
///   after undoubling letters, y→i, ph→f and with the inner vowels ignored
///   (Jonathan/Jonathon, Brian/Bryan, Philip/Phillip are one name; Laura/Lauren are two).
/// A name the lists do not know is left to the similarity threshold: that is a typo's case.
enum GivenNames {
    enum Sex { case mostlyMale, mostlyFemale }

    static let table: [Substring: Sex] = {
        var table: [Substring: Sex] = [:]
        for name in mostlyMaleText.split(whereSeparator: \.isWhitespace) { table[name] = .mostlyMale }
        for name in mostlyFemaleText.split(whereSeparator: \.isWhitespace) { table[name] = .mostlyFemale }
        return table
    }()

    static func isKnown(_ name: String) -> Bool { table[Substring(name)] != nil }

    /// Whether two folded given names (neither an initial, not nickname variants) name
    /// different people rather than one name written twice.
    static func areDistinct(_ a: String, _ b: String) -> Bool {
        guard a != b else { return false }
        if a.hasPrefix(b) || b.hasPrefix(a) { return true }
        guard let x = table[Substring(a)], let y = table[Substring(b)] else { return false }
        return x != y || spelling(a) != spelling(b)
    }

    /// The name as its sound is spelt, roughly: doubled letters once, y as i, ph as f, and
    /// every vowel but the first and last letter as one mark. "jonathon" → "jon*th*n".
    static func spelling(_ name: String) -> String {
        let letters = Array(name.replacingOccurrences(of: "ph", with: "f").map { $0 == "y" ? "i" : $0 })
        var out: [Character] = []
        for (i, letter) in letters.enumerated() {
            let inner = i > 0 && i < letters.count - 1
            let mark: Character = inner && "aeiou".contains(letter) ? "*" : letter
            if mark != out.last { out.append(mark) }
        }
        return String(out)
    }
}
