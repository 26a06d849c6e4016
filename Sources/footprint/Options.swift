import ArgumentParser
import Foundation
import FootprintCore
import FootprintReports
import Logging

/// `--config`, shared by every command that reads footprint.yaml.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file (default: $FOOTPRINT_CONFIG, else ./footprint.yaml).", valueName: "file"))
    var config: String?

    @Flag(name: .long, help: "Tell on stderr what the run does: each source searched and how, each container scanned, with counts and times (never a value).")
    var verbose = false

    /// Debug lines to stderr with --verbose; nothing otherwise.
    var logger: Logger {
        guard verbose else { return .silent }
        var logger = Logger(label: "footprint", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .debug
        return logger
    }

    func path(environment: [String: String]) -> String {
        config ?? environment["FOOTPRINT_CONFIG"] ?? "footprint.yaml"
    }
}

/// The identifiers of a verified request given on the command line (DESIGN §4 IDENTITY).
struct IdentifierOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("An email address of the requester (repeatable).", valueName: "address"))
    var email: [String] = []

    @Option(name: .long, help: ArgumentHelp("A phone number, in any common format (repeatable). Without + it is read in --region.", valueName: "number"))
    var phone: [String] = []

    @Option(name: .long, help: ArgumentHelp("A full name, any order (\"Ana García\", \"GARCIA, Ana\"; repeatable). Alone it is weak evidence ('possible'); with a postal address or date of birth it confirms.", valueName: "name"))
    var name: [String] = []

    @Option(name: .long, help: ArgumentHelp("A postal address in one line (\"12 Oak Street Apt 4, Springfield IL 62704\"; repeatable).", valueName: "address"))
    var address: [String] = []

    @Option(name: .long, help: ArgumentHelp("A date of birth (1984-03-07, 03/07/1984, 7 Mar 1984; repeatable). Name + date of birth confirms.", valueName: "date"))
    var dob: [String] = []

    @Option(name: .customLong("id"), help: ArgumentHelp("An account id as NAMESPACE=VALUE, matched exactly in fields mapped with that namespace (repeatable).", valueName: "ns=value"))
    var ids: [String] = []

    @Option(name: .long, help: ArgumentHelp("Region for phone numbers written without + (default: the config's defaults.region).", valueName: "CC"))
    var region: String?

    /// Whether no identifier was given on the command line.
    var isEmpty: Bool { email.isEmpty && phone.isEmpty && name.isEmpty && address.isEmpty && dob.isEmpty && ids.isEmpty }

    /// These identifiers plus `more` (from a request file); at least one is needed.
    func identity(adding more: Identity = Identity()) throws -> Identity {
        let identity = Identity(emails: email + more.emails, phones: phone + more.phones, names: name + more.names,
                                addresses: address + more.addresses, accountIDs: ids + more.accountIDs, datesOfBirth: dob + more.datesOfBirth)
        guard !identity.isEmpty else {
            throw ValidationError("give at least one identifier: --email, --phone, --name, --address, --dob, --id, or an identity in the request file")
        }
        return identity
    }

    /// The identity's match keys, phone numbers read in --region or the config's default.
    func keys(_ identity: Identity, config: FootprintConfig) throws -> IdentityKeys {
        let region = (self.region ?? config.defaultRegion).uppercased()
        guard PhoneMetadata.isKnownRegion(region) else {
            throw ValidationError("unknown region '\(region)'; use a two-letter ISO 3166 code such as US, GB, DE")
        }
        return try IdentityKeys(identity, region: region, dobOrder: config.matching.dobOrder)
    }
}

/// `lookup`'s identity: the identifiers, or a JSON file of them (`--request`).
struct IdentityOptions: ParsableArguments {
    @OptionGroup var identifiers: IdentifierOptions

    @Option(name: .long, help: ArgumentHelp("A JSON request file: {\"email\": [...], \"phone\": [...], \"name\": [...], \"address\": [...], \"dob\": [...], \"id\": [...]}.", valueName: "file"))
    var request: String?

    func identity() throws -> Identity {
        try identifiers.identity(adding: try request.map(RequestFile.read) ?? Identity())
    }
}

/// Reads `--request FILE.json` of `lookup`: each key a string or a list of strings.
enum RequestFile {
    static func read(_ path: String) throws -> Identity {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read the request file \(path)", hint: "check the path")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ConfigError("\(path) is not a JSON object", hint: #"write {"email": ["..."], "phone": ["..."]}"#)
        }
        return try IdentityFile.parse(object, file: path)
    }
}

/// `--format NAME`: checked against the formats the report registers (FootprintReports).
enum FormatOption {
    static func check<Subject>(_ format: String, _ formats: ReportFormats<Subject>) throws {
        guard formats.has(format) else {
            throw ValidationError("there is no '\(format)' format here; use \(formats.names.joined(separator: " or "))")
        }
    }

    static func help<Subject>(_ formats: ReportFormats<Subject>, _ what: String = "") -> ArgumentHelp {
        ArgumentHelp("\(formats.names.joined(separator: " or "))\(what).", valueName: "format")
    }
}

/// Writes to stdout without Swift's print buffering surprises on large outputs. A reader
/// that goes away (`footprint records crm | head`) ends the command quietly with status 0:
/// whoever closed the pipe has what they asked for (SIGPIPE is ignored in main.swift, so
/// the write sees EPIPE instead of killing the process).
enum Output {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { write(buffer: UnsafeRawBufferPointer($0)) }
    }

    static func write(bytes: [UInt8]) {
        bytes.withUnsafeBytes { write(buffer: $0) }
    }

    private static func write(buffer: UnsafeRawBufferPointer) {
        guard var pointer = buffer.baseAddress else { return }
        var left = buffer.count
        while left > 0 {
            let written = Foundation.write(STDOUT_FILENO, pointer, left)
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                error("footprint: cannot write the output: \(String(cString: strerror(errno)))")
                exit(1)
            }
            pointer += written
            left -= written
        }
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
