import FootprintCore

/// A CSV container searched from any stream of its bytes (the bytes a deletion is
/// writing), and the others searched without it.
extension CSVConnector: StreamSearchable {
    public func search(_ matcher: IdentityMatcher, container: Container, stream: ByteStream, into report: inout ScanReport,
                       _ emit: (Found) throws -> Void) throws {
        _ = try read(container, stream: stream, into: &report) { reader, header, keyIndex, report in
            try search(matcher, reader: reader, header: header, keyIndex: keyIndex, into: &report, emit)
            return true
        }
    }

    public func search(_ matcher: IdentityMatcher, excluding containers: Set<String>, into report: inout ScanReport,
                       _ emit: (Found) throws -> Void) throws {
        try eachContainer(excluding: containers, into: &report) { reader, header, keyIndex, report in
            try search(matcher, reader: reader, header: header, keyIndex: keyIndex, into: &report, emit)
            return true
        }
    }
}
