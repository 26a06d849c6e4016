import Foundation
import FootprintCore

/// A scratch file beside the index that a scan writes what it cannot hold in memory to —
/// sorted runs of postings, encoded key pages — and reads back when it writes the
/// container. It holds keyed hashes, record numbers, record keys and byte positions,
/// like the index itself (no identifier in clear), and is deleted when the scan is done
/// with it; a scan killed half-way leaves it for the next scan to delete.
final class SpillFile: @unchecked Sendable {
    static let suffix = ".footprint-spill"

    let path: String
    private let descriptor: Int32
    private var length: Int64 = 0
    private let lock = NSLock()

    init(folder: String) throws {
        path = folder + "/scan-\(getpid())-\(UUID().uuidString)" + Self.suffix
        descriptor = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw SourceError(.io, "cannot create the scan's scratch file \(path): \(String(cString: strerror(errno)))",
                              hint: "check that the index folder is writable and has free space")
        }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// Appends `bytes`; returns where they start.
    func append(_ bytes: UnsafeRawBufferPointer) throws -> Int64 {
        try lock.withLock {
            let start = length
            var written = 0
            while written < bytes.count {
                let n = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(start + Int64(written)))
                guard n > 0 else {
                    throw SourceError(.io, "cannot write the scan's scratch file \(path): \(String(cString: strerror(errno)))",
                                      hint: "free some space in the index folder")
                }
                written += n
            }
            length += Int64(bytes.count)
            return start
        }
    }

    /// Reads `count` bytes at `offset` into `buffer`.
    func read(offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + Int64(done)))
            guard n > 0 else { throw SourceError(.io, "cannot read the scan's scratch file \(path): \(String(cString: strerror(errno)))") }
            done += n
        }
    }

    /// Deletes scratch files a killed scan left in `folder`. Call only under the scan lock.
    static func removeLeftovers(in folder: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(suffix) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}
