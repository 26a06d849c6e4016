import Testing
@testable import FootprintCore

@Suite("Email and account-id keys")
struct EmailAndIDTests {
    @Test("case, spaces, mailto, angle brackets and %40 all fold to one key", arguments: [
        "jane.doe@example.com", "  Jane.Doe@Example.COM ", "JANE.DOE@EXAMPLE.COM", "jane.doe%40example.com",
        "mailto:jane.doe@example.com", "<jane.doe@example.com>", "Jane.Doe%40Example.com",
    ])
    func folds(_ text: String) {
        #expect(EmailNormalizer.normalize(text) == "jane.doe@example.com")
    }

    @Test("non-addresses yield no key", arguments: ["", "jane", "@example.com", "jane@", "jane@@example.com", "a b@example.com", "jane@localhost"])
    func rejects(_ text: String) {
        #expect(EmailNormalizer.normalize(text) == nil)
    }

    @Test("a field holding several addresses yields each")
    func several() {
        #expect(EmailNormalizer.keys(in: "a@example.com; B@Example.org") == ["a@example.com", "b@example.org"])
    }

    @Test("account ids are namespace=value, exact")
    func accountIDs() {
        #expect(AccountIDNormalizer.parse(" crm = 1017 ")! == ("crm", "1017"))
        #expect(AccountIDNormalizer.parse("1017") == nil)
        #expect(AccountIDNormalizer.key(namespace: "crm", value: " 1017 ") == "crm=1017")
        #expect(AccountIDNormalizer.key(namespace: "crm", value: "ABC") != AccountIDNormalizer.key(namespace: "crm", value: "abc"))
    }

    @Test("an identity value that yields no key is an error naming the option, not the value")
    func identityErrors() {
        let secret = "not-a-phone-zzz"
        do {
            _ = try IdentityKeys(Identity(phones: ["+14155550134", secret]), region: "US")
            Issue.record("expected an error")
        } catch let error as IdentityError {
            #expect(error.description.contains("2nd --phone"))
            #expect(!error.description.contains(secret))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
