import Testing
@testable import FootprintCore

@Suite("Configuration")
struct ConfigTests {
    let keys = ["csv": ["path", "delimiter", "encoding"]]

    func error(_ yaml: String) -> ConfigError? {
        do {
            _ = try FootprintConfig.parse(yaml: yaml, file: "footprint.yaml", connectorKeys: keys)
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            Issue.record("not a ConfigError: \(error)")
            return nil
        }
    }

    @Test("a valid configuration loads with its mappings and system facts")
    func valid() throws {
        let config = try FootprintConfig.parse(yaml: """
            defaults: {region: GB}
            sources:
              - name: crm
                connector: csv
                path: exports/*.csv
                key: Record ID
                fields:
                  Email: {identifier: email, category: A}
                  Phone: {identifier: phone, category: b, region: US}
                  SSN: {category: L, redact: true}
                  Notes:
                system:
                  purposes: [sales]
                  sold_or_shared_to: []
                  deletion: deidentify
            """, file: "/tmp/x/footprint.yaml", connectorKeys: keys)
        #expect(config.defaultRegion == "GB")
        #expect(config.baseDirectory == "/tmp/x")
        let crm = try #require(config.source(named: "crm"))
        #expect(crm.key == "Record ID")
        #expect(crm.fields.map(\.name) == ["Email", "Phone", "SSN", "Notes"])
        #expect(crm.fields[1].category == .B && crm.fields[1].region == "US")
        #expect(crm.fields[2].sensitive && crm.fields[2].redact)
        #expect(crm.system.deletion == .deidentify)
    }

    @Test("an unknown key names file, line and key, and suggests the right one")
    func unknownKey() throws {
        let e = try #require(error("""
            sources:
              - name: crm
                connector: csv
                path: a.csv
                feilds:
                  Email: {identifier: email}
            """))
        #expect(e.location?.line == 5)
        #expect(e.location?.file == "footprint.yaml")
        #expect(e.location?.keyPath == "sources[0].feilds")
        #expect(e.description.contains("did you mean 'fields'"))
    }

    @Test("wrong types and values are errors at their line", arguments: [
        ("sources: {name: x}", 1, "expected a list"),
        ("sources:\n  - name: crm\n    connector: csv\n    path: a.csv\n    fields:\n      Email: {identifier: emial}", 6, "unknown identifier kind"),
        ("sources:\n  - name: crm\n    connector: csv\n    path: a.csv\n    fields:\n      Email: {category: Z}", 6, "unknown category"),
        ("sources:\n  - name: crm\n    connector: ftp\n", 3, "unknown connector"),
        ("defaults: {region: Narnia}\nsources: []", 1, "unknown region"),
        ("sources:\n  - name: crm\n    connector: csv\n    path: a.csv\n    fields:\n      Id: {identifier: id}", 6, "needs a namespace"),
        ("sources:\n  - name: crm\n    connector: csv\n    path: a.csv\n    system: {deletion: shred}", 5, "unknown deletion method"),
        ("sources:\n  - name: a\n    connector: csv\n  - name: a\n    connector: csv", 4, "two sources are named"),
        ("sources:\n  - name: crm\n    connector: csv\n    fields: [Email]", 4, "expected a mapping"),
        ("sources: [\n", 2, "not valid YAML"),
    ])
    func invalid(_ yaml: String, _ line: Int, _ message: String) throws {
        let e = try #require(error(yaml))
        #expect(e.description.contains(message), "\(e)")
        #expect(e.location?.line == line || e.description.contains(":\(line):"), "\(e)")
    }

    @Test("secrets are env: references only")
    func secrets() throws {
        let config = try FootprintConfig.parse(yaml: "sources:\n  - name: db\n    connector: pg\n    url: env:DB_URL\n  - name: db2\n    connector: pg\n    url: postgres://u:pw@h/d",
                                               file: "f.yaml", connectorKeys: ["pg": ["url"]])
        let ref = try #require(config.sources[0].node["url"]).secretReference()
        #expect(ref.variable == "DB_URL")
        #expect(try ref.resolve(environment: ["DB_URL": "postgres://x"]) == "postgres://x")
        #expect(throws: ConfigError.self) { try ref.resolve(environment: [:]) }
        #expect(throws: ConfigError.self) { try config.sources[1].node["url"]!.secretReference() }
    }

    @Test("a missing configuration file says what to do")
    func missingFile() {
        #expect(throws: ConfigError.self) { try FootprintConfig.load(path: "/nonexistent/footprint.yaml", connectorKeys: keys) }
    }
}
