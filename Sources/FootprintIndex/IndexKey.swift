import Crypto
import Foundation
import FootprintCore

/// The secret the index's hashes are keyed with. Without it, the index says nothing about
/// who is where: a stolen index file cannot be searched for a known email address.
///
/// From `$FOOTPRINT_INDEX_KEY` (any passphrase; its SHA-256 is the key) or from a key file
/// beside the index (`index.key`, 64 hex digits, mode 0600) that `footprint init` or the
/// first scan creates.
public struct IndexKey: @unchecked Sendable {
    let key: SymmetricKey
    /// Where the key came from, for messages ("$FOOTPRINT_INDEX_KEY" or the file's path).
    public let origin: String

    public static func keyFilePath(forIndex indexPath: String) -> String {
        (indexPath as NSString).deletingLastPathComponent + "/index.key"
    }

    /// The key in force; creates the key file when there is none and `create` is set.
    public static func load(indexPath: String, environment: [String: String], create: Bool) throws -> IndexKey {
        if let passphrase = environment["FOOTPRINT_INDEX_KEY"], !passphrase.isEmpty {
            return IndexKey(key: SymmetricKey(data: SHA256.hash(data: Data(passphrase.utf8))), origin: "$FOOTPRINT_INDEX_KEY")
        }
        let path = keyFilePath(forIndex: indexPath)
        if let data = FileManager.default.contents(atPath: path) {
            let hex = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard hex.count == 64, let bytes = hexBytes(hex) else {
                throw ConfigError("the index key file \(path) is damaged", hint: "restore it from backup, or delete it and the index and scan again")
            }
            return IndexKey(key: SymmetricKey(data: bytes), origin: path)
        }
        guard create else {
            throw ConfigError("no index key: neither $FOOTPRINT_INDEX_KEY nor \(path)", hint: "run footprint init, or set FOOTPRINT_INDEX_KEY")
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in 0..<32 { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let hex = bytes.map { String(format: "%02x", $0) }.joined() + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigError("cannot create the index key file \(path)", hint: "check that its folder is writable")
        }
        return IndexKey(key: SymmetricKey(data: bytes), origin: path)
    }

    private static func hexBytes(_ hex: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = nibble(high), let l = nibble(low) else { return nil }
            bytes.append(h << 4 | l)
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }

    /// A hasher for many terms: the keyed state is built once and copied per term.
    public func hasher() -> TermHasher { TermHasher(base: HMAC<SHA256>(key: key)) }

    /// Stored in the index: tells a wrong key from an empty result.
    var check: String {
        Data(HMAC<SHA256>.authenticationCode(for: Data("footprint index key check v1".utf8), using: key)).prefix(16)
            .map { String(format: "%02x", $0) }.joined()
    }
}

/// Keyed hashes of index terms, truncated to 64 bits: collisions among millions of terms
/// are vanishingly rare, and a collision only makes a lookup fetch one record too many,
/// which the matcher then rejects.
public struct TermHasher: @unchecked Sendable {
    let base: HMAC<SHA256>

    public func hash(_ term: String) -> Int64 {
        var hmac = base
        var term = term
        term.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        let code = hmac.finalize()
        return code.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
    }
}
