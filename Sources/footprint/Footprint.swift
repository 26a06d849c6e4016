import ArgumentParser
import FootprintCore

/// The command-line tool: thin commands over FootprintCore and the connectors.
struct Footprint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint",
        abstract: "Find every record a business holds about one verified person.",
        discussion: """
        Footprint reads the sources configured in footprint.yaml — CSV and JSON exports, \
        PostgreSQL databases, SaaS APIs (HubSpot, Mailchimp, Salesforce, Stripe, Zendesk or \
        your own) — and lists every record that belongs to the identity you give, with the \
        evidence for each match and the status of every source.

        Start with:
          footprint sources                          are the sources readable?
          footprint discover SOURCE                  proposed field mappings
          footprint lookup --email jane@example.com  the per-person inventory
          footprint normalize phone "(415) 555-0134" how a value is keyed
          footprint scan                             build the index lookups use
          footprint know --request R.json --out DIR  the Right-to-Know response package
          footprint delete --request R.json --plan-out P  a deletion plan to review
          footprint datamap --format html --out M.html    the data map (after a scan)
          footprint request list                     the request log: what is due

        Exit codes: 0 complete; 1 usage or configuration error; 2 a source failed or was \
        only partly read (the results of the others are still printed).
        """,
        version: "0.1.0",
        subcommands: [Sources.self, Records.self, Normalize.self, Discover.self, Init.self, Scan.self, Index.self, Lookup.self, Know.self, Delete.self, Datamap.self, RequestCommand.self, Suppression.self]
    )
}

/// A run that finished but could not read everything: exit code 2.
struct IncompleteResults: Error {}
