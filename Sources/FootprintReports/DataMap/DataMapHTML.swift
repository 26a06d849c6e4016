import Foundation
import FootprintCore

/// The data map as one self-contained page: the flow diagram (inline SVG laid out by
/// Graphviz), the systems × categories matrix, the undeclared findings first among the
/// tables, then every sheet. No script, no request; every value escaped.
public enum DataMapHTML {
    /// - Parameter diagram: the SVG `dot` made of `DataMapDiagram.dot(map)` (nil: no diagram).
    public static func render(_ map: DataMap, diagram: String?) -> String {
        let sheets = DataMapSheets.sheets(map)
        var body = "<h1>Data map — \(HTMLText.escape(map.organisation.name))</h1>\n"
        body += "<p class=\"meta\">Generated \(HTMLText.escape(DataMapSheets.date(map.generated))) from footprint.yaml and the last scans' observations: "
        body += "\(map.systems.count) systems, \(map.fields.count) fields, \(map.undeclared.count) undeclared finding(s). Counts only — no value is in this page.</p>\n"
        body += "<section id=\"diagram\"><h2>Where personal information comes from and goes</h2>\n"
        body += diagram.map { "<div class=\"diagram\">\(inline($0))</div>" } ?? "<p>(no diagram: Graphviz's dot is not installed)</p>"
        body += "</section>\n" + matrix(map)
        // What nobody declared comes first: it is what the reader must act on.
        for sheet in sheets.filter({ $0.name == "Undeclared" }) + sheets.filter({ $0.name != "Undeclared" }) { body += table(sheet) }
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Data map — \(HTMLText.escape(map.organisation.name))</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:1400px}
        table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.85rem}
        th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
        thead th{background:#f0f0f0;position:sticky;top:0}
        .meta{color:#555}.diagram svg{max-width:100%;height:auto}
        #undeclared td{background:#fdecea}
        td.declared{background:#e3effd;text-align:center}td.observed{background:#fff4d6;text-align:center}td.both{background:#dff0df;text-align:center}
        </style></head><body>
        \(body)</body></html>

        """
    }

    /// The SVG element alone (dot's XML prolog and doctype left out).
    static func inline(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        return String(svg[start.lowerBound...])
    }

    static func matrix(_ map: DataMap) -> String {
        var html = "<section id=\"matrix\"><h2>Systems × categories</h2><table><thead><tr><th scope=\"col\">System</th>"
        for category in PICategory.allCases { html += "<th scope=\"col\" title=\"\(HTMLText.escape(category.label))\">\(category.rawValue)</th>" }
        html += "</tr></thead><tbody>\n"
        for system in map.systems {
            html += "<tr><th scope=\"row\">\(HTMLText.escape(system.name))</th>"
            for category in PICategory.allCases {
                let declared = system.declaredCategories.contains(category), observed = system.observedCategories.contains(category)
                switch (declared, observed) {
                case (true, true): html += "<td class=\"both\" title=\"declared and observed\">●</td>"
                case (true, false): html += "<td class=\"declared\" title=\"declared\">D</td>"
                case (false, true): html += "<td class=\"observed\" title=\"observed, not declared\">O</td>"
                default: html += "<td></td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table><p class=\"meta\">● declared and observed · D declared · O observed in the data but not declared</p></section>\n"
    }

    static func table(_ sheet: DataMapSheets.Sheet) -> String {
        let id = sheet.file.replacingOccurrences(of: ".csv", with: "")
        var html = "<section id=\"\(id)\"><h2>\(HTMLText.escape(sheet.name))</h2>"
        guard !sheet.rows.isEmpty else { return html + "<p>None.</p></section>\n" }
        html += "<table><thead><tr>" + sheet.header.map { "<th scope=\"col\">\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in sheet.rows { html += "<tr>" + row.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n" }
        return html + "</tbody></table></section>\n"
    }
}
