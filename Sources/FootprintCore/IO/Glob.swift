#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Expands shell-style path patterns (`exports/**/*.csv`, `crm/contacts-2026-??.csv`)
/// against the file system. `**` crosses folders; other wildcards stay within one.
/// Results are sorted so that scans and row numbers are reproducible.
public enum Glob {
    public static func expand(_ pattern: String, relativeTo base: String) -> [String] {
        let absolute = pattern.hasPrefix("/") ? pattern : (base as NSString).appendingPathComponent(pattern)
        let segments = absolute.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var results: [String] = []
        walk(directory: "/", segments: segments[...], into: &results)
        return Array(Set(results)).sorted()
    }

    public static func hasWildcard(_ text: String) -> Bool {
        text.contains { "*?[".contains($0) }
    }

    private static func walk(directory: String, segments: ArraySlice<String>, into results: inout [String]) {
        guard let segment = segments.first else { return }
        let rest = segments.dropFirst()
        let join = { (name: String) in directory == "/" ? "/\(name)" : "\(directory)/\(name)" }
        if segment == "**" {
            walk(directory: directory, segments: rest, into: &results)
            for child in children(of: directory) where isDirectory(join(child)) {
                walk(directory: join(child), segments: segments, into: &results)
            }
            return
        }
        let candidates: [String]
        if hasWildcard(segment) {
            candidates = children(of: directory).filter { fnmatch(segment, $0, FNM_PERIOD) == 0 }
        } else {
            candidates = FileManager.default.fileExists(atPath: join(segment)) ? [segment] : []
        }
        for name in candidates {
            let path = join(name)
            if rest.isEmpty {
                results.append(path)
            } else if isDirectory(path) {
                walk(directory: path, segments: rest, into: &results)
            }
        }
    }

    private static func children(of directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
