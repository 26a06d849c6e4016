import FootprintCore

/// The human view of an inventory (`--format table`): per source its status, then one
/// line per matched record with its tier, the evidence and the identifying fields.
public enum InventoryTable {
    @Sendable public static func render(_ inventory: Inventory) -> String {
        var out = "SOURCE".padded(14) + "STATUS".padded(10) + "EXAMINED".padded(11) + "MATCHED".padded(9) + "SEARCHED\n"
        for source in inventory.sources {
            let matched = inventory.entries.filter { $0.record.locator.source == source.name }.count
            out += source.name.padded(14) + source.status.rawValue.padded(10) + String(source.recordsExamined).padded(11)
                + String(matched).padded(9) + source.method.rawValue + "\n"
            for error in source.errors { out += "  error: \(error.description.forTerminal)\n" }
            for warning in source.warnings.prefix(5) { out += "  \(warning.forTerminal)\n" }
            if source.warnings.count > 5 { out += "  (\(source.warnings.count - 5) more warnings; --format json lists them all)\n" }
        }
        out += "\n"
        // "Nothing found" is only true of sources read completely: say so when one was not.
        let incomplete = inventory.sources.filter { $0.status != .complete }
        let caveat = incomplete.isEmpty ? "" : "INCOMPLETE: " + incomplete.map { source in
            "\(source.name) \(source.status.rawValue)" + (source.errors.first.map { " (\($0.description.forTerminal))" } ?? "")
        }.joined(separator: "; ") + ". What those sources hold is not known; fix them and look up again.\n"
        if inventory.entries.isEmpty {
            out += incomplete.isEmpty ? "No matching records.\n" : "No matching records in the sources that could be read.\n" + caveat
            return out
        }
        out += "TIER".padded(11) + "RECORD".padded(52) + "EVIDENCE\n"
        for entry in inventory.entries {
            let locator = entry.record.locator
            let place = "\(locator.source):\(locator.container)#\(locator.key)"
            // A record reached by a link says so once, in its via: the linked evidence names
            // the same link.
            let shown = entry.match.evidence.filter { item in !(item.how == .linked && entry.via?.field == item.field) }
            var evidence = shown.map { "\($0.identifier.rawValue)=\($0.field) (\($0.how.rawValue))" }.joined(separator: ", ")
            if let via = entry.via {
                let linked = shown.count < entry.match.evidence.count
                evidence += (evidence.isEmpty ? "" : "  ") + (linked ? "linked " : "") + "via \(via.locator.source):\(via.locator.container)#\(via.locator.key) \(via.field)"
            }
            out += entry.match.tier.rawValue.padded(11) + place.padded(52) + evidence.forTerminal + "\n"
        }
        if !caveat.isEmpty { out += "\n" + caveat }
        return out
    }
}
