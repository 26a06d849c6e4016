#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Runs a command the way a user would and measures it: wall time, and the peak
/// resident memory the kernel reports for the child (wait4's ru_maxrss).
enum Measure {
    struct Result {
        var seconds: Double
        var peakMB: Double
        var exitCode: Int32
        var stdout: String
    }

    /// `discardOutput` sends stdout to /dev/null, as a shell's `> /dev/null` would.
    static func run(_ argv: [String], stdin: String? = nil, discardOutput: Bool = false) throws -> Result {
        let outPath = discardOutput ? "/dev/null" : NSTemporaryDirectory() + "footprint-bench-\(getpid()).out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, discardOutput ? O_WRONLY : O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let stdin {
            let inPath = NSTemporaryDirectory() + "footprint-bench-\(getpid()).in"
            try stdin.write(toFile: inPath, atomically: true, encoding: .utf8)
            posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        }
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let spawned = posix_spawnp(&pid, argv[0], &actions, nil, cArgs, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        let output = discardOutput ? "" : (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        if !discardOutput { unlink(outPath) }
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(seconds: seconds, peakMB: Double(usage.ru_maxrss) / 1024, exitCode: code, stdout: output)
    }

    /// The best of `times` runs (warm cache: the first run warms it).
    static func best(_ argv: [String], times: Int, stdin: String? = nil, discardOutput: Bool = false) throws -> Result {
        var best: Result?
        for _ in 0..<times {
            let r = try run(argv, stdin: stdin, discardOutput: discardOutput)
            if best == nil || r.seconds < best!.seconds { best = r }
        }
        return best!
    }

    /// What the test server saw for a session (fixtures/api/server.py's /_stats): requests,
    /// the most started in any one second, the most in flight at once.
    static func serverStats(_ url: String, session: String) throws -> [String: Int] {
        let text = try run(["curl", "-s", "\(url)/_stats/\(session)"]).stdout
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Int] ?? [:]
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
