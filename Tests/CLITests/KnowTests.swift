import Foundation
import Testing
import FootprintCore
import FootprintTestSupport

/// `footprint know`: the package for the demo person, checked against what the fixtures say.
@Suite("Right to Know")
struct KnowTests {
    static let requests = CLI.fixtures + "/requests"

    /// Runs `know` into a fresh folder; returns the result and the folder.
    static func know(_ request: String, config: String = CLI.fixtures + "/footprint.yaml", extra: [String] = []) throws -> (CLIResult, String) {
        let out = NSTemporaryDirectory() + "footprint-know-\(UUID().uuidString)/package"
        try FileManager.default.createDirectory(atPath: (out as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let result = try CLI.run(["know", "--config", config, "--request", request, "--out", out] + extra)
        return (result, out)
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// Every byte of every file under `folder`.
    static func allBytes(_ folder: String) throws -> [(String, Data)] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [(String, Data)] = []
        for case let relative as String in walker {
            let path = folder + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append((relative, try Data(contentsOf: URL(fileURLWithPath: path))))
            }
        }
        return files
    }

    @Test("the seven items equal what the configuration and her records say, derived here independently")
    func sevenItems() throws {
        let (result, out) = try Self.know(Self.requests + "/jane-verified.json")
        #expect(result.status == 0, "\(result.stderr)")
        let response = try Self.json(out + "/response.json")
        #expect(response["schema"] as? String == "footprint.know/1")
        #expect(response["disclosure"] as? String == "specific_pieces")
        #expect(response["status"] as? String == "complete")

        // Her records, from the lookup; which ones a package may rest on, decided here.
        let lookup = try CLI.run(["lookup", "--config", CLI.fixtures + "/footprint.yaml", "--email", "jane.doe@example.com",
                                  "--name", "Jane Doe", "--address", "500 Howard St Ste 300, San Francisco CA 94105", "--format", "json"])
        let config = try FootprintConfig.load(path: CLI.fixtures + "/footprint.yaml", connectorKeys: ["csv": ["path", "delimiter", "encoding"], "json": ["path"]])
        let windowStart = try #require(DateOnly.parse("2025-01-15"))
        var counts: [String: Int] = [:]
        var systems: [String] = []
        var included: Set<String> = []
        var excluded = 0
        for record in try #require(lookup.json?["records"] as? [[String: Any]]) {
            let match = record["match"] as! [String: Any]
            let evidence = match["evidence"] as! [[String: Any]]
            guard match["tier"] as? String == "confirmed", !evidence.contains(where: { $0["how"] as? String == "derived" }) else { continue }
            let source = try #require(config.source(named: record["source"] as! String))
            let fields = record["fields"] as! [[String: Any]]
            if let rule = source.system.collectedAt, rule != "file_modified",
               let text = fields.first(where: { $0["name"] as? String == rule })?["value"] as? String,
               let date = DateOnly.parseRecordDate(text), date < windowStart {
                excluded += 1
                continue
            }
            included.insert("\(source.name):\(record["key"]!)")
            if !systems.contains(source.name) { systems.append(source.name) }
            for field in fields {
                guard let category = field["category"] as? String else { continue }
                let held = (field["redacted"] as? Bool == true) || !((field["value"] as? String)?.trimmingCharacters(in: .whitespaces).isEmpty ?? (field["value"] is NSNull))
                guard held else { continue }
                counts[category, default: 0] += 1
                if field["sensitive"] as? Bool == true && category != "L" { counts["L", default: 0] += 1 }
            }
        }
        let categories = (response["categories_collected"] as! [[String: Any]]).map { "\($0["category"]!)=\($0["pieces"]!)" }
        #expect(categories == counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        let facts = systems.compactMap { config.source(named: $0)?.system }
        #expect(Set(response["sources_of_collection"] as! [String]) == Set(facts.flatMap(\.collectedFrom)))
        #expect(Set(response["purposes"] as! [String]) == Set(facts.flatMap(\.purposes)))
        #expect(Set(response["third_parties"] as! [String]) == Set(facts.flatMap { $0.soldOrSharedTo + $0.disclosedForBusinessPurposeTo }))
        // Two lists, never merged: sold/shared only from systems that sell or share.
        let sold = Set((response["sold_or_shared"] as! [[String: Any]]).flatMap { $0["recipients"] as! [String] })
        let business = Set((response["disclosed_for_business_purpose"] as! [[String: Any]]).flatMap { $0["recipients"] as! [String] })
        #expect(sold == Set(facts.flatMap(\.soldOrSharedTo)))
        #expect(business == Set(facts.flatMap(\.disclosedForBusinessPurposeTo)))
        #expect(sold.isDisjoint(with: business))
        let lookback = response["lookback"] as! [String: Any]
        #expect(lookback["from"] as? String == "2025-01-15" && lookback["to"] as? String == "2026-01-15")
        #expect(lookback["excluded"] as? Int == excluded)
        #expect(excluded == 3) // the Mailchimp opt-in of 2024, the 2022 Salesforce lead, the 2024 loyalty sign-up
        let disclosed = Set((response["systems"] as! [[String: Any]]).flatMap { system in
            (system["records"] as! [[String: Any]]).map { "\(system["source"]!):\($0["key"]!)" }
        })
        #expect(disclosed == included)
        // The letter names the organisation and has a heading for each item.
        let letter = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(letter.contains("Example Outfitters, Inc."))
        for id in ["categories", "sources", "purposes", "third-parties", "sold-or-shared", "business-purpose", "pieces"] {
            #expect(letter.contains("<h2 id=\"\(id)\">"))
        }
    }

    @Test("a redacted value (§7024(d)) is described, and appears in no byte of the package or the review list")
    func redacted() throws {
        let (result, out) = try Self.know(Self.requests + "/jane-verified.json")
        #expect(result.status == 0)
        let ssn = Data("078-05-1120".utf8), digits = Data("078051120".utf8)
        for (path, bytes) in try Self.allBytes(out) + Self.allBytes(out + ".review") {
            #expect(bytes.range(of: ssn) == nil && bytes.range(of: digits) == nil, "the SSN is in \(path)")
        }
        let response = try String(contentsOfFile: out + "/response.json", encoding: .utf8)
        #expect(response.contains("SSN__c: collected; not disclosed"))
    }

    @Test("probable, possible and derived records wait in the review list, beside the package; --approve brings them in")
    func review() throws {
        let (result, out) = try Self.know(Self.requests + "/jane-verified.json")
        #expect(result.status == 0)
        let review = try Self.json(out + ".review/review.json")
        let waiting = Set((review["records"] as! [[String: Any]]).map { $0["locator"] as! String })
        #expect(waiting == ["hubspot:exports/hubspot/contacts-2025.csv#1002", "hubspot:exports/hubspot/contacts-2025.csv#1006",
                            "web-events:exports/events/web-events.jsonl#ev_0005"])
        let response = try Self.json(out + "/response.json")
        let keys = (response["systems"] as! [[String: Any]]).flatMap { ($0["records"] as! [[String: Any]]).map { $0["key"] as! String } }
        #expect(!keys.contains("1006") && !keys.contains("ev_0005") && !keys.contains("1002"))
        #expect(response["awaiting_review"] as? Int == 3)
        #expect(try Self.allBytes(out).allSatisfy { !$0.0.contains("review") })
        // Approved by staff: in the package, and no longer waiting.
        let approvals = NSTemporaryDirectory() + "approve-\(UUID().uuidString).json"
        try #"["hubspot:exports/hubspot/contacts-2025.csv#1006", "web-events:exports/events/web-events.jsonl#ev_0005"]"#.write(toFile: approvals, atomically: true, encoding: .utf8)
        let (approved, out2) = try Self.know(Self.requests + "/jane-verified.json", extra: ["--approve", approvals])
        #expect(approved.status == 0)
        let keys2 = (try Self.json(out2 + "/response.json")["systems"] as! [[String: Any]]).flatMap { ($0["records"] as! [[String: Any]]).map { $0["key"] as! String } }
        #expect(keys2.contains("1006") && keys2.contains("ev_0005") && !keys2.contains("1002"))
    }

    @Test("a categories request and a reasonably verified one list no pieces; an unverified one is a denial")
    func verification() throws {
        let (categories, out) = try Self.know(Self.requests + "/jane-categories.json")
        #expect(categories.status == 0)
        let response = try Self.json(out + "/response.json")
        #expect(response["disclosure"] as? String == "categories_only")
        #expect(!(response["categories_collected"] as! [Any]).isEmpty)
        #expect((response["systems"] as! [[String: Any]]).allSatisfy { ($0["records"] as! [Any]).isEmpty })
        #expect(!FileManager.default.fileExists(atPath: out + "/data"))
        let (denied, out2) = try Self.know(Self.requests + "/jane-unverified.json")
        #expect(denied.status == 0)
        let denial = try Self.json(out2 + "/response.json")
        #expect(denial["disclosure"] as? String == "denied")
        #expect((denial["categories_collected"] as! [Any]).isEmpty)
        #expect((denial["disclosure_statement"] as? String)?.contains("could not verify") == true)
        let letter = try String(contentsOfFile: out2 + "/index.html", encoding: .utf8)
        #expect(letter.contains("https://example-outfitters.com/privacy"))
        #expect(!letter.contains("jane.doe@example.com"))
    }

    @Test("the GDPR profile answers Art. 15(1)(a) to (h)")
    func gdpr() throws {
        let (result, out) = try Self.know(Self.requests + "/jane-gdpr.json")
        #expect(result.status == 0)
        let gdpr = try #require(try Self.json(out + "/response.json")["gdpr"] as? [String: Any])
        let articles = (gdpr["articles"] as! [[String: Any]]).map { $0["article"] as! String }
        #expect(articles == ["a", "b", "c", "d", "e", "f", "g", "h"].map { "15(1)(\($0))" })
        let recipients = (gdpr["articles"] as! [[String: Any]])[2]["content"] as! [String]
        #expect(recipients.contains { $0.contains("outside the EEA") })
        // All of her records: nothing left out by a window.
        #expect(((try Self.json(out + "/response.json"))["lookback"] as! [String: Any])["excluded"] as? Int == 0)
    }

    @Test("markup and spreadsheet formulas in a record are shown as text, never run; response.json keeps the raw value")
    func hostileValues() throws {
        let dir = try CLI.scratchCopy()
        let path = dir + "/exports/hubspot/contacts-2025.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "Acme Corp,customer,United States,2025-02-11 09:14",
                                         with: "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",<script>alert(1)</script>,United States,2025-02-11 09:14")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (result, out) = try Self.know(Self.requests + "/jane-verified.json", config: dir + "/footprint.yaml")
        #expect(result.status == 0, "\(result.stderr)")
        let letter = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(!letter.contains("<script>alert(1)</script>"))
        #expect(letter.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let csv = try String(contentsOfFile: out + "/data/hubspot/exports_hubspot_contacts-2025.csv", encoding: .utf8)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""))
        let response = try String(contentsOfFile: out + "/response.json", encoding: .utf8)
        #expect(response.contains(#""value":"=HYPERLINK(\"http://evil.example\",\"x\")""#))
    }

    @Test("the package is written whole, 0700/0600, never over an existing one; the manifest hashes every file")
    func atomic() throws {
        let (result, out) = try Self.know(Self.requests + "/jane-verified.json")
        #expect(result.status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: out)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        let manifest = try Self.json(out + "/manifest.json")
        let listed = manifest["files"] as! [[String: Any]]
        let files = try Self.allBytes(out).filter { $0.0 != "manifest.json" }
        #expect(Set(listed.map { $0["path"] as! String }) == Set(files.map(\.0)))
        for (path, _) in files {
            let mode = try FileManager.default.attributesOfItem(atPath: out + "/" + path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path)")
        }
        let again = try CLI.run(["know", "--config", CLI.fixtures + "/footprint.yaml", "--request", Self.requests + "/jane-verified.json", "--out", out])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (out as NSString).deletingLastPathComponent).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}

@Suite("Right to Know in a real browser")
struct KnowBrowserTests {
    @Test("the letter renders in headless Chromium with every item's heading and makes no network request, even with markup planted in a record")
    func rendered() throws {
        #expect(Browser.path != nil, "scripts/setup.sh installs chromium")
        let dir = try CLI.scratchCopy()
        let path = dir + "/exports/hubspot/contacts-2025.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "Acme Corp,customer", with: "\"<img src=http://evil.example/pixel.png><link rel=stylesheet href=https://evil.example/x.css>\",customer")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (result, out) = try KnowTests.know(KnowTests.requests + "/jane-verified.json", config: dir + "/footprint.yaml")
        #expect(result.status == 0, "\(result.stderr)")
        let rendering = try Browser.render(out + "/index.html")
        for heading in ["Categories of personal information we collected", "Categories of sources", "Business or commercial purposes",
                        "Categories of third parties we disclose it to", "Categories sold or shared, and to whom",
                        "Categories disclosed for a business purpose, and to whom", "The specific pieces of personal information"] {
            #expect(rendering.dom.contains("<h2") && rendering.dom.contains(heading), "\(heading)")
        }
        #expect(rendering.dom.contains("<html lang=\"en\">"))
        #expect(rendering.dom.contains("&lt;img src=http://evil.example/pixel.png&gt;"))
        #expect(!rendering.dom.contains("<img"))
        #expect(rendering.pageRequests.isEmpty, "\(rendering.pageRequests)")
        #expect(!rendering.requests.contains { $0.contains("evil.example") })
    }
}

@Suite("Right to Know: the schema")
struct KnowSchemaTests {
    @Test("response.json validates against schemas/footprint.know-1.schema.json for every kind of request", arguments: [
        "jane-verified.json", "jane-categories.json", "jane-unverified.json", "jane-gdpr.json",
    ])
    func validates(_ request: String) throws {
        let (result, out) = try KnowTests.know(KnowTests.requests + "/" + request)
        #expect(result.status == 0, "\(result.stderr)")
        // A schema violation makes the validator exit non-zero, which runTool throws with its message.
        #expect(throws: Never.self) {
            try runTool(["python3", "-c", "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
                         out + "/response.json", CLI.repoRoot.appendingPathComponent("schemas/footprint.know-1.schema.json").path])
        }
    }
}

@Suite("Right to Know: one file")
struct KnowZipTests {
    @Test("--zip writes the same files as one archive (0600) that standard tools read, CRCs checked")
    func zipped() throws {
        let (folder, out) = try KnowTests.know(KnowTests.requests + "/jane-verified.json")
        #expect(folder.status == 0)
        let (zipped, zipOut) = try KnowTests.know(KnowTests.requests + "/jane-verified.json", extra: ["--zip"])
        #expect(zipped.status == 0, "\(zipped.stderr)")
        let archive = zipOut + ".zip"
        #expect(try FileManager.default.attributesOfItem(atPath: archive)[.posixPermissions] as? Int == 0o600)
        #expect(!FileManager.default.fileExists(atPath: zipOut))
        // testzip() checks every member's CRC; the listing must match the folder's files.
        var listing = ""
        #expect(throws: Never.self) {
            listing = try runTool(["python3", "-c", """
                import sys, zipfile
                z = zipfile.ZipFile(sys.argv[1])
                assert z.testzip() is None
                print("\\n".join(sorted(n.split("/", 1)[1] for n in z.namelist())))
                assert not any(b"078-05-1120" in z.read(n) for n in z.namelist())
                """, archive])
        }
        let files = try KnowTests.allBytes(out).map(\.0).sorted()
        #expect(listing.split(separator: "\n").map(String.init) == files)
    }
}

@Suite("Right to Know: completeness, templates, linked rows")
struct KnowCompletenessTests {
    @Test("a failed source marks the package incomplete (exit 2) and the letter says so; --allow-incomplete records why it may go (exit 0)")
    func incomplete() throws {
        let dir = try CLI.scratchCopy()
        let gz = dir + "/exports/legacy/leads-2022.txt.gz"
        let data = try Data(contentsOf: URL(fileURLWithPath: gz))
        try data.prefix(data.count - 30).write(to: URL(fileURLWithPath: gz))
        let (failed, out) = try KnowTests.know(KnowTests.requests + "/jane-verified.json", config: dir + "/footprint.yaml")
        #expect(failed.status == 2)
        let response = try KnowTests.json(out + "/response.json")
        #expect(response["status"] as? String == "incomplete")
        #expect((response["incomplete_reasons"] as? [String])?.first?.contains("legacy-leads") == true)
        let system = (response["systems"] as! [[String: Any]]).first { $0["source"] as? String == "legacy-leads" }
        #expect(system?["status"] as? String == "failed")
        #expect((system?["errors"] as? [[String: Any]])?.first?["kind"] as? String == "malformed_data")
        #expect(try String(contentsOfFile: out + "/index.html", encoding: .utf8).contains("This answer is incomplete."))
        let (allowed, out2) = try KnowTests.know(KnowTests.requests + "/jane-verified.json", config: dir + "/footprint.yaml",
                                                 extra: ["--allow-incomplete", "the 2022 webinar list is being restored from backup; a supplement will follow"])
        #expect(allowed.status == 0)
        let response2 = try KnowTests.json(out2 + "/response.json")
        #expect(response2["status"] as? String == "incomplete")
        #expect((response2["incomplete_allowed"] as? String)?.contains("restored from backup") == true)
    }

    @Test("a system marked not_searched (§7024(c)) is described, not searched")
    func notSearched() throws {
        let dir = try CLI.scratchCopy()
        var yaml = try String(contentsOfFile: dir + "/footprint.yaml", encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "      collected_at: file_modified", with: "      collected_at: file_modified\n      not_searched: archived tapes kept only for tax law; not reasonably accessible and never used commercially")
        try yaml.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let (result, out) = try KnowTests.know(KnowTests.requests + "/jane-verified.json", config: dir + "/footprint.yaml")
        #expect(result.status == 0)
        let response = try KnowTests.json(out + "/response.json")
        #expect((response["not_searched"] as? [[String: Any]])?.map { $0["source"] as? String } == ["legacy-leads"])
        #expect(!(response["systems"] as! [[String: Any]]).contains { $0["source"] as? String == "legacy-leads" })
        #expect(try String(contentsOfFile: out + "/index.html", encoding: .utf8).contains("Not searched: legacy-leads"))
    }

    @Test("a team's own letter template replaces the built-in one, and values in it are still escaped")
    func template() throws {
        let dir = try CLI.scratchCopy()
        try "<!DOCTYPE html><html lang=\"en\"><body><h1>{{organisation}} answers</h1>{{#systems}}{{#records}}{{#fields}}<p>{{value}}</p>{{/fields}}{{/records}}{{/systems}}</body></html>"
            .write(toFile: dir + "/letter.mustache", atomically: true, encoding: .utf8)
        var yaml = try String(contentsOfFile: dir + "/footprint.yaml", encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "  dpo: dpo@example-outfitters.com\n", with: "  dpo: dpo@example-outfitters.com\n  know_template: letter.mustache\n")
        try yaml.write(toFile: dir + "/footprint.yaml", atomically: true, encoding: .utf8)
        let path = dir + "/exports/hubspot/contacts-2025.csv"
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "Acme Corp,customer", with: "<b>Acme</b>,customer")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let (result, out) = try KnowTests.know(KnowTests.requests + "/jane-verified.json", config: dir + "/footprint.yaml")
        #expect(result.status == 0, "\(result.stderr)")
        let letter = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(letter.contains("<h1>Example Outfitters, Inc. answers</h1>"))
        #expect(letter.contains("<p>&lt;b&gt;Acme&lt;/b&gt;</p>"))
    }

    @Test("rows linked to her customer row by a declared key (her orders) are disclosed, each naming its parent",
          .enabled(if: pgURL != nil))
    func linkedRows() throws {
        let (result, out) = try KnowTests.know(KnowTests.requests + "/jane-gdpr.json", config: CLI.fixtures + "/postgres/footprint.yaml")
        #expect(result.status == 0, "\(result.stderr)")
        let response = try KnowTests.json(out + "/response.json")
        let shop = try #require((response["systems"] as! [[String: Any]]).first { $0["source"] as? String == "shop" })
        let records = shop["records"] as! [[String: Any]]
        let orders = records.filter { $0["container"] as? String == "shop.orders" }
        #expect(!orders.isEmpty)
        // Orders carry her billing email (matched themselves); their lines hang off them by a key.
        #expect(Set(orders.map { $0["key"] as? String }) == ["1", "2"])
        let items = records.filter { $0["container"] as? String == "shop.order_item" }
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { ($0["linked_from"] as? String)?.hasPrefix("shop:shop.orders#") == true })
    }
}
