/// Proposes `follow.links` for a database whose tables reference each other by naming
/// convention instead of foreign keys (`orders.customer_id` → `customer.id`,
/// `note.customer_ref` → `customer.legacy_id`). Without them a lookup finds a customer
/// but not their orders. Proposals only: `footprint discover` prints them for a person
/// to confirm; they are never followed until written into footprint.yaml.
public enum LinkProposer {
    public struct Link: Equatable, Sendable, CustomStringConvertible {
        public var from: String
        public var to: String
        public var description: String { "{from: \(from), to: \(to)}" }
    }

    /// `tables`: each table's name ("schema.table"), columns, primary key and the columns
    /// that already carry a foreign key (those need no proposal).
    public static func propose(_ tables: [DiscoveredContainer]) -> [Link] {
        var byStem: [String: [DiscoveredContainer]] = [:]
        for table in tables {
            let name = table.name.split(separator: ".").last.map(String.init) ?? table.name
            for stem in stems(of: name.lowercased()) { byStem[stem, default: []].append(table) }
        }
        var links: [Link] = []
        for table in tables {
            for field in table.fields where !table.linkedColumns.contains(field.name) && !table.primaryKey.contains(field.name) {
                guard let stem = referenceStem(field.name) else { continue }
                // Prefer a table in the same schema.
                let schema = table.name.split(separator: ".").first.map(String.init)
                let candidates = (byStem[stem] ?? []).filter { $0.name != table.name && $0.primaryKey.count == 1 }
                guard let target = candidates.first(where: { $0.name.split(separator: ".").first.map(String.init) == schema }) ?? candidates.first
                else { continue }
                links.append(Link(from: "\(table.name).\(field.name)", to: "\(target.name).\(target.primaryKey[0])"))
            }
        }
        return links
    }

    /// "customer_id" → "customer", "CustomerRef" → "customer", "order_key" → "order"; nil
    /// for a column that does not look like a reference.
    static func referenceStem(_ column: String) -> String? {
        let words = FieldClassifier.words(column)
        guard words.count >= 2, let last = words.last, ["id", "ref", "key", "fk", "no"].contains(last) else { return nil }
        return words.dropLast().joined()
    }

    /// The names a table answers to: "customer", "customers" → customer; "orders" → order.
    static func stems(of table: String) -> [String] {
        let plain = table.replacingOccurrences(of: "_", with: "")
        var stems = [plain]
        if plain.hasSuffix("ies") { stems.append(String(plain.dropLast(3)) + "y") }
        if plain.hasSuffix("es") { stems.append(String(plain.dropLast(2))) }
        if plain.hasSuffix("s") { stems.append(String(plain.dropLast())) }
        return stems
    }
}
