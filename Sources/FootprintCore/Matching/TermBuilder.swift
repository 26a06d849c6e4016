/// Turns the identifier values of `IndexRows` into index terms (`email:jane@example.com`,
/// `phone:+14155550134`, `name:garcia|a`, ... — see `IndexTerms`), as bytes.
///
/// A scan calls this for every row of every source, so the common values take byte
/// paths that allocate nothing (plain ASCII emails, phone numbers, one-word given and
/// family names) and write into one reused buffer; anything else goes through the same
/// String normalizers live matching uses. The byte paths are those normalizers' own
/// (`EmailNormalizer.normalizeASCII`, `PhoneNormalizer.key`, `PersonName.quickKey`), so
/// both routes give one key. Not thread-safe: one builder per thread.
public final class TermBuilder {
    private let policy: MatchingPolicy
    private let defaultRegion: String
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var phoneRegions: [String: PhoneRegion?] = [:]

    public init(policy: MatchingPolicy, defaultRegion: String) {
        self.policy = policy
        self.defaultRegion = defaultRegion
        capacity = 1024
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// Calls `body` with the bytes of each term of row `row`. A value may give several
    /// terms (two addresses in one field) or none (not an identifier after all).
    public func forEachTerm(ofRow row: Int, in rows: IndexRows, _ body: (UnsafeRawBufferPointer) -> Void) {
        let first = row == 0 ? 0 : Int(rows.rows[row - 1].valuesEnd)
        let end = Int(rows.rows[row].valuesEnd)
        rows.bytes.withUnsafeBufferPointer { bytes in
            // Split names and addresses are keyed once all their parts are seen; the last
            // value of a part wins, as in a record.
            var given: UnsafeBufferPointer<UInt8>?, family: UnsafeBufferPointer<UInt8>?
            var parts: [FieldMapping.Part: String] = [:]
            for index in first..<end {
                let value = rows.values[index]
                let spec = rows.specs[Int(value.spec)]
                let text = UnsafeBufferPointer(rebasing: bytes[Int(value.start)..<Int(value.end)])
                switch (spec.kind, spec.part) {
                case (.email, _): email(text, body)
                case (.phone, _): phone(text, region: spec.region, body)
                case (.accountID, _):
                    if let key = AccountIDNormalizer.key(namespace: spec.namespace, value: string(text)) { emit("id:", key, body) }
                case (.dob, _):
                    let order = policy.dobOrder ?? DateOfBirthNormalizer.order(forRegion: defaultRegion)
                    if let key = DateOfBirthNormalizer.normalize(string(text), order: order) { emit("dob:", key, body) }
                case (.name, .given): given = text
                case (.name, .family): family = text
                case (.name, _):
                    if let name = PersonName(full: string(text)) { emit(IndexTerms.terms(for: name), body) }
                case (.address, .full):
                    if let address = PostalAddress(full: string(text)) { emit(IndexTerms.terms(for: address), body) }
                case (.address, let part): parts[part] = string(text)
                default: break
                }
            }
            if given != nil || family != nil { name(given: given, family: family, body) }
            if !parts.isEmpty, let address = PostalAddress(street: parts[.street], city: parts[.city], state: parts[.state], zip: parts[.zip]) {
                emit(IndexTerms.terms(for: address), body)
            }
        }
    }

    private func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    private func email(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> Void) {
        let prefix = Self.emailPrefix
        reserve(prefix.count + text.count)
        if let length = EmailNormalizer.normalizeASCII(text, into: buffer + prefix.count) {
            buffer.update(from: prefix, count: prefix.count)
            return body(UnsafeRawBufferPointer(start: buffer, count: prefix.count + length))
        }
        let value = string(text)
        if let key = EmailNormalizer.normalize(value) {
            emit("email:", key, body)
        } else {
            for key in EmailNormalizer.keys(in: value) { emit("email:", key, body) }
        }
    }

    /// One field may list several numbers (`;`, `|` or one per line).
    private func phone(_ text: UnsafeBufferPointer<UInt8>, region code: String, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard let region = phoneRegion(code) else { return }
        let prefix = Self.phonePrefix
        reserve(prefix.count + PhoneNormalizer.maxKeyLength)
        buffer.update(from: prefix, count: prefix.count)
        var start = 0
        for index in 0...text.count where index == text.count || Self.isPhoneSeparator(text[index]) {
            if index > start, let length = PhoneNormalizer.key(UnsafeBufferPointer(rebasing: text[start..<index]), region: region, into: buffer + prefix.count) {
                body(UnsafeRawBufferPointer(start: buffer, count: prefix.count + length))
            }
            start = index + 1
        }
    }

    private static func isPhoneSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "|")
    }

    private func phoneRegion(_ code: String) -> PhoneRegion? {
        if let known = phoneRegions[code] { return known }
        let region = PhoneMetadata.region(code)
        phoneRegions[code] = region
        return region
    }

    /// `IndexTerms.terms(for: PersonName(given:family:))`; for one plain word in each
    /// column that is `name:family|g`, built from `PersonName.quickKey`'s "given family".
    private func name(given: UnsafeBufferPointer<UInt8>?, family: UnsafeBufferPointer<UInt8>?, _ body: (UnsafeRawBufferPointer) -> Void) {
        if let given, let family {
            let prefix = Self.namePrefix
            reserve(prefix.count + given.count + family.count + 1)
            let key = buffer + prefix.count
            if let length = PersonName.quickKey(given: given, family: family, into: key) {
                let initial = key[0]
                let familyLength = length - given.count - 1
                // Moving left within one buffer: a forward copy is safe where the ranges overlap.
                for i in 0..<familyLength { key[i] = key[given.count + 1 + i] }
                key[familyLength] = UInt8(ascii: "|")
                key[familyLength + 1] = initial
                buffer.update(from: prefix, count: prefix.count)
                return body(UnsafeRawBufferPointer(start: buffer, count: prefix.count + familyLength + 2))
            }
        }
        if let name = PersonName(given: given.map(string), family: family.map(string)) { emit(IndexTerms.terms(for: name), body) }
    }

    private func emit(_ terms: [String], _ body: (UnsafeRawBufferPointer) -> Void) {
        for term in terms { emit("", term, body) }
    }

    private func emit(_ prefix: StaticString, _ key: String, _ body: (UnsafeRawBufferPointer) -> Void) {
        var key = key
        key.withUTF8 { key in
            guard let base = key.baseAddress else { return }
            reserve(prefix.utf8CodeUnitCount + key.count)
            buffer.update(from: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            (buffer + prefix.utf8CodeUnitCount).update(from: base, count: key.count)
            body(UnsafeRawBufferPointer(start: buffer, count: prefix.utf8CodeUnitCount + key.count))
        }
    }

    private func reserve(_ count: Int) {
        guard count > capacity else { return }
        buffer.deallocate()
        capacity = max(count, capacity * 2)
        buffer = .allocate(capacity: capacity)
    }

    private static let emailPrefix = Array("email:".utf8)
    private static let phonePrefix = Array("phone:".utf8)
    private static let namePrefix = Array("name:".utf8)
}
