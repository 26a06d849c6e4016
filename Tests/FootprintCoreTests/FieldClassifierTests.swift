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

    @Test("key and reference columns and timestamps are never identifiers", arguments: [
        ("address_id", "integer"), ("shipping_address_id", "integer"), ("customer_ref", "integer"), ("last_visit", "timestamp with time zone"),
        ("last_visit", nil), ("first_seen", nil), ("LastContacted", nil), ("email_sent_at", "timestamp without time zone"), ("ContactId", nil),
    ] as [(String, String?)])
    func referencesAndMoments(_ column: String, _ type: String?) {
        #expect(FieldClassifier.propose(name: column, sqlType: type)?.identifier == nil, "\(column)")
    }

    @Test("a bare name is a person's only in a table of people")
    func nameByTable() {
        #expect(FieldClassifier.propose(name: "name", sqlType: "text", container: "shop.product")?.identifier == nil)
        #expect(FieldClassifier.propose(name: "name", sqlType: "text", container: "shop.category")?.identifier == nil)
        #expect(FieldClassifier.propose(name: "name", sqlType: "text", container: "shop.customer")?.identifier == .name)
        #expect(FieldClassifier.propose(name: "Name", container: "exports/hubspot/contacts-2025.csv")?.identifier == .name)
        #expect(FieldClassifier.propose(name: "full_name", sqlType: "text", container: "shop.product")?.identifier == .name)
        #expect(FieldClassifier.propose(name: "birth_date", sqlType: "timestamp without time zone")?.identifier == .dob)
        #expect(FieldClassifier.propose(name: "phone", sqlType: "bigint")?.identifier == .phone)
        #expect(FieldClassifier.propose(name: "Last", container: "contacts.csv")?.identifier == .name)
    }

    @Test("card numbers and security codes are proposed redacted", arguments: [
        ("ccn", "shop.customer"), ("cvv", "shop.payment"), ("cvv2", "billing"), ("code", "shop.payment_card"), ("security_code", "orders"),
        ("card_number", "shop.payment_card"),
    ])
    func cards(_ column: String, _ container: String) {
        let proposal = FieldClassifier.propose(name: column, container: container)
        #expect(proposal?.redact == true, "\(column)")
        #expect(proposal?.identifier == nil)
    }

    @Test("a code outside a payment table is not a card's")
    func otherCodes() {
        #expect(FieldClassifier.propose(name: "code", container: "shop.product")?.redact != true)
    }

    @Test("links by naming convention where no foreign key declares them")
    func links() {
        let tables = [
            DiscoveredContainer(name: "app.customers", fields: [("id", "integer"), ("email", "text")], isTable: true, primaryKey: ["id"]),
            DiscoveredContainer(name: "app.orders", fields: [("id", "integer"), ("customer_id", "integer"), ("coupon_code", "text")], isTable: true, primaryKey: ["id"]),
            DiscoveredContainer(name: "app.order_items", fields: [("id", "integer"), ("order_id", "integer"), ("product_id", "integer")], isTable: true,
                                primaryKey: ["id"], linkedColumns: ["order_id"]),
            DiscoveredContainer(name: "legacy.note", fields: [("id", "integer"), ("customer_ref", "integer")], isTable: true, primaryKey: ["id"]),
            DiscoveredContainer(name: "legacy.customer", fields: [("legacy_id", "integer")], isTable: true, primaryKey: ["legacy_id"]),
        ]
        let links = Set(LinkProposer.propose(tables).map(\.description))
        #expect(links == ["{from: app.orders.customer_id, to: app.customers.id}", "{from: legacy.note.customer_ref, to: legacy.customer.legacy_id}"])
    }
}
