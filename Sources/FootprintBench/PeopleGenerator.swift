import Foundation
import FootprintCore
import FootprintTestSupport

/// Writes a CRM-style export for measuring match *quality*: planted people whose records
/// are written the many ways real systems write one person — typos, nicknames, dropped
/// diacritics, swapped name order, a previous address, name + date of birth only — among
/// filler rows and decoys: a household member sharing the phone and address, a stranger
/// with the very same name, and the neighbours a matcher must never confirm — a relative
/// whose given name shares letters (Paul/Paula) at the same phone and address, a twin
/// sharing address and birthday, a housemate sharing both, a junior at the same address.
/// The truth file lists, per planted person, the identity a verified request would carry,
/// which records are theirs, and which decoys of which kind sit near them.
struct PeopleGenerator {
    struct PlantedIdentity: Codable {
        var name: String
        var email: String
        var phone: String
        var address: String
        var dob: String
        /// Record IDs that belong to this person.
        var records: [String]
        /// Record IDs of decoys planted near this person (household, namesake): never theirs.
        var decoys: [String]
        /// Per decoy record ID, its kind (household, namesake, relative, twin, housemate, junior).
        var decoyKinds: [String: String] = [:]
    }

    /// Given names and a sibling's name that shares most of its letters.
    static let siblingNames: [String: String] = [
        "Paul": "Paula", "Paula": "Paul", "Michael": "Michelle", "Michelle": "Michael", "Daniel": "Daniela", "Daniela": "Daniel",
        "Christopher": "Christina", "Christina": "Christopher", "Francis": "Frances", "Frances": "Francis",
        "Alexander": "Alexandra", "Alexandra": "Alexander", "Mario": "Maria", "Maria": "Mario", "Luis": "Luisa", "Luisa": "Luis",
    ]

    var rows: Int
    var people: Int
    var seed: UInt64 = 7

    static let header = "Record ID,First Name,Last Name,Email,Phone Number,Street Address,City,State/Region,Postal Code,Date of Birth,Company Name,Create Date\r\n"

    static let givenNames = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
                             "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
                             "Christopher", "Nancy", "Daniel", "Margaret", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Dorothy",
                             "Steven", "Sandra", "Andrew", "Ashley", "Kenneth", "Kimberly", "Joshua", "Donna", "Kevin", "Emily",
                             "José", "Zoë", "Chloé", "André", "Renée", "Søren", "Björn", "Agnès", "Inés", "Ana", "Wei", "Priya",
                             "Mohammed", "Fatima", "Olumide", "Sakura", "Dmitri", "Ingrid", "Raúl", "Noémie",
                             "Paul", "Paula", "Michelle", "Daniela", "Christina", "Francis", "Frances", "Alexander", "Alexandra",
                             "Mario", "Maria", "Luis", "Luisa"]
    static let syllables = ["gar", "ci", "lo", "pez", "mar", "tin", "son", "wil", "li", "ams", "jo", "hn", "smi", "th", "ber",
                            "ger", "ov", "ski", "nak", "mu", "ra", "ta", "chen", "dal", "ton", "fer", "nan", "dez", "quist", "berg"]
    static let accentedSyllables = ["gar", "cí", "nú", "ñez", "mül", "sø", "rá", "mí", "łu", "öz", "tür", "gó", "pé", "fér", "nán", "dez", "ler", "kas"]
    static let givenSyllables = ["an", "ja", "mi", "ko", "la", "ri", "el", "da", "so", "na", "ti", "vo", "ka", "le", "ne", "ra", "sha", "yu", "be", "lo"]
    static let streets = ["Oak", "Maple", "Pine", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Main", "Sunset", "River",
                          "Highland", "Jefferson", "Lincoln", "Franklin", "Madison", "Spring", "Church", "Walnut"]
    static let suffixes = [("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"), ("Boulevard", "Blvd"), ("Drive", "Dr"), ("Lane", "Ln"), ("Court", "Ct")]
    static let places = [("Springfield", "IL", "Illinois"), ("Portland", "OR", "Oregon"), ("Austin", "TX", "Texas"), ("Denver", "CO", "Colorado"),
                         ("Columbus", "OH", "Ohio"), ("Madison", "WI", "Wisconsin"), ("Raleigh", "NC", "North Carolina"), ("Boise", "ID", "Idaho")]

    struct Person {
        var given: String
        var family: String
        var email: String
        var phoneDigits: String  // 10 digits
        var number: Int
        var street: Int
        var suffix: Int
        var unit: Int?
        var place: Int
        var zip: String
        var dob: (Int, Int, Int)
    }

    func write(to path: String) throws -> [PlantedIdentity] {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        // Names drawn from syllables, so that the population has realistic variety: a
        // handful of surnames shared by 100,000 people would make exact namesakes born on
        // the same day far commoner than they are.
        func randomFamily() -> String {
            let pool = random.next() % 10 == 0 ? Self.accentedSyllables : Self.syllables
            let n = 2 + Int(random.next() % 2)
            let word = (0..<n).map { _ in pick(pool) }.joined()
            return word.prefix(1).uppercased() + word.dropFirst()
        }
        func randomGiven(common: Bool) -> String {
            if common || random.next() % 3 == 0 { return pick(Self.givenNames) }
            let word = (0..<(2 + Int(random.next() % 2))).map { _ in pick(Self.givenSyllables) }.joined()
            return word.prefix(1).uppercased() + word.dropFirst()
        }
        var serial = 0
        func randomPerson(common: Bool = false) -> Person {
            serial += 1
            let given = randomGiven(common: common), family = randomFamily()
            let place = Int(random.next() % UInt64(Self.places.count))
            let area = 200 + random.next() % 700, exchange = 200 + random.next() % 700, line = random.next() % 10000
            let phoneDigits = "\(area)\(exchange == 555 ? 556 : exchange)" + String(format: "%04d", line)
            return Person(given: given, family: family,
                          email: "\(Self.ascii(given).lowercased()).\(Self.ascii(family).lowercased()).\(serial)@example.org",
                          phoneDigits: phoneDigits,
                          number: 1 + Int(random.next() % 9999), street: Int(random.next() % UInt64(Self.streets.count)),
                          suffix: Int(random.next() % UInt64(Self.suffixes.count)), unit: random.next() % 3 == 0 ? 1 + Int(random.next() % 40) : nil,
                          place: place, zip: String(format: "%05d", 10000 + Int(random.next() % 89999)),
                          dob: (1940 + Int(random.next() % 65), 1 + Int(random.next() % 12), 1 + Int(random.next() % 28)))
        }

        // Decide every planted row up front: (row index) -> what to write there.
        enum Planted {
            case own(person: Int, variant: Int), household(person: Int), namesake(person: Int)
            case relative(person: Int), twin(person: Int), housemate(person: Int), junior(person: Int, withBirthday: Bool)
        }
        var plan: [Int: Planted] = [:]
        var persons: [Person] = []
        var previousAddress: [Person] = []
        var truth: [PlantedIdentity] = []
        func freeRow() -> Int {
            var row: Int
            repeat { row = Int(random.next() % UInt64(rows)) } while plan[row] != nil
            return row
        }
        for p in 0..<people {
            persons.append(randomPerson(common: true))
            previousAddress.append(randomPerson())
            let count = 1 + Int(random.next() % 5)
            var variants = [0] + (1..<7).shuffled(using: &random).prefix(count - 1)
            variants.sort()
            for variant in variants { plan[freeRow()] = .own(person: p, variant: variant) }
            if random.next() % 4 == 0 { plan[freeRow()] = .household(person: p) }
            if random.next() % 4 == 0 { plan[freeRow()] = .namesake(person: p) }
            if Self.siblingNames[persons[p].given] != nil { plan[freeRow()] = .relative(person: p) }
            if random.next() % 8 == 0 { plan[freeRow()] = .twin(person: p) }
            if random.next() % 8 == 0 { plan[freeRow()] = .housemate(person: p) }
            if random.next() % 8 == 0 { plan[freeRow()] = .junior(person: p, withBirthday: random.next() % 2 == 0) }
            let person = persons[p]
            truth.append(PlantedIdentity(name: "\(person.given) \(person.family)", email: person.email,
                                         phone: Self.phoneText(person.phoneDigits, style: 0),
                                         address: Self.addressLine(person, style: 0, placeStyle: 0),
                                         dob: String(format: "%04d-%02d-%02d", person.dob.0, person.dob.1, person.dob.2),
                                         records: [], decoys: []))
        }

        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write \(path)") }
        defer { try? handle.close() }
        var out = Data(Self.header.utf8)
        for row in 0..<rows {
            let id = String(500_000_000 + row)
            var fields: [String]
            switch plan[row] {
            case .own(let p, let variant)?:
                fields = Self.variant(persons[p], previous: previousAddress[p], variant: variant, random: &random)
                truth[p].records.append(id)
            case .household(let p)?:
                // Same family name, address and phone; another given name, email and birthday.
                var member = persons[p]
                let other = randomPerson()
                member.given = Self.givenNames.first { $0 != member.given && !Nicknames.related($0, member.given) && $0.first != member.given.first }!
                member.email = other.email
                member.dob = other.dob
                fields = Self.variant(member, previous: member, variant: 0, random: &random)
                truth[p].decoys.append(id); truth[p].decoyKinds[id] = "household"
            case .relative(let p)?:
                // A brother or sister: a given name that shares letters, the same family name,
                // phone and address; their own email and birthday.
                var member = persons[p]
                let other = randomPerson()
                member.given = Self.siblingNames[member.given]!
                member.email = other.email
                member.dob = other.dob
                fields = Self.variant(member, previous: member, variant: 0, random: &random)
                fields[2] = ""; fields[8] = "" // as a household's second contact is often kept: name, phone, address
                truth[p].decoys.append(id); truth[p].decoyKinds[id] = "relative"
            case .twin(let p)?:
                // Same family name, address and birthday; another given name, email and phone.
                var twin = persons[p]
                let other = randomPerson()
                twin.given = Self.givenNames.first { $0 != twin.given && !Nicknames.related($0, twin.given) && $0.first != twin.given.first }!
                twin.email = other.email
                twin.phoneDigits = other.phoneDigits
                fields = Self.variant(twin, previous: twin, variant: 0, random: &random)
                fields[2] = ""; fields[3] = "" // a loyalty signup: name, address, birthday
                truth[p].decoys.append(id); truth[p].decoyKinds[id] = "twin"
            case .housemate(let p)?:
                // Nothing of the name in common; the same address and the same birthday.
                var housemate = randomPerson()
                housemate.number = persons[p].number; housemate.street = persons[p].street; housemate.suffix = persons[p].suffix
                housemate.unit = persons[p].unit; housemate.place = persons[p].place; housemate.zip = persons[p].zip
                housemate.dob = persons[p].dob
                fields = Self.variant(housemate, previous: housemate, variant: 0, random: &random)
                fields[2] = ""; fields[3] = ""
                truth[p].decoys.append(id); truth[p].decoyKinds[id] = "housemate"
            case .junior(let p, let withBirthday)?:
                // The same name with "Jr." and the same address: the son. His own contact
                // details; his birthday written down only sometimes.
                var junior = persons[p]
                let other = randomPerson()
                junior.family += " Jr."
                junior.email = other.email
                junior.phoneDigits = other.phoneDigits
                junior.dob = (persons[p].dob.0 + 25, other.dob.1, other.dob.2)
                fields = Self.variant(junior, previous: junior, variant: 0, random: &random)
                fields[2] = ""; fields[3] = ""
                if !withBirthday { fields[8] = "" }
                truth[p].decoys.append(id); truth[p].decoyKinds[id] = "junior"
            case .namesake(let p)?:
                // The very same name; nothing else in common.
                var stranger = randomPerson()
                stranger.given = persons[p].given
                stranger.family = persons[p].family
                fields = Self.variant(stranger, previous: stranger, variant: 0, random: &random)
                truth[p].decoys.append(id); truth[p].decoyKinds[id] = "namesake"
            case nil:
                // Everyone else: mostly complete records, some written the sloppy ways too.
                let variant = random.next() % 100 < 85 ? 0 : Int(random.next() % 7)
                fields = Self.variant(randomPerson(), previous: randomPerson(), variant: variant, random: &random)
            }
            let line = ([id] + fields + ["Initech", "2025-01-\(String(format: "%02d", 1 + row % 28))"]).map(Self.csvField).joined(separator: ",") + "\r\n"
            out.append(contentsOf: line.utf8)
            if out.count > 1 << 22 {
                handle.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        handle.write(out)
        return truth
    }

    /// The columns after Record ID for one way of writing a person.
    static func variant(_ p: Person, previous: Person, variant: Int, random: inout SplitMix64) -> [String] {
        let style = Int(random.next() % 4)
        var given = p.given, family = p.family
        var email = style == 1 ? p.email.uppercased() : p.email
        var phone = phoneText(p.phoneDigits, style: style)
        var person = p
        var dob = dobText(p.dob, style: style)
        switch variant {
        case 1: // a typo in the name; contact details intact
            if random.next() % 2 == 0 { family = typo(family, &random) } else { given = typo(given, &random) }
        case 2: // nickname (or initial), the address, nothing else
            given = nickname(given) ?? String(given.prefix(1)) + "."
            email = ""; phone = ""; dob = ""
        case 3: // diacritics dropped and shouted, the address, sometimes with a typo in the street
            given = ascii(given).uppercased(); family = ascii(family).uppercased()
            email = ""; phone = ""; dob = ""
        case 4: // first and last name swapped by whoever typed it; the email
            swap(&given, &family)
            phone = ""; dob = ""
        case 5: // a previous address; the phone
            person = previous; person.given = p.given; person.family = p.family
            email = ""; dob = ""
        case 6: // name and date of birth only
            email = ""; phone = ""
            return [given, family, email, phone, "", "", "", "", dob]
        default: break
        }
        let (city, state, stateName) = places[person.place]
        let street = streetLine(person, style: style)
        return [given, family, email, phone, street, city, style == 2 ? stateName : state,
                style == 3 ? person.zip + "-" + String(format: "%04d", random.next() % 10000) : person.zip, dob]
    }

    static func streetLine(_ p: Person, style: Int) -> String {
        let (long, short) = suffixes[p.suffix]
        let unit = p.unit.map { style % 2 == 0 ? " Apt \($0)" : " #\($0)" } ?? ""
        return "\(p.number) \(streets[p.street]) \(style % 2 == 0 ? long : short)\(unit)"
    }

    static func addressLine(_ p: Person, style: Int, placeStyle: Int) -> String {
        let (city, state, _) = places[p.place]
        return "\(streetLine(p, style: style)), \(city), \(state) \(p.zip)"
    }

    static func phoneText(_ digits: String, style: Int) -> String {
        let a = digits.prefix(3), b = digits.dropFirst(3).prefix(3), c = digits.suffix(4)
        switch style % 4 {
        case 0: return "(\(a)) \(b)-\(c)"
        case 1: return "+1 \(a) \(b) \(c)"
        case 2: return "\(a).\(b).\(c)"
        default: return "1-\(a)-\(b)-\(c)"
        }
    }

    static func dobText(_ d: (Int, Int, Int), style: Int) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        switch style % 3 {
        case 0: return String(format: "%04d-%02d-%02d", d.0, d.1, d.2)
        case 1: return String(format: "%02d/%02d/%04d", d.1, d.2, d.0)
        default: return "\(d.2) \(months[d.1 - 1]) \(d.0)"
        }
    }

    static func typo(_ word: String, _ random: inout SplitMix64) -> String {
        var chars = Array(word)
        guard chars.count >= 4 else { return word }
        let i = 1 + Int(random.next() % UInt64(chars.count - 2))
        if random.next() % 2 == 0 { chars.swapAt(i, i + 1) } else { chars[i] = chars[i] == "e" ? "a" : "e" }
        return String(chars)
    }

    static func nickname(_ given: String) -> String? {
        ["William": "Bill", "Robert": "Bob", "Elizabeth": "Liz", "James": "Jim", "Michael": "Mike", "Richard": "Rick",
         "Joseph": "Joe", "Thomas": "Tom", "Margaret": "Peggy", "Jennifer": "Jenny", "Susan": "Sue", "Daniel": "Dan",
         "Christopher": "Chris", "Matthew": "Matt", "Anthony": "Tony", "Steven": "Steve", "Andrew": "Andy",
         "Kenneth": "Ken", "Charles": "Chuck", "Jessica": "Jess", "Patricia": "Pat", "Dorothy": "Dot", "Sarah": "Sally",
         "John": "Jack", "David": "Dave", "Joshua": "Josh", "Kimberly": "Kim", "Barbara": "Barb"][given]
    }

    static func ascii(_ text: String) -> String {
        text.folding(options: .diacriticInsensitive, locale: nil).replacingOccurrences(of: "ø", with: "o").replacingOccurrences(of: "Ø", with: "O")
            .replacingOccurrences(of: "Ł", with: "L").replacingOccurrences(of: "ł", with: "l")
    }

    static func csvField(_ value: String) -> String {
        value.contains(",") || value.contains("\"") ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}

/// The bench's own small view of nicknames: the household decoy must not carry a
/// variant of the planted person's given name.
enum Nicknames {
    static func related(_ a: String, _ b: String) -> Bool {
        PeopleGenerator.nickname(a) == b || PeopleGenerator.nickname(b) == a
    }
}
