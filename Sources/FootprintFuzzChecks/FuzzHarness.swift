import Foundation
import FootprintCore

/// One reader of untrusted bytes put under a fuzzer: the check runs one input and traps
/// (through `FuzzFailure.check`) on anything a reader must never do with it — a crash is
/// the fuzzer's own finding, a broken promise (chunked and whole reads differing, a probe
/// saying no to a record the matcher accepts, output that does not parse) is this one's.
///
/// The same checks run in three places: the libFuzzer executables (`make fuzz`, built only
/// with FOOTPRINT_FUZZ=1), the regression inputs under `Fuzz/regressions/NAME/` that the
/// test suite replays, and a short seeded run in the tests.
public struct FuzzHarness: Sendable {
    public var name: String
    public var check: @Sendable ([UInt8]) throws -> Void

    public static let all: [FuzzHarness] = [
        FuzzHarness(name: "csv", check: CSVFuzz.check),
        FuzzHarness(name: "json", check: JSONFuzz.check),
        FuzzHarness(name: "zip", check: ArchiveFuzz.checkZip),
        FuzzHarness(name: "gzip", check: ArchiveFuzz.checkGzip),
        FuzzHarness(name: "text", check: TextFuzz.check),
        FuzzHarness(name: "probe", check: ProbeFuzz.check),
        FuzzHarness(name: "normalize", check: NormalizeFuzz.check),
        FuzzHarness(name: "yaml", check: YAMLFuzz.check),
    ]

    public static func named(_ name: String) -> FuzzHarness? { all.first { $0.name == name } }
}

/// A broken promise found by a harness. Under libFuzzer it traps, so the input is saved.
public struct FuzzFailure: Error, CustomStringConvertible {
    public var harness: String
    public var message: String
    public var description: String { "\(harness): \(message)" }

    /// Throws when `condition` is false. The executables turn a throw into a trap.
    public static func check(_ condition: Bool, _ harness: String, _ message: @autoclosure () -> String) throws {
        if !condition { throw FuzzFailure(harness: harness, message: message()) }
    }
}

/// Bytes handed over at most `chunk` at a time: what a transcoded, inflated or slow
/// stream does, and what a reader must give the same answer under.
public final class FuzzStream: ByteStream {
    let bytes: [UInt8]
    let chunk: Int
    var offset = 0

    public init(_ bytes: [UInt8], chunk: Int = .max) {
        self.bytes = bytes
        self.chunk = max(1, chunk)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, chunk, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}

/// Reads a stream to its end, at most `limit` bytes (an archive may inflate to anything).
func drain(_ stream: ByteStream, chunk: Int = 4096, limit: Int = 8 << 20) throws -> [UInt8] {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: chunk)
    while out.count < limit {
        let n = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
        if n == 0 { break }
        out += buffer[0..<n]
    }
    return out
}
