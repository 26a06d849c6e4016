#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What this machine's disk costs any atomic rewrite of a file, with no searching at all:
/// its bytes (already in the page cache) written aside, fsynced, renamed over the original
/// (which frees the old blocks) and the folder fsynced. The delete bench prints it beside
/// its own figure, so that a reader can tell the tool's share of a rewrite from the disk's.
enum DurableRewriteFloor {
    /// Seconds for one such rewrite of a scratch copy of `path` made in the same folder.
    static func measure(copyOf path: String) throws -> Double {
        let folder = (path as NSString).deletingLastPathComponent
        let scratch = folder + "/floor-probe.csv"
        let aside = scratch + ".aside"
        defer { unlink(scratch); unlink(aside) }
        guard try Measure.run(["cp", path, scratch]).exitCode == 0 else { throw BenchError("cannot copy \(path) for the floor probe") }
        _ = try Measure.run(["sync"])
        let start = now()
        try copy(scratch, to: aside)
        guard rename(aside, scratch) == 0 else { throw BenchError("rename failed: \(String(cString: strerror(errno)))") }
        let dir = open(folder, O_RDONLY | O_DIRECTORY)
        guard dir >= 0 else { throw BenchError("cannot open \(folder)") }
        fsync(dir)
        close(dir)
        return now() - start
    }

    private static func copy(_ source: String, to target: String) throws {
        let input = open(source, O_RDONLY)
        let output = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard input >= 0, output >= 0 else { throw BenchError("cannot open the floor probe's files") }
        defer { close(input); close(output) }
        let size = 4 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        defer { buffer.deallocate() }
        while true {
            let got = read(input, buffer, size)
            guard got > 0 else {
                guard got == 0 else { throw BenchError("read failed: \(String(cString: strerror(errno)))") }
                break
            }
            var done = 0
            while done < got {
                let wrote = write(output, buffer + done, got - done)
                guard wrote > 0 else { throw BenchError("write failed: \(String(cString: strerror(errno)))") }
                done += wrote
            }
        }
        guard fsync(output) == 0 else { throw BenchError("fsync failed: \(String(cString: strerror(errno)))") }
    }

    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
