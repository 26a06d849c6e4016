import Foundation
import FootprintCore

/// Builds HTTP API connectors from configuration (see `HTTPSettings`).
public enum HTTPConnectorFactory: ConnectorFactory {
    public static let kind = "http"
    public static let configKeys = HTTPSettings.keys

    public static func make(source: SourceConfig, environment: [String: String]) throws -> HTTPConnector {
        HTTPConnector(source: source, settings: try HTTPSettings(source: source, environment: environment))
    }
}

/// Searches a vendor's API for the person with the vendor's own search, pages through
/// what comes back, and verifies every candidate with the matcher. Records are the API's
/// objects, flattened like JSON exports; their locator names the vendor object id.
public struct HTTPConnector: IndexableConnector {
    public let source: SourceConfig
    let settings: HTTPSettings

    init(source: SourceConfig, settings: HTTPSettings) {
        self.source = source
        self.settings = settings
    }

    /// The secrets were resolved when the connector was made (a missing one stops the run
    /// there); the template and settings were checked as they were parsed.
    public func validate() throws {}

    public func mappings(for container: String) -> [FieldMapping] {
        let objectFields = settings.template.objects.first { $0.name == container }?.fields ?? []
        // The source's own mappings win over the template's for the same field.
        return source.fields + objectFields.filter { field in !source.fields.contains { $0.name == field.name } }
    }

    /// A record as answered to a request made with `values`: where the vendor's answer
    /// leaves them out, the scope comes from the request (a Mailchimp store's customer does
    /// not say which store it was asked of), and so does the id (Segment's traits of one
    /// profile); the request's `adds:` are set too (Segment's metadata by email).
    func record(_ json: JSONValue, object: APIObject, requested values: RequestValues, adding adds: [(String, String)] = []) -> Record {
        guard case .object(var members) = json else { return record(json, object: object) }
        var missing = adds.compactMap { name, text in values.fill(text, .body).map { (name, $0) } }
        missing += object.scope.filter { !$0.contains(".") }.compactMap { path in values.values[path].map { (path, $0) } }
        if !object.id.contains("."), let id = values.values["id"] { missing.append((object.id, id)) }
        for (name, value) in missing where !members.contains(where: { $0.0 == name }) { members.append((name, .string(value))) }
        return record(.object(members), object: object)
    }

    func record(_ json: JSONValue, object: APIObject) -> Record {
        let id = json.value(at: object.id)?.scalarText ?? "?"
        let key = (object.scope.map { json.value(at: $0)?.scalarText ?? "?" } + [id]).joined(separator: "/")
        return Record(locator: Locator(source: source.name, container: object.name, key: key), fields: json.flattened())
    }

    /// Each object the vendor can search is searched for the person; then what hangs off
    /// the records found is followed (`follow:`), and emitted as linked records.
    public func search(_ matcher: IdentityMatcher, into report: inout ScanReport, _ emit: (Found) throws -> Void) throws {
        let paginator = Paginator(client: HTTPClient(settings: settings), settings: settings)
        var found: [Found] = []
        try searchObjects(matcher, paginator, into: &report) { item in
            found.append(item)
            try emit(item)
        }
        // What this lookup found before (an expansion pass finds it again) was followed then.
        var seen = Set(found.map(\.record.locator)).union(matcher.known)
        try LinkFollower(connector: self, paginator: paginator).follow(from: found.filter { !matcher.known.contains($0.record.locator) },
                                                                       seen: &seen, into: &report, emit)
    }

    private func searchObjects(_ matcher: IdentityMatcher, _ paginator: Paginator, into report: inout ScanReport,
                               _ emit: (Found) throws -> Void) throws {
        let expansion = EachExpansion(connector: self, paginator: paginator)
        for object in settings.template.objects {
            var objectSource = source
            objectSource.fields = mappings(for: object.name)
            let objectMatcher = IdentityMatcher(keys: matcher.keys, source: objectSource, policy: matcher.policy)
            var seen: Set<String> = []
            let requests = object.search.sorted(by: { $0.key.rawValue < $1.key.rawValue }).flatMap { kind, specs in
                specs.flatMap { spec in
                    searchKeys(kind, matcher.keys).map { key -> (RequestSpec, RequestValues) in
                        var values = RequestValues(params: settings.params)
                        values.set(identifier: kind, key: key)
                        return (spec, values)
                    }
                }
            }
            do {
                for (spec, values) in requests {
                    for each in try expansion.values(for: spec, values) {
                        let outcome = try paginator.run(spec, object: object, values: each) { page in
                            report.recordsExamined += page.count
                            for item in page {
                                let record = record(item, object: object, requested: each, adding: spec.adds)
                                guard seen.insert(record.locator.key).inserted, let match = objectMatcher.match(record) else { continue }
                                try emit(Found(record: record, match: match))
                            }
                        }
                        if outcome == .stoppedAtMaxPages { report.errors.append(Self.maxPages(settings, object)) }
                    }
                }
                if !requests.isEmpty { report.containersRead += 1 }
            } catch let failure as HTTPFailure {
                if case .refused = failure {
                    throw SourceError(failure, container: object.name, hint: "check the credentials this source's auth: names")
                }
                report.errors.append(SourceError(failure, container: object.name))
            }
        }
    }

    static func maxPages(_ settings: HTTPSettings, _ object: APIObject) -> SourceError {
        SourceError(.limit, "stopped after \(settings.maxPages) pages (max_pages); more results may exist", container: object.name,
                    hint: "raise max_pages for this source")
    }

    /// The identity's keys a search of this kind is made with.
    private func searchKeys(_ kind: IdentifierKind, _ keys: IdentityKeys) -> [String] {
        switch kind {
        case .email: return keys.emails.sorted()
        case .phone: return keys.phones.sorted()
        case .accountID:
            let prefix = "\(source.name)="
            return keys.accountIDs.filter { $0.hasPrefix(prefix) }.sorted()
        case .name: return keys.names.map(\.key)
        default: return []
        }
    }

    public func records(into report: inout ScanReport, _ body: (Record) throws -> Bool) throws {
        let client = HTTPClient(settings: settings)
        let paginator = Paginator(client: client, settings: settings)
        let expansion = EachExpansion(connector: self, paginator: paginator)
        for object in settings.template.objects {
            guard let list = object.list else { continue }
            var stop = false
            do {
                for values in try expansion.values(for: list, RequestValues(params: settings.params)) where !stop {
                    let outcome = try paginator.run(list, object: object, values: values, concurrent: true) { page in
                        for item in page where !stop {
                            report.recordsExamined += 1
                            if try !body(record(item, object: object, requested: values)) { stop = true }
                        }
                    }
                    if outcome == .stoppedAtMaxPages { report.errors.append(Self.maxPages(settings, object)) }
                }
                report.containersRead += 1
            } catch let failure as HTTPFailure {
                if case .refused = failure { throw SourceError(failure, container: object.name) }
                report.errors.append(SourceError(failure, container: object.name))
            }
            if stop { return }
        }
    }
}
