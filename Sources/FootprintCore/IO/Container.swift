import Foundation

/// One readable unit of a file-based source: a file, a gzip file, or one member of a
/// zip archive. `name` is what locators and messages show (relative to the config's
/// folder, `exports/salesforce.zip/Contact.csv` for a zip member).
public struct Container: Sendable {
    public var name: String
    /// The file on disk holding it (the archive, for a zip member).
    public var path: String
    public var size: Int64
    /// How the bytes are stored, which says how they can be rewritten.
    public var kind: Kind
    let opener: @Sendable () throws -> ByteStream

    public enum Kind: Sendable, Equatable {
        /// A plain file on disk.
        case file
        /// A gzip file, read through gunzip.
        case gzip
        /// One member of a zip archive (`path` is the archive, shown as `archive`).
        case zipMember(String, archive: String)
    }

    /// A plain file on disk (not a gzip or a zip member): readers may seek in it.
    public var isPlainFile: Bool { kind == .file }

    public init(name: String, path: String, size: Int64, kind: Kind, opener: @escaping @Sendable () throws -> ByteStream) {
        self.name = name
        self.path = path
        self.size = size
        self.kind = kind
        self.opener = opener
    }

    /// Changes when the content does: size, modification time, and a hash of the first
    /// and last 64 KiB (cheap even for gigabyte files, and catches same-size rewrites that
    /// keep the modification time). Zip members are fingerprinted by their archive.
    public func fingerprint() -> String? { Self.fingerprint(ofFileAt: path) }

    /// The fingerprint of the file at `path` (`fingerprint()`'s, for a file not yet in
    /// place: a rewrite's new version before it is renamed over the original).
    public static func fingerprint(ofFileAt path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? Int64, let modified = attributes[.modificationDate] as? Date,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var sample = (try? handle.read(upToCount: 65_536)) ?? Data()
        if size > 131_072 {
            try? handle.seek(toOffset: UInt64(size - 65_536))
            sample += (try? handle.read(upToCount: 65_536)) ?? Data()
        }
        // FNV-1a over the sample: a change detector, not a security boundary.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        sample.withUnsafeBytes { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        return "\(size):\(Int64(modified.timeIntervalSince1970 * 1000)):\(String(hash, radix: 16))"
    }

    /// Opens the container's bytes, decompressing as needed.
    public func open() throws -> ByteStream { try opener() }
}

/// Turns a source's `path:` patterns into files, and files into containers: a `.gz`
/// file is one container read through gunzip, a `.zip` holds one container per member
/// whose name has one of the connector's extensions.
public struct ContainerResolver: Sendable {
    /// File extensions (lower case, no dot) the connector reads: ["csv", "tsv", "txt"].
    public var extensions: [String]
    public var baseDirectory: String

    public init(extensions: [String], baseDirectory: String) {
        self.extensions = extensions
        self.baseDirectory = baseDirectory
    }

    /// The files the patterns name, in order. A pattern that matches nothing is a
    /// configuration error: a typo in a path must not pass for "no records".
    public func files(patterns: [String], node: ConfigNode) throws -> [String] {
        var files: [String] = []
        var seen: Set<String> = []
        for pattern in patterns {
            var matched = Glob.expand(pattern, relativeTo: baseDirectory)
            matched = matched.flatMap { Glob.isDirectory($0) ? readableFiles(under: $0) : [$0] }
            if matched.isEmpty {
                throw node.error("'\(pattern)' matches no \(extensions.first ?? "") file",
                                 hint: "paths are relative to \(baseDirectory); check the spelling, or use a glob such as exports/*.\(extensions.first ?? "csv")")
            }
            for file in matched where seen.insert(file).inserted { files.append(file) }
        }
        return files
    }

    /// The containers inside one file (a zip yields its members).
    public func containers(in file: String) throws -> [Container] {
        let name = displayName(file)
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0
        let lower = file.lowercased()
        if lower.hasSuffix(".zip") {
            let archive = try ZipArchive(path: file, displayName: name)
            return archive.members.filter { !$0.isDirectory && !$0.name.hasPrefix("__MACOSX/") && accepts($0.name) }.map { member in
                Container(name: "\(name)/\(member.name)", path: file, size: member.uncompressedSize, kind: .zipMember(member.name, archive: name)) { try archive.open(member) }
            }
        }
        if lower.hasSuffix(".gz") {
            return [Container(name: name, path: file, size: size, kind: .gzip) {
                try InflateByteStream(FileByteStream(path: file, displayName: name), format: .gzip, name: name)
            }]
        }
        return [Container(name: name, path: file, size: size, kind: .file) { try FileByteStream(path: file, displayName: name) }]
    }

    func accepts(_ name: String) -> Bool {
        var lower = name.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        return extensions.contains { lower.hasSuffix(".\($0)") }
    }

    private func readableFiles(under directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = (directory as NSString).appendingPathComponent(relative)
            if !Glob.isDirectory(path), accepts(relative) || relative.lowercased().hasSuffix(".zip") { found.append(path) }
        }
        return found.sorted()
    }

    private func displayName(_ file: String) -> String {
        let base = baseDirectory.hasSuffix("/") ? baseDirectory : baseDirectory + "/"
        return file.hasPrefix(base) ? String(file.dropFirst(base.count)) : file
    }
}

/// The containers of a source's files by name, listed once and kept for the command:
/// a scan or an indexed lookup asks for containers by name once per file, and a source
/// may have thousands of files. A file that cannot be listed (a damaged archive) answers
/// for its own name with the error it gave.
public final class ContainerCatalog: @unchecked Sendable {
    private let lock = NSLock()
    private var byName: [String: Container]?
    private var failures: [String: Error] = [:]

    public init() {}

    public func container(named name: String, resolver: ContainerResolver, patterns: [String], node: ConfigNode) throws -> Container? {
        try lock.withLock {
            if byName == nil {
                var all: [String: Container] = [:]
                for file in try resolver.files(patterns: patterns, node: node) {
                    do {
                        for container in try resolver.containers(in: file) where all[container.name] == nil { all[container.name] = container }
                    } catch {
                        failures[file] = error
                    }
                }
                byName = all
            }
            if let failure = failures[name] { throw failure }
            return byName![name]
        }
    }
}
