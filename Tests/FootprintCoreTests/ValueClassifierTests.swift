import Testing
@testable import FootprintCore

/// What one value looks like must be told right both ways: the detectors find the kinds
/// as people write them, and the checks (Luhn and issuer, SSN rules, mod-97, ages, the
/// phone metadata) keep look-alikes — order numbers, timestamps, versions — out.
@Suite("Value classification")
struct ValueClassifierTests {
    let classifier = ValueClassifier(region: "US", currentYear: 2026)

    func kinds(_ value: String) -> [ValueKind] { classifier.classify(value).whole.kinds }
    func carried(_ value: String) -> [ValueKind] { classifier.classify(value).inText.kinds }

    @Test("Each kind as it is written", arguments: [
        ("jane.doe@example.com", ValueKind.email), ("John_Smith+news@mail.example.co.uk", .email),
        ("(415) 555-0134", .phone), ("+1 415 555 0177", .phone), ("+41 22 730 5989", .phone), ("415.555.0134", .phone), ("1.234.567.8900", .phone),
        ("222-06-5960", .ssn), ("518 44 4378", .ssn),
        ("4111 1111 1111 1111", .paymentCard), ("5270-4267-6450-5516", .paymentCard), ("378282246310005", .paymentCard),
        ("GB82 WEST 1234 5698 7654 32", .iban), ("DE89370400440532013000", .iban),
        ("203.0.113.7", .ipAddress), ("2001:db8::8a2e:370:7334", .ipAddress),
        ("1958/04/21", .dateOfBirth), ("03/07/1984", .dateOfBirth), ("7 Mar 1984", .dateOfBirth),
        ("94025", .postalCode), ("94025-1234", .postalCode), ("SW1A 1AA", .postalCode), ("K1A 0B1", .postalCode),
        ("10932 Bigge Rd", .streetLine), ("504 parkwood drive", .streetLine), ("12B Oak Street Apt 4", .streetLine),
        ("Jane Doe", .personName), ("GARCIA, Ana", .personName), ("Smith", .personName),
    ])
    func detects(value: String, kind: ValueKind) {
        #expect(kinds(value) == [kind], "\(value)")
    }

    @Test("Look-alikes are not taken", arguments: [
        "000-00-0000", "666-12-3456", "912-34-5678",             // SSN rules
        "4111 1111 1111 1112", "0000 0000 0000 0000",            // Luhn, no issuer
        "GB82 WEST 1234 5698 7654 33",                           // mod-97
        "256.1.1.1", "1.2.3", "10.0.0.01",                       // IPv4
        "2024-01-01 10:00", "2025/06/01", "1850-01-01",          // not a plausible birth date
        "100000123", "12345", "v1.2.3", "66",                   // ids, scores, versions (12345 is a ZIP)
        "Vandelay Industries", "marketingqualifiedlead", "OPEN", "United States",
        "user@localhost", "@example.com", "a@b",
    ])
    func rejects(value: String) {
        let found = kinds(value)
        #expect(found.isEmpty || (value == "12345" && found == [.postalCode]), "\(value): \(found)")
    }

    @Test("Free text: the kinds it carries, not a kind of its own")
    func freeText() {
        #expect(carried("Called back on 415-555-0134, left a message about the renewal") == [.phone])
        #expect(carried("Prefers email: jane.doe@example.com — do not call before 9") == [.email])
        #expect(carried("checkout the new place at 101 main st. next week") == [.streetLine])
        #expect(carried("Card on file 4111 1111 1111 1111, SSN 222-06-5960 (verified)") == [.ssn, .paymentCard])
        #expect(carried("Multi-line note: renewal discussion, budget approved for next fiscal year.").isEmpty)
        #expect(carried("Refund to DE89370400440532013000 requested from 203.0.113.7 yesterday") == [.iban, .ipAddress])
        #expect(kinds("Called back on 415-555-0134, left a message").isEmpty)
    }

    @Test("Counts per field: rates, the dominant kind, and the proposal with its reason")
    func assessment() {
        var observation = FieldObservation()
        for value in ["jane@example.com", "tom@example.net", "not given", "ann@example.org"] { observation.add(classifier.classify(value)) }
        #expect(observation.values == 4 && observation.whole[.email] == 3)
        #expect(observation.dominant?.kind == .email)
        let assessed = ColumnAssessment.assess(name: "contact_2", observation: observation)
        #expect(assessed.proposal?.identifier == .email)
        #expect(assessed.why == "3 of 4 sampled values are valid email addresses")
        let notes = (0..<10).reduce(into: FieldObservation()) { o, n in o.add(classifier.classify(n < 3 ? "call her on (415) 555-01\(10 + n) after lunch" : "no answer, try again later")) }
        let onNotes = ColumnAssessment.assess(name: "Notes", observation: notes)
        #expect(onNotes.carried.first?.kind == .phone && onNotes.carried.first?.count == 3)
        #expect(onNotes.why.contains("3 of 10 values carry a phone number"))
        let dates = ["2010/06/25", "2011/02/01", "2009/12/31"].reduce(into: FieldObservation()) { $0.add(classifier.classify($1)) }
        #expect(ColumnAssessment.assess(name: "birthdate", observation: dates).kind == .dateOfBirth)
        #expect(ColumnAssessment.assess(name: "cc_expiredate", observation: dates).kind == nil, "an expiry date is no birthday")
    }
}
