import FootprintCore

/// Requests made once per record of another object (`each:`): Mailchimp's member by
/// subscriber hash in every audience of the account, an e-commerce store's customers in
/// every store. The other object is listed once per search or scan, and each of its
/// records gives one copy of the request's values.
struct EachExpansion {
    let connector: HTTPConnector
    let paginator: Paginator
    private let listed = Box<[String: [String]]>([:])

    /// The values to make `spec` with: one set, or one per record of its `each` object.
    func values(for spec: RequestSpec, _ base: RequestValues) throws -> [RequestValues] {
        guard let each = spec.each else { return [base] }
        return try ids(of: each.object).map { id in
            var values = base
            values.values[each.placeholder] = id
            return values
        }
    }

    /// A record answered by a request made for one record of the `each` object carries
    /// that record's id, when the vendor leaves it out (a store's customers do).
    static func tag(_ items: [JSONValue], _ spec: RequestSpec, _ values: RequestValues) -> [JSONValue] {
        guard let each = spec.each, let id = values.values[each.placeholder] else { return items }
        return items.map { item in
            guard case .object(var members) = item, !members.contains(where: { $0.0 == each.placeholder }) else { return item }
            members.append((each.placeholder, .string(id)))
            return .object(members)
        }
    }

    private func ids(of name: String) throws -> [String] {
        if let known = listed.value[name] { return known }
        guard let object = connector.settings.template.objects.first(where: { $0.name == name }), let list = object.list else { return [] }
        var ids: [String] = []
        _ = try paginator.run(list, object: object, values: RequestValues(params: connector.settings.params)) { page in
            ids += page.compactMap { $0.value(at: object.id)?.scalarText }
        }
        listed.value[name] = ids
        return ids
    }
}
