import Foundation
import FootprintCore

/// A fresh folder under the temporary directory, for one test to write into.
public func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "footprint-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs a shell command (gzip, zip, iconv building a fixture); throws when it fails.
public func shell(_ command: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
}

/// Reads a whole stream, in small pieces to exercise chunk boundaries.
public func drain(_ stream: ByteStream, chunk: Int = 7) throws -> [UInt8] {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: chunk)
    while true {
        let n = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
        if n == 0 { return out }
        out += buffer[0..<n]
    }
}

/// A byte stream over bytes in memory.
public final class MemoryStream: ByteStream {
    var bytes: [UInt8]
    var offset = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        for i in 0..<n { buffer[i] = bytes[offset + i] }
        offset += n
        return n
    }
}

/// Every record a connector yields, and the report of reading them.
public func collect(_ connector: any Connector) throws -> (records: [Record], report: ScanReport) {
    var report = ScanReport()
    var records: [Record] = []
    try connector.records(into: &report) { records.append($0); return true }
    return (records, report)
}

/// Everything a connector's search finds for `identity`, and the report of the search.
public func search(_ connector: any Connector, _ identity: Identity, region: String = "US",
                   policy: MatchingPolicy = MatchingPolicy()) throws -> (found: [Found], report: ScanReport) {
    var report = ScanReport()
    var found: [Found] = []
    let matcher = IdentityMatcher(keys: try IdentityKeys(identity, region: region), source: connector.source, policy: policy)
    try connector.search(matcher, into: &report) { found.append($0) }
    return (found, report)
}
