import Foundation

/// One request as the HTTP client sends it: method, URL, headers, body. Shaped like
/// Foundation's URLRequest (which lives in FoundationNetworking, the library that would
/// load libcurl at every start-up; see CLibCurl.h). Header values are hostile input —
/// template values filled from a request — so line breaks never reach the wire.
struct HTTPRequest {
    var url: URL?
    var httpMethod: String? = "GET"
    var httpBody: Data?
    private(set) var headers: [(name: String, value: String)] = []

    init(url: URL) {
        self.url = url
    }

    /// Sets (or replaces) one header; CR, LF and NUL are removed so that a value can never
    /// end the header and start another.
    mutating func setValue(_ value: String, forHTTPHeaderField name: String) {
        let clean = { (text: String) in String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" }) }
        headers.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        headers.append((clean(name), clean(value)))
    }

    func value(forHTTPHeaderField name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
