import Foundation
import FootprintCore

/// Erasing a person's records through each vendor's privacy-grade endpoint, step by step
/// as the template says (HubSpot's GDPR delete; Mailchimp's permanent delete in each
/// audience; Stripe's customer deletion and, where configured, its redaction job; Zendesk's
/// soft then permanent deletion; Salesforce's delete and, where the credentials allow, the
/// hard delete that empties the recycle bin). Each record ends erased, soft-deleted with the
/// day the vendor purges it, already gone (404), or failed with the reason; rate limits and
/// retries are the lookups'.
extension HTTPConnector: ErasingConnector {
    public func cannotErase(_ container: String) -> String? {
        guard let object = settings.template.objects.first(where: { $0.name == container }) else { return nil }
        if let manual = object.manualErasure { return manual }
        if object.erasedWith != nil { return nil }
        return object.erase.isEmpty ? "the template says no way to erase a \(container) record (erase:)" : nil
    }

    /// A record the vendor erases only with the record it hangs off (`erase: {with:}`) is
    /// erased so only when the plan erases that record too; otherwise a person must. A
    /// record of an object the template leaves to a person (`erase: {manual:}`) gets the
    /// template's own instructions, in the vendor's terms.
    public func refine(_ items: inout [DeletionPlan.Item]) throws {
        for index in items.indices where items[index].action == .erase || items[index].action == .deidentify {
            guard let manual = object(items[index].container)?.manualErasure else { continue }
            items[index].action = .manual
            items[index].reason = "to be erased by hand"
            items[index].instructions = "In \(settings.template.name), \(items[index].container) record \(items[index].key): \(manual). "
                + "Then look the person up again (footprint lookup) to confirm."
        }
        let erased = Set(items.filter { $0.action == .erase }.map { "\($0.source):\($0.container)#\($0.key)" })
        for index in items.indices where items[index].action == .erase {
            guard let with = object(items[index].container)?.erasedWith else { continue }
            let parent = items[index].linkedFrom
            if let parent, parent.hasPrefix("\(source.name):\(with)#"), erased.contains(parent) { continue }
            items[index].action = .manual
            items[index].reason = "to be erased by hand"
            items[index].instructions = "\(settings.template.name) erases a \(items[index].container) record only with the \(with) record it belongs to, "
                + "which this plan does not erase: delete record \(items[index].key) in \(settings.template.name) by hand, then look the person up again."
        }
    }

    public func erase(_ requests: [ErasureRequest], fingerprint: (Record) -> String, dryRun: Bool, into report: inout ScanReport) throws -> [ErasureOutcome] {
        let client = HTTPClient(settings: settings)
        var outcomes: [Int: ErasureOutcome] = [:]
        // Records erased with another go last, taking that record's outcome.
        let (alone, along) = requests.indices.reduce(into: ([Int](), [Int]())) { parts, index in
            if object(requests[index].locator.container)?.erasedWith != nil { parts.1.append(index) } else { parts.0.append(index) }
        }
        for index in alone { outcomes[index] = erase(requests[index], client: client, fingerprint: fingerprint, dryRun: dryRun) }
        let byPlace = Dictionary(alone.map { ("\(source.name):\(requests[$0].locator.container)#\(requests[$0].locator.key)", outcomes[$0]!) },
                                 uniquingKeysWith: { first, _ in first })
        for index in along {
            let request = requests[index]
            let with = object(request.locator.container)!.erasedWith!
            guard let parent = request.linkedFrom, parent.hasPrefix("\(source.name):\(with)#"), let outcome = byPlace[parent] else {
                outcomes[index] = .failed(.unsupported, "\(settings.template.name) erases it only with its \(with) record, which this run did not erase: delete it by hand")
                continue
            }
            switch outcome {
            case .failed(let kind, let why): outcomes[index] = .failed(kind, "its \(with) record, whose erasure takes it along, was not erased: \(why)")
            case .notFound: outcomes[index] = .erased // gone with a record already gone
            default: outcomes[index] = outcome
            }
        }
        return requests.indices.map { outcomes[$0]! }
    }

    private func object(_ container: String) -> APIObject? { settings.template.objects.first { $0.name == container } }

    private func erase(_ request: ErasureRequest, client: HTTPClient, fingerprint: (Record) -> String, dryRun: Bool) -> ErasureOutcome {
        do {
            guard let object = object(request.locator.container) else {
                return .failed(.missingContainer, "the template has no object \(request.locator.container) any more")
            }
            guard request.fields == nil else { return .failed(.unsupported, "de-identifying a record through an API is not supported: erase it or blank the fields by hand") }
            if let stale = try changed(request, object: object, client: client, fingerprint: fingerprint) { return stale }
            return dryRun ? .erased : try erase(request.locator.key, object: object, client: client)
        } catch {
            let failure = SourceError(error, container: request.locator.container)
            return .failed(failure.kind, failure.message)
        }
    }

    /// The record fetched fresh (when the template can get one): `.notFound` when it is
    /// gone, nil to go on. Its content is not compared with the plan's fingerprint: a
    /// vendor's search and its get return different fields for the same object (Salesforce
    /// adds `attributes`, a SOQL query names its columns), so the hash could never agree.
    private func changed(_ request: ErasureRequest, object: APIObject, client: HTTPClient, fingerprint: (Record) -> String) throws -> ErasureOutcome? {
        guard var get = object.get else { return nil }
        get.notFoundIsEmpty = true
        var values = RequestValues(params: settings.params)
        values.set(record: request.locator.key, of: object)
        var found: [Record] = []
        _ = try Paginator(client: client, settings: settings).run(get, object: object, values: values) { page in
            found += page.map { record($0, object: object, requested: values) }
        }
        return found.contains(where: { $0.locator.key == request.locator.key }) ? nil : .notFound
    }

    private func erase(_ key: String, object: APIObject, client: HTTPClient) throws -> ErasureOutcome {
        var values = RequestValues(params: settings.params)
        values.set(record: key, of: object)
        var outcome: ErasureOutcome?
        var missed: String?
        for (index, step) in object.erase.enumerated() {
            if let flag = step.request.when, !RequestValues.isOn(settings.params[flag]) { continue }
            guard let request = RequestBuilder.build(step.request, baseURL: settings.baseURL, values: values) else {
                // A value an optional step that failed would have captured: what follows it goes too.
                if missed != nil { continue }
                throw SourceError(.configuration, "the erase step \(RequestBuilder.endpoint(step.request)) names a value this record does not have", container: object.name)
            }
            let endpoint = RequestBuilder.endpoint(step.request)
            let response: HTTPResponse
            do {
                response = try client.send(request, endpoint: endpoint)
            } catch HTTPFailure.refused(let status, _) where step.optional && outcome != nil {
                missed = "\(endpoint) was refused (HTTP \(status)): the credentials may not purge"
                continue
            }
            if response.status == 404 {
                if index == 0 { return .notFound }
                if step.optional && outcome != nil { missed = "\(endpoint) answered 404"; continue }
            }
            guard (200..<300).contains(response.status) else {
                let done = outcome.map { " (after an earlier step succeeded: \(Self.describe($0)))" } ?? ""
                throw SourceError(.other, "\(endpoint) answered HTTP \(response.status)\(done)", container: object.name)
            }
            let body = response.body.isEmpty ? nil : response.body.withUnsafeBufferPointer { try? JSONParser.parse($0) }
            for (name, path) in step.capture {
                guard let value = body?.value(at: path)?.scalarText else {
                    throw SourceError(.malformedData, "\(endpoint) did not return \(path)", container: object.name)
                }
                values.values[name] = value
            }
            switch step.outcome {
            case .erased: outcome = .erased
            case .softDeleted(let days): outcome = .softDeleted(purgesBy: Self.day(daysFromNow: days), why: nil)
            case .none: break
            }
        }
        switch outcome {
        case .softDeleted(let day, _)?: return .softDeleted(purgesBy: day, why: missed)
        case let other?: return other
        case nil: throw SourceError(.configuration, "no erase step of the template says the record is gone", container: object.name)
        }
    }

    static func day(daysFromNow days: Int) -> String { DateOnly.format(Date().addingTimeInterval(Double(days) * 86_400)) }

    static func describe(_ outcome: ErasureOutcome) -> String {
        switch outcome {
        case .softDeleted(let day, _): return "soft-deleted, purged by \(day)"
        default: return "erased"
        }
    }
}
