import CFileSync
import Foundation

/// A new version of an existing file, written beside it and then swapped in: the bytes
/// go to a hidden file in the same folder, are fsynced, take the original's mode and
/// owner, and are renamed over it; the folder is fsynced last. A failure or a kill at any
/// point leaves the original as it was (and at worst a hidden `.name.rewrite-*` file).
public final class AsideFile {
    public let target: String
    let temporary: String
    let descriptor: Int32
    /// Bytes written so far: the offset of the next write.
    public private(set) var length: Int64 = 0
    /// Where the writeback already asked for ends (see `write`).
    private var flushed: Int64 = 0
    /// Written bytes are handed to the disk in pieces this big while the rewrite goes on.
    static let writebackPiece: Int64 = 16 << 20
    /// Originals at least this big are rewritten past the page cache (`DirectPieceWriter`).
    public static let directFrom: Int64 = 2 * Int64(DirectPieceWriter.pieceSize)
    /// Set by a caller that reads the new file straight back (a deletion that rescans what it
    /// changed, or verifies it by reading it again): the rewrite then goes through the page
    /// cache, where that read finds it, instead of past it. On the development machine
    /// reading 914 MB back from the disk cost more than writing it directly saved.
    @TaskLocal public static var readAgainSoon = false
    /// Set for a large rewrite where the filesystem allows it.
    private var direct: DirectPieceWriter?

    private init(target: String, direct useDirect: Bool) throws {
        self.target = target
        let folder = (target as NSString).deletingLastPathComponent
        temporary = (folder as NSString).appendingPathComponent(".\((target as NSString).lastPathComponent).rewrite-\(UUID().uuidString.prefix(8))")
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SourceError(.io, "cannot write beside the file: \(String(cString: strerror(errno)))", container: target,
                              hint: "check the folder's permissions and free space")
        }
        if useDirect { direct = DirectPieceWriter(path: temporary, buffered: descriptor, container: target) }
    }

    /// Writes the new version with `body` and swaps it in, or leaves the original untouched.
    /// What a killed rewrite of the same file left beside it is removed first. `direct`
    /// writes past the page cache; by default an original of `directFrom` bytes or more is,
    /// unless `readAgainSoon`. `beforeSwap` is given the new version's path once it is
    /// written and fsynced, just before it is renamed over the original.
    public static func replace(_ path: String, direct: Bool? = nil, beforeSwap: ((String) -> Void)? = nil,
                               _ body: (AsideFile) throws -> Void) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        removeLeftovers(of: path)
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let file = try AsideFile(target: path, direct: direct ?? (size >= directFrom && !readAgainSoon))
        do {
            try body(file)
            try file.direct?.finish()
            try file.commit(attributes, beforeSwap: beforeSwap)
        } catch {
            file.direct?.stop()
            file.direct = nil
            close(file.descriptor)
            unlink(file.temporary)
            throw error
        }
    }

    /// Whether this rewrite writes past the page cache (for tests).
    public var writesDirectly: Bool { direct != nil }

    /// Hidden `.NAME.rewrite-*` files beside `path`: the remains of a rewrite that was killed.
    static func removeLeftovers(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let prefix = ".\((path as NSString).lastPathComponent).rewrite-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? [] where name.hasPrefix(prefix) {
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let direct {
            try direct.append(bytes)
            length += Int64(bytes.count)
            return
        }
        var written = 0
        while written < bytes.count {
            let n = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw SourceError(.io, "cannot write the rewritten file: \(String(cString: strerror(errno)))", container: target, hint: "check free space")
            }
            written += n
        }
        length += Int64(bytes.count)
        // The disk starts on what is written while the rest is being written: a rewrite of
        // a large export then waits, at its fsync, for about the disk's share only.
        if length - flushed >= Self.writebackPiece {
            _ = footprint_start_writeback(descriptor, flushed, length - flushed)
            flushed = length
        }
    }

    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Overwrites bytes already written (a header whose sizes are known only afterwards).
    public func patch(_ bytes: [UInt8], at offset: Int64) throws {
        if let direct { return try direct.patch(bytes, at: offset) }
        let n = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard n == bytes.count else { throw SourceError(.io, "cannot write the rewritten file: \(String(cString: strerror(errno)))", container: target) }
    }

    /// Copies a whole stream in.
    public func write(contentsOf stream: ByteStream) throws {
        try stream.forEachChunk { try write($0) }
    }

    private func commit(_ attributes: [FileAttributeKey: Any], beforeSwap: ((String) -> Void)?) throws {
        direct = nil // finished by `replace`; this closes its descriptor before the fsync
        guard fsync(descriptor) == 0 else { throw SourceError(.io, "cannot sync the rewritten file: \(String(cString: strerror(errno)))", container: target) }
        if let mode = attributes[.posixPermissions] as? NSNumber { fchmod(descriptor, mode_t(mode.uint16Value)) }
        if let owner = attributes[.ownerAccountID] as? NSNumber, let group = attributes[.groupOwnerAccountID] as? NSNumber {
            _ = fchown(descriptor, uid_t(owner.uint32Value), gid_t(group.uint32Value))
        }
        close(descriptor)
        beforeSwap?(temporary)
        // The original stays open across the rename, so that freeing its blocks (most of a
        // second for a large export) happens when it is closed — on another thread,
        // while the caller goes on — instead of inside rename(2). Holding it until the
        // receipts were written was tried: freeing then came after them instead of under
        // them, and the whole took as long or longer.
        let original = open(target, O_RDONLY | O_CLOEXEC)
        guard rename(temporary, target) == 0 else {
            let failure = SourceError(.io, "cannot replace the file: \(String(cString: strerror(errno)))", container: target)
            if original >= 0 { close(original) }
            throw failure
        }
        if original >= 0 { Self.release(original) }
        let folder = open((target as NSString).deletingLastPathComponent, O_RDONLY)
        if folder >= 0 { fsync(folder); close(folder) }
    }

    /// Closes the replaced original in the background (the process waits for it at exit).
    private static func release(_ descriptor: Int32) {
        Thread.detachNewThread { close(descriptor) }
    }
}
