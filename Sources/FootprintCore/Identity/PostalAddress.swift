import Foundation

/// A postal address taken apart into what identifies a dwelling: house number, street,
/// unit, city, state and 5-digit ZIP, each normalized the USPS way (Street→ST,
/// Apartment→APT, Illinois→IL, 62704-1234→62704), whether it came from one column or
/// from street/city/state/zip columns.
public struct PostalAddress: Hashable, Sendable {
    public var number: String?
    /// Street words with USPS suffix and direction abbreviations: ["OAK", "ST"].
    public var street: [String]
    /// Unit designator and number: "APT 4".
    public var unit: String?
    public var city: [String]
    public var state: String?
    public var zip: String?

    public init(number: String? = nil, street: [String] = [], unit: String? = nil, city: [String] = [], state: String? = nil, zip: String? = nil) {
        self.number = number
        self.street = street
        self.unit = unit
        self.city = city
        self.state = state
        self.zip = zip
    }

    /// "12 OAK ST APT 4, SPRINGFIELD IL 62704".
    public var key: String {
        var line = ([number].compactMap { $0 } + street + [unit].compactMap { $0 }).joined(separator: " ")
        let place = (city + [state, zip].compactMap { $0 }).joined(separator: " ")
        if !place.isEmpty { line += line.isEmpty ? place : ", " + place }
        return line
    }

    static func words(_ text: String) -> [String] {
        asciiWords(text) ?? unicodeWords(text)
    }

    /// `words` for any text (a test holds `asciiWords` to it).
    static func unicodeWords(_ text: String) -> [String] {
        let folded = text.utf8.allSatisfy({ $0 < 0x80 }) ? text.uppercased()
            : text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).uppercased()
        var words: [String] = []
        var current = ""
        for character in folded {
            if character.isLetter || character.isNumber || character == "-" && !current.isEmpty && current.last!.isNumber {
                current.append(character)
            } else if character == "#" {
                if !current.isEmpty { words.append(current) }
                words.append("#")
                current = ""
            } else if character == "." || character == "'" {
                continue
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `words` for plain ASCII, on bytes: what scans mostly meet, without looking up
    /// Unicode properties per character. The same rules: letters and digits make words,
    /// a hyphen joins after a digit (`12-14`), `#` is a word of its own, `.` and `'` vanish.
    static func asciiWords(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var words: [String] = []
            var current: [UInt8] = []
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case UInt8(ascii: "a")...UInt8(ascii: "z"): current.append(byte - 32)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
                case UInt8(ascii: "-") where !current.isEmpty && current.last! >= UInt8(ascii: "0") && current.last! <= UInt8(ascii: "9"):
                    current.append(byte)
                case UInt8(ascii: "#"):
                    if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
                    words.append("#")
                    current.removeAll(keepingCapacity: true)
                case UInt8(ascii: "."), UInt8(ascii: "'"):
                    continue
                default:
                    if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
                    current.removeAll(keepingCapacity: true)
                }
            }
            if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
            return words
        }
    }

    /// Parses an address written in one field: "12 Oak Street Apt 4, Springfield IL 62704-1234".
    public init?(full text: String) {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == "\n" }).map(String.init)
        var all = PostalAddress.words(text)
        guard !all.isEmpty else { return nil }
        self.init()
        // From the end: ZIP, then state, then (if the text had commas) the city part.
        if let last = all.last, let zip = PostalAddress.zip5(last) {
            self.zip = zip
            all.removeLast()
        }
        if let last = all.last, let state = PostalAddress.state(last) {
            self.state = state
            all.removeLast()
        } else if all.count >= 2, let state = PostalAddress.state(all.suffix(2).joined(separator: " ")) {
            self.state = state
            all.removeLast(2)
        }
        if parts.count >= 2 {
            // The street is the first comma part (and a second one if it holds a unit); the city the rest.
            var streetWords = PostalAddress.words(parts[0])
            if parts.count >= 3, let first = PostalAddress.words(parts[1]).first, PostalAddress.units[first] != nil || first == "#" {
                streetWords += PostalAddress.words(parts[1])   // "12 Oak St, Apt 4, Springfield IL"
            }
            streetWords = Array(all.prefix(min(streetWords.count, all.count)))
            city = Array(all.dropFirst(streetWords.count))
            parseStreet(streetWords)
        } else {
            parseStreet(all)
        }
        guard number != nil || !street.isEmpty || zip != nil else { return nil }
    }

    /// Builds an address from separate columns.
    public init?(street: String?, city: String?, state: String?, zip: String?) {
        self.init()
        if let street { parseStreet(PostalAddress.words(street)) }
        self.city = city.map(PostalAddress.words) ?? []
        self.state = state.flatMap { PostalAddress.state(PostalAddress.words($0).joined(separator: " ")) }
        self.zip = zip.flatMap { PostalAddress.zip5(PostalAddress.words($0).first ?? "") }
        guard number != nil || !self.street.isEmpty || zip != nil || !self.city.isEmpty else { return nil }
    }

    /// Reads "12 N Oak Street Apt 4" into number, street and unit. Words after the unit
    /// (or after the street suffix) are the city, for addresses written without commas.
    private mutating func parseStreet(_ input: [String]) {
        var words = input
        if let first = words.first, first.first?.isNumber == true {
            number = first
            words.removeFirst()
        }
        var trailing: [String] = []
        if let index = words.firstIndex(where: { PostalAddress.units[$0] != nil || $0 == "#" }), index > 0 {
            let designator = words[index] == "#" ? "#" : PostalAddress.units[words[index]]!
            let rest = words.dropFirst(index + 1)
            unit = ([designator] + rest.prefix(1)).joined(separator: " ")
            trailing = Array(rest.dropFirst())
            words = Array(words[..<index])
        } else if let index = words.indices.dropFirst().last(where: { PostalAddress.suffixes[words[$0]] != nil }), index < words.count - 1,
                  PostalAddress.directions[words[index + 1]] == nil || index + 2 < words.count {
            trailing = Array(words[(index + 1)...])
            words = Array(words[...index])
        }
        if city.isEmpty { city = trailing }
        street = words.enumerated().map { index, word in
            if index == words.count - 1, index > 0, let suffix = PostalAddress.suffixes[word] { return suffix }
            if let direction = PostalAddress.directions[word], index == 0 || index == words.count - 1 { return direction }
            return word
        }
    }

    static func zip5(_ word: String) -> String? {
        let digits = word.split(separator: "-").first.map(String.init) ?? word
        guard digits.count == 5, digits.allSatisfy(\.isNumber) else { return nil }
        return digits
    }

    static func state(_ text: String) -> String? {
        if text.count == 2, states.values.contains(text) { return text }
        return states[text]
    }

    static let units: [String: String] = [
        "APARTMENT": "APT", "APT": "APT", "SUITE": "STE", "STE": "STE", "UNIT": "UNIT", "FLOOR": "FL", "FL": "FL",
        "ROOM": "RM", "RM": "RM", "BUILDING": "BLDG", "BLDG": "BLDG", "DEPARTMENT": "DEPT", "DEPT": "DEPT",
        "LOT": "LOT", "SPACE": "SPC", "SPC": "SPC", "TRAILER": "TRLR", "TRLR": "TRLR", "PENTHOUSE": "PH", "PH": "PH",
    ]

    /// USPS Publication 28 street suffixes (the common ones and their usual spellings).
    static let suffixes: [String: String] = [
        "STREET": "ST", "STR": "ST", "ST": "ST", "AVENUE": "AVE", "AV": "AVE", "AVE": "AVE", "AVEN": "AVE", "AVN": "AVE",
        "BOULEVARD": "BLVD", "BLVD": "BLVD", "BOUL": "BLVD", "ROAD": "RD", "RD": "RD", "DRIVE": "DR", "DR": "DR", "DRV": "DR",
        "LANE": "LN", "LN": "LN", "COURT": "CT", "CT": "CT", "PLACE": "PL", "PL": "PL", "TERRACE": "TER", "TER": "TER",
        "CIRCLE": "CIR", "CIR": "CIR", "HIGHWAY": "HWY", "HWY": "HWY", "PARKWAY": "PKWY", "PKWY": "PKWY", "PKY": "PKWY",
        "SQUARE": "SQ", "SQ": "SQ", "TRAIL": "TRL", "TRL": "TRL", "WAY": "WAY", "ALLEY": "ALY", "ALY": "ALY",
        "CRESCENT": "CRES", "CRES": "CRES", "EXPRESSWAY": "EXPY", "EXPY": "EXPY", "FREEWAY": "FWY", "FWY": "FWY",
        "PLAZA": "PLZ", "PLZ": "PLZ", "POINT": "PT", "PT": "PT", "RIDGE": "RDG", "RDG": "RDG", "ROUTE": "RTE", "RTE": "RTE",
        "TURNPIKE": "TPKE", "TPKE": "TPKE", "CREEK": "CRK", "CRK": "CRK", "HEIGHTS": "HTS", "HTS": "HTS", "HILL": "HL",
        "HL": "HL", "LOOP": "LOOP", "PIKE": "PIKE", "ROW": "ROW", "RUN": "RUN", "WALK": "WALK", "COVE": "CV", "CV": "CV",
    ]

    static let directions: [String: String] = [
        "NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W", "NORTHEAST": "NE", "NORTHWEST": "NW", "SOUTHEAST": "SE",
        "SOUTHWEST": "SW", "N": "N", "S": "S", "E": "E", "W": "W", "NE": "NE", "NW": "NW", "SE": "SE", "SW": "SW",
    ]

    static let states: [String: String] = [
        "ALABAMA": "AL", "ALASKA": "AK", "ARIZONA": "AZ", "ARKANSAS": "AR", "CALIFORNIA": "CA", "COLORADO": "CO",
        "CONNECTICUT": "CT", "DELAWARE": "DE", "DISTRICT OF COLUMBIA": "DC", "FLORIDA": "FL", "GEORGIA": "GA", "HAWAII": "HI",
        "IDAHO": "ID", "ILLINOIS": "IL", "INDIANA": "IN", "IOWA": "IA", "KANSAS": "KS", "KENTUCKY": "KY", "LOUISIANA": "LA",
        "MAINE": "ME", "MARYLAND": "MD", "MASSACHUSETTS": "MA", "MICHIGAN": "MI", "MINNESOTA": "MN", "MISSISSIPPI": "MS",
        "MISSOURI": "MO", "MONTANA": "MT", "NEBRASKA": "NE", "NEVADA": "NV", "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ",
        "NEW MEXICO": "NM", "NEW YORK": "NY", "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND", "OHIO": "OH", "OKLAHOMA": "OK",
        "OREGON": "OR", "PENNSYLVANIA": "PA", "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD",
        "TENNESSEE": "TN", "TEXAS": "TX", "UTAH": "UT", "VERMONT": "VT", "VIRGINIA": "VA", "WASHINGTON": "WA",
        "WEST VIRGINIA": "WV", "WISCONSIN": "WI", "WYOMING": "WY", "PUERTO RICO": "PR", "GUAM": "GU",
    ]
}
