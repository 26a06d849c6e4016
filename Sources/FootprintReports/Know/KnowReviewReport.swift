import FootprintCore

/// `DIR.review/`: the records staff must decide on before anything of them is disclosed —
/// probable and possible matches, records reached through an identifier the request did
/// not hold. Written beside the package, never inside it. Approve a record by listing its
/// locator (`source:container#key`) in a file passed to `know --approve FILE`.
public enum KnowReviewReport {
    public static func json(_ package: KnowPackage) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("schema"); json.string("footprint.know-review/1")
        json.key("request"); json.string(package.request.id)
        json.key("records")
        json.beginArray()
        for item in package.review {
            json.beginObject()
            json.key("locator"); json.string(locator(item.locator))
            json.key("source"); json.string(item.locator.source)
            json.key("container"); json.string(item.locator.container)
            json.key("key"); json.string(item.locator.key)
            json.key("tier"); json.string(item.tier.rawValue)
            json.key("reason"); json.string(item.reason)
            json.key("via"); json.string(item.via.map { locator($0.locator) })
            json.key("evidence")
            json.beginArray()
            for evidence in item.evidence {
                json.beginObject()
                json.key("identifier"); json.string(evidence.identifier.rawValue)
                json.key("field"); json.string(evidence.field)
                json.key("how"); json.string(evidence.how.rawValue)
                if let note = evidence.note { json.key("note"); json.string(note) }
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output + "\n"
    }

    public static func html(_ package: KnowPackage) -> String {
        var rows = ""
        for item in package.review {
            let evidence = item.evidence.map { "\($0.identifier.rawValue) = \($0.field) (\($0.how.rawValue))" }.joined(separator: "; ")
            rows += "<tr><td><code>\(HTMLText.escape(locator(item.locator)))</code></td><td>\(item.tier.rawValue)</td>"
                + "<td>\(HTMLText.escape(item.reason))</td><td>\(HTMLText.escape(evidence))</td></tr>\n"
        }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Records awaiting review</title>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top;overflow-wrap:anywhere}</style>
        </head><body>
        <h1>Records awaiting review</h1>
        <p>Request \(HTMLText.escape(package.request.id ?? "(no id)")). These records are not in the consumer's package. Approve a record by listing its locator in a file passed to <code>footprint know --approve FILE</code>.</p>
        <table><thead><tr><th scope="col">Record</th><th scope="col">Tier</th><th scope="col">Why it needs review</th><th scope="col">Evidence</th></tr></thead>
        <tbody>
        \(rows)</tbody></table>
        </body></html>

        """
    }

    public static func locator(_ locator: Locator) -> String { "\(locator.source):\(locator.container)#\(locator.key)" }
}
