import Foundation
import Testing
@testable import FootprintCore
@testable import FootprintIndex

func temporaryIndexPath() -> String {
    NSTemporaryDirectory() + "footprint-index-\(UUID().uuidString)/index.sqlite"
}

@Suite("Index store")
struct IndexStoreTests {
    @Test("HMAC-SHA256 agrees with RFC 4231's test vectors")
    func rfc4231() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        // Test case 2: a key shorter than the block.
        #expect(hex(TermHasher(key: Array("Jefe".utf8)).code(Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a 131-byte key, hashed first.
        #expect(hex(TermHasher(key: [UInt8](repeating: 0xaa, count: 131)).code(Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        // The 64-bit hash is the code's first 8 bytes, little-endian.
        let hasher = TermHasher(key: Array("Jefe".utf8))
        #expect(hasher.hash("what do ya want for nothing?") == Int64(bitPattern: 0x4e7560bf46c1dc5b))
    }

    @Test("keyed hashes depend on the key and are stable for it")
    func hashing() throws {
        let path = temporaryIndexPath()
        let a = try IndexKey.load(indexPath: path, environment: ["FOOTPRINT_INDEX_KEY": "one"], create: false)
        let b = try IndexKey.load(indexPath: path, environment: ["FOOTPRINT_INDEX_KEY": "two"], create: false)
        #expect(a.hasher().hash("email:jane@example.com") == a.hasher().hash("email:jane@example.com"))
        #expect(a.hasher().hash("email:jane@example.com") != b.hasher().hash("email:jane@example.com"))
        #expect(a.hasher().hash("email:jane@example.com") != a.hasher().hash("email:jane@example.org"))
    }

    @Test("a key file is created once, mode 0600, and read back the same")
    func keyFile() throws {
        let path = temporaryIndexPath()
        #expect(throws: ConfigError.self) { try IndexKey.load(indexPath: path, environment: [:], create: false) }
        let created = try IndexKey.load(indexPath: path, environment: [:], create: true)
        let again = try IndexKey.load(indexPath: path, environment: [:], create: false)
        #expect(created.hasher().hash("x") == again.hasher().hash("x"))
        let mode = try FileManager.default.attributesOfItem(atPath: IndexKey.keyFilePath(forIndex: path))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("postings are found by hash across page boundaries; replacing a container replaces them all")
    func pages() throws {
        let path = temporaryIndexPath()
        let key = try IndexKey.load(indexPath: path, environment: ["FOOTPRINT_INDEX_KEY": "k"], create: false)
        let store = try IndexStore(path: path, key: key, create: true)
        // 10,000 records, two terms each: more than two pages of postings.
        let hasher = key.hasher()
        let postings = PostingSorter(limit: .max, folder: NSTemporaryDirectory())
        let keys = KeyPages()
        for record in 0..<10_000 {
            try postings.add([.init(hash: hasher.hash("email:p\(record)@example.com"), record: UInt32(record)),
                              .init(hash: hasher.hash("group:\(record % 7)"), record: UInt32(record))])
            try keys.append(key: "id-\(record)", position: Int64(record * 100))
        }
        let container = ContainerState(name: "people.csv", fingerprint: "f1")
        try store.replace(source: "crm", container: container, keys: keys, postings: postings, seconds: 0)

        let one = try store.candidates(source: "crm", hashes: [hasher.hash("email:p4242@example.com")])
        #expect(one == [IndexedLocator(container: "people.csv", key: "id-4242", position: 424_200)])
        // A hash held by many records: all of them, even where a page would have split them.
        let group = try store.candidates(source: "crm", hashes: [hasher.hash("group:3")])
        #expect(group.count == (0..<10_000).filter { $0 % 7 == 3 }.count)
        #expect(try store.candidates(source: "other", hashes: [hasher.hash("email:p1@example.com")]).isEmpty)
        #expect(try store.candidates(source: "crm", hashes: [hasher.hash("email:nobody@example.com")]).isEmpty)

        let only = KeyPages()
        try only.append(key: "only", position: 0)
        let replacement = PostingSorter(limit: .max, folder: NSTemporaryDirectory())
        try replacement.add([.init(hash: hasher.hash("email:new@example.com"), record: 0)])
        try store.replace(source: "crm", container: ContainerState(name: "people.csv", fingerprint: "f2"), keys: only, postings: replacement, seconds: 0)
        #expect(try store.candidates(source: "crm", hashes: [hasher.hash("email:p4242@example.com")]).isEmpty)
        #expect(try store.candidates(source: "crm", hashes: [hasher.hash("email:new@example.com")]).map(\.key) == ["only"])
        #expect(try store.containers(source: "crm").map(\.fingerprint) == ["f2"])
    }

    @Test("pages: varints, signed hashes in order, duplicate hashes, unknown and large positions round-trip")
    func pageCoding() {
        for value: UInt64 in [0, 1, 127, 128, 16_383, 16_384, 1 << 35, UInt64.max] {
            var data: [UInt8] = []
            PageCoding.appendVarint(value, to: &data)
            var offset = 0
            #expect(data.withUnsafeBytes { PageCoding.readVarint($0, &offset) } == value)
            #expect(offset == data.count)
        }
        for value: Int64 in [0, -1, 1, Int64.min, Int64.max, 914_000_000] {
            #expect(PageCoding.unzigzag(PageCoding.zigzag(value)) == value)
        }
        let postings: [(Int64, UInt32)] = [(Int64.min, 3), (-5, 1), (-5, 9), (0, 0), (7, 4_000_000), (Int64.max, 2)]
        var data: [UInt8] = []
        var previous = PageCoding.unsigned(postings[0].0)
        for (hash, record) in postings { PageCoding.appendPosting(hash: hash, record: record, previous: &previous, to: &data) }
        #expect(PageCoding.records(in: data, firstHash: Int64.min, holding: -5) == [1, 9])
        #expect(PageCoding.records(in: data, firstHash: Int64.min, holding: Int64.max) == [2])
        #expect(PageCoding.records(in: data, firstHash: Int64.min, holding: Int64.min) == [3])
        #expect(PageCoding.records(in: data, firstHash: Int64.min, holding: 6).isEmpty)
        #expect(data.count < postings.count * 12)
        var keys: [UInt8] = []
        var last: Int64 = 0
        for (key, position) in [("a1", Int64(-1)), ("b22", -1), ("c", 914_000_000), ("", 12)] {
            var key = key
            key.withUTF8 { PageCoding.appendKey($0, position: position, previous: &last, to: &keys) }
        }
        #expect(PageCoding.entries(in: keys).map { "\($0.0)@\($0.1)" } == ["a1@-1", "b22@-1", "c@914000000", "@12"])
    }

    @Test("an index in an older layout is refused by lookups and rebuilt by the next scan")
    func olderLayout() throws {
        let path = temporaryIndexPath()
        let key = try IndexKey.load(indexPath: path, environment: ["FOOTPRINT_INDEX_KEY": "k"], create: false)
        let keys = KeyPages()
        try keys.append(key: "1", position: 0)
        let postings = PostingSorter(limit: .max, folder: NSTemporaryDirectory())
        try postings.add([.init(hash: 1, record: 0)])
        do {
            let store = try IndexStore(path: path, key: key, create: true)
            #expect(!store.rebuilt)
            try store.replace(source: "crm", container: ContainerState(name: "a.csv", fingerprint: "f"), keys: keys, postings: postings, seconds: 0)
            try store.database.execute("UPDATE meta SET value = '2' WHERE name = 'schema'")
        }
        #expect {
            try IndexStore(path: path, key: key, create: false)
        } throws: { error in
            String(describing: error).contains("footprint scan")
        }
        let store = try IndexStore(path: path, key: key, create: true)
        #expect(store.rebuilt)
        #expect(try store.containers().isEmpty)
        #expect(try IndexStore(path: path, key: key, create: false).containers().isEmpty)
    }

    @Test("configuration paths are remembered relative to the index folder")
    func relativePaths() {
        #expect(IndexStore.relative("/p/footprint.yaml", from: "/p/.footprint") == "../footprint.yaml")
        #expect(IndexStore.relative("/p/conf/a.yaml", from: "/p/.footprint") == "../conf/a.yaml")
        #expect(IndexStore.relative("/p/.footprint/x.yaml", from: "/p/.footprint") == "x.yaml")
        #expect(IndexStore.relative("/q/b.yaml", from: "/p/data/.footprint") == "../../../q/b.yaml")
    }

    @Test("an index opened with another key says so")
    func wrongKey() throws {
        let path = temporaryIndexPath()
        _ = try IndexStore(path: path, key: try IndexKey.load(indexPath: path, environment: ["FOOTPRINT_INDEX_KEY": "a"], create: false), create: true)
        #expect(throws: ConfigError.self) {
            try IndexStore(path: path, key: try IndexKey.load(indexPath: path, environment: ["FOOTPRINT_INDEX_KEY": "b"], create: false), create: false)
        }
    }

    @Test("index terms come from the same normalizers as matching")
    func terms() throws {
        let config = try FootprintConfig.parse(yaml: """
            sources:
              - name: crm
                connector: csv
                fields:
                  Email: {identifier: email}
                  Phone: {identifier: phone}
                  First: {identifier: name, part: given}
                  Last: {identifier: name, part: family}
            """, file: "/tmp/f.yaml", connectorKeys: ["csv": ["path"]])
        let record = Record(locator: Locator(source: "crm", container: "c", key: "1"), fields: [
            Field(name: "Email", value: .string(" Jane.Doe@Example.COM ")), Field(name: "Phone", value: .string("(415) 555-0134")),
            Field(name: "First", value: .string("Ana")), Field(name: "Last", value: .string("GARCÍA")),
        ])
        let terms = IndexTerms.terms(of: record, mappings: config.sources[0].fields, defaultRegion: "US", policy: MatchingPolicy())
        #expect(terms == ["email:jane.doe@example.com", "phone:+14155550134", "name:garcia|a"])
        let keys = try IdentityKeys(Identity(emails: ["jane.doe@example.com"], phones: ["415.555.0134"], names: ["Garcia, Ana"]), region: "US")
        #expect(Set(terms).isSubset(of: Set(IndexTerms.terms(of: keys))))
    }
}
