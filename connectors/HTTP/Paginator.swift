import Foundation
import FootprintCore

/// Walks the pages of one search or listing and hands each page's records over.
/// Offset- and page-numbered listings are fetched `in_flight` pages at a time; cursor
/// and next-URL styles follow one page after another, as they must.
struct Paginator {
    let client: HTTPClient
    let settings: HTTPSettings

    enum Outcome { case complete, stoppedAtMaxPages }

    /// `fetch` for many values at once, `in_flight` requests at a time; results in order.
    func fetchAll(_ spec: RequestSpec, object: APIObject, values: [RequestValues]) -> [Result<[JSONValue], Error>] {
        concurrently(values.count) { index in Result { try fetch(spec, object: object, values: values[index]) } }
    }

    /// Every page of each request (`run`), `in_flight` requests at a time; results in order.
    func runAll(_ jobs: [(spec: RequestSpec, object: APIObject, values: RequestValues)]) -> [Result<(records: [JSONValue], outcome: Outcome), Error>] {
        concurrently(jobs.count) { index in
            Result {
                var records: [JSONValue] = []
                let job = jobs[index]
                let outcome = try run(job.spec, object: job.object, values: job.values) { records += $0 }
                return (records, outcome)
            }
        }
    }

    /// `work(0..<count)` on `in_flight` worker threads, each taking the next index as it
    /// finishes one (the rate limiter paces them); results in index order.
    private func concurrently<T>(_ count: Int, _ work: @escaping @Sendable (Int) -> T) -> [T] {
        let results = Box([T?](repeating: nil, count: count))
        let next = Box(0)
        let lock = NSLock()
        let group = DispatchGroup()
        for _ in 0..<min(settings.rateLimit.inFlight, count) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while true {
                    let index: Int = lock.withLock {
                        defer { next.value += 1 }
                        return next.value
                    }
                    guard index < count else { return }
                    let result = work(index)
                    lock.withLock { results.value[index] = result }
                }
            }
        }
        group.wait()
        return results.value.map { $0! }
    }

    /// One request, no pages: the records it answers with, or none when it answers 404
    /// (the object is gone).
    func fetch(_ spec: RequestSpec, object: APIObject, values: RequestValues) throws -> [JSONValue] {
        guard let request = build(spec, pagination: nil, values: values, cursor: nil, number: nil) else { return [] }
        let response = try client.send(request, endpoint: RequestBuilder.endpoint(spec))
        if response.status == 404 { return [] }
        guard (200..<300).contains(response.status) else {
            throw HTTPFailure.badResponse(reason: "HTTP \(response.status)", endpoint: RequestBuilder.endpoint(spec))
        }
        return Self.records(in: try parse(response, spec), at: spec.records ?? object.records)
    }

    func run(_ spec: RequestSpec, object: APIObject, values: RequestValues, concurrent: Bool = false,
             _ body: ([JSONValue]) throws -> Void) throws -> Outcome {
        let pagination = spec.pagination ?? object.pagination
        let recordsPath = spec.records ?? object.records
        if concurrent, let pagination, pagination.style == .offset || pagination.style == .page {
            return try runNumbered(spec, pagination: pagination, recordsPath: recordsPath, values: values, body)
        }
        var cursor: String?
        var nextURL: String?
        var number = pagination?.style == .page ? 1 : 0
        for pageIndex in 0..<settings.maxPages {
            var pageValues = values
            pageValues.values["limit"] = String(pagination?.size ?? 100)
            let request: HTTPRequest?
            if let nextURL {
                request = URL(string: nextURL.hasPrefix("http") ? nextURL : settings.baseURL + nextURL).map { url in
                    var r = HTTPRequest(url: url)
                    r.httpMethod = "GET"
                    r.setValue("application/json", forHTTPHeaderField: "Accept")
                    // The request's own headers go on every page (Klaviyo's revision).
                    for (name, text) in spec.headers { if let value = pageValues.fill(text, .query) { r.setValue(value, forHTTPHeaderField: name) } }
                    return r
                }
            } else {
                request = build(spec, pagination: pagination, values: pageValues, cursor: cursor, number: pageIndex == 0 && pagination?.style == .cursor ? nil : number)
            }
            guard let request else { return .complete } // a placeholder this identity cannot fill
            let response = try client.send(request, endpoint: RequestBuilder.endpoint(spec))
            if response.status == 404 && spec.notFoundIsEmpty { return .complete }
            guard (200..<300).contains(response.status) else {
                throw HTTPFailure.badResponse(reason: "HTTP \(response.status)", endpoint: RequestBuilder.endpoint(spec))
            }
            let json = try parse(response, spec)
            let records = Self.records(in: json, at: recordsPath)
            try body(records)
            guard let pagination else { return .complete }
            switch pagination.style {
            case .cursor:
                if let more = pagination.more, json.value(at: more) == .bool(false) { return .complete }
                guard let next = Self.cursor(pagination.next!, json: json, records: records), !next.isEmpty else { return .complete }
                cursor = next
            case .offset:
                guard records.count >= pagination.size, !records.isEmpty else { return .complete }
                number += records.count
            case .page:
                guard records.count >= pagination.size, !records.isEmpty else { return .complete }
                number += 1
            case .nextURL:
                guard let next = json.value(at: pagination.next!)?.scalarText, !next.isEmpty else { return .complete }
                nextURL = next
            case .linkHeader:
                guard let next = response.header("Link").flatMap(Self.nextLink) else { return .complete }
                nextURL = next
            }
        }
        return .stoppedAtMaxPages
    }

    /// Numbered pages fetched by `inFlight` worker threads, each taking the next page
    /// number as it finishes one, and handed to `body` in page order. Once a page comes
    /// back short, no page after it is requested.
    private func runNumbered(_ spec: RequestSpec, pagination: Pagination, recordsPath: String, values: RequestValues,
                             _ body: ([JSONValue]) throws -> Void) throws -> Outcome {
        var values = values
        values.values["limit"] = String(pagination.size)
        let state = PageQueue(limit: settings.maxPages)
        let pageValues = values
        for _ in 0..<settings.rateLimit.inFlight {
            Thread.detachNewThread { [self] in
                while let index = state.take() {
                    let number = pagination.style == .page ? index + 1 : index * pagination.size
                    let result = Result<[JSONValue], Error> {
                        guard let request = build(spec, pagination: pagination, values: pageValues, cursor: nil, number: number) else { return [] }
                        let response = try client.send(request, endpoint: RequestBuilder.endpoint(spec))
                        guard (200..<300).contains(response.status) else {
                            throw HTTPFailure.badResponse(reason: "HTTP \(response.status)", endpoint: RequestBuilder.endpoint(spec))
                        }
                        return Self.records(in: try parse(response, spec), at: recordsPath)
                    }
                    state.finish(index, result, short: (try? result.get().count).map { $0 < pagination.size } ?? true)
                }
                state.workerDone()
            }
        }
        defer { state.stop() }
        var index = 0
        while let page = state.next(index) {
            let records = try page.get()
            try body(records)
            if records.count < pagination.size { return .complete }
            index += 1
        }
        return index >= settings.maxPages ? .stoppedAtMaxPages : .complete
    }

    private func build(_ spec: RequestSpec, pagination: Pagination?, values: RequestValues, cursor: String?, number: Int?) -> HTTPRequest? {
        var values = values
        var extraQuery: [(String, String)] = []
        var bodyParams: [(String, JSONValue)] = []
        if let pagination, let param = pagination.param {
            let value: String?
            switch pagination.style {
            case .cursor: value = cursor
            case .offset, .page: value = number.map(String.init)
            default: value = nil
            }
            if let value {
                let name = String(param.split(separator: ".", maxSplits: 1).last ?? "")
                values.values[name] = value
                if param.hasPrefix("query."), !spec.query.contains(where: { $0.0 == name }) { extraQuery.append((name, value)) }
                if param.hasPrefix("body.") { bodyParams.append((name, pagination.style == .cursor ? .string(value) : .number(value))) }
            }
        }
        return RequestBuilder.build(spec, baseURL: settings.baseURL, values: values, extraQuery: extraQuery, bodyParams: bodyParams)
    }

    private func parse(_ response: HTTPResponse, _ spec: RequestSpec) throws -> JSONValue {
        guard !response.body.isEmpty else { return .null }
        do {
            return try response.body.withUnsafeBufferPointer { try JSONParser.parse($0) }
        } catch {
            throw HTTPFailure.badResponse(reason: "the response is not JSON", endpoint: RequestBuilder.endpoint(spec))
        }
    }

    static func records(in json: JSONValue, at path: String) -> [JSONValue] {
        switch json.value(at: path) {
        case .array(let items)?: return items
        case .object(let members)? where !members.isEmpty: return [.object(members)]
        default: return []
        }
    }

    /// `paging.next.after`, or `$last.id` for APIs that page from the last record's id.
    static func cursor(_ path: String, json: JSONValue, records: [JSONValue]) -> String? {
        if path.hasPrefix("$last.") { return records.last?.value(at: String(path.dropFirst(6)))?.scalarText }
        return json.value(at: path)?.scalarText
    }

    /// The URL of `rel="next"` in a Link header.
    static func nextLink(_ header: String) -> String? {
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = pieces.first, target.hasPrefix("<"), target.hasSuffix(">"),
                  pieces.dropFirst().contains(where: { $0.replacingOccurrences(of: " ", with: "") == "rel=\"next\"" || $0 == "rel=next" }) else { continue }
            return String(target.dropFirst().dropLast())
        }
        return nil
    }
}

/// Hands out page numbers to worker threads and gives finished pages back in order.
final class PageQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var nextIndex = 0
    private var stopAt: Int
    private var pages: [Int: Result<[JSONValue], Error>] = [:]
    private var stopped = false

    init(limit: Int) { stopAt = limit }

    /// The next page number to fetch, or nil when there is none left to fetch.
    func take() -> Int? {
        condition.withLock {
            guard !stopped, nextIndex < stopAt else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    func finish(_ index: Int, _ result: Result<[JSONValue], Error>, short: Bool) {
        condition.withLock {
            pages[index] = result
            if short { stopAt = min(stopAt, index + 1) }
            condition.broadcast()
        }
    }

    func workerDone() { condition.withLock { condition.broadcast() } }

    /// Waits for page `index`; nil when it will never be fetched.
    func next(_ index: Int) -> Result<[JSONValue], Error>? {
        condition.withLock {
            while pages[index] == nil {
                if index >= stopAt || stopped { return nil }
                condition.wait()
            }
            return pages.removeValue(forKey: index)
        }
    }

    func stop() { condition.withLock { stopped = true; condition.broadcast() } }
}
