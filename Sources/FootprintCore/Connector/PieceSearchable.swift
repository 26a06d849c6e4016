/// A store whose containers' new bytes can be searched in pieces on several threads, each
/// piece starting where a removed row was (a row boundary) and read after the container's
/// header. A deletion's witness uses it so that the search of a hundred people in a large
/// export keeps up with the disk instead of holding the rewrite back. No default: a store
/// that cannot is searched in one piece.
public protocol PieceSearchable: StreamSearchable {
    /// How pieces of `container`'s new bytes are searched, decided from its first bytes,
    /// which hold its header; nil when they cannot be (the header does not end in them, the
    /// encoding is not one whose rows can be cut at a byte, the rows have no key of their own).
    func pieceSearch(_ matcher: IdentityMatcher, container: Container, firstBytes: UnsafeRawBufferPointer) -> PieceSearch?
}

/// The search of one container's pieces: every piece after the first is read after
/// `header` (the container's first bytes, up to where its first row starts), and every
/// piece with the same dialect and encoding, those decided from the first bytes.
public struct PieceSearch: Sendable {
    public let header: [UInt8]
    /// Searches one piece (the first one starts with the header itself).
    public let search: @Sendable (ByteStream, inout ScanReport, (Found) throws -> Void) throws -> Void

    public init(header: [UInt8], search: @escaping @Sendable (ByteStream, inout ScanReport, (Found) throws -> Void) throws -> Void) {
        self.header = header
        self.search = search
    }
}
