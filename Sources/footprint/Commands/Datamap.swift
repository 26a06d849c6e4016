import ArgumentParser
import Foundation
import FootprintCore
import FootprintReports

struct Datamap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datamap",
        abstract: "The organisation's data map: systems, fields, undeclared personal data, the CCPA notice table, the GDPR Art. 30 record.",
        discussion: """
        Built from each source's `system:` facts and the organisation's in footprint.yaml, and \
        from what the last `footprint scan` observed in the data: per field, how many values \
        looked like emails, phone numbers, SSNs, card numbers and the other kinds (counts only; \
        no value is ever in the map). A field whose values show personal data its mapping does \
        not declare — an unmapped column of emails, phone numbers typed into Notes — is listed \
        under Undeclared. Without an index the map has the declared facts only: run \
        `footprint scan` first.

        Formats: json (schema footprint.datamap/1, to stdout or --out FILE), csv (one file per \
        sheet into the folder --out DIR), html (one self-contained page with the flow diagram \
        laid out by Graphviz, to stdout or --out FILE), xlsx (a workbook with the sheets \
        Systems, Fields, Undeclared, CCPA notice and Art. 30; needs --out FILE).
        """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "json, csv, html or xlsx.") var format = "json"
    @Option(help: "Where to write it (a file; a folder for csv).") var out: String?

    func validate() throws {
        guard ["json", "csv", "html", "xlsx"].contains(format) else { throw ValidationError("--format must be json, csv, html or xlsx") }
        if format == "csv" || format == "xlsx", out == nil { throw ValidationError("--format \(format) writes files: give --out \(format == "csv" ? "FOLDER" : "FILE.xlsx")") }
    }

    func run() throws {
        let workspace = try Workspace(options)
        let map = try Self.build(workspace)
        switch format {
        case "json": try emit(Array(DataMapJSON.render(map).utf8))
        case "html": try emit(Array(DataMapHTML.render(map, diagram: try? Self.layout(DataMapDiagram.dot(map))).utf8))
        case "csv":
            try KnowPackageWriter.writeFolder(DataMapCSV.files(map), to: out!)
            Output.write("wrote \(out!) (\(DataMapSheets.sheets(map).map(\.file).joined(separator: ", ")))\n")
        default:
            try AtomicFile.write(try DataMapXLSX.workbook(map), to: out!)
            Output.write("wrote \(out!) (sheets: \(DataMapSheets.sheets(map).map(\.name).joined(separator: ", ")))\n")
        }
        if !map.undeclared.isEmpty {
            Output.error("footprint: \(map.undeclared.count) field(s) hold personal data the configuration does not declare (see Undeclared)")
        }
    }

    private func emit(_ bytes: [UInt8]) throws {
        if let out {
            try AtomicFile.write(bytes, to: out)
            Output.write("wrote \(out)\n")
        } else {
            Output.write(String(decoding: bytes, as: UTF8.self))
        }
    }

    static func build(_ workspace: Workspace) throws -> DataMap {
        var observed: [DataMapBuilder.Observed] = []
        if let index = try workspace.existingIndex() {
            for (container, fields) in try index.store.observations() {
                observed.append(DataMapBuilder.Observed(source: container.source, container: container.name, records: container.records,
                                                        identifiers: container.identifiers, scanned: container.scannedAt, fields: fields))
            }
        }
        let connectors = Dictionary(workspace.config.sources.compactMap { source in
            (try? workspace.connector(for: source, validate: false)).map { (source.name, $0) }
        }, uniquingKeysWith: { first, _ in first })
        return DataMapBuilder.build(organisation: workspace.config.organisation, sources: workspace.config.sources, observed: observed,
                                    mappings: { source, container in connectors[source.name]?.mappings(for: container) ?? source.fields })
    }

    /// The diagram laid out by Graphviz's `dot`, as SVG.
    static func layout(_ dot: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["dot", "-Tsvg"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(dot.utf8))
        try input.fileHandleForWriting.close()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ConfigError("Graphviz's dot failed to lay out the diagram", hint: "install graphviz (apt-get install graphviz)") }
        return String(decoding: svg, as: UTF8.self)
    }
}
