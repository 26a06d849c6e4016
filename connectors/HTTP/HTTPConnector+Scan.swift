import FootprintCore

/// Scheduled scans over APIs: each listable object is a container. An API cannot say
/// what changed since the last scan, so its containers have no fingerprint: every scan
/// lists them again, and an indexed lookup searches the API live *and* fetches, by id,
/// the objects the index names — which finds people by identifiers the API cannot
/// search by (a phone number in Mailchimp), as of the last scan.
extension HTTPConnector {
    public func scanContainers() throws -> [ContainerState] {
        settings.template.objects.filter { $0.list != nil }.map { ContainerState(name: $0.name, fingerprint: nil) }
    }

    public func scan(_ state: ContainerState, into report: inout ScanReport, _ rows: IndexRowSink) throws {
        guard let object = settings.template.objects.first(where: { $0.name == state.name }), let list = object.list else {
            throw SourceError(.missingContainer, "the API object is no longer in the template", container: state.name)
        }
        let paginator = Paginator(client: HTTPClient(settings: settings), settings: settings)
        do {
            var examined = 0
            var outcome = Paginator.Outcome.complete
            for values in try EachExpansion(connector: self, paginator: paginator).values(for: list, RequestValues(params: settings.params)) {
                let part = try paginator.run(list, object: object, values: values, concurrent: true) { page in
                    for item in page {
                        examined += 1
                        try rows.append(record(item, object: object, requested: values), position: -1)
                    }
                }
                if part != .complete { outcome = part }
            }
            report.recordsExamined += examined
            guard outcome == .complete else {
                // A partial listing would drop the rest from the index: keep the last good scan.
                throw SourceError(.limit, "stopped after \(settings.maxPages) pages (max_pages) while listing", container: state.name,
                                  hint: "raise max_pages for this source")
            }
        } catch let failure as HTTPFailure {
            throw SourceError(failure, container: state.name)
        }
        report.containersRead += 1
    }

    public func searchIndexed(_ matcher: IdentityMatcher, candidates: [IndexedLocator], into report: inout ScanReport,
                              _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        let paginator = Paginator(client: HTTPClient(settings: settings), settings: settings)
        var fetched: [Found] = []
        let stale = try fetchIndexed(matcher, candidates: candidates, paginator, into: &report) { found in
            fetched.append(found)
            try emit(found)
        }
        // What hangs off them, as a live search follows it (candidates already emitted by
        // this source's live search were left out by the caller, and so are not followed twice).
        var seen = Set(fetched.map(\.record.locator)).union(matcher.known)
        try LinkFollower(connector: self, paginator: paginator).follow(from: fetched, seen: &seen, into: &report, emit)
        return stale
    }

    private func fetchIndexed(_ matcher: IdentityMatcher, candidates: [IndexedLocator], _ paginator: Paginator, into report: inout ScanReport,
                              _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        var stale: [IndexedLocator] = []
        for (name, group) in Dictionary(grouping: candidates, by: \.container).sorted(by: { $0.key < $1.key }) {
            guard let object = settings.template.objects.first(where: { $0.name == name }) else {
                stale += group
                continue
            }
            var objectSource = source
            objectSource.fields = mappings(for: object.name)
            let objectMatcher = IdentityMatcher(keys: matcher.keys, source: objectSource, policy: matcher.policy)
            guard let get = object.get else {
                stale += try listed(object, group, objectMatcher, paginator, &report, emit)
                continue
            }
            do {
                let requests = group.map { candidate in
                    var values = RequestValues(params: settings.params)
                    values.set(record: candidate.key, of: object)
                    return values
                }
                // Fetched `in_flight` at a time (a common name can name hundreds), matched in order.
                for (index, (candidate, result)) in zip(group, paginator.fetchAll(get, object: object, values: requests)).enumerated() {
                    let found = try result.get()
                    report.recordsExamined += found.count
                    guard let item = found.first else {
                        stale.append(candidate)
                        continue
                    }
                    let record = record(item, object: object, requested: requests[index])
                    if let match = objectMatcher.match(record) { try emit(Found(record: record, match: match)) }
                }
                report.containersRead += 1
            } catch let failure as HTTPFailure {
                if case .refused = failure {
                    throw SourceError(failure, container: object.name, hint: "check the credentials this source's auth: names")
                }
                report.errors.append(SourceError(failure, container: object.name))
            }
        }
        return stale
    }

    /// The candidates of an object with no `get:`, from its listing.
    private func listed(_ object: APIObject, _ group: [IndexedLocator], _ matcher: IdentityMatcher, _ paginator: Paginator,
                        _ report: inout ScanReport, _ emit: (Found) throws -> Void) throws -> [IndexedLocator] {
        guard let list = object.list else { return group }
        var wanted = Set(group.map(\.key))
        do {
            var examined = 0
            _ = try paginator.run(list, object: object, values: RequestValues(params: settings.params)) { page in
                for item in page {
                    examined += 1
                    let record = record(item, object: object)
                    guard wanted.remove(record.locator.key) != nil, let match = matcher.match(record) else { continue }
                    try emit(Found(record: record, match: match))
                }
            }
            report.recordsExamined += examined
        } catch let failure as HTTPFailure {
            report.errors.append(SourceError(failure, container: object.name))
            return []
        }
        return group.filter { wanted.contains($0.key) }
    }
}
