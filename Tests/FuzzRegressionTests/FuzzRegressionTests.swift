import Foundation
import Testing
@testable import FootprintFuzzChecks

/// Every input the fuzzers found (and the seeds they start from), replayed through its
/// harness's check: what once crashed, hung or broke a promise stays fixed.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ folder: String, _ harness: String) -> [URL] {
        let dir = root.appendingPathComponent(folder).appendingPathComponent(harness)
        return ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path }
    }

    @Test("each harness has seeds, and every kept finding and seed passes its check", arguments: FuzzHarness.all.map(\.name))
    func replay(_ name: String) throws {
        let harness = try #require(FuzzHarness.named(name))
        let seeds = Self.inputs("seeds", name)
        #expect(!seeds.isEmpty, "Fuzz/seeds/\(name) is empty")
        for input in seeds + Self.inputs("regressions", name) {
            do {
                try harness.check(Array(try Data(contentsOf: input)))
            } catch {
                Issue.record("\(input.lastPathComponent): \(error)")
            }
        }
    }

    @Test("a short seeded run of random mutations of the seeds passes every check", arguments: FuzzHarness.all.map(\.name))
    func mutations(_ name: String) throws {
        let harness = try #require(FuzzHarness.named(name))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(name.utf8.count + 1)
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 11 }
        for seed in Self.inputs("seeds", name) {
            let original = Array(try Data(contentsOf: seed))
            for _ in 0..<200 {
                var bytes = original
                for _ in 0..<(1 + Int(next() % 4)) {
                    switch next() % 4 {
                    case 0 where !bytes.isEmpty: bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next())
                    case 1: bytes.insert(UInt8(truncatingIfNeeded: next()), at: Int(next() % UInt64(bytes.count + 1)))
                    case 2 where !bytes.isEmpty: bytes.remove(at: Int(next() % UInt64(bytes.count)))
                    default: bytes += bytes.prefix(Int(next() % 16))
                    }
                }
                do { try harness.check(bytes) } catch {
                    Issue.record("a mutation of \(seed.lastPathComponent): \(error) — bytes \(bytes.prefix(64).map { String($0, radix: 16) })")
                    return
                }
            }
        }
    }
}
