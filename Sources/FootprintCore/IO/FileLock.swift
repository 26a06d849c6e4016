#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// An exclusive lock on a file beside what it guards (the index, a plan being executed),
/// so two processes never write it at once. Held for the life of the object; the kernel
/// drops it when the process dies, so a killed run never leaves it taken. The holder's pid
/// is written into it for the message the next one sees.
public final class FileLock {
    private let fd: Int32
    public let path: String

    /// `what` names the activity in the refusal: "another scan is running".
    public init(path: String, what: String, hint: String) throws {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ConfigError("cannot create the lock \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var holder = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &holder, 31, 0)
            let pid = n > 0 ? String(decoding: holder[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(fd)
            throw ConfigError("\(what) (process \(pid)) and holds \(path)", hint: hint)
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
