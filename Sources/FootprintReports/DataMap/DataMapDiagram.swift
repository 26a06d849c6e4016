import FootprintCore

/// The data map's flow as Graphviz DOT: sources of collection → systems → recipients,
/// each edge labelled with the categories that travel it. Laid out left to right by
/// `dot` (the CLI runs it); every label is escaped for DOT, and dot escapes it again for SVG.
public enum DataMapDiagram {
    public static func dot(_ map: DataMap) -> String {
        var out = "digraph datamap {\n  graph [rankdir=LR, fontname=\"Helvetica\", nodesep=0.3, ranksep=1.2];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n"
        var sources: [String] = [], recipients: [String] = []
        for system in map.systems {
            sources += system.facts.collectedFrom.filter { !sources.contains($0) }
            recipients += (system.facts.soldOrSharedTo + system.facts.disclosedForBusinessPurposeTo).filter { !recipients.contains($0) }
        }
        for (index, source) in sources.enumerated() { out += "  s\(index) [label=\(quote(source)), shape=ellipse, style=filled, fillcolor=\"#e8f1fb\"];\n" }
        for (index, system) in map.systems.enumerated() {
            let label = system.name + "\n" + "\(system.records) records"
            let undeclared = map.undeclared.contains { $0.system == system.name }
            out += "  y\(index) [label=\(quote(label)), shape=box, style=\"filled,rounded\", fillcolor=\"\(undeclared ? "#fdecea" : "#f4f4f4")\"];\n"
        }
        for (index, recipient) in recipients.enumerated() { out += "  r\(index) [label=\(quote(recipient)), shape=ellipse, style=filled, fillcolor=\"#eef7ee\"];\n" }
        for (index, system) in map.systems.enumerated() {
            let categories = Set(system.declaredCategories + system.observedCategories).map(\.rawValue).sorted().joined(separator: " ")
            for source in system.facts.collectedFrom { out += "  s\(sources.firstIndex(of: source)!) -> y\(index) [label=\(quote(categories))];\n" }
            for recipient in system.facts.soldOrSharedTo {
                out += "  y\(index) -> r\(recipients.firstIndex(of: recipient)!) [label=\(quote(categories + " (sold/shared)")), color=\"#b3261e\"];\n"
            }
            for recipient in system.facts.disclosedForBusinessPurposeTo {
                out += "  y\(index) -> r\(recipients.firstIndex(of: recipient)!) [label=\(quote(categories))];\n"
            }
        }
        return out + "}\n"
    }

    /// A DOT string: quotes and backslashes escaped, line breaks as DOT's centred `\n`.
    static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r", "\t": out += " "
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
