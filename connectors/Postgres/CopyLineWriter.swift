import FootprintCore

/// Turns COPY text lines straight into `footprint records` JSON lines, without building
/// a Record or a String per value: the fast path that lets `records` stream a table at
/// a good fraction of COPY's own speed. Columns holding JSON objects are flattened into
/// dotted paths exactly as `TableReader.record` does.
struct CopyLineWriter {
    let reader: TableReader
    private let prefix: [UInt8]
    /// `"name":` per column, with the comma before every column but the first.
    private let names: [[UInt8]]
    private let keyIndexes: [Int]
    private var starts: [Int] = []
    private var ends: [Int] = []

    init(reader: TableReader) {
        self.reader = reader
        var prefix: [UInt8] = []
        prefix.append(contentsOf: #"{"source":"#.utf8)
        RecordJSON.appendString(reader.sourceName, to: &prefix)
        prefix.append(contentsOf: #","container":"#.utf8)
        RecordJSON.appendString(reader.table.description, to: &prefix)
        prefix.append(contentsOf: #","key":"#.utf8)
        self.prefix = prefix
        names = reader.columns.enumerated().map { index, column in
            var bytes: [UInt8] = index == 0 ? [] : [UInt8(ascii: ",")]
            RecordJSON.appendString(column.name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            return bytes
        }
        keyIndexes = reader.keyColumns.compactMap { name in reader.columns.firstIndex { $0.name == name } }
    }

    mutating func append(_ line: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var start = 0
        for i in 0..<line.count where line[i] == 9 {
            starts.append(start)
            ends.append(i)
            start = i + 1
        }
        starts.append(start)
        ends.append(line.count)

        out.append(contentsOf: prefix)
        // The key: the key columns' values joined by commas, or the ctid (the last column).
        out.append(UInt8(ascii: "\""))
        if keyIndexes.isEmpty {
            out.append(contentsOf: "ctid:".utf8)
            appendEscapedBody(line, starts.count - 1, to: &out)
        } else {
            for (n, index) in keyIndexes.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                if !isNull(line, index) { appendEscapedBody(line, index, to: &out) }
            }
        }
        out.append(contentsOf: #"","fields":{"#.utf8)
        for index in 0..<reader.columns.count {
            let rendering = reader.renderings[index]
            if isNull(line, index) {
                out.append(contentsOf: names[index])
                out.append(contentsOf: "null".utf8)
                continue
            }
            switch rendering {
            case .text:
                out.append(contentsOf: names[index])
                out.append(UInt8(ascii: "\""))
                appendEscapedBody(line, index, to: &out)
                out.append(UInt8(ascii: "\""))
            case .timestamp:
                out.append(contentsOf: names[index])
                out.append(UInt8(ascii: "\""))
                var value = Array(line[starts[index]..<ends[index]])
                TableReader.iso8601(&value)
                out.append(contentsOf: value)
                out.append(UInt8(ascii: "\""))
            case .number:
                out.append(contentsOf: names[index])
                let value = UnsafeBufferPointer(rebasing: line[starts[index]..<ends[index]])
                if JSONNumberSyntax.isValid(value) {
                    out.append(contentsOf: value)
                } else {
                    // NaN, ±Infinity, money ("$1,234.56"): JSON has no literal, so as text.
                    out.append(UInt8(ascii: "\""))
                    appendEscapedBody(line, index, to: &out)
                    out.append(UInt8(ascii: "\""))
                }
            case .bool:
                out.append(contentsOf: names[index])
                let first = line[starts[index]]
                out.append(contentsOf: (first == UInt8(ascii: "t") ? "true" : "false").utf8)
            case .binary:
                out.append(contentsOf: names[index])
                out.append(contentsOf: "\"(binary, ".utf8)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: line[starts[index]..<ends[index]]))
                out.append(contentsOf: " bytes, not shown)\"".utf8)
            case .json:
                // Parse this value alone, then render it as TableReader.record would.
                var values = [String?](repeating: nil, count: reader.columns.count + 1)
                values[index] = unescaped(line, index)
                let record = reader.record(values)
                var first = index == 0
                for field in record.fields where field.name == reader.columns[index].name || field.name.hasPrefix(reader.columns[index].name + ".") {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    RecordJSON.appendString(field.name, to: &out)
                    out.append(UInt8(ascii: ":"))
                    RecordJSON.appendValue(field.value, to: &out)
                }
            }
        }
        out.append(contentsOf: "}}\n".utf8)
    }

    private func isNull(_ line: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        ends[index] - starts[index] == 2 && line[starts[index]] == 92 && line[starts[index] + 1] == UInt8(ascii: "N")
    }

    /// A COPY-escaped value written as the inside of a JSON string.
    private func appendEscapedBody(_ line: UnsafeBufferPointer<UInt8>, _ index: Int, to out: inout [UInt8]) {
        var i = starts[index]
        let end = ends[index]
        var runStart = i
        while i < end {
            let b = line[i]
            if b != 92 && b != 0x22 && b >= 0x20 { i += 1; continue }
            if i > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: line[runStart..<i])) }
            if b == 0x22 {
                out.append(contentsOf: [92, 0x22])
                i += 1
            } else if b < 0x20 {
                var tmp: [UInt8] = []
                RecordJSON.appendString(bytes: UnsafeBufferPointer(rebasing: line[i..<(i + 1)]), to: &tmp)
                out.append(contentsOf: tmp.dropFirst().dropLast())
                i += 1
            } else if i + 1 < end {
                let next = line[i + 1]
                switch next {
                case UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"), 92:
                    out.append(contentsOf: [92, next])   // the same escape in JSON
                    i += 2
                default:
                    // Octal, \v and others: undo COPY's escape, then escape for JSON.
                    var values: [String?] = []
                    var cut: [UInt8] = [92, next]
                    var k = i + 2
                    while k < end, k < i + 4, line[k] >= 48, line[k] <= 55, next >= 48, next <= 55 { cut.append(line[k]); k += 1 }
                    cut.withUnsafeBufferPointer { TableReader.copyFields($0, into: &values) }
                    var tmp: [UInt8] = []
                    RecordJSON.appendString(values.first.flatMap { $0 } ?? "", to: &tmp)
                    out.append(contentsOf: tmp.dropFirst().dropLast())
                    i = k
                }
            } else {
                i += 1
            }
            runStart = i
        }
        if runStart < end { out.append(contentsOf: UnsafeBufferPointer(rebasing: line[runStart..<end])) }
    }

    private func unescaped(_ line: UnsafeBufferPointer<UInt8>, _ index: Int) -> String? {
        var values: [String?] = []
        TableReader.copyFields(UnsafeBufferPointer(rebasing: line[starts[index]..<ends[index]]), into: &values)
        return values.first ?? nil
    }
}
