import Testing
@testable import FootprintCore

@Suite("Phone keys")
struct PhoneNormalizerTests {
    @Test("every common North American form gives the same E.164 key", arguments: [
        "(415) 555-0134", "415.555.0134", "+1 415 555 0134", "1-415-555-0134", "14155550134",
        "415-555-0134 ext. 12", "415-555-0134 x12", "+1 (415) 555-0134", "  415 555 0134  ", "011 1 415 555 0134",
        "+1-415-555-0134#12", "4155550134",
    ])
    func northAmerican(_ text: String) {
        #expect(PhoneNormalizer.normalize(text, region: "US") == "+14155550134")
    }

    @Test("international numbers written with + or read with a default region", arguments: [
        ("+44 20 7946 0958", "US", "+442079460958"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 (0)20 7946 0958", "US", "+442079460958"),
        ("00 44 20 7946 0958", "DE", "+442079460958"),
        ("011 44 20 7946 0958", "US", "+442079460958"),
        ("07700 900123", "GB", "+447700900123"),
        ("+34 612 34 56 78", "US", "+34612345678"),
        ("612 345 678", "ES", "+34612345678"),
        ("030 1234567", "DE", "+49301234567"),
        ("+49 30 1234567", "US", "+49301234567"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("02 1234 5678", "IT", "+390212345678"),
        ("+61 2 9876 5432", "US", "+61298765432"),
        ("(02) 9876 5432", "AU", "+61298765432"),
        ("416-555-0199", "CA", "+14165550199"),
    ])
    func international(_ text: String, _ region: String, _ expected: String) {
        #expect(PhoneNormalizer.normalize(text, region: region) == expected)
    }

    @Test("a local number in a region whose metadata adds the area code")
    func transformRule() {
        // Cayman Islands: seven-digit local numbers get area code 345 (libphonenumber's transform rule).
        #expect(PhoneNormalizer.normalize("949 1234", region: "KY") == "+13459491234")
    }

    @Test("values that are not complete phone numbers yield no key", arguments: [
        "555-0134", "hello", "1-800-FLOWERS", "", "+", "12", "jane@example.com", "415-555-0134-9999-1234",
    ])
    func notPhones(_ text: String) {
        #expect(PhoneNormalizer.normalize(text, region: "US") == nil)
    }

    @Test("the compiled table covers libphonenumber's regions")
    func table() {
        #expect(PhoneMetadata.regions.count > 240)
        #expect(PhoneMetadata.isKnownRegion("GB"))
        #expect(!PhoneMetadata.isKnownRegion("XX"))
        #expect(PhoneMetadata.region(forCountryCode: 1)?.id == "US")
        #expect(PhoneMetadata.region(forCountryCode: 44)?.id == "GB")
    }
}
