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
