import Foundation

/// Builds the data map from the configuration's facts and the index's observations.
/// A field is flagged undeclared when its values show a kind of personal data that its
/// mapping does not cover: unmapped, or mapped to a category that leaves the kind out.
/// Thresholds keep noise out: a whole-value kind counts from 10% of a field's values,
/// a kind carried in free text from one value in a hundred, a sensitive kind from one.
public enum DataMapBuilder {
    /// One container as the last observing scan saw it.
    public struct Observed: Sendable {
        public var source: String
        public var container: String
        public var records: Int
        public var identifiers: Int
        public var scanned: Date
        public var fields: [String: FieldObservation]

        public init(source: String, container: String, records: Int, identifiers: Int, scanned: Date, fields: [String: FieldObservation]) {
            self.source = source
            self.container = container
            self.records = records
            self.identifiers = identifiers
            self.scanned = scanned
            self.fields = fields
        }
    }

    /// - Parameter mappings: a container's field mappings (a database maps per table).
    public static func build(organisation: Organisation, sources: [SourceConfig], observed: [Observed],
                             mappings: (SourceConfig, String) -> [FieldMapping], generated: Date = Date()) -> DataMap {
        var systems: [DataMap.System] = []
        var fields: [DataMap.FieldRow] = []
        var undeclared: [DataMap.Finding] = []
        for source in sources {
            let theirs = observed.filter { $0.source == source.name }
            var seen: [String: (mapping: FieldMapping?, observation: FieldObservation)] = [:]
            var order: [String] = source.fields.map(\.name)
            for mapping in source.fields { seen[mapping.name] = (mapping, FieldObservation()) }
            for container in theirs {
                let mapped = Dictionary(mappings(source, container.container).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
                for (name, observation) in container.fields.sorted(by: { $0.key < $1.key }) {
                    if seen[name] == nil { order.append(name); seen[name] = (mapped[name], FieldObservation()) }
                    seen[name]!.observation.merge(observation)
                }
            }
            var observedCategories: Set<PICategory> = []
            var sensitive: Set<String> = []
            for name in order {
                guard let (mapping, observation) = seen[name] else { continue }
                let row = fieldRow(source.name, name, mapping, observation)
                fields.append(row)
                for kind in row.observed where significant(kind.kind, rate: kind.rate, inText: kind.inText, count: count(observation, kind.kind, kind.inText)) {
                    observedCategories.insert(kind.kind.category)
                    if kind.kind.isSensitive { sensitive.insert("\(kind.kind.label) (observed in \(name))") }
                }
                if let mapping, mapping.redact || mapping.sensitive || mapping.category == .L { sensitive.insert("\(name) (declared)") }
                undeclared += findings(source.name, name, mapping, observation)
            }
            let declared = Set(source.fields.compactMap(\.category))
            systems.append(DataMap.System(
                name: source.name, connector: source.connector, facts: source.system,
                declaredCategories: declared.sorted { $0.rawValue < $1.rawValue },
                observedCategories: observedCategories.sorted { $0.rawValue < $1.rawValue }, sensitive: sensitive.sorted(),
                containers: theirs.count, records: theirs.reduce(0) { $0 + $1.records }, identifiers: theirs.reduce(0) { $0 + $1.identifiers },
                lastScanned: theirs.map(\.scanned).max()))
        }
        return DataMap(organisation: organisation, generated: generated, systems: systems, fields: fields, undeclared: undeclared,
                       notice: notice(systems), article30: article30(organisation, systems))
    }

    static func count(_ observation: FieldObservation, _ kind: ValueKind, _ inText: Bool) -> Int {
        inText ? observation.inText[kind, default: 0] : observation.whole[kind, default: 0]
    }

    static func significant(_ kind: ValueKind, rate: Double, inText: Bool, count: Int) -> Bool {
        guard count > 0 else { return false }
        if kind.isSensitive { return true }
        return inText ? rate >= 0.01 : rate >= 0.10
    }

    private static func fieldRow(_ system: String, _ name: String, _ mapping: FieldMapping?, _ observation: FieldObservation) -> DataMap.FieldRow {
        var observed: [(kind: ValueKind, rate: Double, inText: Bool)] = []
        let share = { (count: Int) in observation.values == 0 ? 0 : Double(count) / Double(observation.values) }
        for (kind, count) in observation.whole.sorted(by: { $0.value > $1.value }) { observed.append((kind, share(count), false)) }
        for (kind, count) in observation.inText.sorted(by: { $0.value > $1.value }) { observed.append((kind, share(count), true)) }
        return DataMap.FieldRow(system: system, field: name, category: mapping?.category, identifier: mapping?.identifier,
                                redact: mapping?.redact ?? false, mapped: mapping != nil, observedValues: observation.values, observed: observed)
    }

    /// The kinds a field's values show that its mapping does not cover.
    private static func findings(_ system: String, _ name: String, _ mapping: FieldMapping?, _ observation: FieldObservation) -> [DataMap.Finding] {
        var result: [DataMap.Finding] = []
        for (inText, counts) in [(false, observation.whole), (true, observation.inText)] {
            for (kind, count) in counts.sorted(by: { $0.key < $1.key }) {
                let rate = observation.values == 0 ? 0 : Double(count) / Double(observation.values)
                guard significant(kind, rate: rate, inText: inText, count: count), !covers(mapping, kind, inText: inText) else { continue }
                // A name list's hits are weak: half the values at least, and not in a field
                // whose name says it is something else (a city, a campaign, a company).
                if kind == .personName, rate < 0.5 || FieldClassifier.propose(name: name).map({ $0.identifier != .name }) ?? false { continue }
                result.append(DataMap.Finding(system: system, field: name, declared: describe(mapping), kind: kind, count: count,
                                              values: observation.values, inText: inText))
            }
        }
        return result
    }

    /// Whether a mapping already declares a kind: as its identifier, or by its category
    /// for a whole value (a name field's values that look like a city name are its own).
    static func covers(_ mapping: FieldMapping?, _ kind: ValueKind, inText: Bool) -> Bool {
        guard let mapping else { return false }
        if let identifier = mapping.identifier, identifier == kind.identifier { return true }
        if kind.isSensitive { return mapping.redact || mapping.category == .L || mapping.category == kind.category }
        if inText { return mapping.category == kind.category }
        // A whole-value kind of a mapped field: a person's name in a company or city field
        // is the list's guess, not a finding; other kinds must match the category.
        return kind == .personName || mapping.identifier != nil || mapping.category == kind.category
    }

    static func describe(_ mapping: FieldMapping?) -> String {
        guard let mapping else { return "unmapped" }
        var parts: [String] = []
        if let identifier = mapping.identifier { parts.append("identifier \(identifier.rawValue)") }
        if let category = mapping.category { parts.append("category \(category.rawValue)") }
        if mapping.redact { parts.append("redacted") }
        return parts.isEmpty ? "mapped, no category" : parts.joined(separator: ", ")
    }

    private static func notice(_ systems: [DataMap.System]) -> [DataMap.NoticeRow] {
        var rows: [PICategory: DataMap.NoticeRow] = [:]
        for system in systems {
            for category in Set(system.declaredCategories + system.observedCategories) {
                var row = rows[category] ?? DataMap.NoticeRow(category: category, sources: [], purposes: [], soldOrSharedTo: [], disclosedTo: [], systems: [])
                row.sources = union(row.sources, system.facts.collectedFrom)
                row.purposes = union(row.purposes, system.facts.purposes)
                row.soldOrSharedTo = union(row.soldOrSharedTo, system.facts.soldOrSharedTo)
                row.disclosedTo = union(row.disclosedTo, system.facts.disclosedForBusinessPurposeTo)
                row.systems = union(row.systems, [system.name])
                rows[category] = row
            }
        }
        return rows.values.sorted { $0.category.rawValue < $1.category.rawValue }
    }

    private static func article30(_ organisation: Organisation, _ systems: [DataMap.System]) -> DataMap.Article30 {
        let activities = systems.map { system in
            DataMap.Article30.Activity(
                system: system.name, purposes: system.facts.purposes,
                dataSubjects: system.facts.dataSubjects ?? "consumers whose records this system holds (not declared: add system.data_subjects)",
                dataCategories: Set(system.declaredCategories + system.observedCategories).sorted { $0.rawValue < $1.rawValue }.map { "\($0.rawValue) — \($0.label)" },
                recipients: union(system.facts.soldOrSharedTo, system.facts.disclosedForBusinessPurposeTo),
                transfers: system.facts.thirdCountryTransfers, retention: system.facts.retention,
                security: system.facts.security ?? organisation.securityMeasures ?? "not declared (add organisation.security_measures)")
        }
        return DataMap.Article30(controller: organisation.name, contact: organisation.contact, dpo: organisation.dpo, activities: activities)
    }

    private static func union(_ a: [String], _ b: [String]) -> [String] {
        var result = a
        for item in b where !result.contains(item) { result.append(item) }
        return result
    }
}
