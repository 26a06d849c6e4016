import Foundation
import FootprintCore

/// The vendor templates shipped with Footprint (connectors/HTTP/templates/, embedded in the
/// binary by scripts/gen-templates.py), or a template file of the user's own.
public enum BuiltinTemplates {
    public static var names: [String] { text.keys.sorted() }

    /// `template: hubspot` names a built-in one; `template: ./apis/crm.yaml` a file.
    static func load(_ reference: String, relativeTo base: String, node: ConfigNode) throws -> HTTPTemplate {
        if let yaml = text[reference] {
            return try TemplateParser.parse(try ConfigNode.parse(yaml: yaml, file: "templates/\(reference).yaml"), defaultName: reference)
        }
        guard reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") else {
            throw node.error("unknown template '\(reference)'", hint: "built in: \(names.joined(separator: ", ")); or give a path to a .yaml file")
        }
        let path = reference.hasPrefix("/") ? reference : (base as NSString).appendingPathComponent(reference)
        guard let data = FileManager.default.contents(atPath: path), let yaml = String(data: data, encoding: .utf8) else {
            throw node.error("cannot read the template file \(path)")
        }
        return try TemplateParser.parse(try ConfigNode.parse(yaml: yaml, file: path), defaultName: (path as NSString).lastPathComponent)
    }

    /// Every built-in template, parsed (for checking them).
    public static func all() throws -> [HTTPTemplate] {
        try names.map { name in try TemplateParser.parse(try ConfigNode.parse(yaml: text[name]!, file: "templates/\(name).yaml"), defaultName: name) }
    }
}
