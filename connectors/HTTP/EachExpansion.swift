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
    /// A placeholder the source's params already fill (`params: {list_id: …}`) narrows the
    /// request to that one record.
    func values(for spec: RequestSpec, _ base: RequestValues) throws -> [RequestValues] {
        guard let each = spec.each, base.values[each.placeholder] == nil else { return [base] }
        return try ids(of: each.object).map { id in
            var values = base
            values.values[each.placeholder] = id
            return values
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
