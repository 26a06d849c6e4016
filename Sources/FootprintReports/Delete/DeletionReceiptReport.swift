import Foundation
import FootprintCore

/// The receipt of a deletion: `receipt.json` (the evidence an auditor reads), `receipt.html`
/// (the letter in plain words: what was deleted where, what was kept and why, that a record
/// of the request is kept, who was asked to delete too) and `notices.csv` (one row per
/// recipient, with what to ask of them). Written as a package: self-contained, with a manifest.
public enum DeletionReceiptReport {
    public static func files(_ receipt: DeletionReceipt, organisation: Organisation, version: String) -> [(path: String, bytes: [UInt8])] {
        var files: [(path: String, bytes: [UInt8])] = [
            ("receipt.json", Array(json(receipt, version: version).utf8)),
            ("receipt.html", Array(html(receipt, organisation: organisation).utf8)),
            ("notices.csv", Array(notices(receipt).utf8)),
        ]
        var manifest = JSONWriter()
        manifest.beginObject()
        manifest.key("schema"); manifest.string("footprint.delete-receipt-manifest/1")
        manifest.key("files")
        manifest.beginArray()
        for file in files {
            manifest.beginObject()
            manifest.key("path"); manifest.string(file.path)
            manifest.key("sha256"); manifest.string(KnowPackageWriter.sha256(file.bytes))
            manifest.endObject()
        }
        manifest.endArray()
        manifest.endObject()
        files.append(("manifest.json", Array((manifest.output + "\n").utf8)))
        return files
    }

    public static func json(_ receipt: DeletionReceipt, version: String) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("schema"); json.string("footprint.delete-receipt/1")
        json.key("generator"); json.string("footprint \(version)")
        json.key("request"); json.string(receipt.request)
        json.key("received"); json.string(receipt.received)
        json.key("executed"); json.string(KnowText.timestamp(receipt.executed))
        json.key("plan_sha256"); json.string(receipt.planDigest)
        json.key("journal_sha256"); json.string(receipt.journalDigest)
        json.key("records")
        json.beginArray()
        for line in receipt.lines {
            json.beginObject()
            json.key("source"); json.string(line.item.source)
            json.key("container"); json.string(line.item.container)
            json.key("key"); json.string(line.item.key)
            json.key("planned"); json.string(line.item.action.rawValue)
            json.key("outcome"); json.string(line.outcome)
            json.key("detail"); json.string(line.detail ?? line.item.exception ?? line.item.reason)
            if let day = line.purgesBy { json.key("purges_by"); json.string(day) }
            json.endObject()
        }
        json.endArray()
        json.key("verification")
        json.beginObject()
        json.key("method"); json.string("a fresh live search for the sealed identity after execution")
        json.key("still_found"); json.int(receipt.stillFound)
        json.key("unaccounted"); json.stringArray(receipt.unaccounted)
        json.key("complete"); json.bool(receipt.verificationComplete)
        json.endObject()
        json.key("notices")
        json.beginArray()
        for notice in receipt.notices {
            json.beginObject()
            json.key("recipient"); json.string(notice.recipient)
            json.key("relation"); json.string(notice.relation)
            json.key("systems"); json.stringArray(notice.systems)
            json.key("ask"); json.string(notice.ask)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output + "\n"
    }

    static func notices(_ receipt: DeletionReceipt) -> String {
        var out = ["recipient", "relation", "systems", "what to ask"].map(KnowDataFiles.cell).joined(separator: ",") + "\r\n"
        for notice in receipt.notices {
            out += [notice.recipient, notice.relation, notice.systems.joined(separator: "; "), notice.ask].map(KnowDataFiles.cell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func html(_ receipt: DeletionReceipt, organisation: Organisation) -> String {
        // The consumer reads plain words; the staff's instructions and evidence stay in receipt.json.
        func said(_ line: DeletionReceipt.Line) -> String {
            switch line.outcome {
            case "erased": return "deleted"
            case "soft-deleted": return "deleted; the provider removes its last copy " + (line.purgesBy.map { "by \($0)" } ?? "shortly")
            case "deidentified": return "kept without your name, contact details or link to you" + (line.item.exception.map { ": \($0)" } ?? "")
            case "keep": return "not your personal information: a record yours referred to (a product in our catalogue)"
            case "gone": return "already deleted"
            case "retain": return line.item.exception ?? "kept under an exception the law allows"
            case "deferred": return line.item.reason ?? "in backups: deleted when they are next used or expire"
            case "review": return "being checked by our staff before anything is done"
            case "manual": return "being deleted by our staff"
            default: return "not deleted yet: our staff are handling it"
            }
        }
        func rows(_ outcomes: Set<String>) -> String {
            receipt.lines.filter { outcomes.contains($0.outcome) }.map { line in
                "<tr><td>\(HTMLText.escape(line.item.source))</td><td>\(HTMLText.escape(line.item.container))</td><td>\(HTMLText.escape(said(line)))</td></tr>\n"
            }.joined()
        }
        let deleted = rows(["erased", "soft-deleted", "gone"]), kept = rows(["retain", "deferred", "deidentified", "keep"]), pending = rows(["manual", "review", "failed"])
        let notices = receipt.notices.map { "<li>\(HTMLText.escape($0.recipient)) (\(HTMLText.escape($0.relation))): asked to \(HTMLText.escape($0.ask))</li>" }.joined(separator: "\n")
        let table = { (caption: String, body: String) in
            body.isEmpty ? "<p>None.</p>" : "<table><caption>\(caption)</caption><thead><tr><th scope=\"col\">System</th><th scope=\"col\">Where</th><th scope=\"col\">What happened</th></tr></thead><tbody>\n\(body)</tbody></table>"
        }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>Your request to delete — \(HTMLText.escape(organisation.name))</title>
        <style>body{font-family:Georgia,serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.45}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}</style>
        </head><body><main>
        <p>\(HTMLText.escape(organisation.name))\(organisation.contact.map { " · " + HTMLText.escape($0) } ?? "")</p>
        <p>Request \(HTMLText.escape(receipt.request ?? "(no reference)")) · received \(HTMLText.escape(receipt.received)) · carried out \(KnowText.timestamp(receipt.executed))</p>
        <h1>Your request to delete your personal information</h1>
        <h2 id="deleted">What we deleted</h2>
        \(table("Deleted", deleted))
        <h2 id="kept">What we kept, and why</h2>
        \(table("Kept under an exception or in backups", kept))
        <h2 id="pending">What is still being handled</h2>
        \(table("Being deleted by our staff, or under review", pending))
        <h2 id="notified">Who we asked to delete it too</h2>
        <ul>\(notices.isEmpty ? "<li>No one: no service provider, contractor or third party received it.</li>" : notices)</ul>
        <h2 id="record">The record we keep</h2>
        <p>We keep a record of your request and of this answer, as the law requires (11 CCR §7022(e), §7101), and we use it for no other purpose.</p>
        <p>We checked the result by searching our systems again after the deletion: \(receipt.unaccounted.isEmpty ? "nothing was found beyond what is listed above as kept or still being handled." : "\(receipt.unaccounted.count) further record(s) were found and are being handled.")</p>
        </main></body></html>

        """
    }
}
