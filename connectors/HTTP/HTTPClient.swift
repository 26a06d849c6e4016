import CLibCurl
import Foundation
import FootprintCore


/// A response as the connector needs it.
struct HTTPResponse {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Why a request could not be answered. `refused` (401/403) stops the whole source at once.
enum HTTPFailure: Error, CustomStringConvertible, SourceErrorConvertible {
    case refused(status: Int, endpoint: String)
    case gaveUp(reason: String, endpoint: String, attempts: Int)
    case badResponse(reason: String, endpoint: String)

    var description: String {
        switch self {
        case .refused(let status, let endpoint):
            return "HTTP \(status) from \(endpoint): the API refused the credentials"
        case .gaveUp(let reason, let endpoint, let attempts):
            return "\(endpoint): \(reason) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
        case .badResponse(let reason, let endpoint):
            return "\(endpoint): \(reason)"
        }
    }

    var sourceError: SourceError {
        switch self {
        case .refused(let status, _): return SourceError(status == 403 ? .permission : .authentication, description)
        case .gaveUp(let reason, _, _): return SourceError(reason.contains("timed out") ? .timeout : .unreachable, description)
        case .badResponse: return SourceError(.malformedData, description)
        }
    }
}

/// Sends requests politely: at most `perSecond` started per second and `inFlight` at a
/// time, retrying 429 and 5xx answers and network failures with exponential backoff
/// and jitter (a Retry-After header wins), adding authentication, refreshing an OAuth2
/// token when it expires. Thread-safe: pages of a listing are fetched concurrently.
final class HTTPClient: @unchecked Sendable {
    /// libcurl handles not in use; each keeps its connections open for the next request.
    private var idle: [OpaquePointer] = []
    private let settings: HTTPSettings
    private let gate: DispatchSemaphore
    private let lock = NSLock()
    private let tokenLock = NSLock()
    private var nextStart = DispatchTime.now()
    private var oauthToken: (value: String, expires: Date)?

    init(settings: HTTPSettings) {
        self.settings = settings
        gate = DispatchSemaphore(value: settings.rateLimit.inFlight)
    }

    deinit { idle.forEach { footprint_curl_free($0) } }

    /// `endpoint` names the request in messages (method and path, never identifier values).
    func send(_ request: HTTPRequest, endpoint: String) throws -> HTTPResponse {
        var attempt = 0
        var refreshed = false
        while true {
            attempt += 1
            var authorized = request
            try authorize(&authorized)
            let outcome = perform(authorized)
            switch outcome {
            case .success(let response) where response.status == 401 || response.status == 403:
                if case .oauth2 = settings.auth.method, !refreshed {
                    refreshed = true
                    lock.withLock { oauthToken = nil }
                    attempt -= 1
                    continue
                }
                throw HTTPFailure.refused(status: response.status, endpoint: endpoint)
            case .success(let response) where response.status == 429 || response.status >= 500:
                guard attempt <= settings.retries else {
                    throw HTTPFailure.gaveUp(reason: "HTTP \(response.status)", endpoint: endpoint, attempts: attempt)
                }
                Thread.sleep(forTimeInterval: delay(attempt: attempt, retryAfter: Self.retryAfter(response)))
            case .success(let response):
                return response
            case .failure(let error):
                guard attempt <= settings.retries else {
                    throw HTTPFailure.gaveUp(reason: String(describing: error), endpoint: endpoint, attempts: attempt)
                }
                Thread.sleep(forTimeInterval: delay(attempt: attempt, retryAfter: nil))
            }
        }
    }

    /// When to try again, as the vendor says it: Retry-After, or for a 429 without one the
    /// vendor's own reset header — RateLimit-Reset (seconds to wait: Klaviyo, the IETF
    /// draft), X-RateLimit-Reset (a Unix time: Intercom, SendGrid; or seconds).
    static func retryAfter(_ response: HTTPResponse) -> String? {
        if let given = response.header("Retry-After") { return given }
        guard response.status == 429 else { return nil }
        if let seconds = response.header("RateLimit-Reset").flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) {
            return String(seconds)
        }
        if let reset = response.header("X-RateLimit-Reset").flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) {
            // A value past a billion seconds is a Unix time, not a wait.
            return String(reset > 1_000_000_000 ? max(0, reset - Date().timeIntervalSince1970) : reset)
        }
        return nil
    }

    /// Retry-After (seconds or an HTTP date) if given, else 0.5 s doubling per attempt,
    /// with up to 50% jitter so that clients do not retry in lockstep; at most 60 s.
    func delay(attempt: Int, retryAfter: String?) -> Double {
        if let retryAfter {
            if let seconds = Double(retryAfter.trimmingCharacters(in: .whitespaces)) { return min(max(seconds, 0), 60) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
            if let date = formatter.date(from: retryAfter) { return min(max(date.timeIntervalSinceNow, 0), 60) }
        }
        let base = min(0.5 * pow(2, Double(attempt - 1)), 30)
        return base * (1 + Double.random(in: 0..<0.5))
    }

    private func perform(_ request: HTTPRequest) -> Result<HTTPResponse, Error> {
        gate.wait()
        defer { gate.signal() }
        waitForRateLimit()
        guard let url = request.url?.absoluteString else { return .failure(TransportError(message: "not a valid URL")) }
        var loadError: UnsafePointer<CChar>?
        guard let handle = lock.withLock({ idle.popLast() }) ?? footprint_curl_new(&loadError) else {
            return .failure(TransportError(message: "cannot load libcurl: \(loadError.map { String(cString: $0) } ?? "unknown reason") (install libcurl4)"))
        }
        defer { lock.withLock { idle.append(handle) } }
        let lines = request.headers.map { "\($0.name): \($0.value)" }
        var response = FootprintCurlResponse()
        let status: Int32 = withCStrings(lines) { headers in
            let body = request.httpBody.map { [UInt8]($0) }
            return body.withOptionalBytes { bytes, count in
                footprint_curl_perform(handle, request.httpMethod ?? "GET", url, headers, lines.count, bytes, count, settings.timeout, &response)
            }
        }
        defer { footprint_curl_response_free(&response) }
        guard status == 0 else {
            let message = withUnsafeBytes(of: response.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return .failure(TransportError(message: response.timedOut != 0 ? "timed out (\(message))" : message))
        }
        let body = response.body.map { [UInt8](UnsafeBufferPointer(start: $0, count: response.bodyLength)) } ?? []
        let headerText = response.headers.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: response.headersLength), as: UTF8.self) } ?? ""
        return .success(HTTPResponse(status: Int(response.status), headers: Self.headers(headerText), body: body))
    }

    /// "Name: value" lines of the final response (the status line and folding ignored).
    static func headers(_ text: String) -> [String: String] {
        var headers: [String: String] = [:]
        for line in text.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("HTTP/") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        return headers
    }

    /// Spaces request starts 1.05/perSecond apart: no one-second window holds more than the
    /// limit even when the network delays one request a little more than the next.
    private func waitForRateLimit() {
        let interval = UInt64(1_050_000_000 / settings.rateLimit.perSecond)
        let start: UInt64 = lock.withLock {
            let now = DispatchTime.now()
            let start = max(now, nextStart)
            nextStart = start + .nanoseconds(Int(interval))
            return start.uptimeNanoseconds
        }
        let now = DispatchTime.now().uptimeNanoseconds
        if start > now { Thread.sleep(forTimeInterval: Double(start - now) / 1e9) }
    }

    /// The source's credentials, unless the request names its own for that header (Segment's
    /// Public API takes another token than its Profiles API).
    private func authorize(_ request: inout HTTPRequest) throws {
        let header: String?
        switch settings.auth.method {
        case .bearer, .basic, .oauth2: header = "Authorization"
        case .apiKeyHeader(let name, _): header = name
        case .apiKeyQuery: header = nil
        }
        if let header, request.value(forHTTPHeaderField: header) != nil { return }
        switch settings.auth.method {
        case .bearer(let token):
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        case .basic(let username, let password):
            let credentials = Data("\(username):\(password)".utf8).base64EncodedString()
            request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        case .apiKeyHeader(let name, let value):
            request.setValue(value, forHTTPHeaderField: name)
        case .apiKeyQuery(let name, let value):
            guard let url = request.url, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return }
            let encoded = QueryEncoding.encode(value)
            components.percentEncodedQuery = (components.percentEncodedQuery.map { $0 + "&" } ?? "") + "\(QueryEncoding.encode(name))=\(encoded)"
            request.url = components.url
        case .oauth2(let tokenURL, let clientID, let clientSecret, let scope):
            let token = try oauth2Token(tokenURL: tokenURL, clientID: clientID,
                                        clientSecret: clientSecret, scope: scope)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
    }

    /// Client-credentials grant; the token is kept until a minute before it expires.
    private func oauth2Token(tokenURL: String, clientID: String, clientSecret: String, scope: String?) throws -> String {
        if let token = lock.withLock({ oauthToken }), token.expires > Date() { return token.value }
        // One thread fetches; the others (concurrent pages or fetches) wait and take its token.
        tokenLock.lock()
        defer { tokenLock.unlock() }
        if let token = lock.withLock({ oauthToken }), token.expires > Date() { return token.value }
        let url = tokenURL.hasPrefix("http") ? tokenURL : settings.baseURL + tokenURL
        guard let endpoint = URL(string: url) else { throw HTTPFailure.badResponse(reason: "bad token_url", endpoint: tokenURL) }
        var request = HTTPRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        var form = "grant_type=client_credentials&client_id=\(QueryEncoding.encode(clientID))&client_secret=\(QueryEncoding.encode(clientSecret))"
        if let scope { form += "&scope=\(QueryEncoding.encode(scope))" }
        request.httpBody = Data(form.utf8)
        guard case .success(let response) = perform(request) else {
            throw HTTPFailure.gaveUp(reason: "the token endpoint did not answer", endpoint: "POST token_url", attempts: 1)
        }
        guard response.status == 200 else { throw HTTPFailure.refused(status: response.status, endpoint: "POST token_url") }
        let json = try response.body.withUnsafeBufferPointer { try JSONParser.parse($0) }
        guard let token = json.value(at: "access_token")?.scalarText else {
            throw HTTPFailure.badResponse(reason: "the token response has no access_token", endpoint: "POST token_url")
        }
        let lifetime = Double(json.value(at: "expires_in")?.scalarText ?? "") ?? 3600
        lock.withLock { oauthToken = (token, Date().addingTimeInterval(max(lifetime - 60, 1))) }
        return token
    }
}

/// Strict percent-encoding for query values: only unreserved characters stay as they are
/// (a `+` in an email address must not turn into a space at the server).
enum QueryEncoding {
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }
}

/// A value handed between threads under an outside guarantee (a semaphore, a lock, or
/// one writer per slot), so the compiler's Sendable check can be told so.
/// A value shared by the threads of one paged listing (results, the first error).
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// A request that got no HTTP answer: the connection failed, or the time ran out.
struct TransportError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// `body` with C strings of `strings` (an array of `const char *`), valid during the call.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}

extension Optional where Wrapped == [UInt8] {
    /// The bytes' address and count, or (nil, 0).
    func withOptionalBytes<R>(_ body: (UnsafePointer<UInt8>?, Int) -> R) -> R {
        guard let bytes = self else { return body(nil, 0) }
        return bytes.withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
    }
}
