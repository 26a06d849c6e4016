import FootprintCore

/// The GDPR face of a package (`jurisdiction: gdpr`): Art. 15(1)(a)–(h), each from the
/// systems holding the person's records and the `organisation:` section.
enum KnowGDPR {
    struct Item {
        var article: String
        var title: String
        var lines: [String]
    }

    static func items(_ package: KnowPackage) -> [Item] {
        let holding = package.disclosure == .denied ? [] : package.systems.filter { $0.held > 0 }
        let retention = holding.compactMap { system in system.facts.retention.map { "\(system.source): \($0)" } }
        let transfers = holding.flatMap { system in system.facts.thirdCountryTransfers.map { "\($0) (outside the EEA: \(system.source))" } }
        let notFromPerson = package.sourcesOfCollection.filter { !["the consumer", "the data subject", "you"].contains($0.lowercased()) }
        let automated = holding.compactMap { system in system.facts.automatedDecisions.map { "\(system.source): \($0)" } }
        return [
            Item(article: "15(1)(a)", title: "Purposes of the processing", lines: package.purposes),
            Item(article: "15(1)(b)", title: "Categories of personal data", lines: package.categoriesCollected.map { "\($0.category.label) (\($0.pieces))" }),
            Item(article: "15(1)(c)", title: "Recipients, including in third countries", lines: package.thirdParties + transfers),
            Item(article: "15(1)(d)", title: "How long the data will be stored", lines: retention.isEmpty ? ["not stated for these systems"] : retention),
            Item(article: "15(1)(e)", title: "Your rights", lines: [
                "to have inaccurate data rectified (Art. 16)", "to have data erased (Art. 17)",
                "to restrict processing (Art. 18)", "to object to processing (Art. 21)",
            ]),
            Item(article: "15(1)(f)", title: "Your right to complain to a supervisory authority",
                 lines: [package.organisation.supervisoryAuthority ?? "the supervisory authority of your member state"]),
            Item(article: "15(1)(g)", title: "Where the data came from, when not from you",
                 lines: notFromPerson.isEmpty ? ["all of it was collected from you"] : notFromPerson),
            Item(article: "15(1)(h)", title: "Automated decision-making, including profiling",
                 lines: automated.isEmpty ? ["none"] : automated),
        ]
    }

    static func json(_ package: KnowPackage, into json: inout JSONWriter) {
        json.key("gdpr")
        json.beginObject()
        json.key("controller"); json.string(package.organisation.name)
        json.key("dpo"); json.string(package.organisation.dpo)
        json.key("articles")
        json.beginArray()
        for item in items(package) {
            json.beginObject()
            json.key("article"); json.string(item.article)
            json.key("title"); json.string(item.title)
            json.key("content"); json.stringArray(item.lines)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
