/// A store whose index entries can follow a rewrite that cut whole records out of a
/// container (`RemovalLog`): each record is the bytes from its position to the next
/// record's, so the records cut are exactly those whose positions lie in the ranges cut,
/// and every later one keeps its key and moves up by the bytes cut before it. After a
/// deletion the index then drops and moves entries instead of reading the whole export
/// again. No default: a store that cannot vouch for this is rescanned.
public protocol RemovalFollowing: IndexableConnector {
    /// Whether `container`'s index entries follow removals this way. The index checks the
    /// rest itself (every range cut starts at a record and ends at the next kept one or at
    /// the end, the index described the file as it was) and rescans when anything is off.
    func indexFollowsRemovals(in container: String) -> Bool

    /// Whether `key` (UTF-8) may be the key the record numbered `number` (from 0, in scan
    /// order) gets when it has no key of its own (an empty key cell, say). Such a key
    /// changes when earlier records go, so the index rescans when a record after a cut
    /// may have one: it cannot tell a numbered record from one whose own key reads the same.
    func mayBeNumbered(key: UnsafeRawBufferPointer, record number: Int) -> Bool
}
