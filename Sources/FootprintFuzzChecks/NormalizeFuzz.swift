import FootprintCore

/// The normalizers on any text: no crash, and a key normalizes to itself (an email key,
/// an E.164 number, a name key, an ISO date), so that the index, the probes and the
/// matcher agree on what a key is.
enum NormalizeFuzz {
    static func check(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        for key in EmailNormalizer.keys(in: text) {
            try FuzzFailure.check(EmailNormalizer.keys(in: key) == [key], "normalize", "an email key does not normalize to itself")
        }
        for region in ["US", "GB", "DE", "AU"] {
            if let e164 = PhoneNormalizer.normalize(text, region: region) {
                try FuzzFailure.check(PhoneNormalizer.normalize(e164, region: region) == e164, "normalize", "an E.164 key does not normalize to itself")
                var copy = text
                let viaBytes = copy.withUTF8 { PhoneNormalizer.normalize(bytes: $0, region: region) }
                try FuzzFailure.check(viaBytes == e164, "normalize", "the byte and String phone paths differ")
            }
        }
        // A name's key is a canonical form: read back once more, it stays what it became
        // (the first reading may lose what only the original's commas told apart).
        if let name = PersonName(full: text), let once = PersonName(full: name.key) {
            try FuzzFailure.check(PersonName(full: once.key)?.key == once.key, "normalize", "a name key is not a fixed point")
        }
        _ = PostalAddress(full: text)?.key
        for order in [DateOfBirthNormalizer.Order.monthFirst, .dayFirst] {
            if let date = DateOfBirthNormalizer.normalize(text, order: order) {
                try FuzzFailure.check(DateOfBirthNormalizer.normalize(date, order: order) == date, "normalize", "an ISO date does not normalize to itself")
            }
        }
    }
}
