import Foundation
import Testing
import FootprintTestSupport

/// `footprint datamap` on the fixtures after a scan: every system with its declared and
/// observed categories, the phone numbers hidden in HubSpot's Notes as an undeclared
/// finding, the CCPA notice and Art. 30 views — as JSON (schema-valid), CSV, a workbook
/// that openpyxl opens with its five sheets, and a page Chromium renders with the diagram.
@Suite("datamap")
struct DataMapTests {
    static func scanned() throws -> String {
        let dir = try CLI.scratchCopy()
        let scan = try CLI.run(["scan", "--config", dir + "/footprint.yaml"])
        #expect(scan.status == 0 || scan.status == 2, "\(scan.stderr)")
        return dir
    }

    @Test("JSON: every system, the undeclared Notes field, the notice and Art. 30, valid against the schema")
    func json() throws {
        let dir = try Self.scanned()
        let result = try CLI.run(["datamap", "--config", dir + "/footprint.yaml", "--out", dir + "/map.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("hold personal data the configuration does not declare"))
        let map = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/map.json"))) as! [String: Any]
        let systems = map["systems"] as! [[String: Any]]
        #expect(systems.map { $0["name"] as! String } == ["hubspot", "mailchimp", "salesforce", "loyalty", "legacy-leads", "web-events"])
        let hubspot = systems[0]
        #expect(hubspot["declared_categories"] as! [String] == ["A", "B", "D", "I", "K"])
        #expect((hubspot["observed_categories"] as! [String]).contains("B"))
        #expect(hubspot["records"] as? Int == 6)
        let undeclared = map["undeclared"] as! [[String: Any]]
        let notes = undeclared.first { $0["system"] as? String == "hubspot" && $0["field"] as? String == "Notes" }
        #expect(notes?["kind"] as? String == "phone" && notes?["in_text"] as? Bool == true && notes?["count"] as? Int == 2)
        #expect(notes?["declared"] as? String == "category D")
        #expect(!undeclared.contains { $0["field"] as? String == "Email" }, "a declared email field is no finding")
        let notice = map["ccpa_notice"] as! [[String: Any]]
        #expect(notice.first { $0["category"] as? String == "A" }.map { ($0["sold_or_shared_to"] as! [String]).contains("advertising networks") } == true)
        let record = map["article_30"] as! [String: Any]
        #expect(record["controller"] as? String == "Example Outfitters, Inc.")
        let activity = (record["activities"] as! [[String: Any]])[0]
        #expect(activity["data_subjects"] as? String == "customers and sales leads")
        #expect((activity["security_measures"] as? String)?.contains("encryption at rest") == true)
        let text = try String(contentsOfFile: dir + "/map.json", encoding: .utf8)
        #expect(!text.contains("555-0188") && !text.contains("jane.doe"), "counts only: no value in the map")
        #expect(throws: Never.self) {
            try runTool(["python3", "-c", "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
                         dir + "/map.json", CLI.repoRoot.appendingPathComponent("schemas/footprint.datamap-1.schema.json").path])
        }
    }

    @Test("XLSX: openpyxl opens the five sheets, headers frozen and filtered; CSV: one file per sheet")
    func workbook() throws {
        let dir = try Self.scanned()
        let result = try CLI.run(["datamap", "--config", dir + "/footprint.yaml", "--format", "xlsx", "--out", dir + "/map.xlsx"])
        #expect(result.status == 0, "\(result.stderr)")
        let script = """
        import sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        print("|".join(book.sheetnames))
        for sheet in book.worksheets:
            print(sheet.title, sheet.freeze_panes, sheet.auto_filter.ref, sheet.max_row, sheet.cell(1, 1).value, sheet.cell(1, 1).font.b)
        undeclared = book["Undeclared"]
        print([[c.value for c in row] for row in undeclared.iter_rows(min_row=2) if row[1].value == "Notes"])
        """
        let output = try runTool(["python3", "-c", script, dir + "/map.xlsx"])
        #expect(output.contains("Systems|Fields|Undeclared|CCPA notice|Art. 30"))
        #expect(output.contains("Systems A2 A1:P7 7 System True"))
        #expect(output.contains("['hubspot', 'Notes', 'category D', 'phone number (inside free text)', 'B', '2 of 5', '40%']"))
        let csv = try CLI.run(["datamap", "--config", dir + "/footprint.yaml", "--format", "csv", "--out", dir + "/map-csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/map-csv").sorted()
        #expect(files == ["article-30.csv", "ccpa-notice.csv", "fields.csv", "systems.csv", "undeclared.csv"])
        let undeclared = try String(contentsOfFile: dir + "/map-csv/undeclared.csv", encoding: .utf8)
        #expect(undeclared.hasPrefix("System,Field,Declared as,Observed,Category,Values,Share\r\n"))
        #expect(undeclared.contains("hubspot,Notes,category D,phone number (inside free text),B,2 of 5,40%\r\n"))
    }

    @Test("HTML: Chromium renders the diagram (systems, sources and recipients as SVG nodes), the matrix and the undeclared finding, with no request")
    func page() throws {
        #expect(Browser.path != nil, "scripts/setup.sh installs chromium")
        let dir = try Self.scanned()
        let result = try CLI.run(["datamap", "--config", dir + "/footprint.yaml", "--format", "html", "--out", dir + "/map.html"])
        #expect(result.status == 0, "\(result.stderr)")
        let rendering = try Browser.render(dir + "/map.html")
        #expect(rendering.dom.contains("<svg"), "the diagram is inline SVG laid out by dot")
        for node in ["hubspot", "website forms", "advertising networks", "CRM service provider"] {
            #expect(rendering.dom.contains("<text") && rendering.dom.contains(">\(node)<"), "\(node)")
        }
        #expect(rendering.dom.contains("id=\"matrix\"") && rendering.dom.contains("Systems × categories"))
        #expect(rendering.dom.contains("id=\"undeclared\"") && rendering.dom.contains("phone number (inside free text)"))
        #expect(rendering.dom.contains("GDPR") || rendering.dom.contains("Art. 30"))
        #expect(rendering.pageRequests.isEmpty, "\(rendering.pageRequests)")
    }

    @Test("a header that is markup or a formula lands escaped: text in the page, an inert cell in the CSV and the workbook")
    func hostileHeaders() throws {
        let dir = NSTemporaryDirectory() + "datamap-hostile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var csv = "id,\"<img src=http://evil.example/x.png>\",\"=HYPERLINK(\"\"http://evil.example\"\")\"\n"
        for n in 0..<20 { csv += "\(n),person\(n)@example.com,(415) 555-01\(10 + n)\n" }
        try csv.write(toFile: dir + "/leads.csv", atomically: true, encoding: .utf8)
        try "sources:\n  - name: leads\n    connector: csv\n    path: leads.csv\n    key: id\n".write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["scan", "--config", dir + "/footprint.yaml"]).status == 0)
        #expect(try CLI.run(["datamap", "--config", dir + "/footprint.yaml", "--format", "html", "--out", dir + "/map.html"]).status == 0)
        let rendering = try Browser.render(dir + "/map.html")
        #expect(rendering.dom.contains("&lt;img src=http://evil.example/x.png&gt;"))
        #expect(!rendering.dom.contains("<img"))
        #expect(rendering.requests.allSatisfy { !$0.contains("evil.example") })
        #expect(try CLI.run(["datamap", "--config", dir + "/footprint.yaml", "--format", "csv", "--out", dir + "/csv"]).status == 0)
        let undeclared = try String(contentsOfFile: dir + "/csv/undeclared.csv", encoding: .utf8)
        #expect(undeclared.contains("leads,\"'=HYPERLINK(\"\"http://evil.example\"\")\",unmapped,phone number"))
        #expect(undeclared.contains("leads,<img src=http://evil.example/x.png>,unmapped,email address"))
        #expect(try CLI.run(["datamap", "--config", dir + "/footprint.yaml", "--format", "xlsx", "--out", dir + "/map.xlsx"]).status == 0)
        let cell = try runTool(["python3", "-c", "import sys, openpyxl; s = openpyxl.load_workbook(sys.argv[1])['Undeclared']; print([(c.value, c.data_type) for c in s['B'][1:]])", dir + "/map.xlsx"])
        #expect(cell.contains("('=HYPERLINK(\"http://evil.example\")', 's')"), "a string cell, never a formula: \(cell)")
    }
}
