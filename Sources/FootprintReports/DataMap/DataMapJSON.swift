import Foundation
import FootprintCore

/// The data map as JSON, `"schema": "footprint.datamap/1"` (schemas/footprint.datamap-1.schema.json):
/// the machine form of every sheet, for a GRC tool to import. Keys in a fixed order.
public enum DataMapJSON {
    public static func render(_ map: DataMap) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("schema"); json.string("footprint.datamap/1")
        json.key("generated"); json.string(Timestamp.iso8601(map.generated))
        json.key("organisation"); organisation(map.organisation, into: &json)
        json.key("systems"); json.beginArray()
        for system in map.systems { self.system(system, into: &json) }
        json.endArray()
        json.key("fields"); json.beginArray()
        for field in map.fields { self.field(field, into: &json) }
        json.endArray()
        json.key("undeclared"); json.beginArray()
        for finding in map.undeclared { self.finding(finding, into: &json) }
        json.endArray()
        json.key("ccpa_notice"); json.beginArray()
        for row in map.notice {
            json.beginObject()
            json.key("category"); json.string(row.category.rawValue)
            json.key("label"); json.string(row.category.label)
            strings("sources", row.sources, into: &json)
            strings("purposes", row.purposes, into: &json)
            strings("sold_or_shared_to", row.soldOrSharedTo, into: &json)
            strings("disclosed_for_business_purpose_to", row.disclosedTo, into: &json)
            strings("systems", row.systems, into: &json)
            json.endObject()
        }
        json.endArray()
        json.key("article_30"); article30(map.article30, into: &json)
        json.endObject()
        return json.output + "\n"
    }

    private static func organisation(_ organisation: Organisation, into json: inout JSONWriter) {
        json.beginObject()
        json.key("name"); json.string(organisation.name)
        json.key("contact"); json.string(organisation.contact)
        json.key("dpo"); json.string(organisation.dpo)
        json.endObject()
    }

    private static func system(_ system: DataMap.System, into json: inout JSONWriter) {
        let facts = system.facts
        json.beginObject()
        json.key("name"); json.string(system.name)
        json.key("connector"); json.string(system.connector)
        strings("purposes", facts.purposes, into: &json)
        strings("declared_categories", system.declaredCategories.map(\.rawValue), into: &json)
        strings("observed_categories", system.observedCategories.map(\.rawValue), into: &json)
        strings("sensitive", system.sensitive, into: &json)
        strings("collected_from", facts.collectedFrom, into: &json)
        strings("sold_or_shared_to", facts.soldOrSharedTo, into: &json)
        strings("disclosed_for_business_purpose_to", facts.disclosedForBusinessPurposeTo, into: &json)
        json.key("service_provider"); json.bool(facts.serviceProvider)
        json.key("retention"); json.string(facts.retention)
        json.key("deletion"); json.string(facts.deletion.rawValue)
        strings("exceptions", facts.exceptions, into: &json)
        strings("third_country_transfers", facts.thirdCountryTransfers, into: &json)
        json.key("containers"); json.int(system.containers)
        json.key("records"); json.int(system.records)
        json.key("identifiers"); json.int(system.identifiers)
        json.key("last_scanned"); json.string(system.lastScanned.map(Timestamp.iso8601))
        json.endObject()
    }

    private static func field(_ field: DataMap.FieldRow, into json: inout JSONWriter) {
        json.beginObject()
        json.key("system"); json.string(field.system)
        json.key("field"); json.string(field.field)
        json.key("mapped"); json.bool(field.mapped)
        json.key("category"); json.string(field.category?.rawValue)
        json.key("identifier"); json.string(field.identifier?.rawValue)
        json.key("redact"); json.bool(field.redact)
        json.key("observed_values"); json.int(field.observedValues)
        json.key("observed"); json.beginArray()
        for kind in field.observed {
            json.beginObject()
            json.key("kind"); json.string(kind.kind.rawValue)
            json.key("rate"); json.raw(rate(kind.rate))
            json.key("in_text"); json.bool(kind.inText)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    private static func finding(_ finding: DataMap.Finding, into json: inout JSONWriter) {
        json.beginObject()
        json.key("system"); json.string(finding.system)
        json.key("field"); json.string(finding.field)
        json.key("declared"); json.string(finding.declared)
        json.key("kind"); json.string(finding.kind.rawValue)
        json.key("category"); json.string(finding.kind.category.rawValue)
        json.key("in_text"); json.bool(finding.inText)
        json.key("count"); json.int(finding.count)
        json.key("values"); json.int(finding.values)
        json.key("rate"); json.raw(rate(finding.rate))
        json.endObject()
    }

    private static func article30(_ record: DataMap.Article30, into json: inout JSONWriter) {
        json.beginObject()
        json.key("controller"); json.string(record.controller)
        json.key("contact"); json.string(record.contact)
        json.key("dpo"); json.string(record.dpo)
        json.key("activities"); json.beginArray()
        for activity in record.activities {
            json.beginObject()
            json.key("system"); json.string(activity.system)
            strings("purposes", activity.purposes, into: &json)
            json.key("data_subjects"); json.string(activity.dataSubjects)
            strings("data_categories", activity.dataCategories, into: &json)
            strings("recipients", activity.recipients, into: &json)
            strings("third_country_transfers", activity.transfers, into: &json)
            json.key("retention"); json.string(activity.retention)
            json.key("security_measures"); json.string(activity.security)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    static func strings(_ name: String, _ values: [String], into json: inout JSONWriter) {
        json.key(name)
        json.beginArray()
        for value in values { json.string(value) }
        json.endArray()
    }

    static func rate(_ value: Double) -> String { String(format: "%.4f", value) }
}
