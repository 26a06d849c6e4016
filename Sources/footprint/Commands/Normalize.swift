import ArgumentParser
import FootprintCore

struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the match key of one identifier value.",
        discussion: """
        Shows exactly what Footprint compares. Examples:
          footprint normalize email " Jane.Doe%40Example.COM"   -> jane.doe@example.com
          footprint normalize phone "(415) 555-0134"            -> +14155550134
          footprint normalize phone "020 7946 0958" --region GB -> +442079460958
          footprint normalize id "crm=1017"                     -> crm=1017
        Exit 1 when the value yields no key (not an address, not a complete number).
        """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case email, phone, id, name, address
    }

    @Argument(help: "email, phone, id, name or address.") var kind: Kind
    @Argument(help: "The value, as written anywhere.") var value: String
    @Option(help: "Region for phone numbers written without + (ISO code).") var region: String = "US"

    func run() throws {
        guard PhoneMetadata.isKnownRegion(region) else {
            throw ValidationError("unknown region '\(region)'; use a two-letter ISO 3166 code such as US, GB, DE")
        }
        let key: String?
        switch kind {
        case .email: key = EmailNormalizer.normalize(value)
        case .phone: key = PhoneNormalizer.normalize(value, region: region.uppercased())
        case .id: key = AccountIDNormalizer.parse(value).flatMap { AccountIDNormalizer.key(namespace: $0.namespace, value: $0.value) }
        case .name: key = NameNormalizer.normalize(value)
        case .address: key = AddressNormalizer.normalize(value)
        }
        guard let key else {
            Output.error("footprint: the value yields no \(kind.rawValue) key" + (kind == .phone ? " for region \(region.uppercased())" : ""))
            throw ExitCode(1)
        }
        Output.write(key + "\n")
    }
}
