import Foundation
import FootprintCore

/// People who were deleted, kept so that a scan notices them coming back (a re-import of
/// an old export, a CRM sync): per person, the keyed hashes (the index key) of their email
/// addresses, phone numbers and account ids, the date and request, and the identity sealed
/// under the index key so a new plan can be made for them at once. Never an identifier in
/// clear. A JSON file beside the index (`suppression.json`, 0600), written whole.
public struct SuppressionList {
    public typealias Person = SuppressedPerson

    public let path: String
    public private(set) var people: [Person] = []

    public init(indexPath: String) throws {
        path = (indexPath as NSString).deletingLastPathComponent + "/suppression.json"
        guard let data = FileManager.default.contents(atPath: path) else { return }
        do {
            people = try JSONDecoder().decode([Person].self, from: data)
        } catch {
            throw ConfigError("the suppression list \(path) is damaged", hint: "restore it from backup")
        }
    }

    /// The strong terms of an identity: what a re-appearance is recognised by (names and
    /// addresses are shared by too many people to raise an alarm).
    public static func terms(of keys: IdentityKeys) -> [String] {
        IndexTerms.terms(of: keys).filter { $0.hasPrefix("email:") || $0.hasPrefix("phone:") || $0.hasPrefix("id:") }
    }

    /// One deleted person to add: what `add` needs of them.
    public struct Deleted {
        public var keys: IdentityKeys
        public var sealedIdentity: String
        public var request: String?
        public var known: [String]

        public init(keys: IdentityKeys, sealedIdentity: String, request: String?, known: [String] = []) {
            self.keys = keys
            self.sealedIdentity = sealedIdentity
            self.request = request
            self.known = known
        }
    }

    /// Adds (or refreshes) a deleted person and writes the list.
    public mutating func add(keys: IdentityKeys, sealedIdentity: String, request: String?, deleted: Date, key: IndexKey, known: [String] = []) throws {
        try add([Deleted(keys: keys, sealedIdentity: sealedIdentity, request: request, known: known)], deleted: deleted, key: key)
    }

    /// Adds (or refreshes) deleted people and writes the list once.
    public mutating func add(_ deleted: [Deleted], deleted day: Date, key: IndexKey) throws {
        let hasher = key.hasher()
        for person in deleted {
            let terms = Self.terms(of: person.keys).sorted()
            guard !terms.isEmpty else { continue }
            let id = String(format: "%016llx", UInt64(bitPattern: hasher.hash(terms.joined(separator: "\n")))).prefix(12)
            people.removeAll { $0.id == String(id) }
            people.append(Person(id: String(id), deleted: DateOnly.format(day), request: person.request, hashes: terms.map(hasher.hash),
                                 identity: person.sealedIdentity, known: person.known))
        }
        try save()
    }

    /// Removes a person (after they consented again); false when there is no such id.
    public mutating func remove(_ id: String) throws -> Bool {
        let before = people.count
        people.removeAll { $0.id == id }
        guard people.count < before else { return false }
        try save()
        return true
    }

    private func save() throws {
        // The index's folder (0700) may not exist yet: no scan has run.
        try IndexFolder.create(holding: path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(Array(try encoder.encode(people)), to: path)
    }

    /// Where the index now holds a suppressed person's identifiers, per source: the
    /// warnings a scan prints ("a person deleted on … is in … — re-imported?").
    public func reappearances(in store: IndexStore, sources: [String]) throws -> [String: [String]] {
        var warnings: [String: [String]] = [:]
        for person in people {
            for source in sources {
                let known = Set(person.known)
                for locator in try store.candidates(source: source, hashes: person.hashes).filter({ !known.contains("\(source):\($0.container)#\($0.key)") }).prefix(20) {
                    warnings[source, default: []].append("a person deleted on \(person.deleted) (\(person.request ?? "request without id"), suppression id \(person.id)) "
                        + "is in \(locator.container)#\(locator.key) — re-imported? plan their deletion: footprint delete --suppressed \(person.id) --request FILE --plan-out PLAN")
                }
            }
        }
        return warnings
    }
}
