import FootprintCore

/// Reaches the records that hang off records already found — a HubSpot contact's notes
/// and deals, a Zendesk user's tickets and their comments, a Stripe customer's charges —
/// by the template's `follow:` links, level by level, each level's requests `in_flight`
/// at a time. A record reached so is a linked record: not matched on anything the request
/// held, it carries its parent's tier and a `via` naming the parent and the association,
/// as rows reached by a database's foreign keys do.
struct LinkFollower {
    let connector: HTTPConnector
    let paginator: Paginator
    /// Links followed from a directly found record at most: a comment of a ticket of a user is two.
    static let depth = 4

    private var objects: [APIObject] { connector.settings.template.objects }

    /// Emits each record reachable from `found` that is not in `seen` (which it grows), with
    /// failures of one object's requests reported against that object.
    func follow(from found: [Found], seen: inout Set<Locator>, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        guard objects.contains(where: { !$0.follow.isEmpty }) else { return }
        var frontier = found
        for _ in 0..<Self.depth where !frontier.isEmpty {
            let steps = self.steps(from: frontier)
            guard !steps.isEmpty else { return }
            var reached: [Found] = []
            let answers = paginator.runAll(steps.map { ($0.follow.request, $0.object, $0.values) })
            var references: [String: [(step: Step, id: String)]] = [:]
            for (step, answer) in zip(steps, answers) {
                let records: [JSONValue]
                do {
                    let (answered, outcome) = try answer.get()
                    records = answered
                    if outcome == .stoppedAtMaxPages { report.errors.append(HTTPConnector.maxPages(connector.settings, step.object)) }
                } catch {
                    try failed(error, step.object, &report)
                    continue
                }
                report.recordsExamined += records.count
                if let idPath = step.follow.ids {
                    let ids = records.compactMap { $0.value(at: idPath)?.scalarText }
                    references[step.object.name, default: []] += ids.map { (step, $0) }
                } else {
                    for item in records { reach(connector.record(item, object: step.object, requested: step.values), step, &seen, &reached) }
                }
            }
            for object in objects where references[object.name] != nil {
                try fetch(references[object.name]!, object: object, seen: &seen, reached: &reached, report: &report)
            }
            for found in reached { try emit(found) }
            frontier = reached
        }
    }

    /// A follow to make from one found record.
    struct Step {
        var parent: Found
        var object: APIObject
        var follow: Follow
        var values: RequestValues
    }

    private func steps(from frontier: [Found]) -> [Step] {
        var steps: [Step] = []
        for parent in frontier {
            let container = parent.record.locator.container
            guard let parentObject = objects.first(where: { $0.name == container }) else { continue }
            for object in objects {
                for follow in object.follow where follow.from == container {
                    var values = RequestValues(params: connector.settings.params)
                    values.set(record: parent.record.locator.key, of: parentObject)
                    // `{record.FIELD}`: a value of the parent (a checkout session's payment_intent).
                    for field in parent.record.fields {
                        if case .array = field.value { continue }
                        if let text = field.value.strings.first, !text.isEmpty { values.values["record." + field.name] = text }
                    }
                    steps.append(Step(parent: parent, object: object, follow: follow, values: values))
                }
            }
        }
        return steps
    }

    /// The referenced records of one object, fetched by id with its `get`.
    private func fetch(_ wanted: [(step: Step, id: String)], object: APIObject, seen: inout Set<Locator>, reached: inout [Found],
                       report: inout ScanReport) throws {
        guard let get = object.get else { return }
        var unique: [(step: Step, id: String)] = []
        var asked: Set<String> = []
        for reference in wanted where asked.insert(reference.id).inserted
            && !seen.contains(Locator(source: connector.source.name, container: object.name, key: reference.id)) {
            unique.append(reference)
        }
        let values = unique.map { reference -> RequestValues in
            var values = RequestValues(params: connector.settings.params)
            values.set(record: reference.id, of: object)
            return values
        }
        for (index, (reference, result)) in zip(unique, paginator.fetchAll(get, object: object, values: values)).enumerated() {
            do {
                let items = try result.get()
                report.recordsExamined += items.count
                // A reference to a record deleted since is no record of hers.
                for item in items.prefix(1) {
                    reach(connector.record(item, object: object, requested: values[index]), reference.step, &seen, &reached)
                }
            } catch {
                try failed(error, object, &report)
            }
        }
    }

    private func reach(_ record: Record, _ step: Step, _ seen: inout Set<Locator>, _ reached: inout [Found]) {
        guard seen.insert(record.locator).inserted else { return }
        let parent = step.parent.record.locator
        // Not a match on anything the request held: the record hangs off a found one.
        let evidence = Evidence(identifier: .accountID, field: step.follow.link, how: .linked, score: 1,
                                note: "linked to \(parent.container) #\(parent.key)", link: step.follow.link)
        reached.append(Found(record: record, match: Match(tier: step.parent.match.tier, evidence: [evidence]),
                             via: Inventory.Via(locator: parent, field: step.follow.link)))
    }

    /// Refused credentials stop the source; anything else is this object's error, the rest goes on.
    private func failed(_ error: Error, _ object: APIObject, _ report: inout ScanReport) throws {
        if let failure = error as? HTTPFailure, case .refused = failure {
            throw SourceError(failure, container: object.name, hint: "check the credentials this source's auth: names")
        }
        report.errors.append(SourceError(error, container: object.name))
    }
}
