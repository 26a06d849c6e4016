import CLibCrypto
import Foundation
import FootprintCore

/// Writes a Know package to disk, all or nothing: every file goes into a temporary folder
/// beside the destination (mode 0700, files 0600, each fsynced), which is then renamed
/// into place; the review folder (`DIR.review`) likewise, and it is never inside the
/// package. An existing destination is never overwritten.
public struct KnowPackageWriter {
    public var version: String
    /// The configuration file's bytes, for the manifest's digest.
    public var configuration: [UInt8]
    public var template: String?

    public init(version: String, configuration: [UInt8], template: String? = nil) {
        self.version = version
        self.configuration = configuration
        self.template = template
    }

    /// The package's files, relative path → bytes, manifest last.
    public func files(_ package: KnowPackage) throws -> [(path: String, bytes: [UInt8])] {
        var files: [(path: String, bytes: [UInt8])] = [
            ("response.json", Array(KnowResponseJSON.document(package, version: version).utf8)),
            ("index.html", Array(try KnowLetter.html(package, template: template).utf8)),
        ]
        files += KnowDataFiles.files(package)
        files.append(("manifest.json", manifest(package, files)))
        return files
    }

    func manifest(_ package: KnowPackage, _ files: [(path: String, bytes: [UInt8])]) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("schema"); json.string("footprint.know-manifest/1")
        json.key("request"); json.string(package.request.id)
        json.key("generated"); json.string(KnowText.timestamp(package.generated))
        json.key("footprint"); json.string(version)
        json.key("configuration_sha256"); json.string(Self.sha256(configuration))
        json.key("files")
        json.beginArray()
        for file in files {
            json.beginObject()
            json.key("path"); json.string(file.path)
            json.key("bytes"); json.int(file.bytes.count)
            json.key("sha256"); json.string(Self.sha256(file.bytes))
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return Array((json.output + "\n").utf8)
    }

    /// Writes the package to `directory` and the review list to `directory.review` (when
    /// there is anything to review). Returns the paths written.
    /// With `zip`, the package is one file, `directory.zip`, instead of a folder.
    public func write(_ package: KnowPackage, to directory: String, zip: Bool = false) throws -> (package: String, review: String?) {
        var target = URL(fileURLWithPath: directory).standardizedFileURL.path
        let review = target + ".review"
        if zip { target += ".zip" }
        var isFolder: ObjCBool = false
        let parent = (target as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConfigError("the folder \(parent) does not exist", hint: "create it first; the package is written inside it as \((target as NSString).lastPathComponent)")
        }
        for path in [target, review] where FileManager.default.fileExists(atPath: path) {
            throw ConfigError("\(path) already exists; a package is never written over another", hint: "choose another --out, or move the old one away")
        }
        if zip {
            var archive = ZipWriter()
            let folder = (target as NSString).lastPathComponent.replacingOccurrences(of: ".zip", with: "")
            for file in try files(package) { try archive.add(folder + "/" + file.path, file.bytes) }
            try AtomicFile.write(archive.bytes(), to: target)
        } else {
            try Self.writeFolder(try files(package), to: target)
        }
        guard !package.review.isEmpty else { return (target, nil) }
        try Self.writeFolder([("review.json", Array(KnowReviewReport.json(package).utf8)),
                              ("review.html", Array(KnowReviewReport.html(package).utf8))], to: review)
        return (target, review)
    }

    /// A folder of files, whole or not at all: written aside (0700, files 0600), renamed into place.
    public static func writeFolder(_ files: [(path: String, bytes: [UInt8])], to target: String) throws {
        let parent = (target as NSString).deletingLastPathComponent
        let temporary = (parent as NSString).appendingPathComponent(".\((target as NSString).lastPathComponent).tmp-\(UUID().uuidString.prefix(8))")
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: temporary, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            for file in files {
                let path = (temporary as NSString).appendingPathComponent(file.path)
                let folder = (path as NSString).deletingLastPathComponent
                if !manager.fileExists(atPath: folder) {
                    try manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                }
                try AtomicFile.create(file.bytes, at: path, sync: false)
            }
            // Each file synced once all are written, so the kernel writes them out together
            // (a hundred receipts are hundreds of files) without flushing anyone else's data.
            try AtomicFile.sync(files.map { (temporary as NSString).appendingPathComponent($0.path) })
            guard rename(temporary, target) == 0 else {
                throw ConfigError("cannot move the package into \(target): \(String(cString: strerror(errno)))", hint: "check the folder's permissions")
            }
            let handle = open(parent, O_RDONLY)
            if handle >= 0 { fsync(handle); close(handle) }
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Lower-case hex SHA-256.
    public static func sha256(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in _ = SHA256(input.baseAddress, input.count, output.baseAddress) }
        }
        return Hex.lower(digest)
    }
}
