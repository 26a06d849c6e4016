import ArgumentParser
import Foundation
import FootprintCore

// Exit codes are part of the contract (DESIGN §4): 0 complete, 1 usage or
// configuration error, 2 a source failed or was partial. ArgumentParser's own usage
// errors (64) are folded into 1.
// A closed stdout (`| head`) must end the command quietly, not kill it: see Output.
signal(SIGPIPE, SIG_IGN)
do {
    var command = try Footprint.parseAsRoot()
    try command.run()
} catch let error as ConfigError {
    Output.error("footprint: configuration error: \(error)")
    exit(1)
} catch let error as IdentityError {
    Output.error("footprint: \(error)")
    exit(1)
} catch is IncompleteResults {
    exit(2)
} catch {
    let code = Footprint.exitCode(for: error)
    if code == .success {
        Footprint.exit(withError: error)
    }
    Output.error(Footprint.fullMessage(for: error))
    exit(1)
}
