import FootprintCore

/// Text decoding: sniffed, UTF-16 either way and Windows-1252 all give valid UTF-8, the
/// same however the bytes arrive.
enum TextFuzz {
    static func decode(_ bytes: [UInt8], _ encoding: TextEncoding, chunk: Int) throws -> [UInt8]? {
        guard let opened = try? TextDecoding.open(FuzzStream(bytes, chunk: chunk), declared: encoding) else { return nil }
        return try? drain(opened.stream, chunk: 1 + chunk % 4096, limit: 1 << 22)
    }

    static func check(_ bytes: [UInt8]) throws {
        let chunk = 1 + Int(bytes.first ?? 0) % 37
        for encoding in [TextEncoding.auto, .utf16LE, .utf16BE, .windows1252] {
            let whole = try decode(bytes, encoding, chunk: .max)
            let small = try decode(bytes, encoding, chunk: chunk)
            try FuzzFailure.check(whole == small, "text", "\(encoding) decodes differently when read \(chunk) bytes at a time")
            if let whole, encoding != .auto {
                try FuzzFailure.check(TextDecoding.isValidUTF8(whole, complete: true), "text", "\(encoding) produced invalid UTF-8")
            }
        }
    }
}
