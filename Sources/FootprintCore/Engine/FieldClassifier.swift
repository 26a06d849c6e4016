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

    public static func propose(name: String, sqlType: String? = nil) -> Proposal? {
        let w = words(name)
        let joined = w.joined()
        func has(_ options: String...) -> Bool { options.contains { w.contains($0) } }
        func contains(_ options: String...) -> Bool { options.contains { joined.contains($0) } }

        if contains("password", "passwd", "pwhash", "secret", "securityanswer", "securityquestion") { return Proposal(category: .L, redact: true) }
        if contains("ssn", "socialsecurity", "passport", "driverslicense", "licensenumber", "taxid", "nationalid") { return Proposal(category: .L, redact: true) }
        if contains("cardnumber", "ccnumber", "creditcard", "iban", "accountnumber", "routingnumber", "cvv", "cvc") || has("pan") {
            return Proposal(category: .B, redact: true)
        }
        if contains("email", "mail") && !contains("mailing") || has("mail") { return Proposal(identifier: .email, category: .A) }
        if has("phone", "mobile", "cell", "tel", "telephone", "fax", "msisdn") || contains("phone") { return Proposal(identifier: .phone, category: .B) }
        if contains("birth") || has("dob", "birthday") { return Proposal(identifier: .dob, category: .C) }
        if has("first", "given", "firstname", "givenname", "forename", "fname") { return Proposal(identifier: .name, part: .given, category: .A) }
        if has("last", "surname", "family", "lastname", "familyname", "lname", "maiden") && !has("login", "modified", "activity", "seen", "updated", "order", "at", "date", "time") {
            return Proposal(identifier: .name, part: .family, category: .A)
        }
        if has("name") && (has("full", "contact", "customer", "member", "person", "display") || w == ["name"]) {
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
