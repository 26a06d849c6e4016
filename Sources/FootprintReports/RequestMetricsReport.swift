import Foundation
import FootprintCore

/// `request metrics`: the §7102 figures as a table, as JSON, and as a self-contained page
/// with a bar chart drawn in inline SVG (no script, no request) for the privacy policy.
public enum RequestMetricsReport {
    static func label(_ kind: Request.Kind) -> String {
        switch kind {
        case .know: return "Right to Know"
        case .delete: return "Right to Delete"
        case .correct: return "Right to Correct"
        case .optOut: return "Opt-out of sale/sharing"
        case .limit: return "Limit use of sensitive PI"
        }
    }

    static func days(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "–" }

    public static func table(_ metrics: RequestMetrics) -> String {
        var out = "Requests received in \(metrics.year)\n"
        out += "TYPE                        RECEIVED  IN WHOLE  IN PART  DENIED  OPEN  MEDIAN DAYS  MEAN DAYS\n"
        for row in metrics.rows {
            out += [label(row.kind).padding(toLength: 27, withPad: " ", startingAt: 0), pad(row.received, 8), pad(row.fulfilled, 8), pad(row.partly, 7),
                    pad(row.denied, 6), pad(row.open, 4), days(row.medianDays).padding(toLength: 11, withPad: " ", startingAt: 0), days(row.meanDays)]
                .joined(separator: " ") + "\n"
        }
        return out
    }

    static func pad(_ n: Int, _ width: Int) -> String { String(n).padding(toLength: width, withPad: " ", startingAt: 0) }

    public static func json(_ metrics: RequestMetrics) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("schema"); json.string("footprint.request-metrics/1")
        json.key("year"); json.int(metrics.year)
        json.key("types"); json.beginArray()
        for row in metrics.rows {
            json.beginObject()
            json.key("type"); json.string(row.kind.rawValue)
            json.key("received"); json.int(row.received)
            json.key("complied_in_whole"); json.int(row.fulfilled)
            json.key("complied_in_part"); json.int(row.partly)
            json.key("denied"); json.int(row.denied)
            json.key("open"); json.int(row.open)
            json.key("median_days"); row.medianDays.map { json.raw(String(format: "%.1f", $0)) } ?? json.null()
            json.key("mean_days"); row.meanDays.map { json.raw(String(format: "%.1f", $0)) } ?? json.null()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output + "\n"
    }

    public static func html(_ metrics: RequestMetrics, organisation: String) -> String {
        let rows = metrics.rows.filter { $0.received > 0 }
        let most = max(rows.map(\.received).max() ?? 1, 1)
        let barHeight = 18, gap = 14, left = 200, width = 520
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Requests by type and outcome\" width=\"\(left + width + 40)\" height=\"\(rows.count * (barHeight + gap) + 40)\">"
        for (index, row) in rows.enumerated() {
            let y = 10 + index * (barHeight + gap)
            svg += "<text x=\"\(left - 8)\" y=\"\(y + 13)\" text-anchor=\"end\" font-size=\"12\">\(HTMLText.escape(label(row.kind)))</text>"
            var x = Double(left)
            for (count, color, name) in [(row.fulfilled, "#2e7d32", "in whole"), (row.partly, "#f9a825", "in part"), (row.denied, "#c62828", "denied"), (row.open, "#9e9e9e", "open")] where count > 0 {
                let w = Double(width) * Double(count) / Double(most)
                svg += "<rect class=\"bar\" x=\"\(String(format: "%.1f", x))\" y=\"\(y)\" width=\"\(String(format: "%.1f", w))\" height=\"\(barHeight)\" fill=\"\(color)\"><title>\(name): \(count)</title></rect>"
                x += w
            }
            svg += "<text x=\"\(String(format: "%.1f", x + 6))\" y=\"\(y + 13)\" font-size=\"12\">\(row.received)</text>"
        }
        svg += "</svg>"
        var table = "<table><thead><tr><th scope=\"col\">Request</th><th scope=\"col\">Received</th><th scope=\"col\">Complied with in whole</th><th scope=\"col\">In part</th><th scope=\"col\">Denied</th><th scope=\"col\">Median days to respond</th><th scope=\"col\">Mean days</th></tr></thead><tbody>"
        for row in metrics.rows {
            table += "<tr><th scope=\"row\">\(HTMLText.escape(label(row.kind)))</th><td>\(row.received)</td><td>\(row.fulfilled)</td><td>\(row.partly)</td><td>\(row.denied)</td><td>\(days(row.medianDays))</td><td>\(days(row.meanDays))</td></tr>"
        }
        table += "</tbody></table>"
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Consumer requests in \(metrics.year) — \(HTMLText.escape(organisation))</title>
        <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th[scope=row],thead th{text-align:left}.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem}</style>
        </head><body>
        <h1>Consumer privacy requests received in \(metrics.year)</h1>
        <p>\(HTMLText.escape(organisation)) — as Cal. Code Regs. tit. 11 §7102(a) asks: requests received, complied with in whole or in part, and denied, with the median and mean number of days to respond.</p>
        <section id="chart">\(svg)
        <p class="legend"><span style="background:#2e7d32"></span>in whole<span style="background:#f9a825"></span>in part<span style="background:#c62828"></span>denied<span style="background:#9e9e9e"></span>still open</p></section>
        <section id="figures">\(table)</section>
        </body></html>

        """
    }
}
