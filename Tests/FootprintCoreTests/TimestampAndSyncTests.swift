import Foundation
import Testing
@testable import FootprintCore

/// The small helpers the receipts and journals are written with: instants, hex, and the
/// parallel sync of a folder's files.
@Suite("timestamps, hex and syncing many files")
struct TimestampAndSyncTests {
    @Test("an instant reads as ISO8601DateFormatter wrote it before (UTC, to the second)",
          arguments: [0.0, 1_796_178_110.85, 951_782_400.0, 4_102_444_799.999])
    func timestamp(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Timestamp.iso8601(date) == ISO8601DateFormatter().string(from: date))
    }

    @Test("hex is two lower-case digits a byte, as String(format: \"%02x\") wrote it")
    func hex() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Hex.lower(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.lower([UInt8]()) == "")
        #expect(Hex.lower([0x0f, 0xa0]) == "0fa0")
    }

    @Test("every file of a long list is synced, on several threads; a file that is not there is an error naming it")
    func syncMany() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-sync-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let paths = (0..<37).map { "\(folder)/file-\($0)" }
        for (index, path) in paths.enumerated() { try AtomicFile.create(Array("file \(index)\n".utf8), at: path, sync: false) }
        try AtomicFile.sync(paths)
        try AtomicFile.sync([paths[0]])
        for (index, path) in paths.enumerated() { #expect(FileManager.default.contents(atPath: path) == Data("file \(index)\n".utf8)) }
        let missing = "\(folder)/never-written"
        #expect { try AtomicFile.sync(paths + [missing]) } throws: { "\($0)".contains("never-written") }
    }
}
