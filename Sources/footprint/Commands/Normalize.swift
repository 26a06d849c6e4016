import ArgumentParser
import FootprintCore

struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Print the match key of one identifier value.",
        discussion: """
        Shows exactly what Footprint compares. Examples:
          footprint normalize email " Jane.Doe%40Example.COM"   -> jane.doe@example.com
          footprint normalize phone "(415) 555-0134"            -> +14155550134
          footprint normalize phone "020 7946 0958" --region GB -> +442079460958
          footprint normalize id "crm=1017"                     -> crm=1017
          footprint normalize name "Dr. GARCÍA, Ana M."         -> ana m garcia
          footprint normalize address "12 Oak Street Apt 4, Springfield, Illinois 62704-1234"
                                                     -> 12 OAK ST APT 4, SPRINGFIELD IL 62704
          footprint normalize dob "7 Mar 1984"                  -> 1984-03-07
        Exit 1 when the value yields no key (not an address, not a complete number).
        """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case email, phone, id, name, address, dob
    }

    @Argument(help: "email, phone, id, name, address or dob.") var kind: Kind
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
        case .name: key = PersonName(full: value).map(\.key)
        case .address: key = PostalAddress(full: value).map(\.key)
        case .dob: key = DateOfBirthNormalizer.normalize(value, order: DateOfBirthNormalizer.order(forRegion: region.uppercased()))
        }
        guard let key else {
            Output.error("footprint: the value yields no \(kind.rawValue) key" + (kind == .phone ? " for region \(region.uppercased())" : ""))
            throw ExitCode(1)
        }
        Output.write(key + "\n")
    }
}
