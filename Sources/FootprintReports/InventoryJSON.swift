import FootprintCore

/// The `footprint lookup --format json` document: the machine contract of DESIGN §4.
/// A field whose mapping says `redact: true` (SSNs, account numbers, passwords — §7024(d))
/// is listed with a null value and `"redacted": true`: the inventory says it is held,
/// never what it is.
public enum InventoryJSON {
    /// The identity alone, as the inventory's `identity` object (what a deletion plan seals).
    public static func identityDocument(_ identity: Identity) -> String {
        var json = JSONWriter()
        json.beginObject()
        for (name, values) in [("email", identity.emails), ("phone", identity.phones), ("name", identity.names),
                               ("address", identity.addresses), ("dob", identity.datesOfBirth), ("id", identity.accountIDs)] where !values.isEmpty {
            json.key(name)
            json.stringArray(values)
        }
        json.endObject()
        return json.output
    }

    public static func document(_ inventory: Inventory) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("identity")
        json.beginObject()
        let identity = inventory.identity
        for (name, values) in [("email", identity.emails), ("phone", identity.phones), ("name", identity.names),
                               ("address", identity.addresses), ("dob", identity.datesOfBirth), ("id", identity.accountIDs)] where !values.isEmpty {
            json.key(name)
            json.stringArray(values)
        }
        json.endObject()
        json.key("keys")
        json.beginObject()
        for kind in IdentifierKind.allCases {
            let keys = inventory.keys.displayKeys(for: kind)
            guard !keys.isEmpty else { continue }
            json.key(kind.rawValue)
            json.stringArray(keys)
        }
        json.endObject()

        json.key("sources")
        json.beginArray()
        for source in inventory.sources {
            json.beginObject()
            json.key("name"); json.string(source.name)
            json.key("connector"); json.string(source.connector)
            json.key("status"); json.string(source.status.rawValue)
            json.key("records_examined"); json.int(source.recordsExamined)
            json.key("searched"); json.string(source.method.rawValue)
            json.key("matched"); json.int(inventory.entries.filter { $0.record.locator.source == source.name }.count)
            json.key("errors"); json.sourceErrors(source.errors)
            json.key("warnings"); json.stringArray(source.warnings)
            json.endObject()
        }
        json.endArray()

        json.key("records")
        json.beginArray()
        for entry in inventory.entries {
            json.beginObject()
            json.key("source"); json.string(entry.record.locator.source)
            json.key("container"); json.string(entry.record.locator.container)
            json.key("key"); json.string(entry.record.locator.key)
            if let line = entry.record.line { json.key("line"); json.int(line) }
            json.key("match")
            json.beginObject()
            json.key("tier"); json.string(entry.match.tier.rawValue)
            json.key("evidence")
            json.beginArray()
            for evidence in entry.match.evidence {
                json.beginObject()
                json.key("identifier"); json.string(evidence.identifier.rawValue)
                json.key("field"); json.string(evidence.field)
                json.key("how"); json.string(evidence.how.rawValue)
                json.key("score"); json.raw(String(evidence.score))
                if let note = evidence.note { json.key("note"); json.string(note) }
                if let link = evidence.link { json.key("link"); json.string(link) }
                if !evidence.chain.isEmpty {
                    json.key("chain")
                    json.beginArray()
                    for step in evidence.chain { via(step, into: &json) }
                    json.endArray()
                }
                json.endObject()
            }
            json.endArray()
            json.endObject()
            json.key("fields")
            json.beginArray()
            for field in entry.record.fields {
                let mapping = entry.mappings[field.name]
                let redact = mapping?.redact ?? false
                json.beginObject()
                json.key("name"); json.string(field.name)
                json.key("value")
                if redact { json.null() } else { json.value(field.value) }
                json.key("category"); json.string(mapping?.category?.rawValue)
                json.key("identifier"); json.string(mapping?.identifier?.rawValue)
                json.key("sensitive"); json.bool(mapping?.sensitive ?? false)
                json.key("disclose"); json.bool(!redact)
                if redact { json.key("redacted"); json.bool(true) }
                json.endObject()
            }
            json.endArray()
            json.key("via")
            if let step = entry.via {
                via(step, into: &json)
            } else {
                json.null()
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }

    /// A record reached from: its locator and the field (or link) that led on.
    private static func via(_ via: Inventory.Via, into json: inout JSONWriter) {
        json.beginObject()
        json.key("source"); json.string(via.locator.source)
        json.key("container"); json.string(via.locator.container)
        json.key("key"); json.string(via.locator.key)
        json.key("field"); json.string(via.field)
        json.endObject()
    }
}
