/// Proposes, from a column's name (and SQL type, when there is one), what it probably
/// holds: an identifier kind, a CCPA category, whether it is sensitive, whether its
/// value must never be disclosed. Proposals only: `footprint discover` prints them for a
/// person to confirm in footprint.yaml — a guess never silently becomes a mapping.
public enum FieldClassifier {
    public struct Proposal: Equatable, Sendable {
        public var identifier: IdentifierKind?
        public var part: FieldMapping.Part?
        public var category: PICategory
        public var redact = false

        /// The proposal as a footprint.yaml flow mapping.
        public var yaml: String {
            var items: [String] = []
            if let identifier { items.append("identifier: \(identifier.rawValue)") }
            if let part, part != .full { items.append("part: \(part.rawValue)") }
            items.append("category: \(category.rawValue)")
            if redact { items.append("redact: true") }
            return "{" + items.joined(separator: ", ") + "}"
        }
    }

    /// Words of a column name: "MailingPostalCode" → mailing, postal, code; "e_mail" → e, mail.
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for character in name {
            if !(character.isLetter || character.isNumber) {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if character.isUppercase && previousLower {
                words.append(current)
                current = ""
            }
            current.append(Character(character.lowercased()))
            previousLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Words of a container's name that say its rows are people (or their contact records).
    static let peopleWords: Set<String> = ["customer", "customers", "user", "users", "person", "people", "persons", "contact", "contacts",
                                           "lead", "leads", "member", "members", "employee", "employees", "subscriber", "subscribers",
                                           "patient", "patients", "client", "clients", "profile", "profiles", "signup", "signups", "guest",
                                           "guests", "visitor", "visitors", "student", "students", "applicant", "applicants", "recipient",
                                           "recipients", "account", "accounts", "audience", "attendee", "attendees", "staff", "owner", "owners"]
    /// Words of a container's name that say it holds payments (where a `code` is a card's).
    static let paymentWords: Set<String> = ["payment", "payments", "card", "cards", "billing", "charge", "charges", "wallet", "transaction", "transactions"]

    /// SQL types whose values are moments or numbers that name no person: a `last_visit`
    /// timestamp is no family name, an `address_id` integer is no address.
    static func isTemporalOrNumeric(_ sqlType: String?) -> Bool {
        guard let type = sqlType?.lowercased() else { return false }
        return type.hasPrefix("timestamp") || type.hasPrefix("time") || type == "interval" || type == "date"
            || ["integer", "bigint", "smallint", "serial", "bigserial", "uuid", "oid"].contains(type)
    }

    /// `container`: the table or file the field is in ("shop.product", "contacts.csv"),
    /// which decides whether a bare `name` is a person's.
    public static func propose(name: String, sqlType: String? = nil, container: String? = nil) -> Proposal? {
        guard var proposal = proposeFromName(name, container: container) else { return nil }
        guard let kind = proposal.identifier, kind != .accountID else { return proposal }
        // A key or reference column (address_id, customer_ref) holds a number, not the thing it names.
        let w = words(name)
        let isReference = w.count > 1 && ["id", "ref", "key", "fk", "pk", "uuid", "guid", "no", "num"].contains(w.last!)
            || (w.count == 1 && w[0].count > 2 && w[0].hasSuffix("id") && !["paid", "valid", "void", "uid"].contains(w[0]))
        if isReference { return nil }
        // A moment or a counter names nobody; a birth date is a date, and phones are often stored as integers.
        let integerPhone = kind == .phone && ["bigint", "integer"].contains(sqlType?.lowercased() ?? "")
        if isTemporalOrNumeric(sqlType), kind != .dob, !integerPhone {
            proposal.identifier = nil
            proposal.part = nil
        }
        return proposal
    }

    private static func proposeFromName(_ name: String, container: String?) -> Proposal? {
        let w = words(name)
        let joined = w.joined()
        let place = Set(container.map(words) ?? [])
        func has(_ options: String...) -> Bool { options.contains { w.contains($0) } }
        func contains(_ options: String...) -> Bool { options.contains { joined.contains($0) } }

        if contains("password", "passwd", "pwhash", "secret", "securityanswer", "securityquestion") { return Proposal(category: .L, redact: true) }
        if contains("ssn", "socialsecurity", "passport", "driverslicense", "licensenumber", "taxid", "nationalid") { return Proposal(category: .L, redact: true) }
        if contains("cardnumber", "ccnumber", "creditcard", "iban", "accountnumber", "routingnumber", "cvv", "cvc", "securitycode")
            || has("pan", "ccn", "csc", "pin") || (has("code") && !place.isDisjoint(with: paymentWords)) {
            return Proposal(category: .B, redact: true)
        }
        if contains("email", "mail") && !contains("mailing") || has("mail") { return Proposal(identifier: .email, category: .A) }
        if has("phone", "mobile", "cell", "tel", "telephone", "fax", "msisdn") || contains("phone") { return Proposal(identifier: .phone, category: .B) }
        if contains("birth") || has("dob", "birthday") { return Proposal(identifier: .dob, category: .C) }
        // "first"/"last" name a person's name only beside "name" or alone: first_seen and
        // last_visit are moments.
        let nameWord = has("name") || w.count == 1
        if has("firstname", "givenname", "forename", "fname") || (has("first", "given") && nameWord) {
            return Proposal(identifier: .name, part: .given, category: .A)
        }
        if has("surname", "lastname", "familyname", "lname", "maiden") || (has("last", "family") && nameWord) {
            return Proposal(identifier: .name, part: .family, category: .A)
        }
        if has("name") && (has("full", "contact", "customer", "member", "person", "display") || w == ["name"]) {
            // A bare `name` is a person's only in a table of people (product.name is not).
            if w == ["name"], container != nil, place.isDisjoint(with: peopleWords) { return nil }
            return Proposal(identifier: .name, part: .full, category: .A)
        }
        if has("zip", "postal", "postcode", "zipcode") || contains("postalcode") { return Proposal(identifier: .address, part: .zip, category: .A) }
        if has("city", "town") { return Proposal(identifier: .address, part: .city, category: .A) }
        if has("state", "province") && !has("status") { return Proposal(identifier: .address, part: .state, category: .A) }
        if has("street", "line1", "address1") || contains("addressline") { return Proposal(identifier: .address, part: .street, category: .A) }
        if has("address") && !has("ip", "email", "mac") { return Proposal(identifier: .address, part: .full, category: .A) }
        if has("ip", "ipaddress") || contains("ipaddress") { return Proposal(category: .A) }
        if has("lat", "latitude", "lng", "lon", "longitude", "geo", "gps") { return Proposal(category: .G) }
        if has("race", "ethnicity", "religion", "sexual", "orientation", "health", "diagnosis", "union", "citizenship", "immigration") {
            return Proposal(category: .L)
        }
        if has("gender", "sex", "age", "marital", "veteran", "disability") { return Proposal(category: .C) }
        if has("title", "job", "employer", "company", "occupation", "department") { return Proposal(category: .I) }
        if has("useragent", "agent", "url", "path", "referrer", "referer", "click", "page", "visit", "session", "browser") { return Proposal(category: .F) }
        if has("score", "segment", "propensity", "churn", "rating", "lifecycle", "persona") { return Proposal(category: .K) }
        if has("order", "purchase", "total", "amount", "price", "sku", "product", "quantity", "cart", "subscription", "loyalty", "points") {
            return Proposal(category: .D)
        }
        if has("photo", "avatar", "image", "recording", "audio", "video") { return Proposal(category: .H) }
        if has("fingerprint", "faceprint", "voiceprint", "biometric") { return Proposal(category: .E, redact: true) }
        if has("student", "grade", "transcript", "gpa") { return Proposal(category: .J) }
        if has("username", "handle") || w == ["login"] || w == ["user"] { return Proposal(category: .A) }
        return nil
    }
}
