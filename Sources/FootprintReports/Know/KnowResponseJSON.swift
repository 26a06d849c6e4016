import Foundation
import FootprintCore

/// `response.json` of a Know package: the machine-readable response (§1798.130(a)(3)(B)(iii):
/// structured, commonly used, machine-readable). Versioned by `schema`; the JSON Schema is
/// `schemas/footprint.know-1.schema.json` in the repository. Raw values are kept here as
/// they are held (the CSV files neutralise formulas; the letter escapes markup).
public enum KnowResponseJSON {
    public static let schema = "footprint.know/1"

    public static func document(_ package: KnowPackage, version: String) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("schema"); json.string(schema)
        json.key("generator"); json.string("footprint \(version)")
        json.key("generated"); json.string(KnowText.timestamp(package.generated))
        request(package.request, into: &json)
        json.key("organisation")
        json.beginObject()
        json.key("name"); json.string(package.organisation.name)
        json.key("contact"); json.string(package.organisation.contact)
        json.key("privacy_policy"); json.string(package.organisation.privacyPolicy)
        json.endObject()
        json.key("status"); json.string(package.status.rawValue)
        json.key("incomplete_reasons"); json.stringArray(package.incompleteReasons)
        json.key("incomplete_allowed"); json.string(package.incompleteAllowed)
        json.key("disclosure"); json.string(package.disclosure.rawValue)
        json.key("disclosure_statement"); json.string(package.disclosureStatement)
        items(package, into: &json)
        json.key("lookback")
        json.beginObject()
        json.key("from"); json.string(package.windowStart.map(DateOnly.format))
        json.key("to"); json.string(DateOnly.format(package.windowEnd))
        json.key("excluded"); json.int(package.excludedByLookback)
        json.key("undated"); json.int(package.undated)
        json.endObject()
        systems(package, into: &json)
        json.key("not_searched")
        json.beginArray()
        for (source, reason) in package.notSearched {
            json.beginObject()
            json.key("source"); json.string(source)
            json.key("reason"); json.string(reason)
            json.endObject()
        }
        json.endArray()
        json.key("withheld")
        json.beginObject()
        json.key("count"); json.int(package.withheld.map(\.count).reduce(0, +))
        json.key("reasons")
        json.beginArray()
        for (reason, count) in package.withheld {
            json.beginObject()
            json.key("reason"); json.string(reason)
            json.key("count"); json.int(count)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.key("awaiting_review"); json.int(package.review.count)
        if package.request.jurisdiction == .gdpr { KnowGDPR.json(package, into: &json) }
        json.endObject()
        return json.output + "\n"
    }

    private static func request(_ request: KnowRequest, into json: inout JSONWriter) {
        json.key("request")
        json.beginObject()
        json.key("id"); json.string(request.id)
        json.key("received"); json.string(DateOnly.format(request.received))
        json.key("type"); json.string(request.kind.rawValue)
        json.key("verification"); json.string(request.verification.rawValue)
        json.key("verification_method"); json.string(request.verificationMethod)
        json.key("jurisdiction"); json.string(request.jurisdiction.rawValue)
        json.key("requester"); json.string(request.requester.rawValue)
        json.key("respond_by"); json.string(DateOnly.format(KnowText.deadline(request)))
        json.endObject()
    }

    private static func items(_ package: KnowPackage, into json: inout JSONWriter) {
        json.key("categories_collected")
        json.beginArray()
        for count in package.categoriesCollected {
            json.beginObject()
            json.key("category"); json.string(count.category.rawValue)
            json.key("label"); json.string(count.category.label)
            json.key("pieces"); json.int(count.pieces)
            json.endObject()
        }
        json.endArray()
        json.key("sources_of_collection"); json.stringArray(package.sourcesOfCollection)
        json.key("purposes"); json.stringArray(package.purposes)
        json.key("third_parties"); json.stringArray(package.thirdParties)
        for (key, list) in [("sold_or_shared", package.soldOrShared), ("disclosed_for_business_purpose", package.disclosedForBusinessPurpose)] {
            json.key(key)
            json.beginArray()
            for item in list {
                json.beginObject()
                json.key("category"); json.string(item.category.rawValue)
                json.key("label"); json.string(item.category.label)
                json.key("recipients"); json.stringArray(item.recipients)
                json.endObject()
            }
            json.endArray()
        }
    }

    private static func systems(_ package: KnowPackage, into json: inout JSONWriter) {
        json.key("systems")
        json.beginArray()
        for system in package.systems {
            json.beginObject()
            json.key("source"); json.string(system.source)
            json.key("status"); json.string(system.status.rawValue)
            json.key("searched"); json.string(system.searched.rawValue)
            json.key("errors"); json.sourceErrors(system.errors)
            json.key("records")
            json.beginArray()
            for record in system.records {
                json.beginObject()
                json.key("container"); json.string(record.container)
                json.key("key"); json.string(record.key)
                json.key("collected"); json.string(record.collected.map(DateOnly.format))
                json.key("collected_from"); json.string(record.collectedFrom)
                if let via = record.via {
                    json.key("linked_from"); json.string("\(via.locator.source):\(via.locator.container)#\(via.locator.key)")
                }
                json.key("fields")
                json.beginArray()
                for piece in record.pieces {
                    json.beginObject()
                    json.key("name"); json.string(piece.name)
                    json.key("category"); json.string(piece.category?.rawValue)
                    if let described = piece.described {
                        json.key("described"); json.string(described)
                    } else if let value = piece.value {
                        json.key("value"); json.value(value)
                    }
                    json.endObject()
                }
                json.endArray()
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }
}
