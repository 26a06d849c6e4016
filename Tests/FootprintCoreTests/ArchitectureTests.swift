import Foundation
import Testing

/// The layout is the architecture (README "Architecture"): these rules are checked on the
/// sources themselves, so a stray import fails the suite instead of waiting for a review.
@Suite("Architecture: who may import whom")
struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The Footprint modules each Swift file under `folder` imports.
    static func imports(under folder: String) throws -> [(file: String, module: String)] {
        let base = root + "/" + folder
        guard let files = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [(String, String)] = []
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: base + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                      words[..<index].allSatisfy({ ["@testable", "@_exported", "internal", "public", "private"].contains($0) }) else { continue }
                let module = words[index + 1]
                if module.hasPrefix("Footprint") { found.append((folder + "/" + file, module)) }
            }
        }
        return found
    }

    @Test("the core imports no Footprint module")
    func core() throws {
        let offenders = try Self.imports(under: "Sources/FootprintCore")
        #expect(offenders.isEmpty, "\(offenders)")
    }

    @Test("FootprintReports imports only the core")
    func reports() throws {
        let offenders = try Self.imports(under: "Sources/FootprintReports").filter { $0.module != "FootprintCore" }
        #expect(offenders.isEmpty, "\(offenders)")
    }

    @Test("a connector imports only the core: never another connector, the index or the reports")
    func connectors() throws {
        let kinds = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/connectors")
        #expect(kinds.count >= 4)
        for kind in kinds {
            let offenders = try Self.imports(under: "connectors/" + kind).filter { $0.module != "FootprintCore" }
            #expect(offenders.isEmpty, "\(offenders)")
        }
    }

    @Test("only the CLI lists the connectors")
    func connectorList() throws {
        let connectorModules = ["FootprintCSV", "FootprintJSON", "FootprintPostgres", "FootprintHTTP"]
        var listing: Set<String> = []
        for folder in ["Sources/FootprintCore", "Sources/FootprintIndex", "Sources/FootprintReports", "Sources/footprint"] {
            for (file, module) in try Self.imports(under: folder) where connectorModules.contains(module) { listing.insert(file) }
        }
        #expect(listing == ["Sources/footprint/Connectors.swift"])
    }
}
