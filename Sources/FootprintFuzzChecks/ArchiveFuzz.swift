import Foundation
import FootprintCore

/// Zip and gzip: any bytes give members or a SourceError, never a crash; members and
/// inflated output are read to a bound (an archive may claim or inflate to anything).
enum ArchiveFuzz {
    /// ZipArchive reads a file: each input is written to one scratch file per process.
    static let scratch = NSTemporaryDirectory() + "footprint-fuzz-\(getpid()).zip"

    static func checkZip(_ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: scratch))
        guard let archive = try? ZipArchive(path: scratch, displayName: "fuzz.zip") else { return }
        for member in archive.members.prefix(16) {
            guard let stream = try? archive.open(member) else { continue }
            _ = try? drain(stream, limit: 1 << 20)
        }
    }

    static func checkGzip(_ bytes: [UInt8]) throws {
        for format in [InflateByteStream.Format.gzip, .rawDeflate] {
            guard let stream = try? InflateByteStream(FuzzStream(bytes, chunk: 1 + Int(bytes.first ?? 0) % 251), format: format, name: "fuzz.gz") else { continue }
            // What comes out before an error must be a prefix of what a whole read gives.
            var chunked: [UInt8] = []
            do { chunked = try drain(stream, chunk: 333, limit: 1 << 20) } catch is SourceError {}
            guard let whole = try? InflateByteStream(FuzzStream(bytes), format: format, name: "fuzz.gz") else { continue }
            var all: [UInt8] = []
            do { all = try drain(whole, chunk: 1 << 16, limit: 1 << 20) } catch is SourceError {}
            let n = min(chunked.count, all.count)
            try FuzzFailure.check(chunked[0..<n] == all[0..<n], "gzip", "inflated bytes differ with the read size")
        }
    }
}
