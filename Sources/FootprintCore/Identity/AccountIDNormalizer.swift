/// Account ids are compared exactly — `namespace=value` — because an id is only
/// meaningful inside the system that issued it: CRM contact 1017 is not Stripe's 1017.
/// Only surrounding whitespace is trimmed.
public enum AccountIDNormalizer {
    /// Splits `crm=1017` into its namespace and value; nil when there is no `=`.
    public static func parse(_ text: String) -> (namespace: String, value: String)? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let namespace = String(Substring(text[..<eq]).trimmingWhitespace())
        let value = String(Substring(text[text.index(after: eq)...]).trimmingWhitespace())
        guard !namespace.isEmpty, !value.isEmpty else { return nil }
        return (namespace, value)
    }

    /// The key for a value found in a field of the given namespace.
    public static func key(namespace: String, value: String) -> String? {
        let trimmed = String(Substring(value).trimmingWhitespace())
        return trimmed.isEmpty ? nil : "\(namespace)=\(trimmed)"
    }
}
