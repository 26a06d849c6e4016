import Foundation

/// What a deletion will do, record by record, written before anything is touched so that
/// a person can review it (`footprint delete --show`) and an executor can act on exactly
/// it and nothing else. It holds no field value: each record is named by its locator and
/// a keyed fingerprint of its content (an executor refuses a record whose content changed),
/// and the identity only as ciphertext under the index key.
public struct DeletionPlan: Codable, Sendable {
    public static let schema = "footprint.delete-plan/2"

    /// What happens to one record.
    public enum Action: String, Codable, Sendable, CaseIterable {
        /// Removed from the store.
        case erase
        /// Kept, with the person's identifying fields blanked (`fields`).
        case deidentify
        /// Kept under a §1798.105(d) exception (`exception`, `reason`).
        case retain
        /// In backups or archives: erased when they are next restored or roll off (§7022(d)).
        case deferred
        /// In a store Footprint cannot erase from: `instructions` say what a person must do.
        case manual
        /// Not acted on until a person confirms it is the requester's (`reason`).
        case review
        /// Not the person's to erase (`reason`): a row her records point at (a product in
        /// the catalogue) that other data depends on.
        case keep
    }

    public struct Item: Codable, Sendable {
        public var source: String
        public var container: String
        public var key: String
        /// Keyed hash (HMAC-SHA256 under the index key) of the record's fields as planned.
        public var fingerprint: String?
        public var action: Action
        public var tier: MatchTier?
        /// For `deidentify`: the fields to blank.
        public var fields: [String]?
        public var exception: String?
        public var reason: String?
        public var instructions: String?
        /// The record it was reached from (a customer's order), when not matched itself.
        public var linkedFrom: String?
        /// Whose record it is: an index into `people`.
        public var person = 0
        /// Where the record started in its file when planned (from the index): an executor
        /// checks the record there first instead of reading the whole file to find it.
        public var position: Int64?

        enum CodingKeys: String, CodingKey {
            case source, container, key, fingerprint, action, tier, fields, exception, reason, instructions, person, position
            case linkedFrom = "linked_from"
        }
    }

    /// One person whose deletion the plan holds (a day's requests make one plan, so that
    /// each file is rewritten once for all of them).
    public struct Person: Codable, Sendable {
        public var request: String?
        public var received: String
        /// The identity, sealed with a key derived from the index key (AES-256-GCM), base64.
        public var identity: String

        public init(request: String?, received: String, identity: String) {
            self.request = request
            self.received = received
            self.identity = identity
        }
    }

    public var schema = DeletionPlan.schema
    public var created: String
    /// SHA-256 of footprint.yaml when the plan was made: an executor refuses another configuration.
    public var configuration: String
    public var people: [Person]
    public var items: [Item]

    public init(created: String, configuration: String, people: [Person], items: [Item]) {
        self.created = created
        self.configuration = configuration
        self.people = people
        self.items = items
    }

    public func count(_ action: Action) -> Int { items.filter { $0.action == action }.count }

    /// One person's part of the plan, as a plan of its own (for their receipt).
    public func part(_ person: Int) -> DeletionPlan {
        var part = DeletionPlan(created: created, configuration: configuration, people: [people[person]],
                                items: items.filter { $0.person == person })
        for i in part.items.indices { part.items[i].person = 0 }
        return part
    }
}
