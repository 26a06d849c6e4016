import Foundation
import Testing
@testable import FootprintCore

@Suite("Field classification proposals")
struct FieldClassifierTests {
    @Test("piicatcher's labelled columns get the matching identifier kind", arguments: [
        ("address", IdentifierKind.address), ("city", .address), ("state", .address), ("zip", .address), ("email", .email),
        ("fname", .name), ("lname", .name), ("maiden_name", .name), ("phone", .phone), ("birthdate", .dob),
    ])
    func piicatcher(_ column: String, _ kind: IdentifierKind) {
        #expect(FieldClassifier.propose(name: column)?.identifier == kind)
    }

    @Test("piicatcher's card columns are never disclosed; gender is a protected classification")
    func sensitive() {
        #expect(FieldClassifier.propose(name: "cc_number")?.redact == true)
        #expect(FieldClassifier.propose(name: "cc_cvc")?.redact == true)
        #expect(FieldClassifier.propose(name: "gender")?.category == .C)
        #expect(FieldClassifier.propose(name: "password_hash")?.redact == true)
        #expect(FieldClassifier.propose(name: "SSN")?.category == .L)
    }

    @Test("CRM export headers", arguments: [
        ("Email Address", IdentifierKind.email, FieldMapping.Part?.none), ("Phone Number", .phone, nil), ("MobilePhone", .phone, nil),
        ("MailingPostalCode", .address, .zip), ("First Name", .name, .given), ("LastName", .name, .family),
        ("Date of Birth", .dob, nil), ("Street Address", .address, .street),
    ])
    func crmHeaders(_ column: String, _ kind: IdentifierKind, _ part: FieldMapping.Part?) {
        let proposal = FieldClassifier.propose(name: column)
        #expect(proposal?.identifier == kind)
        if let part { #expect(proposal?.part == part) }
    }

    @Test("timestamps and flags named after people-ish words are not identifiers", arguments: ["last_login_at", "LastModifiedDate", "status", "created_at", "IsDeleted"])
    func notIdentifiers(_ column: String) {
        #expect(FieldClassifier.propose(name: column)?.identifier == nil)
    }
}
