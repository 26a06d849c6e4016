import FootprintCore

/// Builds CSV connectors from configuration: `path` (globs, folders, .gz, .zip),
/// optional `delimiter` (auto-detected by default) and `encoding` (auto by default).
public enum CSVConnectorFactory: ConnectorFactory {
    public static let kind = "csv"
    public static let configKeys = ["path", "delimiter", "encoding"]

    public static func make(source: SourceConfig, environment: [String: String]) throws -> CSVConnector {
        let files = try FileSet(source: source, kind: "csv", extensions: ["csv", "tsv", "txt"], example: "exports/hubspot/*.csv")
        var delimiter: UInt8?
        if let node = source.node["delimiter"] {
            switch try node.string() {
            case "auto": delimiter = nil
            case ",", "comma": delimiter = UInt8(ascii: ",")
            case ";", "semicolon": delimiter = UInt8(ascii: ";")
            case "\t", "tab", "\\t": delimiter = UInt8(ascii: "\t")
            case "|", "pipe": delimiter = UInt8(ascii: "|")
            default: throw node.error("unsupported delimiter", hint: "use auto, comma, semicolon, tab or pipe")
            }
        }
        var encoding = TextEncoding.auto
        if let node = source.node["encoding"] {
            let text = try node.string().lowercased()
            guard let value = TextEncoding(rawValue: text == "utf8" ? "utf-8" : text == "cp1252" ? "windows-1252" : text) else {
                throw node.error("unsupported encoding '\(text)'", hint: "use one of: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            encoding = value
        }
        return CSVConnector(source: source, files: files, delimiter: delimiter, encoding: encoding)
    }
}

/// Reads CSV exports: every file a source's patterns name, every member of its zips.
/// Lookups run on the reader's raw bytes and build a record only for rows whose
/// identifier columns pass the matcher's probes.
public struct CSVConnector: IndexableConnector {
    public let source: SourceConfig
    let files: FileSet
    let delimiter: UInt8?
    let encoding: TextEncoding

    public func validate() throws {
        var columns: Set<String> = []
        for container in try files.listableContainers() {
            if let header = try? readHeader(container) { columns.formUnion(header) }
        }
        guard !columns.isEmpty else { return } // nothing readable: reported per container at read time
        let known = columns.sorted().prefix(30).joined(separator: ", ")
        for mapping in source.fields where !columns.contains(mapping.name) {
            throw ConfigError("no file of source '\(source.name)' has a column named '\(mapping.name)'", at: mapping.location,
                              hint: "column names are matched exactly, case included; the files have: \(known)")
        }
        if let key = source.key, !columns.contains(key) {
            throw ConfigError("no file of source '\(source.name)' has the key column '\(key)'", at: source.node["key"]?.location,
                              hint: "the files have: \(known)")
        }
    }

    private func readHeader(_ container: Container) throws -> [String] {
        let opened = try TextDecoding.open(try container.open(), declared: encoding)
        let reader = CSVReader(stream: opened.stream, delimiter: delimiter, container: container.name, bufferSize: 1 << 16)
        var header: [String] = []
        try reader.forEachRow { row in
            header = CSVHeader.names(of: row)
            return false
        }
        return header
    }

    public func records(into report: inout ScanReport, _ body: (Record) throws -> Bool) throws {
        var keepGoing = true
        try eachContainer(into: &report) { reader, header, keyIndex, report in
            var ragged = RaggedRows(container: reader.container, width: header.count)
            var rowNumber = 0
            try reader.forEachRow { row in
                rowNumber += 1
                ragged.check(row)
                keepGoing = try body(makeRecord(row, number: rowNumber, header: header, keyIndex: keyIndex, reader: reader, report: &report))
                return keepGoing
            }
            report.recordsExamined += rowNumber
            ragged.summarize(into: &report)
            return keepGoing
        }
    }

    public func search(_ matcher: IdentityMatcher, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        try search(matcher, excluding: [], into: &report, emit)
    }

    /// The rows of one container, each field probed before any record is built.
    func search(_ matcher: IdentityMatcher, reader: CSVReader, header: [String], keyIndex: Int?, into report: inout ScanReport,
                        _ emit: (Found) throws -> Void) throws {
        // The columns to test in this file, each with its cheap byte probe.
        let probes: [(Int, FieldProbe)] = matcher.probedFields.compactMap { mapping in
            header.firstIndex(of: mapping.name).map { ($0, matcher.probe(for: mapping)) }
        }
        var ragged = RaggedRows(container: reader.container, width: header.count)
        var examined = 0
        try reader.forEachRow { row in
            examined += 1
            if row.count != header.count { ragged.check(row) }
            var candidate = false
            for (index, probe) in probes where index < row.count {
                if row.withField(index, probe.mayMatch) { candidate = true; break }
            }
            if candidate {
                let record = makeRecord(row, number: examined, header: header, keyIndex: keyIndex, reader: reader, report: &report)
                if let match = matcher.match(record) { try emit(Found(record: record, match: match)) }
            }
            return true
        }
        report.recordsExamined += examined
        ragged.summarize(into: &report)
    }

    /// Opens each container in turn, reads its header, and hands the reader to `body`
    /// positioned on the first data row. A container that fails is recorded and skipped.
    func eachContainer(excluding excluded: Set<String> = [], into report: inout ScanReport,
                               _ body: (CSVReader, [String], Int?, inout ScanReport) throws -> Bool) throws {
        try files.forEachContainer(into: &report) { container, report in
            guard !excluded.contains(container.name) else { return true }
            return try self.read(container, stream: try container.open(), into: &report, body)
        }
    }

    /// One container's bytes from `stream`: its header read, then `body` with the reader.
    /// `dialect` fixes the delimiter and encoding (a piece of a file read as the whole is).
    func read(_ container: Container, stream: ByteStream, dialect: (delimiter: UInt8, encoding: TextEncoding)? = nil, into report: inout ScanReport,
              _ body: (CSVReader, [String], Int?, inout ScanReport) throws -> Bool) throws -> Bool {
        let opened = try TextDecoding.open(stream, declared: dialect?.encoding ?? encoding)
        if let note = opened.note { report.diagnostics.append(Diagnostic(.warning, container: container.name, message: note)) }
        let reader = CSVReader(stream: opened.stream, delimiter: dialect?.delimiter ?? delimiter, container: container.name)
        var header: [String]?
        try reader.forEachRow { row in
            header = CSVHeader.names(of: row)
            return false
        }
        guard let header else {
            report.diagnostics.append(Diagnostic(.warning, container: container.name, message: "the file is empty (no header row)"))
            return true
        }
        let keyIndex = source.key.flatMap { header.firstIndex(of: $0) }
        let more = try body(reader, header, keyIndex, &report)
        report.diagnostics.append(contentsOf: reader.diagnostics.filter { $0.severity == .warning })
        return more
    }

    /// The widest header under which short rows are padded with nulls.
    static let paddedWidth = 1_000

    func makeRecord(_ row: CSVRow, number: Int, header: [String], keyIndex: Int?, reader: CSVReader, report: inout ScanReport) -> Record {
        var fields: [Field] = []
        // A short row lists the missing columns as null, but only under a header of
        // reasonable width: padding every one-field row of a 100,000-column header would
        // turn a small file into gigabytes. Past that the missing columns are left out.
        let width = header.count <= Self.paddedWidth ? max(header.count, row.count) : row.count
        fields.reserveCapacity(width)
        for i in 0..<width {
            let name = i < header.count ? header[i] : "(extra \(i - header.count + 1))"
            guard i < row.count else {
                fields.append(Field(name: name, value: .null))
                continue
            }
            var text = row.string(i)
            if text == nil {
                text = row.withField(i) { TextDecoding.decodeWindows1252($0) }
                report.note(Diagnostic(.warning, container: reader.container, line: row.line,
                    message: "field '\(name)' is not valid UTF-8; read as Windows-1252"))
            }
            fields.append(Field(name: name, value: .string(text!)))
        }
        var key = "\(number)"
        if let keyIndex, keyIndex < row.count, let value = row.string(keyIndex)?.trimmingCharacters(in: " \t"), !value.isEmpty {
            key = value
        }
        return Record(locator: Locator(source: source.name, container: reader.container, key: key), fields: fields, line: row.line)
    }
}

/// Rows whose field count differs from the header's: the first few are listed by line,
/// the rest counted, so a badly broken file does not flood the report.
struct RaggedRows {
    let container: String
    let width: Int
    private var listed: [Diagnostic] = []
    private var total = 0

    init(container: String, width: Int) {
        self.container = container
        self.width = width
    }

    mutating func check(_ row: CSVRow) {
        guard row.count != width else { return }
        total += 1
        guard listed.count < 10 else { return }
        listed.append(Diagnostic(.warning, container: container, line: row.line,
            message: row.count > width
                ? "\(row.count) fields where the header has \(width); the extra values are kept as (extra N)"
                : "\(row.count) fields where the header has \(width); the missing ones are null"))
    }

    func summarize(into report: inout ScanReport) {
        report.diagnostics.append(contentsOf: listed)
        if total > listed.count {
            report.diagnostics.append(Diagnostic(.warning, container: container,
                message: "\(total) rows in all have a field count different from the header's \(width)"))
        }
    }
}
