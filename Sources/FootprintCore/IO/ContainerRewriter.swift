import Foundation

/// Applies edits to a container wherever it lives — a plain file, a `.gz` (decompressed,
/// edited, recompressed) or a member of a `.zip` (the archive rewritten, the other members
/// unchanged) — always written aside and renamed over the original, so an interrupted
/// rewrite leaves the original intact. Edits are in the container's own bytes.
public enum ContainerRewriter {
    /// Why this container cannot be rewritten (a member of a Zip64 archive), or nil.
    public static func cannotRewrite(_ container: Container) -> String? {
        guard case .zipMember = container.kind, let archive = try? ZipArchive(path: container.path, displayName: container.name),
              archive.isZip64 else { return nil }
        return "rewriting a Zip64 archive is not supported"
    }

    /// Rewrites the file the containers share (one file, or members of one zip) once.
    public static func apply(_ changes: [(Container, [ByteEdit])]) throws {
        let changes = changes.filter { !$0.1.isEmpty }
        guard let (first, edits) = changes.first else { return }
        switch first.kind {
        case .file:
            // Whole records cut out of a plain file: the index may follow it (`RemovalLog`).
            let log = edits.allSatisfy(\.replacement.isEmpty) ? RemovalLog.current : nil
            let cut = log == nil ? nil : first.fingerprint().map {
                RemovalLog.Cut(container: first.name, before: $0, removed: ByteEdit.normalized(edits).map(\.range), originalSize: first.size)
            }
            if let log, let cut { log.starting(cut) }
            var after: String?
            try witnessed(first) { tee in
                try AsideFile.replace(first.path, beforeSwap: cut == nil ? nil : { after = Container.fingerprint(ofFileAt: $0) }) { out in
                    // Opened and closed in here: the original's last reference must not
                    // outlive the rename (freeing its blocks would then hold this thread).
                    let edited = EditedByteStream(try FileByteStream(path: first.path, displayName: first.name), edits: edits)
                    try tee.copy(edited) { try out.write($0) }
                }
            }
            if let log, let cut, let after { log.record(RemovalLog.Removal(cut, after: after)) }
        case .gzip:
            try witnessed(first) { tee in
                try AsideFile.replace(first.path) { out in
                    let writer = try DeflateWriter(.gzip) { try out.write($0) }
                    try tee.copy(EditedByteStream(try first.open(), edits: edits)) { try writer.write($0) }
                    try writer.finish()
                }
            }
        case .zipMember(_, let archiveName):
            var members: [String: ByteStream] = [:]
            for (container, edits) in changes {
                guard case .zipMember(let member, _) = container.kind else { continue }
                members[member] = EditedByteStream(try container.open(), edits: edits)
            }
            try ZipRewriter.replace(members: members, in: first.path, displayName: archiveName)
        }
    }

    /// Runs `rewrite`, which copies the container's new bytes through the `Tee`; when a
    /// `RewriteWitness` is set and searches this container, the same bytes go to its search
    /// on other threads (`ParallelWitnessSearch`), and the container counts as witnessed
    /// once the search read every byte and the rewrite committed.
    static func witnessed(_ container: Container, _ rewrite: (Tee) throws -> Void) throws {
        guard let witness = RewriteWitness.current, let search = witness.search(for: container) else {
            return try rewrite(Tee(search: nil))
        }
        let parallel = ParallelWitnessSearch(search, container: container, pieceBytes: witness.pieceBytes)
        var committed = false
        defer {
            // The search ends whether the rewrite did or not; it counts only if it did.
            if parallel.finish() && committed { witness.witnessed(container, pieces: parallel.pieceCount) }
        }
        try rewrite(Tee(search: parallel))
        committed = true
    }

    /// Hands each chunk of the new bytes to the witness's search as it passes (or to no one),
    /// saying where a removed row was: a piece of the search may start there.
    struct Tee {
        let search: ParallelWitnessSearch?

        func copy(_ stream: ByteStream, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
            let edited = stream as? EditedByteStream
            try stream.forEachChunk { chunk in
                try body(chunk)
                search?.push(chunk, rowBoundary: edited?.endsAtRemoval ?? false)
            }
        }
    }
}
