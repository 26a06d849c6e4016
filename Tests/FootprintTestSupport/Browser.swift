import Foundation

/// Headless Chromium (Debian's `chromium`, installed by scripts/setup.sh) for the HTML
/// outputs: it renders a file and returns the DOM, with every network request the page
/// could make routed to a recording proxy on 127.0.0.1, so a test can prove the page made
/// none. Chromium's own background calls to Google's update and time services go through
/// the proxy too; `pageRequests` leaves those out.
public enum Browser {
    public static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    public struct Rendering {
        public var dom: String
        /// Request lines the proxy saw ("GET http://host/…", "CONNECT host:443").
        public var requests: [String]

        /// The requests that did not come from Chromium's own services.
        public var pageRequests: [String] {
            requests.filter { line in
                !["google.com", "googleapis.com", "gstatic.com", "gvt1.com"].contains { line.contains("." + $0) || line.contains("//" + $0) || line.contains(" " + $0) }
            }
        }
    }

    public static func render(_ file: String, screenshot: String? = nil) throws -> Rendering {
        guard let chromium = path else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "chromium (apt install chromium)"]) }
        let log = NSTemporaryDirectory() + "footprint-proxy-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        // A recording proxy: one line per connection, then the connection is closed.
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        proxy.arguments = ["python3", "-c", """
            import socket, sys
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(32)
            print(s.getsockname()[1], flush=True)
            log = open(sys.argv[1], "a")
            while True:
                c, _ = s.accept()
                first = c.recv(4096).split(b"\\r\\n")[0].decode("latin1")
                log.write(first + "\\n"); log.flush(); c.close()
            """, log]
        let portPipe = Pipe()
        proxy.standardOutput = portPipe
        try proxy.run()
        defer { proxy.terminate(); kill(proxy.processIdentifier, SIGKILL) }
        let portLine = String(decoding: portPipe.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(portLine) else { throw CocoaError(.executableLoad) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        var arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-default-apps",
                         "--user-data-dir=" + NSTemporaryDirectory() + "footprint-chromium-\(UUID().uuidString)",
                         "--proxy-server=http://127.0.0.1:\(port)", "--proxy-bypass-list=<-loopback>"]
        if let screenshot { arguments += ["--screenshot=" + screenshot, "--window-size=1000,2600", "--hide-scrollbars"] } else { arguments.append("--dump-dom") }
        process.arguments = arguments + [URL(fileURLWithPath: file).absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.2) // the proxy's last lines
        let requests = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        return Rendering(dom: String(decoding: dom, as: UTF8.self), requests: requests)
    }
}
