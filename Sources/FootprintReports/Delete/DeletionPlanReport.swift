import Foundation
import FootprintCore

/// A deletion plan as a file (`json`, what an executor reads) and for review (`table`).
public enum DeletionPlanReport {
    public static func json(_ plan: DeletionPlan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(plan)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }

    /// Reads a plan file; a file that is not one is a configuration error naming it.
    public static func read(_ path: String) throws -> DeletionPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read the plan \(path)", hint: "check the path")
        }
        do {
            let plan = try JSONDecoder().decode(DeletionPlan.self, from: data)
            guard plan.schema == DeletionPlan.schema else {
                throw ConfigError("\(path) is a \(plan.schema) plan; this footprint reads \(DeletionPlan.schema)", hint: "make the plan again")
            }
            // A plan is a file someone may have edited: every item must name one of its people.
            guard !plan.people.isEmpty, plan.items.allSatisfy({ plan.people.indices.contains($0.person) }) else {
                throw ConfigError("\(path) names a person it does not hold (damaged or edited by hand)", hint: "make the plan again")
            }
            return plan
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError("\(path) is not a deletion plan (\(error))", hint: "make one with footprint delete ... --plan-out FILE")
        }
    }

    public static func table(_ plan: DeletionPlan) -> String {
        let requests = plan.people.map { "\($0.request ?? "(no id)") received \($0.received)" }
        var out = plan.people.count == 1 ? "plan for request \(requests[0]), made \(plan.created)\n"
            : "plan for \(plan.people.count) requests (\(requests.prefix(5).joined(separator: "; "))\(plan.people.count > 5 ? "; …" : "")), made \(plan.created)\n"
        out += DeletionPlan.Action.allCases.map { "\($0.rawValue) \(plan.count($0))" }.joined(separator: " · ") + "\n\n"
        out += "ACTION".padded(12) + "RECORD".padded(60) + "WHY\n"
        for item in plan.items {
            let record = "\(item.source):\(item.container)#\(item.key)"
            var why = [item.exception, item.reason].compactMap { $0 }.joined(separator: ": ")
            if let fields = item.fields, item.action == .deidentify { why += " (fields: \(fields.joined(separator: ", ")))" }
            if let linked = item.linkedFrom { why += " [linked from \(linked)]" }
            if plan.people.count > 1 { why = "[\(plan.people[item.person].request ?? "person \(item.person + 1)")] " + why }
            out += item.action.rawValue.padded(12) + record.padded(60) + why.forTerminal + "\n"
            if let instructions = item.instructions { out += "".padded(12) + "→ " + instructions.forTerminal + "\n" }
        }
        return out
    }
}

/// `footprint suppression list`.
public enum SuppressionReport {
    public static func table(_ people: [SuppressedPerson]) -> String {
        guard !people.isEmpty else { return "no one is suppressed\n" }
        var out = "ID".padded(14) + "DELETED".padded(12) + "REQUEST".padded(22) + "IDENTIFIERS\n"
        for person in people {
            out += person.id.padded(14) + person.deleted.padded(12) + (person.request ?? "-").padded(22) + "\(person.hashes.count)\n"
        }
        return out
    }
}
