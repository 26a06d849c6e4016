import Foundation

/// Rewrites a file without some byte ranges, copying every other byte as it is: written
/// aside in the same folder, fsynced, renamed over the original (mode and owner kept), the
/// folder fsynced. An interrupted rewrite leaves the original untouched. Streams in 1 MiB
/// pieces, so a gigabyte export needs no more memory than a small one.
public enum FileRewriter {
    public static func remove(_ ranges: [(Int64, Int64)], from path: String) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).erase-\(UUID().uuidString.prefix(8))")
        let input = open(path, O_RDONLY)
        guard input >= 0 else { throw SourceError(.io, "cannot open: \(String(cString: strerror(errno)))", container: path) }
        defer { close(input) }
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard output >= 0 else { throw SourceError(.io, "cannot write beside the file: \(String(cString: strerror(errno)))", container: path, hint: "check the folder's permissions and free space") }
        do {
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
            var position: Int64 = 0
            for (start, end) in ranges.sorted(by: { $0.0 < $1.0 }) where end > position {
                try copy(input, output, from: position, to: max(start, position), path: path)
                position = max(position, end)
            }
            try copy(input, output, from: position, to: size, path: path)
            guard fsync(output) == 0 else { throw SourceError(.io, "cannot sync the rewritten file: \(String(cString: strerror(errno)))", container: path) }
            close(output)
            if let mode = attributes[.posixPermissions] as? NSNumber { chmod(temporary, mode_t(mode.uint16Value)) }
            if let owner = attributes[.ownerAccountID] as? NSNumber, let group = attributes[.groupOwnerAccountID] as? NSNumber {
                _ = chown(temporary, uid_t(owner.uint32Value), gid_t(group.uint32Value))
            }
            guard rename(temporary, path) == 0 else { throw SourceError(.io, "cannot replace the file: \(String(cString: strerror(errno)))", container: path) }
            let directory = open(folder, O_RDONLY)
            if directory >= 0 { fsync(directory); close(directory) }
        } catch {
            close(output)
            unlink(temporary)
            throw error
        }
    }

    private static func copy(_ input: Int32, _ output: Int32, from start: Int64, to end: Int64, path: String) throws {
        var position = start
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while position < end {
            let want = Int(min(Int64(buffer.count), end - position))
            let n = buffer.withUnsafeMutableBytes { pread(input, $0.baseAddress, want, off_t(position)) }
            guard n > 0 else { throw SourceError(.io, "the file ended early while rewriting it", container: path) }
            var written = 0
            while written < n {
                let w = buffer.withUnsafeBytes { Foundation.write(output, $0.baseAddress! + written, n - written) }
                guard w > 0 else { throw SourceError(.io, "cannot write the rewritten file: \(String(cString: strerror(errno)))", container: path) }
                written += w
            }
            position += Int64(n)
        }
    }
}
