import Foundation

/// Files that are either whole or absent: written aside (mode 0600), fsynced, then renamed
/// into place, so a crash or a full disk never leaves half a plan, receipt or package.
public enum AtomicFile {
    /// One file, written aside, synced, then renamed into place.
    public static func write(_ bytes: [UInt8], to target: String) throws {
        let temporary = ((target as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent(".\((target as NSString).lastPathComponent).tmp-\(UUID().uuidString.prefix(8))")
        do {
            try create(bytes, at: temporary)
            guard rename(temporary, target) == 0 else {
                throw ConfigError("cannot move the file into \(target): \(String(cString: strerror(errno)))", hint: "check the folder's permissions")
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Syncs a file written earlier with `sync: false`.
    public static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ConfigError("cannot open \(path) to sync it: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw ConfigError("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Syncs many files written with `sync: false`, on up to eight threads at once: a disk
    /// takes concurrent flushes together. A hundred receipts are 400 files; here they took
    /// 0.13 s synced one by one and 0.04 s eight at a time. Throws the first failure.
    public static func sync(_ paths: [String]) throws {
        let lanes = min(8, paths.count)
        guard lanes > 1 else { return try paths.forEach(sync) }
        let outcome = SyncOutcome()
        let done = DispatchGroup()
        for lane in 0..<lanes {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                for index in stride(from: lane, to: paths.count, by: lanes) where !outcome.failed {
                    do { try sync(paths[index]) } catch { outcome.fail(error) }
                }
            }
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    /// The first error of a parallel `sync`, shared by its threads.
    private final class SyncOutcome: @unchecked Sendable {
        private let lock = NSLock()
        private var first: Error?
        var failed: Bool { lock.withLock { first != nil } }
        var error: Error? { lock.withLock { first } }
        func fail(_ error: Error) { lock.withLock { if first == nil { first = error } } }
    }

    /// A new file (never an existing one), mode 0600, written and fsynced (unless `sync`
    /// is off: the caller then flushes many files at once).
    public static func create(_ bytes: [UInt8], at path: String, sync: Bool = true) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ConfigError("cannot create \(path): \(String(cString: strerror(errno)))", hint: "check the folder's permissions and free space")
        }
        defer { close(descriptor) }
        var written = 0
        try bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ConfigError("cannot write \(path): \(String(cString: strerror(errno)))", hint: "check free space")
                }
                written += n
            }
        }
        guard !sync || fsync(descriptor) == 0 else { throw ConfigError("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }
}
