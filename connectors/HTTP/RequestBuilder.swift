import CLibCrypto
import Foundation
import FootprintCore

/// The values a request's placeholders are filled from: the identifier being searched
/// (in its usual spellings), the source's params, and the paging state.
struct RequestValues {
    var values: [String: String] = [:]

    /// The names the source's params set, which alone may fill a path raw.
    let paramNames: Set<String>

    init(params: [String: String]) {
        values = params
        paramNames = Set(params.keys)
    }

    /// The placeholders naming one record: `{id}`, and its scope's (`{list_id}`) from the
    /// locator key, which joins them with `/`.
    /// A params flag (`hard_delete: "true"`) is on unless absent, empty, false, no or 0.
    static func isOn(_ value: String?) -> Bool { !["", "false", "no", "0"].contains(value?.lowercased() ?? "") }

    mutating func set(record key: String, of object: APIObject) {
        // `{object}`: the object's name, which is the record type's for APIs that name it in paths (Salesforce's sobjects).
        values["object"] = object.name
        let parts = key.split(separator: "/", maxSplits: object.scope.count, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == object.scope.count + 1 else { values["id"] = key; return }
        for (path, value) in zip(object.scope, parts) { values[String(path.split(separator: ".").last ?? "")] = value }
        values["id"] = parts.last
    }

    mutating func set(identifier kind: IdentifierKind, key: String) {
        switch kind {
        case .email:
            values["email"] = key
            // Mailchimp's subscriber hash: MD5 of the lower-cased address.
            values["email_md5"] = Self.md5Hex(key.lowercased())
        case .phone:
            values["phone"] = key
            values["phone_digits"] = String(key.dropFirst())
            values["phone_national"] = PhoneNormalizer.nationalSignificantNumber(of: key) ?? String(key.dropFirst())
        case .accountID:
            values["id"] = key.split(separator: "=", maxSplits: 1).last.map(String.init) ?? key
        default:
            values[kind.rawValue] = key
        }
    }

    /// MD5 in hex, as Mailchimp names members. (Not a security use: it is their API's key.)
    static func md5Hex(_ text: String) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let bytes = Array(text.utf8)
        let ok = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_md5(), nil) }
        precondition(ok == 1, "libcrypto could not compute MD5")
        return Hex.lower(digest.prefix(Int(length)))
    }

    enum Context { case path, query, body }

    /// Fills `{name}` and `{name|filter}` placeholders; `{{` and `}}` are literal braces
    /// (SOSL's `FIND {{{phone_national}}}`). Nil when a placeholder has no value (that
    /// request does not apply to this identity).
    func fill(_ text: String, _ context: Context) -> String? {
        guard text.contains("{") || text.contains("}") else { return text }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "}" {
                out.append("}")
                index = next < text.endIndex && text[next] == "}" ? text.index(after: next) : next
                continue
            }
            guard character == "{" else { out.append(character); index = next; continue }
            if next < text.endIndex && text[next] == "{" {
                out.append("{")
                index = text.index(after: next)
                continue
            }
            guard let close = text[next...].firstIndex(of: "}") else { out += text[index...]; break }
            let parts = text[next..<close].split(separator: "|").map(String.init)
            guard let name = parts.first, var value = values[name] else { return nil }
            var raw = false
            for filter in parts.dropFirst() {
                switch filter {
                // SOQL and SendGrid's SGQL: a string literal in single quotes, backslash-escaped.
                case "soql", "sgql": value = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
                // Klaviyo's filter strings are in double quotes.
                case "dquoted": value = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                case "lower": value = value.lowercased()
                // Only a param may be raw (the base URL of another API): never a searched value.
                case "raw": raw = paramNames.contains(name)
                default: break
                }
            }
            switch context {
            case .path where raw: out += value
            case .path: out += value.addingPercentEncoding(withAllowedCharacters: QueryEncoding.unreserved) ?? value
            case .query, .body: out += value
            }
            index = text.index(after: close)
        }
        return out
    }

    func fill(_ json: JSONValue) -> JSONValue? {
        switch json {
        case .string(let s): return fill(s, .body).map { .string($0) }
        case .object(let members):
            var filled: [(String, JSONValue)] = []
            for (key, value) in members {
                guard let v = fill(value) else { return nil }
                filled.append((key, v))
            }
            return .object(filled)
        case .array(let items):
            var filled: [JSONValue] = []
            for item in items {
                guard let v = fill(item) else { return nil }
                filled.append(v)
            }
            return .array(filled)
        default: return json
        }
    }
}

enum RequestBuilder {
    /// A HTTPRequest for `spec` with placeholders filled; `extraQuery` and `bodyParams`
    /// carry paging state. Nil when a placeholder has no value.
    static func build(_ spec: RequestSpec, baseURL: String, values: RequestValues,
                      extraQuery: [(String, String)] = [], bodyParams: [(String, JSONValue)] = []) -> HTTPRequest? {
        // A request for a feature the account may lack (Salesforce's Person Accounts) is
        // made only when the source's params turn it on.
        if let flag = spec.when, !RequestValues.isOn(values.values[flag]) { return nil }
        guard let path = values.fill(spec.path, .path) else { return nil }
        var query: [(String, String)] = []
        for (name, template) in spec.query {
            guard let value = values.fill(template, .query) else { return nil }
            query.append((name, value))
        }
        query += extraQuery
        var text = path.hasPrefix("http") ? path : baseURL + path
        if !query.isEmpty {
            text += (text.contains("?") ? "&" : "?") + query.map { "\(QueryEncoding.encode($0.0))=\(QueryEncoding.encode($0.1))" }.joined(separator: "&")
        }
        guard let url = URL(string: text) else { return nil }
        var request = HTTPRequest(url: url)
        request.httpMethod = spec.method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("footprint/0.1 (privacy request lookup)", forHTTPHeaderField: "User-Agent")
        for (name, template) in spec.headers {
            guard let value = values.fill(template, .query) else { return nil }
            request.setValue(value, forHTTPHeaderField: name)
        }
        if var body = spec.body.flatMap(values.fill) {
            for (key, value) in bodyParams { body = Self.setting(body, at: key.split(separator: ".").map(String.init), to: value) }
            request.httpBody = Data(body.serialized())
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if spec.body != nil {
            return nil
        }
        if let text = spec.bodyText {
            guard let filled = values.fill(text, .body) else { return nil }
            request.httpBody = Data(filled.utf8)
            request.setValue(spec.contentType ?? "text/plain", forHTTPHeaderField: "Content-Type")
        }
        if !spec.form.isEmpty {
            var pairs: [String] = []
            for (name, template) in spec.form {
                guard let value = values.fill(template, .query) else { return nil }
                pairs.append("\(QueryEncoding.encode(name))=\(QueryEncoding.encode(value))")
            }
            request.httpBody = Data(pairs.joined(separator: "&").utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        return request
    }

    /// `body` with the member at `path` (`pagination.starting_after`: Intercom's cursor is
    /// nested) set to `value`, objects made on the way where missing.
    static func setting(_ body: JSONValue, at path: [String], to value: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        guard case .object(var members) = body else { return body }
        let inner = members.first(where: { $0.0 == first })?.1 ?? .object([])
        members.removeAll { $0.0 == first }
        members.append((first, setting(inner, at: Array(path.dropFirst()), to: value)))
        return .object(members)
    }

    /// "GET /crm/v3/objects/contacts/search": names a request in messages without values.
    static func endpoint(_ spec: RequestSpec) -> String {
        "\(spec.method) \(spec.path.split(separator: "?").first ?? "")"
    }
}
