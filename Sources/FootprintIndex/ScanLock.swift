import Foundation
import FootprintCore

/// An exclusive lock beside the index, so two scans (a cron job and a person, say) never
/// write it at once. Held for the life of the object; the kernel drops it if the process dies.
public final class ScanLock {
    private let lock: FileLock
    public var path: String { lock.path }

    public init(indexPath: String) throws {
        try IndexFolder.create(holding: indexPath + ".lock")
        lock = try FileLock(path: indexPath + ".lock", what: "another scan is running", hint: "wait for it to finish; scans never run at once")
    }
}
