import Foundation

/// The folder that holds the index, its key file, its lock and scratch files: created
/// owner-only (0700), since what is in it says, if only in keyed hashes, who is where.
enum IndexFolder {
    static func create(holding file: String) throws {
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }
}
