import Foundation
import FootprintCore
import FootprintTestSupport

/// Writes a deterministic HubSpot-style contacts export of any size, with a few planted
/// people whose records are spread through the file in the formats real exports use,
/// and a truth file listing every record of each planted person. The same seed always
/// gives the same bytes, so benchmark figures can be compared between runs.
struct ContactsGenerator {
    struct PlantedPerson: Codable {
        var email: String
        var phone: String
        /// The `Record ID`s of every row that belongs to this person.
        var recordIDs: [String]
    }

    var rows: Int
    var seed: UInt64 = 42
    var plantedPeople = 20

    static let header = "\"Record ID\",\"First Name\",\"Last Name\",\"Email\",\"Phone Number\",\"Company Name\",\"Lifecycle Stage\",\"Lead Status\",\"City\",\"State/Region\",\"Country/Region\",\"Create Date\",\"Last Activity Date\",\"HubSpot Score\",\"Notes\"\r\n"

    static let firstNames = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
                             "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Ana",
                             "Wei", "Priya", "Mohammed", "Fatima", "José", "Zoë", "Noah", "Olivia", "Liam", "Emma"]
    static let lastNames = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
                            "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
                            "Lee", "Perez", "Thompson", "White", "Harris", "Sánchez", "Clark", "Ramirez", "Lewis", "Robinson"]
    static let companies = ["Acme Corp", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises",
                            "Wonka Industries", "Soylent", "Tyrell Corp", "Cyberdyne", "Vandelay Industries"]
    static let stages = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer"]
    static let cities = [("San Francisco", "CA"), ("New York", "NY"), ("Austin", "TX"), ("Chicago", "IL"), ("Seattle", "WA"),
                         ("Boston", "MA"), ("Denver", "CO"), ("Miami", "FL")]
    static let notes = ["", "", "", "Asked for a demo of the reporting module.", "Met at SaaStr; follow up in Q3 about pricing tiers.",
                        "Do not call before 10am Pacific.", "Requested a copy of the security whitepaper and SOC 2 report.",
                        "Multi-line note:\nrenewal discussion, budget approved\nfor next fiscal year."]

    /// Writes the export to `path` and returns the planted people.
    func write(to path: String) throws -> [PlantedPerson] {
        var random = SplitMix64(seed: seed)
        // Planted people's rows are chosen up front: 1 to 5 rows each, anywhere in the file.
        var people: [PlantedPerson] = []
        var plantedRow: [Int: (person: Int, variant: Int)] = [:]
        for p in 0..<plantedPeople {
            let email = "planted.person\(p)@example.com"
            let phone = String(format: "+1415555%04d", 1000 + p)
            people.append(PlantedPerson(email: email, phone: phone, recordIDs: []))
            let count = 1 + Int(random.next() % 5)
            for v in 0..<count {
                var row: Int
                repeat { row = Int(random.next() % UInt64(max(rows, 1))) } while plantedRow[row] != nil
                plantedRow[row] = (p, v)
            }
        }
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
        defer { try? handle.close() }
        var out = [UInt8]()
        out.reserveCapacity(1 << 22)
        out.append(contentsOf: Self.header.utf8)
        for row in 0..<rows {
            let id = String(100_000_000 + row)
            let first = Self.firstNames[Int(random.next() % UInt64(Self.firstNames.count))]
            let last = Self.lastNames[Int(random.next() % UInt64(Self.lastNames.count))]
            var email = "\(first.lowercased().folding(options: .diacriticInsensitive, locale: nil)).\(last.lowercased().folding(options: .diacriticInsensitive, locale: nil))\(row)@example.net"
            // Strangers never get a 555 exchange, so no stranger shares a planted number.
            let exchange = 200 + Int(random.next() % 700)
            var phone = Self.phoneText(areaCode: 200 + Int(random.next() % 700), line: Int(random.next() % 10_000),
                                       style: Int(random.next() % 6), exchange: exchange == 555 ? 556 : exchange)
            if let planted = plantedRow[row] {
                let person = people[planted.person]
                email = Self.emailVariant(person.email, planted.variant)
                phone = Self.phoneText(areaCode: 415, line: 1000 + planted.person, style: planted.variant, exchange: 555)
                people[planted.person].recordIDs.append(id)
            }
            let (city, state) = Self.cities[Int(random.next() % UInt64(Self.cities.count))]
            let note = Self.notes[Int(random.next() % UInt64(Self.notes.count))]
            let fields = [id, first, last, email, phone, Self.companies[Int(random.next() % UInt64(Self.companies.count))],
                          Self.stages[Int(random.next() % UInt64(Self.stages.count))], "OPEN", city, state, "United States",
                          "2024-\(String(format: "%02d", 1 + row % 12))-\(String(format: "%02d", 1 + row % 28)) 10:\(String(format: "%02d", row % 60))",
                          "2025-06-01 08:00", String(random.next() % 100), note]
            for (k, field) in fields.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\""))
                for byte in field.utf8 {
                    out.append(byte)
                    if byte == UInt8(ascii: "\"") { out.append(byte) }
                }
                out.append(UInt8(ascii: "\""))
            }
            out.append(contentsOf: [13, 10])
            if out.count > (1 << 22) - 4096 {
                handle.write(Data(out))
                out.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(out))
        return people
    }

    /// The ways exports write one phone number.
    static func phoneText(areaCode: Int, line: Int, style: Int, exchange: Int = 555) -> String {
        let l = String(format: "%04d", line)
        switch style % 6 {
        case 0: return "(\(areaCode)) \(exchange)-\(l)"
        case 1: return "\(areaCode).\(exchange).\(l)"
        case 2: return "+1 \(areaCode) \(exchange) \(l)"
        case 3: return "1-\(areaCode)-\(exchange)-\(l)"
        case 4: return "1\(areaCode)\(exchange)\(l)"
        default: return "\(areaCode)-\(exchange)-\(l) ext. 12"
        }
    }

    static func emailVariant(_ email: String, _ variant: Int) -> String {
        switch variant % 4 {
        case 0: return email
        case 1: return email.uppercased()
        case 2: return "  " + email.capitalized + " "
        default: return email.replacingOccurrences(of: "@", with: "%40")
        }
    }
}

extension ContactsGenerator {
    /// A fresh folder `dir/name` holding a copy of the export as `contacts.csv` (benches
    /// that change the file, or build an index beside it, never touch the original).
    static func workCopy(rows: Int, dir: String, name: String) throws -> (work: String, copy: String, csv: String) {
        let (csv, _) = try export(rows: rows, dir: dir)
        let work = "\(dir)/\(name)"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // Its modification time kept: a copy made again the same way has the same fingerprint.
        guard try Measure.run(["cp", "-p", csv, work + "/contacts.csv"]).exitCode == 0 else { throw BenchError("cannot copy the export") }
        return (work, work + "/contacts.csv", csv)
    }

    /// The export of `rows` rows in `dir` (written once, or again when `regenerate`) and the
    /// planted person with the most rows, whom a lookup must find in every one of them.
    static func export(rows: Int, dir: String, regenerate: Bool = false) throws -> (csv: String, person: PlantedPerson) {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let csv = "\(dir)/contacts-\(rows).csv"
        if regenerate || !FileManager.default.fileExists(atPath: csv + ".truth.json") {
            print("generating \(csv) ...")
            let people = try ContactsGenerator(rows: rows).write(to: csv)
            try JSONEncoder().encode(people).write(to: URL(fileURLWithPath: csv + ".truth.json"))
        }
        let people = try JSONDecoder().decode([PlantedPerson].self, from: Data(contentsOf: URL(fileURLWithPath: csv + ".truth.json")))
        return (csv, people.max { $0.recordIDs.count < $1.recordIDs.count }!)
    }
}
