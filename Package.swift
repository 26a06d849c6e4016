// swift-tools-version:6.0
import PackageDescription

// Layout (see README "Architecture"): the core knows nothing of any connector;
// each connector is its own target under connectors/; only the CLI lists them.
let package = Package(
    name: "Footprint",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "footprint", targets: ["footprint"]),
        .executable(name: "footprint-bench", targets: ["FootprintBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // libcrypto (OpenSSL) for HMAC-SHA256 and MD5: copyable SHA-256 states make index
        // hashing ~5x cheaper than swift-crypto's allocating HMAC (see TermHasher).
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // libpq is looked up with dlopen when a database is first opened, not linked (start-up
        // time, see CLibPQ.h); the headers come from apt libpq-dev, the library from libpq5.
        .target(name: "CLibPQ", path: "Sources/CLibPQ", linkerSettings: [.linkedLibrary("dl")]),
        // libcurl, the same way (CLibCurl.h): the HTTP connector's requests, without
        // FoundationNetworking, which would load libcurl at every start-up.
        .target(name: "CLibCurl", path: "Sources/CLibCurl", linkerSettings: [.linkedLibrary("dl")]),
        // libxlsxwriter for the data map workbook (DataMapXLSX).
        .systemLibrary(name: "CXLSXWriter", path: "Sources/CXLSXWriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // sync_file_range, for rewrites that start their writeback while they write (AsideFile).
        .target(name: "CFileSync", path: "Sources/CFileSync"),
        .target(
            name: "FootprintCore",
            dependencies: [
                "CZlib",
                "CFileSync",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/FootprintCore"
        ),
        // Every output format: model values in, bytes out. Imports the core only.
        .target(name: "FootprintReports",
                dependencies: ["FootprintCore", "CLibCrypto", "CXLSXWriter", .product(name: "Mustache", package: "swift-mustache")],
                path: "Sources/FootprintReports"),
        .target(
            name: "FootprintIndex",
            dependencies: ["FootprintCore", "CSQLite", "CLibCrypto", .product(name: "Logging", package: "swift-log")],
            path: "Sources/FootprintIndex"
        ),
        .target(name: "FootprintCSV", dependencies: ["FootprintCore"], path: "connectors/CSV"),
        .target(name: "FootprintJSON", dependencies: ["FootprintCore"], path: "connectors/JSON"),
        .target(name: "FootprintPostgres", dependencies: ["FootprintCore", "CLibPQ"], path: "connectors/Postgres"),
        .target(
            name: "FootprintHTTP",
            dependencies: ["FootprintCore", "CLibCrypto", "CLibCurl"],
            path: "connectors/HTTP",
            exclude: ["templates"]
        ),
        .executableTarget(
            name: "footprint",
            dependencies: [
                "FootprintCore", "FootprintIndex", "FootprintReports", "FootprintCSV", "FootprintJSON", "FootprintPostgres", "FootprintHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/footprint"
        ),
        .executableTarget(
            name: "FootprintBench",
            dependencies: [
                "FootprintCore", "FootprintCSV", "FootprintTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/FootprintBench"
        ),
        // The checks the fuzz harnesses run (see Fuzz/ and `make fuzz`); the test suite
        // replays every input kept under Fuzz/regressions through them.
        .target(name: "FootprintFuzzChecks", dependencies: ["FootprintCore", "FootprintReports", "FootprintCSV", "FootprintJSON"],
                path: "Sources/FootprintFuzzChecks"),
        // What the test suites share (the CLI runner, the test servers' addresses, scratch
        // folders, collecting a connector's records, the seeded generator): out of the product.
        .target(name: "FootprintTestSupport", dependencies: ["FootprintCore"], path: "Tests/FootprintTestSupport"),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FootprintFuzzChecks", "FootprintCore", "FootprintTestSupport"], path: "Tests/FuzzRegressionTests"),
        .testTarget(name: "FootprintCoreTests", dependencies: ["FootprintCore", "FootprintReports", "FootprintTestSupport"], path: "Tests/FootprintCoreTests"),
        .testTarget(name: "CSVConnectorTests", dependencies: ["FootprintCSV", "FootprintCore", "FootprintFuzzChecks", "FootprintTestSupport"], path: "Tests/CSVConnectorTests",
                    exclude: ["csv-spectrum"]),
        .testTarget(name: "JSONConnectorTests", dependencies: ["FootprintJSON", "FootprintCore", "FootprintFuzzChecks", "FootprintTestSupport"], path: "Tests/JSONConnectorTests"),
        .testTarget(name: "PostgresConnectorTests", dependencies: ["FootprintPostgres", "FootprintCore", "FootprintReports", "FootprintTestSupport"], path: "Tests/PostgresConnectorTests"),
        .testTarget(name: "HTTPConnectorTests", dependencies: ["FootprintHTTP", "FootprintCore", "FootprintTestSupport"], path: "Tests/HTTPConnectorTests"),
        .testTarget(name: "FootprintIndexTests", dependencies: ["FootprintIndex", "FootprintCore", "FootprintCSV", "FootprintJSON", "FootprintTestSupport"],
                    path: "Tests/FootprintIndexTests"),
        .testTarget(name: "FootprintReportsTests", dependencies: ["FootprintReports", "FootprintCore", "FootprintTestSupport"], path: "Tests/FootprintReportsTests"),
        .testTarget(name: "CLITests", dependencies: ["FootprintCore", "FootprintTestSupport"], path: "Tests/CLITests"),
    ]
)

// `make fuzz` builds the libFuzzer executable with FOOTPRINT_FUZZ=1 and -sanitize=fuzzer
// (libFuzzer supplies its main); an ordinary build leaves it out.
if Context.environment["FOOTPRINT_FUZZ"] != nil {
    package.targets.append(.target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"))
    package.targets.append(.executableTarget(name: "footprint-fuzz", dependencies: ["FootprintFuzzChecks", "CFuzzDriver"], path: "Fuzz/harness"))
}
