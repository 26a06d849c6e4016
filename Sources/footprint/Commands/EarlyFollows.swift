import Foundation
import FootprintCore
import FootprintIndex

/// The index's half of a deletion, started early: as each rewrite that only cuts rows
/// begins (`RemovalLog`'s `onCut`), the pages it changes are worked out on another thread,
/// on a connection of its own (`IndexStore.prepareFollow`), while the file is written;
/// `PlanExecution.refreshIndex` commits them once the new file's fingerprint is known. A
/// large export's rewrite waits on its disk most of the time, and the walk over every page
/// of its index (about half a second for 4M rows) fits in that wait.
final class EarlyFollows: @unchecked Sendable {
    private let indexPath: String
    private let key: IndexKey
    private let followers: [(source: String, connector: any RemovalFollowing)]
    private let lock = NSLock()
    private var started: [String: DispatchSemaphore] = [:]
    private var prepared: [String: IndexStore.PreparedFollow] = [:]

    /// The file sources of the configuration whose index entries can follow a cut.
    init(workspace: Workspace, key: IndexKey) throws {
        indexPath = workspace.indexPath
        self.key = key
        followers = try workspace.config.sources.filter { Connectors.rewritesFiles($0.connector) }.compactMap { source in
            try workspace.connector(for: source).capability((any RemovalFollowing).self).map { (source.name, $0) }
        }
    }

    /// Starts preparing the follow of `cut` for each source that can follow it.
    func start(_ cut: RemovalLog.Cut) {
        for (source, following) in followers where following.indexFollowsRemovals(in: cut.container) {
            let id = Self.id(source: source, container: cut.container, before: cut.before)
            let done = DispatchSemaphore(value: 0)
            lock.withLock { started[id] = done }
            let (path, key) = (indexPath, key)
            Thread.detachNewThread { [self] in
                // Anything that goes wrong here leaves the follow to be done, or the file
                // rescanned, after the rewrite, as without this.
                let result = try? IndexStore(path: path, key: key, create: false)
                    .prepareFollow(cut, source: source, mayBeNumbered: following.mayBeNumbered(key:record:))
                lock.withLock { prepared[id] = result }
                done.signal()
            }
        }
    }

    /// The follow prepared for this removal, once ready; nil when none was started for it
    /// or it could not be prepared.
    func prepared(source: String, removal: RemovalLog.Removal) -> IndexStore.PreparedFollow? {
        let id = Self.id(source: source, container: removal.cut.container, before: removal.cut.before)
        guard let done = lock.withLock({ started[id] }) else { return nil }
        done.wait()
        done.signal() // asked again, it answers at once
        return lock.withLock { prepared[id] }
    }

    private static func id(source: String, container: String, before: String) -> String {
        "\(source)\u{0}\(container)\u{0}\(before)"
    }
}
