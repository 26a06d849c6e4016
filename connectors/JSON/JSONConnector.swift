import FootprintCore

/// Builds JSON connectors: `path` (globs, .gz, .zip), files holding a top-level array
/// of objects or JSON Lines; field mappings name dotted paths (`properties.email`).
public enum JSONConnectorFactory: ConnectorFactory {
    public static let kind = "json"
    public static let configKeys = ["path"]

    public static func make(source: SourceConfig, environment: [String: String]) throws -> JSONConnector {
        JSONConnector(source: source, files: try FileSet(source: source, kind: "json", extensions: ["json", "jsonl", "ndjson"],
                                                        example: "exports/events/*.jsonl"))
    }
}

/// Reads JSON and JSON Lines exports, one record per object.
public struct JSONConnector: IndexableConnector {
    public let source: SourceConfig
    let files: FileSet

    /// How many records `validate` samples per file to confirm each mapped path exists.
    static let validationSample = 1000

    public func validate() throws {
        var seen: Set<String> = []
        var sampled = 0
        for container in try files.listableContainers() {
            var report = ScanReport()
            var inThisFile = 0
            try? read(container, into: &report) { record in
                sampled += 1
                inThisFile += 1
                for field in record.fields { seen.insert(field.name) }
                return inThisFile < Self.validationSample
            }
        }
        guard sampled > 0 else { return }
        for mapping in source.fields where !seen.contains(mapping.name) {
            throw ConfigError("no record of source '\(source.name)' has a field at path '\(mapping.name)'", at: mapping.location,
                              hint: "paths are dotted (properties.email) and case-sensitive; checked against the first \(Self.validationSample) records of each file; seen: \(seen.sorted().prefix(25).joined(separator: ", "))")
        }
    }

    public func records(into report: inout ScanReport, _ body: (Record) throws -> Bool) throws {
        try forEachContainer(into: &report) { container, report in
            var more = true
            try read(container, into: &report) { record in
                more = try body(record)
                return more
            }
            return more
        }
    }

    /// Every record the matcher accepts. The matcher's byte probes run on each raw record
    /// first, so only records that could match are parsed.
    public func search(_ matcher: IdentityMatcher, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        let probe = JSONProbe(probes: matcher.probedFields.map(matcher.probe(for:)))
        guard !probe.probes.isEmpty else { return }
        try forEachContainer(into: &report) { container, report in
            try readValues(container, into: &report) { bytes, number, line, _ in
                guard probe.mayMatch(bytes) else { return true }
                let record = try record(bytes, number: number, line: line, container: container.name)
                if let match = matcher.match(record) { try emit(Found(record: record, match: match)) }
                return true
            }
            return true
        }
    }

    /// Calls `body` with each container of the source's files, in order (see `FileSet`).
    private func forEachContainer(into report: inout ScanReport, _ body: (Container, inout ScanReport) throws -> Bool) throws {
        try files.forEachContainer(into: &report, body)
    }

    func read(_ container: Container, into report: inout ScanReport, _ body: (Record) throws -> Bool) throws {
        try read(container, into: &report) { record, _ in try body(record) }
    }

    /// Each record with its byte position in the file, or -1 when the file cannot be
    /// seeked into (compressed, a zip member, transcoded from UTF-16).
    func read(_ container: Container, into report: inout ScanReport, _ body: (Record, Int64) throws -> Bool) throws {
        try readValues(container, into: &report) { bytes, number, line, position in
            try body(try record(bytes, number: number, line: line, container: container.name), position)
        }
    }

    /// Each record's raw value, with its number in the file, its line and its byte position.
    func readValues(_ container: Container, into report: inout ScanReport,
                            _ body: (UnsafeBufferPointer<UInt8>, Int, Int, Int64) throws -> Bool) throws {
        let opened = try TextDecoding.open(try container.open())
        let seekable = container.isPlainFile && opened.encoding == .utf8
        try readValues(container, opened: opened, into: &report) { bytes, number, line, offset, _ in
            try body(bytes, number, line, seekable ? offset + Int64(opened.skipped) : -1)
        }
    }

    /// Each record's raw value with its offset in the decoded text (for an eraser, which
    /// maps decoded offsets to the file's own).
    func readValues(_ container: Container, opened: TextDecoding.Opened, into report: inout ScanReport,
                    _ body: (UnsafeBufferPointer<UInt8>, Int, Int, Int64, JSONRecordReader.Layout?) throws -> Bool) throws {
        if let note = opened.note { report.diagnostics.append(Diagnostic(.warning, container: container.name, message: note)) }
        let reader = JSONRecordReader(stream: opened.stream, container: container.name)
        var number = 0
        try reader.forEachValue { bytes, line in
            number += 1
            report.recordsExamined += 1
            return try body(bytes, number, line, reader.valueOffset, reader.layout)
        }
    }

    /// One record from its value's bytes; `number` keys it when the source names no key.
    func record(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, line: Int, container: String) throws -> Record {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch let error as JSONSyntaxError {
            throw SourceError(.malformedData, "record \(number) is \(error.description)", container: container, line: line,
                              hint: "fix or remove that record and run again")
        }
        guard case .object = value else {
            throw SourceError(.malformedData, "record \(number) is not an object", container: container, line: line,
                              hint: "a JSON source holds an array of objects or one object per line")
        }
        let fields = value.flattened()
        var key = "\(number)"
        if let keyPath = source.key, let field = fields.first(where: { $0.name == keyPath }), let text = field.value.strings.first {
            key = text
        }
        return Record(locator: Locator(source: source.name, container: container, key: key), fields: fields, line: line)
    }
}
