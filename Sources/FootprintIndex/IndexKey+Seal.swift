import CLibCrypto
import Foundation
import FootprintCore

/// What a deletion plan needs from the index key: fingerprints of record content that
/// say whether a record changed without holding its values, and the identity sealed so
/// that a plan file left on a disk names no one to whoever reads it.
extension IndexKey {
    /// HMAC-SHA256 over the record's field names and values (in order), first 16 bytes, hex.
    public func fingerprint(_ record: Record) -> String {
        var bytes: [UInt8] = []
        for field in record.fields {
            bytes += Array(field.name.utf8) + [0]
            for value in field.value.strings { bytes += Array(value.utf8) + [1] }
            bytes.append(0)
        }
        return Hex.lower(hasher().code(bytes).prefix(16))
    }

    /// A key for sealing, derived from the index key (so it never equals a hashing key).
    private var sealingKey: [UInt8] { hasher().code(Array("footprint sealed data v1".utf8)) }

    /// AES-256-GCM of `plaintext` under the sealing key: base64 of nonce, ciphertext and tag.
    public func seal(_ plaintext: [UInt8]) throws -> String {
        var nonce = [UInt8](repeating: 0, count: 12)
        var generator = SystemRandomNumberGenerator()
        for i in 0..<12 { nonce[i] = UInt8.random(in: 0...255, using: &generator) }
        guard let context = EVP_CIPHER_CTX_new() else { throw ConfigError("cannot start encryption") }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: 16)
        var length: Int32 = 0, final: Int32 = 0
        let key = sealingKey
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1,
              EVP_EncryptUpdate(context, &output, &length, plaintext, Int32(plaintext.count)) == 1,
              EVP_EncryptFinal_ex(context, &output[Int(length)], &final) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, 16, &tag) == 1 else {
            throw ConfigError("encryption failed")
        }
        return Data(nonce + output.prefix(Int(length + final)) + tag).base64EncodedString()
    }

    /// The plaintext `seal` sealed; throws when the key is another or the text was changed.
    public func unseal(_ text: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text), data.count >= 28 else { throw ConfigError("the sealed identity is damaged") }
        let bytes = [UInt8](data)
        let nonce = Array(bytes[0..<12]), tag = Array(bytes[(bytes.count - 16)...]), sealed = Array(bytes[12..<(bytes.count - 16)])
        guard let context = EVP_CIPHER_CTX_new() else { throw ConfigError("cannot start decryption") }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: sealed.count + 16)
        var length: Int32 = 0, final: Int32 = 0
        var expected = tag
        let key = sealingKey
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1,
              EVP_DecryptUpdate(context, &output, &length, sealed, Int32(sealed.count)) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, 16, &expected) == 1,
              EVP_DecryptFinal_ex(context, &output[Int(length)], &final) == 1 else {
            throw ConfigError("the sealed identity cannot be opened with this index key", hint: "use the key the plan was made with")
        }
        return Array(output.prefix(Int(length + final)))
    }
}
