import ArgumentParser
import Foundation
import FootprintCore

/// What this machine's disk costs any atomic rewrite of the export, with no searching at
/// all: its bytes (already in the page cache) written aside by the same writer a deletion
/// uses (`AsideFile`), fsynced, renamed over a scratch copy, and the old blocks freed. It
/// runs as its own process, `footprint-bench rewrite-floor`, so that the freeing — which
/// the kernel does when the last descriptor of the replaced file closes, and which a
/// process waits for at exit — is inside the time, as it is for `footprint delete`. The
/// delete bench prints it beside its own figure, so that a reader can tell the tool's
/// share of a rewrite from the disk's.
enum DurableRewriteFloor {
    /// Seconds for one such rewrite of a scratch copy of `path` made in the same folder.
    static func measure(copyOf path: String) throws -> Double {
        let scratch = (path as NSString).deletingLastPathComponent + "/floor-probe.csv"
        defer { unlink(scratch) }
        guard try Measure.run(["cp", path, scratch]).exitCode == 0 else { throw BenchError("cannot copy \(path) for the floor probe") }
        _ = try Measure.run(["sync"])
        let run = try Measure.run([CommandLine.arguments[0], "rewrite-floor", scratch])
        guard run.exitCode == 0 else { throw BenchError("the floor probe failed: \(run.stdout)") }
        return run.seconds
    }
}

extension FootprintBench {
    struct RewriteFloor: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rewrite-floor",
            abstract: "Rewrite FILE as it is, the way a deletion rewrites an export, with no search (the delete bench's floor).",
            shouldDisplay: false)

        @Argument(help: "The file to rewrite in place (a scratch copy).") var file: String

        func run() throws {
            try AsideFile.replace(file) { out in try out.write(contentsOf: try FileByteStream(path: file, displayName: file)) }
        }
    }
}
