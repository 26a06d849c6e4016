#if canImport(Glibc)
import Glibc
#endif
import Foundation
import FootprintCore

/// An exclusive lock beside the index, so two scans (a cron job and a person, say) never
/// write it at once. Held for the life of the object; the kernel drops it if the process dies.
public final class ScanLock {
    private let fd: Int32
    public let path: String

    public init(indexPath: String) throws {
        path = indexPath + ".lock"
        try IndexFolder.create(holding: path)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ConfigError("cannot create the scan lock \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var holder = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &holder, 31, 0)
            let pid = n > 0 ? String(decoding: holder[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(fd)
            throw ConfigError("another scan is running (process \(pid)) and holds \(path)", hint: "wait for it to finish; scans never run at once")
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
