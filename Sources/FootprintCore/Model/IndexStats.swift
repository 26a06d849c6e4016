import Foundation

/// What `footprint index stats` shows: the index's size and, per configured source, what
/// it holds and which containers changed since their scan (so a lookup would search them live).
public struct IndexStats: Sendable {
    public struct Source: Sendable {
        public var name: String
        public var containers: Int
        public var records: Int
        public var identifiers: Int
        public var lastScan: Date?
        /// Containers new, changed, gone or unable to tell since the last scan, each with why.
        public var stale: [String]

        public init(name: String, containers: Int, records: Int, identifiers: Int, lastScan: Date?, stale: [String]) {
            self.name = name
            self.containers = containers
            self.records = records
            self.identifiers = identifiers
            self.lastScan = lastScan
            self.stale = stale
        }
    }

    public var path: String
    public var bytes: Int64
    public var sources: [Source]

    public init(path: String, bytes: Int64, sources: [Source]) {
        self.path = path
        self.bytes = bytes
        self.sources = sources
    }
}
