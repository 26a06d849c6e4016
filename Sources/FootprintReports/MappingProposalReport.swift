import FootprintCore

/// `footprint discover`: proposed field mappings as footprint.yaml lines, to review and
/// copy. Field names are hostile input: any name that is not plain is written quoted, so
/// the proposal stays valid YAML whatever a header holds.
public enum MappingProposalReport {
    /// - Parameters:
    ///   - observations: per container and field, what its sampled values looked like.
    ///   - examples: per container and field, a few sampled values (only with --show-values).
    public static func yaml(source: String, containers: [DiscoveredContainer], observations: [String: [String: FieldObservation]] = [:],
                            examples: [String: [String: [String]]] = [:], sampled: Bool = false) -> String {
        var out = "# Proposed mappings for source '\(comment(source))' — from field names and types"
        out += sampled ? " and sampled values; review every line.\n" : " only; review every line.\n"
        let tables = containers.contains { $0.isTable }
        out += tables ? "tables:\n" : "fields:\n"
        var seen: Set<String> = []
        for container in containers {
            let indent = tables ? "      " : "  "
            if tables { out += "  \(key(container.name)):\n    fields:\n" } else { out += "  # \(comment(container.name))\n" }
            var proposed = 0
            for field in container.fields where tables || !seen.contains(field.name) {
                seen.insert(field.name)
                let type = field.type.map { " (\(comment($0)))" } ?? ""
                let observation = observations[container.name]?[field.name]
                let assessment = sampled
                    ? ColumnAssessment.assess(name: field.name, sqlType: field.type, container: container.name, observation: observation ?? FieldObservation())
                    : FieldClassifier.propose(name: field.name, sqlType: field.type, container: container.name).map {
                        ColumnAssessment(proposal: $0, confidence: .medium, why: "from the name alone", carried: [])
                    }
                if let assessment, let proposal = assessment.proposal {
                    out += "\(indent)\(key(field.name)): \(proposal.yaml)  # \(assessment.confidence.rawValue): \(comment(assessment.why))\(type)\n"
                    proposed += 1
                } else {
                    out += "\(indent)# \(comment(key(field.name))): no proposal\(assessment.map { " — \(comment($0.why))" } ?? "")\(type)\n"
                }
                for value in examples[container.name]?[field.name] ?? [] { out += "\(indent)#   e.g. \(comment(value))\n" }
            }
            if proposed == 0 && tables { out += "\(indent){}\n" }
        }
        // Links the database does not declare, guessed from column names (orders.customer_id).
        let links = tables ? LinkProposer.propose(containers) : []
        if !links.isEmpty {
            out += "follow:\n  links:   # no foreign key declares these; proposed from column names: confirm each\n"
            for link in links { out += "    - \(link)\n" }
        }
        return out
    }

    /// A mapping key: plain when it is letters, digits and a few marks, else double-quoted
    /// with YAML's escapes.
    static func key(_ name: String) -> String {
        let plain = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == " " || $0 == "-" || $0 == "/" }
        guard !plain || name.hasPrefix(" ") || name.hasSuffix(" ") else { return name }
        var quoted = "\""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: quoted += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// Text inside a YAML comment: one line, no control characters.
    static func comment(_ text: String) -> String {
        TerminalText.clean(text)
    }
}
