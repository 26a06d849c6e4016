import Foundation
import Testing
import FootprintTestSupport


@Suite("footprint lookup over the shop database", .enabled(if: pgURL != nil))
struct PostgresCLITests {
    let config = CLI.fixtures + "/postgres/footprint.yaml"

    @Test("a customer's email lists their rows across the database and the CRM export, each followed row naming its link")
    func lookup() throws {
        let result = try CLI.run(["lookup", "--config", config, "--email", "jane.doe@example.com", "--format", "json"],
                                 environment: ["SHOP_DATABASE_URL": pgURL!])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try #require(result.json?["records"] as? [[String: Any]])
        let shop = records.filter { $0["source"] as? String == "shop" }
        let containers = Set(shop.map { $0["container"] as! String })
        #expect(containers.isSuperset(of: ["shop.customer", "shop.address", "shop.orders", "shop.order_item", "shop.product",
                                           "shop.payment_card", "shop.login", "shop.visit", "shop.support_ticket", "legacy.customer", "legacy.note"]))
        #expect(!containers.contains("shop.employee"))
        // No row of the other customers (2, 3, 4) or their orders.
        #expect(!shop.contains { $0["container"] as? String == "shop.customer" && $0["key"] as? String != "1" })
        // Order 5 is the other Jane's, shipped to her address: reached, but only as a possible match that says why.
        for order in shop where order["container"] as? String == "shop.orders" && !["1", "2"].contains(order["key"] as? String) {
            #expect(order["key"] as? String == "5")
            let match = order["match"] as? [String: Any]
            #expect(match?["tier"] as? String == "possible")
            #expect(((match?["evidence"] as? [[String: Any]]) ?? []).contains { ($0["note"] as? String)?.contains("not among her rows") == true })
        }
        for record in shop where !["shop.customer", "legacy.customer", "shop.orders"].contains(record["container"] as? String) {
            let via = record["via"] as? [String: Any]
            #expect(via?["field"] as? String != nil, "\(record["container"]!) has no via")
            // Reached by a key (linked), or through an identifier found in another record
            // (derived, with the chain), never matched on an id the request never held.
            let evidence = ((record["match"] as? [String: Any])?["evidence"] as? [[String: Any]]) ?? []
            #expect(evidence.contains { ($0["how"] as? String == "linked" && $0["link"] is String)
                || ($0["how"] as? String == "derived" && !(($0["chain"] as? [Any]) ?? []).isEmpty) }, "\(record["container"]!): \(evidence)")
            #expect(!evidence.contains { $0["how"] as? String == "exact" && $0["identifier"] as? String == "id" })
        }
        // The card number is listed as held, never shown.
        let card = try #require(shop.first { $0["container"] as? String == "shop.payment_card" })
        let number = try #require((card["fields"] as? [[String: Any]])?.first { $0["name"] as? String == "card_number" })
        #expect(number["value"] is NSNull)
        #expect(number["disclose"] as? Bool == false)
        #expect(!result.stdout.contains("4111111111111111"))
        // The alternate email on her ticket is searched in turn: the ticket filed without a customer id is found.
        #expect(shop.contains { $0["container"] as? String == "shop.support_ticket" && $0["key"] as? String == "3" })
    }

    @Test("with the server down the database source fails with libpq's reason, the export's results still print, exit 2")
    func serverDown() throws {
        let result = try CLI.run(["lookup", "--config", config, "--email", "jane.doe@example.com", "--format", "json"],
                                 environment: ["SHOP_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/footprint"])
        #expect(result.status == 2)
        #expect(result.status(of: "shop") == "failed")
        #expect(result.status(of: "hubspot") == "complete")
        #expect(result.recordLocators.contains("hubspot:../exports/hubspot/contacts-2025.csv#1001"))
        #expect(result.stderr.contains("Connection refused") || result.stderr.contains("connection"))
        #expect(!result.stderr.contains("jane.doe"))
    }

    @Test("the database URL must come from the environment")
    func missingSecret() throws {
        let result = try CLI.run(["lookup", "--config", config, "--email", "jane.doe@example.com"], environment: ["SHOP_DATABASE_URL": ""])
        #expect(result.status == 1)
        #expect(result.stderr.contains("SHOP_DATABASE_URL is not set"))
    }

    @Test("records streams every table as JSON Lines")
    func records() throws {
        let result = try CLI.run(["records", "shop", "--config", config], environment: ["SHOP_DATABASE_URL": pgURL!])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4 + 5 + 6 + 3 + 2 + 2 + 2) // the configured tables: customers, orders, order lines, tickets, cards, logins, legacy customers
        #expect(lines.first?.contains(#""container":"shop.customer","key":"1""#) == true)
    }
}

@Suite("The index over the shop database", .enabled(if: pgURL != nil), .serialized)
struct PostgresIndexCLITests {
    @Test("after a scan, database lookups come from the index and equal live ones; a changed table is rescanned")
    func indexed() throws {
        let dir = try CLI.scratchCopy()
        let config = dir + "/postgres/footprint.yaml"
        let environment = ["SHOP_DATABASE_URL": pgURL!, "FOOTPRINT_INDEX_KEY": "shop test key"]
        let scan = try CLI.run(["scan", "--config", config, "--format", "json"], environment: environment)
        #expect(scan.status == 0, "\(scan.stderr)")
        let shop = (scan.json?["sources"] as? [[String: Any]])?.first { $0["name"] as? String == "shop" }
        #expect((shop?["containers_scanned"] as? Int ?? 0) >= 4)
        for identity in [["--email", "jane.doe@example.com"], ["--phone", "(415) 555-0134"], ["--email", "jdoe.home@example.net"], ["--email", "tom.baker@example.net"]] {
            let indexed = try CLI.run(["lookup", "--config", config, "--format", "json"] + identity, environment: environment)
            let live = try CLI.run(["lookup", "--live", "--config", config, "--format", "json"] + identity, environment: environment)
            #expect(tiers(indexed) == tiers(live), "\(identity)")
            #expect(!indexed.stdout.contains("searched live"), "\(identity)")
        }
        // A write to a mapped table changes its fingerprint: lookups go live until the next scan picks it up.
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = ["-q", pgURL!, "-c", "UPDATE shop.support_ticket SET subject = subject || '' WHERE id = 2"]
        try psql.run()
        psql.waitUntilExit()
        usleep(700_000) // statistics counters are flushed shortly after the transaction
        let rescan = try CLI.run(["scan", "--config", config, "--format", "json"], environment: environment)
        let again = (rescan.json?["sources"] as? [[String: Any]])?.first { $0["name"] as? String == "shop" }
        #expect((again?["containers_scanned"] as? Int ?? 0) >= 1)
        #expect((again?["containers_unchanged"] as? Int ?? 0) >= 1)
    }
}

@Suite("one table gone from the database", .enabled(if: pgURL != nil))
struct PostgresMissingTableCLITests {
    @Test("a table and a column the database no longer has make the source partial (exit 2); the other sources are still searched")
    func missingTable() throws {
        let dir = try CLI.scratchCopy()
        let path = dir + "/postgres/footprint.yaml"
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "      shop.support_ticket:\n", with: "      shop.gone_table:\n        fields: {email: {identifier: email}}\n      shop.support_ticket:\n")
            .replacingOccurrences(of: "          loyalty_points: {category: D}\n", with: "          loyalty_points: {category: D}\n          renamed_column: {category: D}\n")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["lookup", "--config", path, "--email", "jane.doe@example.com", "--format", "json"], environment: ["SHOP_DATABASE_URL": pgURL!])
        #expect(result.status == 2)
        #expect(result.status(of: "shop") == "partial")
        #expect(result.status(of: "hubspot") == "complete")
        let errors = ((result.json?["sources"] as? [[String: Any]])?.first { $0["name"] as? String == "shop" }?["errors"] as? [[String: Any]])?.map(CLI.errorText) ?? []
        #expect(errors.contains { $0.contains("shop.gone_table does not exist") && $0.contains("footprint.yaml:") })
        #expect(errors.contains { $0.contains("no column 'renamed_column'") })
        #expect(Set(result.errorKinds(of: "shop")) == ["missing_container", "configuration"])
        #expect(result.recordLocators.contains { $0.hasPrefix("hubspot:") })
        #expect(result.recordLocators.contains { $0.hasPrefix("shop:shop.customer#") })
        let sources = try CLI.run(["sources", "--config", path], environment: ["SHOP_DATABASE_URL": pgURL!])
        #expect(sources.status == 2)
        #expect(sources.stdout.contains("shop.gone_table does not exist"))
        // Through the index too: a column gone from a scanned table still makes the source partial.
        let columnOnly = try String(contentsOfFile: dir + "/postgres/footprint.yaml", encoding: .utf8)
            .replacingOccurrences(of: "      shop.gone_table:\n        fields: {email: {identifier: email}}\n", with: "")
        try columnOnly.write(toFile: dir + "/postgres/column.yaml", atomically: true, encoding: .utf8)
        let environment = ["SHOP_DATABASE_URL": pgURL!, "FOOTPRINT_INDEX_KEY": "missing column key"]
        _ = try CLI.run(["scan", "--config", dir + "/postgres/column.yaml"], environment: environment)
        let indexed = try CLI.run(["lookup", "--config", dir + "/postgres/column.yaml", "--email", "jane.doe@example.com", "--format", "json"],
                                  environment: environment)
        #expect(indexed.searched["shop"] == "index")
        #expect(indexed.status(of: "shop") == "partial")
        #expect(indexed.stdout.contains("no column 'renamed_column'"))
    }
}

@Suite("sources reports unreachable databases", .enabled(if: pgURL != nil))
struct PostgresSourcesTests {
    @Test("a database that cannot be reached is a PROBLEM with libpq's reason, exit 2 (1 is for configuration errors)")
    func unreachable() throws {
        let down = try CLI.run(["sources", "--config", CLI.fixtures + "/postgres/footprint.yaml"], environment: ["SHOP_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/x"])
        #expect(down.status == 2)
        #expect(down.stdout.contains("PROBLEM"))
        #expect(down.stdout.contains("Connection refused") || down.stdout.contains("connection"))
        let lookup = try CLI.run(["lookup", "--config", CLI.fixtures + "/postgres/footprint.yaml", "--email", "a@example.com", "--format", "json"],
                                 environment: ["SHOP_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/x"])
        #expect(lookup.status == 2)
        #expect(lookup.errorKinds(of: "shop") == ["unreachable"])
        let up = try CLI.run(["sources", "--config", CLI.fixtures + "/postgres/footprint.yaml"], environment: ["SHOP_DATABASE_URL": pgURL!])
        #expect(up.status == 0)
        #expect(!up.stdout.contains("PROBLEM"))
    }
}
