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
            try AsideFile.replace(first.path) { out in
                try out.write(contentsOf: EditedByteStream(try FileByteStream(path: first.path, displayName: first.name), edits: edits))
            }
        case .gzip:
            let original = try first.open()
            try AsideFile.replace(first.path) { out in
                let writer = try DeflateWriter(.gzip) { try out.write($0) }
                try writer.write(contentsOf: EditedByteStream(original, edits: edits))
                try writer.finish()
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
}
