/// Whether a record found by a lookup may be acted on — disclosed by a Know package or
/// erased by a deletion plan — or must first be reviewed by a person. Precision before
/// recall when acting: only a record matched as `confirmed` directly, or a row linked to
/// such a record by a key the store declares, is acted on; a record reached through an
/// identifier the request never held (expansion), or matched as probable or possible,
/// waits for review unless staff approved it.
public enum RecordStanding: Sendable, Equatable {
    case act
    case review(String)

    public static func of(_ entry: Inventory.Entry, in byLocator: [Locator: Inventory.Entry], approved: Set<Locator>, depth: Int = 0) -> RecordStanding {
        if approved.contains(entry.record.locator) { return .act }
        let evidence = entry.match.evidence
        if evidence.contains(where: { $0.how == .derived }) {
            return .review("reached through an identifier the request did not contain (found in another record): confirm it is the requester's")
        }
        if evidence.contains(where: { $0.how == .linked }) {
            // A linked row the store itself doubts (it also points at another person's row).
            if entry.match.tier != .confirmed, let doubt = evidence.last(where: { $0.how == .linked && $0.score == 0 })?.note {
                return .review("linked, but \(doubt)")
            }
            guard let via = entry.via, depth < 16, let parent = byLocator[via.locator] else {
                return .review("linked to a record that is not in this inventory")
            }
            if case .review = of(parent, in: byLocator, approved: approved, depth: depth + 1) {
                return .review("linked to \(via.locator.source):\(via.locator.container)#\(via.locator.key), which awaits review")
            }
            return .act
        }
        if entry.via != nil { return .review("reached from another record, not matched itself") }
        switch entry.match.tier {
        case .confirmed: return .act
        case .probable: return .review("probable match: one identifier agrees and another only nearly, or something in the record contradicts it")
        case .possible: return .review("possible match: weak evidence only (a name alone)")
        }
    }
}
