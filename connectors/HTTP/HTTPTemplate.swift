import FootprintCore

/// A vendor API described declaratively (connectors/HTTP/templates/NAME.yaml, or inline
/// in a source as `objects:`): where it lives, how to authenticate, and for each kind of
/// object it holds — contacts, members, customers, users — how to search it by each
/// identifier kind, where the records sit in a response, how to page, which fields mean
/// what, and how to erase one.
///
/// Strings in requests may hold placeholders, replaced per request and escaped for where
/// they land (path segment, query value, JSON string): `{email}`, `{email_md5}` (Mailchimp's
/// subscriber hash), `{phone}` (E.164), `{phone_national}`, `{phone_digits}`, `{id}` (an
/// object id, for erasure and follows), `{object}` (the object's name: a Salesforce sObject),
/// `{record.FIELD}` (a value of the record a follow starts from), `{NAME|raw}` (a param
/// holding the base of another API's URLs, put in a path as it is),
/// `{after}` / `{offset}` / `{page}` / `{limit}` (paging), and any
/// of the source's `params:` (`{list_id}`). `{email|soql}` escapes for a SOQL string literal.
public struct HTTPTemplate: Sendable {
    public var name: String
    public var baseURL: String?
    public var auth: String?
    public var rateLimit: RateLimitSettings?
    public var objects: [APIObject]
    /// Defaults for the source's `params:` (Segment's Public API address).
    public var params: [String: String] = [:]
}

public struct RateLimitSettings: Sendable {
    public var perSecond: Double
    public var inFlight: Int
}

/// One kind of object an API holds.
public struct APIObject: Sendable {
    public var name: String
    /// Dotted path to the record list in a response (`results`, `exact_matches.members`); empty = the body itself.
    public var records: String
    /// Dotted path to the object id inside a record.
    public var id: String
    /// Paths of fields that, with the id, name one record (`scope: [list_id]`: one person is
    /// one Mailchimp member per audience, with the same id in each). The locator key is
    /// their values and the id joined by `/`; requests about one record get each as a
    /// placeholder named by the path's last part (`{list_id}`), and the id as `{id}`.
    public var scope: [String] = []
    /// Per identifier kind, one or more requests (Mailchimp: search, then member by hash).
    public var search: [IdentifierKind: [RequestSpec]]
    public var list: RequestSpec?
    public var pagination: Pagination?
    public var fields: [FieldMapping]
    /// The vendor's privacy-grade erasure of one record, step by step (see `EraseStep`).
    public var erase: [EraseStep] = []
    /// Fetches one object by its id (`{id}`): how an indexed lookup gets, fresh, the
    /// records the index names. Without it the object is listed to find them.
    public var get: RequestSpec?
    /// How records of this object are reached from records of another (a HubSpot note
    /// from the contact it is associated with, a Zendesk ticket from its requester).
    public var follow: [Follow] = []
    /// The object whose privacy erasure removes this one's records too (`erase: {with:
    /// contacts}`: HubSpot's GDPR delete takes the contact's form submissions with it).
    public var erasedWith: String?
    /// Why a person must erase this object's records by hand (`erase: {manual: "…"}`):
    /// the vendor has no privacy erasure for it, or its records belong to others too.
    public var manualErasure: String?
}

/// One way to reach an object's records from a record already found: a request named by
/// that record (`{id}`, its scope's placeholders, and `{record.FIELD}` for any of its
/// values, a request without which does not apply) whose answer is either the records
/// themselves or, with `ids`, references to them, each fetched with the object's `get`.
/// Records reached so are linked records, their `via` naming the record and `link`.
public struct Follow: Sendable {
    /// The object whose records lead here.
    public var from: String
    public var request: RequestSpec
    /// Path, inside each item of the answer, of the id of a record to fetch (HubSpot's
    /// associations answer `{toObjectId: 7001}`); nil when the items are the records.
    public var ids: String?
    /// The association, as a reviewer reads it ("note on the contact").
    public var link: String
}

public struct RequestSpec: Sendable {
    public var method: String
    public var path: String
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: JSONValue?
    /// Overrides the object's `records` path for this request.
    public var records: String?
    /// Overrides the object's pagination for this request.
    public var pagination: Pagination?
    /// A 404 means "no such record" (Mailchimp's member-by-hash), not an error.
    public var notFoundIsEmpty: Bool
    /// A body that is not JSON (a CSV upload), sent with `contentType`.
    public var bodyText: String?
    public var contentType: String?
    /// A form-encoded body (Stripe's API), each value's placeholders filled and encoded.
    public var form: [(String, String)] = []
    /// Made only when the source's params set this flag (`when: person_accounts`).
    public var when: String?
    /// Made once per record of another object (`each: {object: audiences, as: list_id}`:
    /// every Mailchimp audience of the account), with that record's id as `{as}` — which,
    /// named in the object's `scope`, is set on each record answered that lacks it
    /// (`HTTPConnector.record(_:object:requested:)`). A source whose params fill the
    /// placeholder makes it for that record only.
    public var each: Each?
    /// Fields set on each record answered, filled from the request (`adds: {email: "{email}"}`):
    /// for an endpoint that looks a person up by exactly that identifier and answers without
    /// it (Segment's profile metadata by email), so that the match can say what it rests on.
    public var adds: [(String, String)] = []

    public struct Each: Sendable {
        public var object: String
        public var placeholder: String
    }
}

/// One request of a vendor's erasure and what its success means. HubSpot's GDPR delete
/// is one step (`erased`); Zendesk's is two: the user is soft-deleted (`soft_deleted: 30`,
/// purged by the vendor within 30 days), then permanently deleted (`erased`), a step the
/// token may not be allowed (`optional`: a 403 leaves the record soft-deleted).
public struct EraseStep: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Gone for good once this step succeeds.
        case erased
        /// Deleted, restorable until the vendor purges it this many days later.
        case softDeleted(days: Int)
        /// A step on the way (creating a job); says nothing by itself.
        case none
    }

    /// Its `when:` (`when: hard_delete`) makes it a step taken only when the source's params set that flag.
    public var request: RequestSpec
    public var outcome: Outcome
    /// A refusal (403) or a missing endpoint (404) leaves the outcome of the steps before.
    public var optional: Bool
    /// Response values later steps name: `capture: {job: id}` makes `{job}` the response's `id`.
    public var capture: [(String, String)]
}

/// How an API pages its results.
public struct Pagination: Sendable {
    public enum Style: String, Sendable {
        /// The response carries a cursor (`paging.next.after`), sent back as a query or body parameter.
        case cursor
        /// `offset` grows by the page size until a page comes back short.
        case offset
        /// `page` counts up from 1 until a page comes back short or empty.
        case page
        /// The response names the next page's URL (`nextRecordsUrl`, `links.next`, `next_page`).
        case nextURL = "next_url"
        /// The `Link: <…>; rel="next"` response header names the next page.
        case linkHeader = "link_header"
    }

    public var style: Style
    /// Response path of the cursor or next URL. `$last.PATH` takes it from the page's last record.
    public var next: String?
    /// Where the cursor, offset or page number goes: `query.NAME` or `body.NAME`.
    public var param: String?
    /// Records per page (offset and page styles, and `{limit}`).
    public var size: Int
    /// A response boolean that says whether more pages follow (`has_more`).
    public var more: String?
}

enum TemplateParser {
    static func parse(_ node: ConfigNode, defaultName: String) throws -> HTTPTemplate {
        try node.requireKeys(allowed: ["name", "base_url", "auth", "rate_limit", "objects", "docs", "params"])
        var template = HTTPTemplate(name: try node["name"]?.string() ?? defaultName, baseURL: try node["base_url"]?.string(),
                                    auth: try node["auth"]?.string(), rateLimit: nil, objects: [])
        if let rate = node["rate_limit"] { template.rateLimit = try rateLimit(rate) }
        for (key, value) in try node["params"]?.entries() ?? [] { template.params[key] = try value.string() }
        guard let objects = node["objects"] else { throw node.error("a template needs objects:", hint: "see connectors/HTTP/templates/hubspot.yaml") }
        template.objects = try objects.entries().map { try object(name: $0.key, $0.value) }
        try checkLinks(template, objects)
        return template
    }

    /// Every object a follow or an `erase: {with:}` names exists; an object reached by
    /// ids can be fetched by them.
    static func checkLinks(_ template: HTTPTemplate, _ node: ConfigNode) throws {
        let names = Set(template.objects.map(\.name))
        for object in template.objects {
            let place = node[object.name] ?? node
            for follow in object.follow where !names.contains(follow.from) {
                throw place.error("follow: from '\(follow.from)' names no object of this template", hint: "one of: \(names.sorted().joined(separator: ", "))")
            }
            if object.follow.contains(where: { $0.ids != nil }) && object.get == nil {
                throw place.error("a follow: with ids: needs the object's get: to fetch each record by its id")
            }
            if let with = object.erasedWith, !names.contains(with) {
                throw place.error("erase: with '\(with)' names no object of this template")
            }
            let requests = object.search.values.flatMap { $0 } + [object.list].compactMap { $0 }
            for each in requests.compactMap(\.each) {
                guard let target = template.objects.first(where: { $0.name == each.object }) else {
                    throw place.error("each: object '\(each.object)' names no object of this template")
                }
                if target.list == nil || target.list?.each != nil {
                    throw place.error("each: object '\(each.object)' must be listable (list:) without an each: of its own")
                }
            }
        }
    }

    static func rateLimit(_ node: ConfigNode) throws -> RateLimitSettings {
        try node.requireKeys(allowed: ["per_second", "in_flight"])
        let perSecond = try node["per_second"].map { node in
            guard let value = Double(try node.string()), value > 0 else { throw node.error("expected a positive number of requests per second") }
            return value
        } ?? 10
        let inFlight = try node["in_flight"]?.int() ?? 4
        guard inFlight >= 1, inFlight <= 64 else { throw (node["in_flight"] ?? node).error("expected 1 to 64 requests in flight") }
        return RateLimitSettings(perSecond: perSecond, inFlight: inFlight)
    }

    static func object(name: String, _ node: ConfigNode) throws -> APIObject {
        try node.requireKeys(allowed: ["records", "id", "scope", "search", "list", "get", "pagination", "fields", "erase", "follow"])
        var object = APIObject(name: name, records: try node["records"]?.string() ?? "", id: try node["id"]?.string() ?? "id",
                               search: [:], list: nil, pagination: nil, fields: [], get: nil)
        object.scope = try node["scope"]?.stringList() ?? []
        if let search = node["search"] {
            for (kindName, spec) in try search.entries() {
                guard let kind = IdentifierKind(configName: kindName), kind.isStrong || kind == .name else {
                    throw spec.error("cannot search by '\(kindName)'", hint: "search by email, phone, id or name")
                }
                if spec.isList {
                    object.search[kind] = try spec.items().map(request)
                } else {
                    object.search[kind] = [try request(spec)]
                }
            }
        }
        object.list = try node["list"].map(request)
        object.pagination = try node["pagination"].map(pagination)
        if let erase = node["erase"] { try self.erase(erase, into: &object) }
        if let follow = node["follow"] { object.follow = try (follow.isList ? follow.items() : [follow]).map(self.follow) }
        object.get = try node["get"].map(request)
        if let fields = node["fields"] {
            object.fields = try fields.entries().map { try FieldMapping.parse(name: $0.key, node: $0.value) }
        }
        return object
    }

    /// `erase:` is the vendor's steps, or `{with: OBJECT}`, or `{manual: "why, and what to do"}`.
    static func erase(_ node: ConfigNode, into object: inout APIObject) throws {
        if !node.isList, let with = node["with"] {
            try node.requireKeys(allowed: ["with"])
            object.erasedWith = try with.string()
        } else if !node.isList, let manual = node["manual"] {
            try node.requireKeys(allowed: ["manual"])
            object.manualErasure = try manual.string()
        } else {
            object.erase = try (node.isList ? node.items() : [node]).map(eraseStep)
        }
    }

    static func follow(_ node: ConfigNode) throws -> Follow {
        guard let from = try node["from"]?.string() else { throw node.error("a follow: needs from: (the object whose records lead here)") }
        guard let link = try node["link"]?.string() else { throw node.error("a follow: needs link: (the association, as a reviewer reads it)") }
        return Follow(from: from, request: try request(node, also: ["from", "ids", "link"]), ids: try node["ids"]?.string(), link: link)
    }

    static func eraseStep(_ node: ConfigNode) throws -> EraseStep {
        var outcome = EraseStep.Outcome.erased
        if let given = node["outcome"] {
            if let days = given["soft_deleted"] {
                let n = try days.int()
                guard n > 0, n <= 3650 else { throw days.error("expected the days until the vendor purges it") }
                outcome = .softDeleted(days: n)
            } else {
                switch try given.string() {
                case "erased": outcome = .erased
                case "none": outcome = .none
                default: throw given.error("unknown outcome", hint: "erased, none, or {soft_deleted: DAYS}")
                }
            }
        }
        return EraseStep(request: try request(node, also: ["outcome", "optional", "capture"]), outcome: outcome, optional: try node["optional"]?.bool() ?? false,
                         capture: try node["capture"]?.entries().map { ($0.key, try $0.value.string()) } ?? [])
    }

    static func request(_ node: ConfigNode) throws -> RequestSpec { try request(node, also: []) }

    static func request(_ node: ConfigNode, also: [String]) throws -> RequestSpec {
        try node.requireKeys(allowed: ["method", "path", "query", "headers", "body", "body_text", "content_type", "form", "records", "pagination", "not_found", "when", "each", "adds"] + also)
        let method = try node["method"]?.string().uppercased() ?? "GET"
        guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) else { throw (node["method"] ?? node).error("unknown method '\(method)'") }
        guard let path = try node["path"]?.string() else { throw node.error("a request needs a path:") }
        var spec = RequestSpec(method: method, path: path, query: [], headers: [], body: nil, records: try node["records"]?.string(),
                               pagination: try node["pagination"].map(pagination), notFoundIsEmpty: false)
        spec.query = try node["query"]?.entries().map { ($0.key, try $0.value.string()) } ?? []
        spec.headers = try node["headers"]?.entries().map { ($0.key, try $0.value.string()) } ?? []
        spec.body = try node["body"]?.jsonValue()
        spec.bodyText = try node["body_text"]?.string()
        spec.contentType = try node["content_type"]?.string()
        spec.form = try node["form"]?.entries().map { ($0.key, try $0.value.string()) } ?? []
        spec.when = try node["when"]?.string()
        spec.adds = try node["adds"]?.entries().map { ($0.key, try $0.value.string()) } ?? []
        if let each = node["each"] {
            try each.requireKeys(allowed: ["object", "as"])
            guard let object = try each["object"]?.string(), let placeholder = try each["as"]?.string() else {
                throw each.error("each: needs object: (whose records the request is made for) and as: (the placeholder their id fills)")
            }
            spec.each = RequestSpec.Each(object: object, placeholder: placeholder)
        }
        if let notFound = node["not_found"] {
            guard try notFound.string() == "empty" else { throw notFound.error("not_found: empty is the only choice", hint: "it means a 404 answers 'no such record'") }
            spec.notFoundIsEmpty = true
        }
        return spec
    }

    static func pagination(_ node: ConfigNode) throws -> Pagination {
        try node.requireKeys(allowed: ["style", "next", "param", "size", "more"])
        let styleText = try node["style"]?.string() ?? ""
        guard let style = Pagination.Style(rawValue: styleText) else {
            throw (node["style"] ?? node).error("unknown pagination style '\(styleText)'", hint: "cursor, offset, page, next_url or link_header")
        }
        let pagination = Pagination(style: style, next: try node["next"]?.string(), param: try node["param"]?.string(),
                                    size: try node["size"]?.int() ?? 100, more: try node["more"]?.string())
        switch style {
        case .cursor where pagination.next == nil || pagination.param == nil:
            throw node.error("cursor pagination needs next: (response path) and param: (query.NAME or body.NAME)")
        case .offset where pagination.param == nil, .page where pagination.param == nil:
            throw node.error("\(style.rawValue) pagination needs param: (query.NAME or body.NAME)")
        case .nextURL where pagination.next == nil:
            throw node.error("next_url pagination needs next: (the response path of the next page's URL)")
        default: break
        }
        if let param = pagination.param, !(param.hasPrefix("query.") || param.hasPrefix("body.")) {
            throw (node["param"] ?? node).error("param must be query.NAME or body.NAME")
        }
        return pagination
    }
}
