import FootprintCore

/// What a `connector: http` source says (footprint.yaml):
///
/// ```yaml
/// - name: hubspot
///   connector: http
///   template: hubspot                 # connectors/HTTP/templates/hubspot.yaml (or a path to your own)
///   base_url: https://api.hubapi.com  # default: the template's; tests point it at 127.0.0.1
///   auth: {bearer: env:HUBSPOT_TOKEN}
///   params: {list_id: a1b2c3}         # values the template's requests name ({list_id})
///   rate_limit: {per_second: 9, in_flight: 4}
///   timeout: 30                       # seconds per request
///   retries: 4                        # on 429 and 5xx, with backoff and jitter, honouring Retry-After
///   max_pages: 100                    # per search; reaching it makes the source partial
/// ```
/// An in-house API defines `objects:` inline, in the template format, instead of `template:`.
struct HTTPSettings {
    var template: HTTPTemplate
    var baseURL: String
    var auth: AuthSettings
    var params: [String: String] = [:]
    var rateLimit: RateLimitSettings
    var timeout: Double = 30
    var retries = 4
    var maxPages = 100

    static let keys = ["template", "base_url", "auth", "params", "rate_limit", "timeout", "retries", "max_pages", "objects"]

    init(source: SourceConfig, environment: [String: String]) throws {
        let node = source.node
        if let templateNode = node["template"] {
            if node["objects"] != nil { throw templateNode.error("give template: or objects:, not both") }
            template = try BuiltinTemplates.load(try templateNode.string(), relativeTo: source.baseDirectory, node: templateNode)
        } else if let objects = node["objects"] {
            template = HTTPTemplate(name: source.name, baseURL: nil, auth: nil, rateLimit: nil,
                                    objects: try objects.entries().map { try TemplateParser.object(name: $0.key, $0.value) })
            try TemplateParser.checkLinks(template, objects)
        } else {
            throw node.error("an http source needs template: (\(BuiltinTemplates.names.joined(separator: ", "))) or objects:",
                             hint: "see connectors/HTTP/templates/ for the format")
        }
        guard let base = try node["base_url"]?.string() ?? template.baseURL else {
            throw node.error("this source needs base_url:", hint: "the template has no default address for the API")
        }
        guard base.hasPrefix("https://") || base.hasPrefix("http://") else { throw (node["base_url"] ?? node).error("base_url must start with https://") }
        baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        guard let authNode = node["auth"] else {
            throw node.error("an http source needs auth:", hint: "for example auth: {bearer: env:HUBSPOT_TOKEN}")
        }
        auth = try AuthSettings(authNode, environment: environment)
        if let expected = template.auth, expected != auth.kind {
            throw authNode.error("\(template.name) uses \(expected) authentication, not \(auth.kind)")
        }
        // The template's defaults, then the source's own; a secret one (a second API's
        // token) is an env: reference like auth's, resolved here and never printed.
        params = template.params
        for (key, value) in try node["params"]?.entries() ?? [] {
            let text = try value.string()
            params[key] = text.hasPrefix("env:") ? try value.secretReference().resolve(environment: environment) : text
        }
        rateLimit = try node["rate_limit"].map(TemplateParser.rateLimit) ?? template.rateLimit ?? RateLimitSettings(perSecond: 10, inFlight: 4)
        if let t = node["timeout"] {
            guard let value = Double(try t.string()), value > 0, value <= 600 else { throw t.error("expected seconds, 1 to 600") }
            timeout = value
        }
        if let r = node["retries"] {
            retries = try r.int()
            guard (0...10).contains(retries) else { throw r.error("expected 0 to 10") }
        }
        if let m = node["max_pages"] {
            maxPages = try m.int()
            guard maxPages >= 1 else { throw m.error("expected at least 1") }
        }
    }
}

/// How to authenticate. The configuration holds secrets only as `env:NAME` references;
/// they are resolved here, once, when the connector is made, and never printed.
struct AuthSettings {
    enum Method {
        case bearer(String)
        case basic(username: String, password: String)
        case apiKeyHeader(name: String, value: String)
        case apiKeyQuery(name: String, value: String)
        case oauth2(tokenURL: String, clientID: String, clientSecret: String, scope: String?)
    }

    var method: Method

    var kind: String {
        switch method {
        case .bearer: return "bearer"
        case .basic: return "basic"
        case .apiKeyHeader, .apiKeyQuery: return "api_key"
        case .oauth2: return "oauth2"
        }
    }

    init(_ node: ConfigNode, environment: [String: String]) throws {
        func resolved(_ node: ConfigNode) throws -> String { try node.secretReference().resolve(environment: environment) }
        let entries = try node.entries()
        guard entries.count == 1, let (kind, value) = entries.first else {
            throw node.error("auth: takes one method", hint: "bearer, basic, api_key or oauth2")
        }
        switch kind {
        case "bearer":
            method = .bearer(try resolved(value))
        case "basic":
            try value.requireKeys(allowed: ["username", "password"])
            guard let user = value["username"], let password = value["password"] else { throw value.error("basic needs username: and password:") }
            let username = try user.string()
            method = .basic(username: username.hasPrefix("env:") ? try resolved(user) : username, password: try resolved(password))
        case "api_key":
            try value.requireKeys(allowed: ["header", "query", "value"])
            guard let secret = value["value"] else { throw value.error("api_key needs value: env:NAME") }
            if let header = value["header"] {
                method = .apiKeyHeader(name: try header.string(), value: try resolved(secret))
            } else if let query = value["query"] {
                method = .apiKeyQuery(name: try query.string(), value: try resolved(secret))
            } else {
                throw value.error("api_key needs header: NAME or query: NAME")
            }
        case "oauth2":
            try value.requireKeys(allowed: ["token_url", "client_id", "client_secret", "scope"])
            guard let url = value["token_url"], let id = value["client_id"], let secret = value["client_secret"] else {
                throw value.error("oauth2 needs token_url:, client_id: and client_secret:")
            }
            method = .oauth2(tokenURL: try url.string(), clientID: try resolved(id), clientSecret: try resolved(secret),
                             scope: try value["scope"]?.string())
        default:
            throw node.error("unknown auth method '\(kind)'", hint: "bearer, basic, api_key or oauth2 (client credentials)")
        }
    }
}
