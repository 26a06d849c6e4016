/// The shared half of erasing from exported files, whatever their format: the format's
/// reader finds each planned record and says which bytes of the decoded text it takes
/// (`remove`) or what it becomes with fields blanked (`replace`); this checks the plan's
/// fingerprints, turns decoded offsets into the file's own (UTF-16, Windows-1252, a BOM),
/// encodes replacements as the file is encoded, and rewrites the container once, aside
/// and renamed. A record that changed since the plan stops the container: nothing in it
/// is touched.
public struct FileErasure {
    public let container: Container
    public let encoding: TextEncoding
    /// Bytes of byte-order mark before decoded offset 0, when the text is UTF-8.
    public let skipped: Int
    let requests: [String: ErasureRequest]
    let keyHashes: Set<UInt64>
    let fingerprint: (Record) -> String
    private var spans: [(range: Range<Int64>, replacement: [UInt8]?)] = []
    private var done: [String: ErasureOutcome] = [:]
    /// Set when a record's content is not the plan's: the container is left alone.
    public private(set) var stale: String?
    /// Records are keyed by their position (the source has no key column), so a record
    /// erased by a run that was killed before its journal moves every later one up: a
    /// planned position now holding another record is looked for by content instead.
    public var keyedByPosition = false
    /// Requests whose position holds another record now, by the content planned.
    private var moved: [String: ErasureRequest] = [:]

    public init(container: Container, opened: TextDecoding.Opened, requests: [ErasureRequest], fingerprint: @escaping (Record) -> String) {
        self.container = container
        self.encoding = opened.encoding
        self.skipped = opened.skipped
        self.requests = Dictionary(requests.map { ($0.locator.key, $0) }, uniquingKeysWith: { first, _ in first })
        keyHashes = Set(requests.map { Array($0.locator.key.utf8).withUnsafeBufferPointer(Self.keyHash) })
        self.fingerprint = fingerprint
    }

    /// A cheap hash of a key's bytes (blanks around it left out), so that a reader can
    /// pass over the rows no request names without building a record for each.
    public static func keyHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<end { hash = (hash ^ UInt64(bytes[i])) &* 0x100_0000_01b3 }
        return hash
    }

    /// The key hash of a record numbered by its position (a source without a key column).
    public static func keyHash(_ number: Int) -> UInt64 {
        // The decimal digits, most significant first, without making a string per row.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var n = number.magnitude
            var count = 0
            repeat {
                digits[19 - count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            } while n > 0
            if number < 0 { count += 1; digits[20 - count] = UInt8(ascii: "-") }
            return keyHash(UnsafeBufferPointer(rebasing: UnsafeBufferPointer(digits)[(20 - count)...]))
        }
    }

    /// Whether a row with this key hash may be one the plan names (false is certain).
    public func mayBePlanned(_ hash: UInt64) -> Bool { keyHashes.contains(hash) }

    /// The plan's request for this record, after checking its fingerprint; nil when the
    /// plan does not name it, when it changed (then `stale` is set and reading should
    /// stop), or when it is a de-identified record found with its fields already blank —
    /// an earlier run killed after rewriting the file but before its journal did it.
    public mutating func request(for record: Record) -> ErasureRequest? {
        guard let request = requests[record.locator.key] else { return nil }
        if fingerprint(record) == request.fingerprint { return request }
        if request.isAlreadyBlank(in: record) {
            done[record.locator.key] = .deidentified
            return nil
        }
        if keyedByPosition, request.fields == nil {
            moved[request.fingerprint] = request
            return nil
        }
        stale = "record \(record.locator.key) changed since the plan was made"
        return nil
    }

    /// Whether the request was checked and found as planned (not stale, not already done).
    public func isPlanned(_ request: ErasureRequest) -> Bool { stale == nil && done[request.locator.key] == nil }

    /// Whether a second pass must look for moved records by content (`saw` each record).
    public var wantsContentSearch: Bool { !moved.isEmpty && stale == nil }

    /// One record of the second pass: a planned content found elsewhere means the file
    /// changed since the plan (stale); not found anywhere, the record is gone already.
    public mutating func saw(_ record: Record) {
        guard stale == nil, moved[fingerprint(record)] != nil else { return }
        stale = "a planned record is at another position than planned (the file changed since the plan was made)"
    }


    /// The records take these bytes of the decoded text (together), and go.
    public mutating func remove(_ keys: [String], _ range: Range<Int64>) {
        spans.append((range, nil))
        for key in keys { done[key] = .erased }
    }

    /// The record's bytes of the decoded text become `utf8` (itself, fields blanked).
    public mutating func replace(_ key: String, _ range: Range<Int64>, with utf8: [UInt8]) {
        spans.append((range, utf8))
        done[key] = .deidentified
    }

    /// What erasing one container comes to: the edits to its bytes and each request's
    /// outcome once they are written (`eraseFiles` writes each file once).
    public struct Prepared {
        public var container: Container
        public var edits: [ByteEdit]
        public var outcomes: [ErasureRequest: ErasureOutcome]
    }

    /// The edits in the file's own bytes, and the outcome of each request.
    public func prepared() throws -> Prepared {
        if let stale {
            return Prepared(container: container, edits: [], outcomes: requests.values.reduce(into: [:]) {
                $0[$1] = .failed(.stale, "\(stale): nothing in this file was changed (make the plan again)")
            })
        }
        var edits: [ByteEdit] = []
        if !spans.isEmpty {
            let raw = try rawOffsets(spans.flatMap { [$0.range.lowerBound, $0.range.upperBound] })
            for (index, span) in spans.enumerated() {
                var replacement: [UInt8] = []
                if let text = span.replacement {
                    guard let encoded = TextOffsets.encode(text, as: encoding) else {
                        throw SourceError(.unsupported, "a de-identified record has a character \(encoding.rawValue) cannot hold", container: container.name,
                                          hint: "blank the fields by hand")
                    }
                    replacement = encoded
                }
                edits.append(ByteEdit(raw[2 * index]..<max(raw[2 * index], raw[2 * index + 1]), replacement: replacement))
            }
        }
        // A moved request whose content is nowhere in the file: erased already (notFound).
        return Prepared(container: container, edits: edits, outcomes: requests.values.reduce(into: [:]) { $0[$1] = done[$1.locator.key] ?? .notFound })
    }

    private func rawOffsets(_ decoded: [Int64]) throws -> [Int64] {
        if encoding == .utf8 { return decoded.map { $0 == .max ? .max : $0 + Int64(skipped) } }
        let order = decoded.indices.sorted { decoded[$0] < decoded[$1] }
        let mapped = try TextOffsets.raw(order.map { decoded[$0] }, in: try container.open(), encoding: encoding)
        var result = decoded
        for (position, index) in order.enumerated() { result[index] = mapped[position] }
        return result
    }
}

extension ErasingConnector {
    /// `erase` for file-based stores: `prepare` reads one container and says what to
    /// change in it (writing nothing); then each file is rewritten once with all its
    /// containers' edits (a zip with two members to change is rewritten once). A container
    /// or a file that fails, fails alone with its error; the others go on. Outcomes come
    /// back in the requests' order. With `dryRun` nothing is written.
    public func eraseFiles(_ requests: [ErasureRequest], dryRun: Bool,
                           _ prepare: (String, [ErasureRequest]) throws -> FileErasure.Prepared?) -> [ErasureOutcome] {
        var outcomes: [ErasureRequest: ErasureOutcome] = [:]
        var byFile: [String: [FileErasure.Prepared]] = [:]
        for (name, group) in Dictionary(grouping: requests, by: \.locator.container).sorted(by: { $0.key < $1.key }) {
            do {
                guard let prepared = try prepare(name, group) else {
                    for request in group { outcomes[request] = .notFound }
                    continue
                }
                for (request, outcome) in prepared.outcomes { outcomes[request] = outcome }
                byFile[prepared.container.path, default: []].append(prepared)
            } catch {
                let failure = SourceError(error, container: name)
                for request in group { outcomes[request] = .failed(failure.kind, failure.description) }
            }
        }
        for (_, prepared) in byFile.sorted(by: { $0.key < $1.key }) where !dryRun {
            do {
                try ContainerRewriter.apply(prepared.map { ($0.container, $0.edits) })
            } catch {
                for part in prepared {
                    let failure = SourceError(error, container: part.container.name)
                    for (request, outcome) in part.outcomes where outcome == .erased || outcome == .deidentified {
                        outcomes[request] = .failed(failure.kind, failure.description)
                    }
                }
            }
        }
        return requests.map { outcomes[$0] ?? .failed(.other, "not attempted") }
    }
}
