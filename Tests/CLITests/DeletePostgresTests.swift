import Foundation
import Testing
import FootprintTestSupport

/// Right to Delete in the shop database (fixtures/postgres/seed.sql), each test on its own
/// fresh copy of it: one transaction, children before parents, the tax-law orders kept
/// de-identified, the address another customer's order uses unlinked rather than erased,
/// the catalogue kept, and a failure or a changed row rolling everything back.
@Suite("Right to Delete: the shop database", .enabled(if: pgURL != nil))
struct DeletePostgresTests {
    struct Shop {
        let dir: String
        let url: String
        var config: String { dir + "/postgres/footprint.yaml" }
        var plan: String { dir + "/plan.json" }
        var environment: [String: String] { ["SHOP_DATABASE_URL": url, "SHOP_DATABASE_WRITE_URL": url, "FOOTPRINT_INDEX_KEY": "shop delete key"] }

        init() throws {
            dir = try CLI.scratchCopy()
            url = try TestServers.scratchDatabase()
        }

        func makePlan(_ environment: [String: String]? = nil) throws -> (CLIResult, [String: String]) {
            let made = try CLI.run(["delete", "--config", config, "--request", dir + "/requests/jane-verified.json", "--plan-out", plan], environment: environment ?? self.environment)
            let items = ((try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan)))) as? [String: Any])?["items"] as? [[String: Any]] ?? []
            let actions = Dictionary(items.filter { $0["source"] as? String == "shop" }.map { ("\($0["container"]!)#\($0["key"]!)", $0["action"] as! String) },
                                     uniquingKeysWith: { first, _ in first })
            return (made, actions)
        }

        func execute() throws -> CLIResult { try CLI.run(["delete", "--config", config, "--execute", plan], environment: environment) }

        func rows(_ sql: String) throws -> [String] { try TestServers.rows(url, sql) }

        /// Everything in the database that is not Jane's, for before-and-after.
        func othersRows() throws -> [String] {
            try rows("SELECT 'c', id, email, phone FROM shop.customer WHERE id <> 1 UNION ALL SELECT 'a', id, line1, customer_id::text FROM shop.address WHERE id NOT IN (1, 2) "
                     + "UNION ALL SELECT 'o', id, billing_email, customer_id::text FROM shop.orders WHERE id > 2 UNION ALL SELECT 'i', id, product_id::text, order_id::text FROM shop.order_item "
                     + "UNION ALL SELECT 'p', id, name, sku FROM shop.product UNION ALL SELECT 'v', id, path, customer_id::text FROM shop.visit WHERE customer_id IS DISTINCT FROM 1 ORDER BY 1, 2")
        }
    }

    @Test("the plan: her rows erased, tax-law orders de-identified, the shared address unlinked, the catalogue kept, the other Jane's order left for review")
    func plan() throws {
        let shop = try Shop()
        let (made, actions) = try shop.makePlan()
        #expect(made.status == 0, "\(made.stderr)")
        for erased in ["shop.customer#1", "shop.address#1", "shop.payment_card#1", "shop.login#1", "shop.visit#1", "shop.visit#2", "shop.support_ticket#1", "legacy.customer#9001", "legacy.note#1"] {
            #expect(actions[erased] == "erase", "\(erased)")
        }
        #expect(actions["shop.orders#1"] == "deidentify" && actions["shop.orders#2"] == "deidentify")
        #expect(actions["shop.address#2"] == "deidentify") // another customer's order ships there: unlinked, not erased
        #expect(actions["shop.order_item#1"] == "retain")
        #expect(["shop.product#1", "shop.product#2", "shop.product#3"].allSatisfy { actions[$0] == "keep" })
        #expect(actions["shop.orders#5"] == "review" && actions["shop.order_item#6"] == "review")
        let items = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: shop.plan))) as! [String: Any])["items"] as! [[String: Any]]
        let order = try #require(items.first { $0["container"] as? String == "shop.orders" && $0["key"] as? String == "1" })
        #expect(Set(order["fields"] as? [String] ?? []) == ["billing_name", "billing_email", "customer_id"]) // her link goes with her name
        #expect((order["exception"] as? String)?.contains("§1798.105(d)(8)") == true)
        let address = try #require(items.first { $0["container"] as? String == "shop.address" && $0["key"] as? String == "2" })
        #expect(address["fields"] as? [String] == ["customer_id"])
        #expect((address["reason"] as? String)?.contains("shop.orders#5") == true)
    }

    @Test("executed: her rows are gone in one transaction, kept rows lose her name and link, nobody else's row changes; a fresh lookup finds only what the plan keeps")
    func execute() throws {
        let shop = try Shop()
        #expect(try shop.makePlan().0.status == 0)
        let others = try shop.othersRows()
        let result = try shop.execute()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("erased  shop:shop.customer#1"))
        #expect(try shop.rows("SELECT count(*) FROM shop.customer WHERE id = 1") == ["0"])
        #expect(try shop.rows("SELECT count(*) FROM shop.address WHERE id = 1") == ["0"])
        #expect(try shop.rows("SELECT count(*) FROM legacy.customer WHERE legacy_id = 9001") == ["0"])
        #expect(try shop.rows("SELECT count(*) FROM legacy.note WHERE id = 1") == ["0"])
        #expect(try shop.rows("SELECT id, coalesce(customer_id::text, 'null'), coalesce(billing_name, 'null'), coalesce(billing_email, 'null'), total FROM shop.orders WHERE id <= 2 ORDER BY id")
                == ["1|null|null|null|598.00", "2|null|null|null|199.00"])
        #expect(try shop.rows("SELECT line1, coalesce(customer_id::text, 'null') FROM shop.address WHERE id = 2") == ["12 Oak Street|null"])
        #expect(try shop.othersRows() == others)
        let lookup = try CLI.run(["lookup", "--config", shop.config, "--email", "jane.doe@example.com", "--live", "--format", "json"], environment: shop.environment)
        let shopRows = Set(lookup.recordLocators.filter { $0.hasPrefix("shop:") })
        #expect(shopRows.isSubset(of: ["shop:shop.support_ticket#3"]), "\(shopRows)") // found through her second email: left for review
        let receipt = try String(contentsOfFile: shop.plan + ".receipt/receipt.json", encoding: .utf8)
        #expect(receipt.contains("\"deidentified\""))
        #expect(!receipt.contains("jane.doe"))
    }

    @Test("committed but the journal lost (killed just after the commit): run again, erased rows are gone and de-identified ones already blank; exit 0, nothing changes")
    func lostJournal() throws {
        let shop = try Shop()
        #expect(try shop.makePlan().0.status == 0)
        #expect(try shop.execute().status == 0)
        let after = try shop.rows("SELECT id, coalesce(billing_email, '-') FROM shop.orders ORDER BY id")
        try FileManager.default.removeItem(atPath: shop.plan + ".journal")
        let again = try shop.execute()
        #expect(again.status == 0, "\(again.stdout)")
        #expect(again.stdout.contains("gone    shop:shop.customer#1"))
        #expect(again.stdout.contains("blanked shop:shop.orders#1"))
        #expect(try shop.rows("SELECT id, coalesce(billing_email, '-') FROM shop.orders ORDER BY id") == after)
    }

    @Test("a failure in the middle of the transaction rolls the whole database back; the files are still done; exit 2")
    func rollback() throws {
        let shop = try Shop()
        #expect(try shop.makePlan().0.status == 0)
        // Deleting her visits fails, after other rows of the transaction were already changed.
        _ = try shop.rows("""
            CREATE FUNCTION shop.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'visits are archived, not deleted'; END $$;
            CREATE TRIGGER refuse BEFORE DELETE ON shop.visit FOR EACH ROW EXECUTE FUNCTION shop.refuse();
            """)
        let everything = "SELECT (SELECT count(*) FROM shop.customer), (SELECT count(*) FROM shop.address), (SELECT string_agg(coalesce(billing_email, '-'), ',' ORDER BY id) FROM shop.orders), (SELECT count(*) FROM legacy.customer)"
        let before = try shop.rows(everything)
        let result = try shop.execute()
        #expect(result.status == 2)
        #expect(result.stdout.contains("visits are archived, not deleted"))
        #expect(result.stdout.contains("rolled back"))
        #expect(!result.stdout.contains("erased  shop:"))
        #expect(try shop.rows(everything) == before)
        #expect(result.stdout.contains("erased  hubspot:"))
    }

    @Test("a row changed since the plan stops the database: nothing in it changes")
    func stale() throws {
        let shop = try Shop()
        #expect(try shop.makePlan().0.status == 0)
        _ = try shop.rows("UPDATE shop.login SET last_login_at = now() WHERE id = 1")
        let result = try shop.execute()
        #expect(result.status == 2)
        #expect(result.stdout.contains("stale"))
        #expect(try shop.rows("SELECT count(*) FROM shop.customer WHERE id = 1") == ["1"])
        #expect(try shop.rows("SELECT billing_email FROM shop.orders WHERE id = 1") == ["jane.doe@example.com"])
    }

    @Test("without write_url the database's rows are a person's task, with what to do")
    func noWriteURL() throws {
        let shop = try Shop()
        var environment = shop.environment
        environment["SHOP_DATABASE_WRITE_URL"] = nil
        let yaml = try String(contentsOfFile: shop.config, encoding: .utf8).replacingOccurrences(of: "    write_url: env:SHOP_DATABASE_WRITE_URL", with: "")
        try yaml.write(toFile: shop.config, atomically: true, encoding: .utf8)
        let (made, actions) = try shop.makePlan(environment)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(actions["shop.customer#1"] == "manual")
        #expect(actions["shop.address#2"] == "manual") // still unlinked, by hand
        #expect(try String(contentsOfFile: shop.plan, encoding: .utf8).contains("write_url"))
    }
}
