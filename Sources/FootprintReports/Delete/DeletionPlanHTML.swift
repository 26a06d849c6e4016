import FootprintCore

/// A deletion plan as a page for the person who reviews it before it is executed: what
/// happens to each record and why, grouped by action, with what a person must do by hand.
/// Self-contained (no script, no request), every value escaped: container names and keys
/// come from the stores and are hostile input.
public enum DeletionPlanHTML {
    public static func render(_ plan: DeletionPlan) -> String {
        let order: [DeletionPlan.Action] = [.erase, .deidentify, .manual, .review, .retain, .keep, .deferred]
        var sections = ""
        for action in order {
            let items = plan.items.filter { $0.action == action }
            guard !items.isEmpty else { continue }
            sections += "<section id=\"\(action.rawValue)\"><h2>\(HTMLText.escape(heading(action))) (\(items.count))</h2>\n<table><thead><tr>"
            sections += (plan.people.count > 1 ? "<th scope=\"col\">Request</th>" : "") + "<th scope=\"col\">System</th><th scope=\"col\">Where</th><th scope=\"col\">Record</th><th scope=\"col\">Why</th></tr></thead><tbody>\n"
            for item in items {
                var why = [item.exception, item.reason].compactMap { $0 }.joined(separator: ": ")
                if why.isEmpty, let tier = item.tier { why = "\(tier.rawValue) match" }
                if let fields = item.fields, action == .deidentify { why += " (fields: \(fields.joined(separator: ", ")))" }
                if let linked = item.linkedFrom { why += " — linked from \(linked)" }
                sections += "<tr>" + (plan.people.count > 1 ? "<td>\(HTMLText.escape(plan.people[item.person].request ?? "person \(item.person + 1)"))</td>" : "")
                sections += "<td class=\"id\">\(HTMLText.escape(item.source))</td><td>\(HTMLText.escape(item.container))</td><td class=\"id\">\(HTMLText.escape(item.key))</td><td>\(HTMLText.escape(why))"
                if let instructions = item.instructions { sections += "<p class=\"todo\">\(HTMLText.escape(instructions))</p>" }
                sections += "</td></tr>\n"
            }
            sections += "</tbody></table></section>\n"
        }
        let requests = plan.people.map { "\($0.request ?? "(no reference)") received \($0.received)" }.joined(separator: "; ")
        let counts = DeletionPlan.Action.allCases.map { "\($0.rawValue) \(plan.count($0))" }.joined(separator: " · ")
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>Deletion plan for review</title>
        <style>body{font-family:system-ui,sans-serif;max-width:72em;margin:2em auto;padding:0 1em;line-height:1.4}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}.todo{margin:.3em 0 0;font-weight:bold}.id{white-space:nowrap}</style>
        </head><body><main>
        <h1>Deletion plan for review</h1>
        <p>\(HTMLText.escape(requests)) · made \(HTMLText.escape(plan.created))</p>
        <p id="counts">\(HTMLText.escape(counts))</p>
        <p>Nothing has been changed yet. <code>footprint delete --execute PLAN</code> carries out the erase and deidentify items and nothing else; the plan holds no field value.</p>
        \(sections)</main></body></html>

        """
    }

    static func heading(_ action: DeletionPlan.Action) -> String {
        switch action {
        case .erase: return "To be erased"
        case .deidentify: return "To be kept with the identifying fields blanked"
        case .manual: return "For a person to erase (Footprint cannot change these stores)"
        case .review: return "Waiting for review: nothing is done until approved"
        case .retain: return "Kept under an exception"
        case .keep: return "Not hers to erase (shared or pointed-at rows)"
        case .deferred: return "In backups: erased when they roll off"
        }
    }
}
