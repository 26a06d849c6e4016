import FootprintCore

/// Turns COPY text lines straight into a `RowSink`'s rows, without building a Record or
/// a String per value: the fast path that lets `records` stream a table at a good
/// fraction of COPY's own speed. Values are handed over as slices of the line, unescaped
/// into a scratch buffer only when they hold a COPY escape. Columns holding JSON are
/// flattened into dotted paths exactly as `TableReader.record` does.
struct CopyRowDecoder {
    let reader: TableReader
    private let keyIndexes: [Int]
    private var starts: [Int] = []
    private var ends: [Int] = []
    /// How many fields the current line has (`starts`/`ends` may be longer).
    private var count = 0
    private var scratch: [UInt8] = []
    private var key: [UInt8] = []

    init(reader: TableReader) {
        self.reader = reader
        keyIndexes = reader.keyColumns.compactMap { name in reader.columns.firstIndex { $0.name == name } }
    }

    func begin<Sink: RowSink>(_ sink: inout Sink) {
        sink.begin(source: reader.sourceName, container: reader.table.description, columns: reader.columns.map(\.name))
    }

    mutating func decode<Sink: RowSink>(_ line: UnsafeBufferPointer<UInt8>, into sink: inout Sink) throws {
        split(line)
        // The key: the key columns' values joined by commas, or the ctid (the last column).
        key.removeAll(keepingCapacity: true)
        if keyIndexes.isEmpty {
            key.append(contentsOf: "ctid:".utf8)
            Self.unescape(line, starts[count - 1], ends[count - 1], into: &key)
        } else {
            for (n, index) in keyIndexes.enumerated() {
                if n > 0 { key.append(UInt8(ascii: ",")) }
                if !isNull(line, index) { Self.unescape(line, starts[index], ends[index], into: &key) }
            }
        }
        key.withUnsafeBufferPointer { sink.beginRow(key: $0) }
        for index in 0..<reader.columns.count {
            if isNull(line, index) {
                sink.value(index, .null)
                continue
            }
            try value(line, index, into: &sink)
        }
        try sink.endRow()
    }

    private mutating func value<Sink: RowSink>(_ line: UnsafeBufferPointer<UInt8>, _ index: Int, into sink: inout Sink) throws {
        let slice = UnsafeBufferPointer(rebasing: line[starts[index]..<ends[index]])
        switch reader.renderings[index] {
        case .text:
            withUnescaped(slice) { sink.value(index, .text($0)) }
        case .number:
            // NaN, ±Infinity, money ("$1,234.56"): JSON has no literal, so as text.
            withUnescaped(slice) { sink.value(index, JSONNumberSyntax.isValid($0) ? .number($0) : .text($0)) }
        case .bool:
            sink.value(index, .bool(slice.first == UInt8(ascii: "t")))
        case .timestamp:
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: slice)
            TableReader.iso8601(&scratch)
            scratch.withUnsafeBufferPointer { sink.value(index, .text($0)) }
        case .binary:
            // The query selects octet_length for bytea: the size is shown, never the bytes.
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: "(binary, ".utf8)
            scratch.append(contentsOf: slice)
            scratch.append(contentsOf: " bytes, not shown)".utf8)
            scratch.withUnsafeBufferPointer { sink.value(index, .text($0)) }
        case .json:
            // Parse this value alone, then flatten it as TableReader.record would.
            var values = [String?](repeating: nil, count: reader.columns.count + 1)
            var text: [UInt8] = []
            Self.unescape(line, starts[index], ends[index], into: &text)
            values[index] = String(decoding: text, as: UTF8.self)
            let column = reader.columns[index].name
            for field in reader.record(values).fields where field.name == column || field.name.hasPrefix(column + ".") {
                sink.field(field)
            }
        }
    }

    /// Field boundaries of one line into `starts`/`ends` (one pass, no reallocation once
    /// the arrays have grown to the table's width).
    private mutating func split(_ line: UnsafeBufferPointer<UInt8>) {
        let needed = reader.columns.count + 2
        if starts.count < needed {
            starts = [Int](repeating: 0, count: needed)
            ends = [Int](repeating: 0, count: needed)
        }
        var fields = 0
        starts.withUnsafeMutableBufferPointer { starts in
            ends.withUnsafeMutableBufferPointer { ends in
                var start = 0
                for i in 0..<line.count where line[i] == 9 && fields < needed - 1 {
                    starts[fields] = start
                    ends[fields] = i
                    fields += 1
                    start = i + 1
                }
                starts[fields] = start
                ends[fields] = line.count
                fields += 1
            }
        }
        count = fields
    }

    private func isNull(_ line: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        ends[index] - starts[index] == 2 && line[starts[index]] == 92 && line[starts[index] + 1] == UInt8(ascii: "N")
    }

    /// The value as it was before COPY escaped it: the slice itself when it holds no
    /// backslash (nearly always), else decoded into the scratch buffer.
    private mutating func withUnescaped(_ slice: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard slice.contains(92) else { return body(slice) }
        scratch.removeAll(keepingCapacity: true)
        Self.unescape(slice, 0, slice.count, into: &scratch)
        scratch.withUnsafeBufferPointer(body)
    }

    /// Decodes COPY text escapes (`\t \n \r \b \f \v \\`, octal) of `line[start..<end]`.
    /// Octal escapes can spell bytes that are not UTF-8: such a value is repaired the way
    /// `String(decoding:)` would, so what a sink receives is always valid text.
    static func unescape(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into out: inout [UInt8]) {
        let mark = out.count
        var octal = false
        var i = start
        while i < end {
            let byte = line[i]
            guard byte == 92, i + 1 < end else {
                out.append(byte)
                i += 1
                continue
            }
            let next = line[i + 1]
            i += 2
            switch next {
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "v"): out.append(11)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(next - 48)
                var digits = 1
                while digits < 3, i < end, line[i] >= 48, line[i] <= 55 { value = value * 8 + Int(line[i] - 48); i += 1; digits += 1 }
                out.append(UInt8(truncatingIfNeeded: value))
                octal = true
            default: out.append(next)
            }
        }
        if octal {
            let repaired = Array(String(decoding: out[mark...], as: UTF8.self).utf8)
            out.removeSubrange(mark...)
            out.append(contentsOf: repaired)
        }
    }
}
