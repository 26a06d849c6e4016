import Foundation
import FootprintCore
import Mustache

/// `index.html`, the letter the consumer reads: self-contained (a Content-Security-Policy
/// forbids every request), printable, with headings for each of the seven items. Written
/// from `KnowLetterTemplate` or the team's own template.
public enum KnowLetter {
    public static func html(_ package: KnowPackage, template: String? = nil) throws -> String {
        let compiled: MustacheTemplate
        do {
            compiled = try MustacheTemplate(string: template ?? KnowLetterTemplate.text)
        } catch {
            throw ConfigError("the letter template is not valid Mustache: \(error)", hint: "check organisation.know_template")
        }
        return compiled.render(context(package))
    }

    /// What the template may use.
    static func context(_ package: KnowPackage) -> [String: Any] {
        let categories: [[String: Any]] = package.categoriesCollected.map { ["category": $0.category.rawValue, "label": $0.category.label, "pieces": $0.pieces] }
        func recipients(_ list: [KnowPackage.CategoryRecipients]) -> [[String: Any]] {
            list.map { ["category": $0.category.rawValue, "label": $0.category.label, "recipients": $0.recipients.joined(separator: ", ")] }
        }
        let systems: [[String: Any]] = package.systems.filter { !$0.records.isEmpty }.map { system in
            [
                "source": system.source, "partial": system.status != .complete,
                "records": system.records.map { record -> [String: Any] in
                    [
                        "key": record.key, "container": record.container,
                        "collected": record.collected.map(DateOnly.format) ?? "",
                        "fields": record.pieces.map { piece -> [String: Any] in
                            ["name": piece.name, "category": piece.category.map { "\($0.rawValue) · \($0.label)" } ?? "",
                             "value": piece.described ?? piece.value.map(KnowText.text) ?? ""]
                        },
                    ]
                },
            ]
        }
        var context: [String: Any] = [
            "lang": "en",
            "organisation": package.organisation.name,
            "requestID": package.request.id ?? "(no reference)",
            "received": DateOnly.format(package.request.received),
            "generated": DateOnly.format(package.generated),
            "incomplete": package.status == .incomplete,
            "incompleteReasons": package.incompleteReasons,
            "denied": package.disclosure == .denied,
            "categories": categories,
            "sources": package.sourcesOfCollection,
            "purposes": package.purposes,
            "thirdParties": package.thirdParties,
            "soldOrShared": recipients(package.soldOrShared),
            "businessPurpose": recipients(package.disclosedForBusinessPurpose),
            "pieces": package.disclosure == .specificPieces,
            "systems": systems,
            "systemStatus": package.systems.map { ["source": $0.source, "status": $0.status == .complete ? "completely" : $0.status == .partial ? "in part" : "not (it could not be read)"] },
            "notSearched": package.notSearched.map { ["source": $0.source, "reason": $0.reason] },
        ]
        // Sections show only for counts above zero.
        if package.excludedByLookback > 0 { context["excluded"] = package.excludedByLookback }
        if package.undated > 0 { context["undated"] = package.undated }
        if !package.review.isEmpty { context["review"] = package.review.count }
        if let contact = package.organisation.contact { context["contact"] = contact }
        if let allowed = package.incompleteAllowed { context["incompleteAllowed"] = allowed }
        if let statement = package.disclosureStatement { context["statement"] = statement }
        if let policy = package.organisation.privacyPolicy { context["privacyPolicy"] = policy }
        if let from = package.windowStart { context["window"] = ["from": DateOnly.format(from), "to": DateOnly.format(package.windowEnd)] }
        if package.request.jurisdiction == .gdpr {
            context["gdpr"] = ["articles": KnowGDPR.items(package).map { ["article": $0.article, "title": $0.title, "lines": $0.lines] }]
        }
        return context
    }
}
