import FootprintCore

/// The differential check behind every fast lookup: a probe may say "maybe" but never a
/// wrong "no". Input: a selector byte, the identity's value, a zero byte, then the
/// record's field values separated by zero bytes. Whenever the matcher accepts the record,
/// at least one probed field's probe must have let it through.
enum ProbeFuzz {
    /// The mapped columns the harness fills, by selector.
    static let layouts: [(kind: String, columns: [String])] = [
        ("email", ["Email"]), ("phone", ["Phone"]), ("name", ["Name"]), ("name", ["First", "Last"]),
        ("address", ["Address"]), ("address", ["Street", "City", "State", "Zip"]), ("dob", ["DOB"]),
    ]

    static let source: SourceConfig = {
        let yaml = """
            sources:
              - name: fuzz
                connector: csv
                fields:
                  Name: {identifier: name}
                  First: {identifier: name, part: given}
                  Last: {identifier: name, part: family}
                  Email: {identifier: email}
                  Phone: {identifier: phone}
                  Address: {identifier: address}
                  Street: {identifier: address, part: street}
                  City: {identifier: address, part: city}
                  State: {identifier: address, part: state}
                  Zip: {identifier: address, part: zip}
                  DOB: {identifier: dob}
            """
        return try! FootprintConfig.parse(yaml: yaml, file: "/fuzz/footprint.yaml", connectorKeys: ["csv": ["path"]]).sources[0]
    }()

    static func check(_ bytes: [UInt8]) throws {
        guard let selector = bytes.first else { return }
        let layout = layouts[Int(selector) % layouts.count]
        let parts = bytes.dropFirst().split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard parts.count >= 2 else { return }
        let wanted = parts[0]
        var identity = Identity()
        switch layout.kind {
        case "email": identity.emails = [wanted]
        case "phone": identity.phones = [wanted]
        case "name": identity.names = [wanted]
        case "address": identity.addresses = [wanted]
        default: identity.datesOfBirth = [wanted]
        }
        guard let keys = try? IdentityKeys(identity, region: "US") else { return }
        let matcher = IdentityMatcher(keys: keys, source: source)
        var fields: [Field] = []
        for (column, value) in zip(layout.columns, parts.dropFirst()) { fields.append(Field(name: column, value: .string(value))) }
        let record = Record(locator: Locator(source: "fuzz", container: "fuzz.csv", key: "1"), fields: fields)
        guard matcher.match(record) != nil else { return }
        let passed = matcher.probedFields.contains { mapping in
            guard let field = fields.first(where: { $0.name == mapping.name }), case .string(let text) = field.value else { return false }
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { matcher.probe(for: mapping).mayMatch($0) }
        }
        try FuzzFailure.check(passed, "probe", "the matcher accepts a \(layout.kind) record (\(layout.columns.joined(separator: "+"))) that every probe rejects")
    }
}
