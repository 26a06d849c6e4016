import FootprintCore

/// The request log for people (a table by urgency) and for machines (JSON with the Data
/// Rights Protocol's status words), and the log's entries as CSV or JSON. No identity:
/// a request is named by its id.
public enum RequestReport {
    public static func table(_ requests: [Request], asOf day: CalendarDay) -> String {
        guard !requests.isEmpty else { return "no requests\n" }
        var out = "ID           TYPE      CHANNEL  RECEIVED    STATUS       NEXT                    RULE\n"
        for request in requests {
            let next = request.nextDeadline(asOf: day).map { "\($0.what) \($0.on)\($0.on < day ? " OVERDUE" : "")" } ?? "closed \(request.closed!.on)"
            out += [pad(request.id, 12), pad(request.kind.rawValue, 9), pad(request.channel.rawValue, 8), pad(request.received.description, 11),
                    pad(request.status(asOf: day), 12), pad(next, 23), request.rule.rawValue].joined(separator: " ") + "\n"
        }
        return out
    }

    static func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }

    public static func json(_ requests: [Request], asOf day: CalendarDay) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("schema"); json.string("footprint.requests/1")
        json.key("as_of"); json.string(day.description)
        json.key("requests"); json.beginArray()
        for request in requests {
            json.beginObject()
            json.key("id"); json.string(request.id)
            json.key("type"); json.string(request.kind.rawValue)
            json.key("channel"); json.string(request.channel.rawValue)
            json.key("rule"); json.string(request.rule.rawValue)
            json.key("received"); json.string(request.received.description)
            json.key("status"); json.string(request.status(asOf: day))
            json.key("acknowledge_by"); json.string(request.deadlines.acknowledge?.description)
            json.key("respond_by"); json.string(request.deadlines.respond.description)
            json.key("extended_respond_by"); json.string(request.deadlines.extended.description)
            json.key("due"); json.string(request.due.description)
            json.key("overdue"); json.bool(request.closed == nil && day > request.due)
            json.key("verification"); json.string(request.verification.map { "\($0.level): \($0.method)" })
            json.key("extension"); json.string(request.extended?.reason)
            json.key("outcome"); json.string(request.closed?.outcome.rawValue)
            json.key("basis"); json.string(request.closed?.basis)
            json.key("responded"); json.string(request.closed?.on.description)
            json.key("artefacts"); json.beginArray()
            for artefact in request.artefacts {
                json.beginObject()
                json.key("kind"); json.string(artefact.kind)
                json.key("path"); json.string(artefact.path)
                json.key("sha256"); json.string(artefact.digest)
                json.key("outcome"); json.string(artefact.outcome)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output + "\n"
    }

    public static func logCSV(_ entries: [RequestLogEntry]) -> String {
        var out = "seq,at,request,event,detail,previous,digest\r\n"
        for entry in entries {
            out += [String(entry.seq), entry.at, entry.request, entry.event, entry.detail, entry.previous, entry.digest].map(cell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func cell(_ text: String) -> String { CSVCell.escape(text) }

    public static func logJSON(_ entries: [RequestLogEntry]) -> String {
        var json = JSONWriter()
        json.beginArray()
        for entry in entries {
            json.beginObject()
            json.key("seq"); json.int(Int(entry.seq))
            json.key("at"); json.string(entry.at)
            json.key("request"); json.string(entry.request)
            json.key("event"); json.string(entry.event)
            json.key("detail"); json.raw(entry.detail)
            json.key("previous"); json.string(entry.previous)
            json.key("digest"); json.string(entry.digest)
            json.endObject()
        }
        json.endArray()
        return json.output + "\n"
    }
}
