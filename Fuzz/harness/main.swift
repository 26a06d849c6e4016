// The libFuzzer entry point for every harness in FootprintFuzzChecks. Built only by
// scripts/fuzz.sh (FOOTPRINT_FUZZ=1, -sanitize=fuzzer), which picks the harness with
// FOOTPRINT_FUZZ_HARNESS=csv|json|zip|gzip|text|probe|normalize|yaml.
import CFuzzDriver
import FootprintFuzzChecks
import Glibc

guard let raw = getenv("FOOTPRINT_FUZZ_HARNESS"), let chosen = FuzzHarness.named(String(cString: raw)) else {
    fatalError("set FOOTPRINT_FUZZ_HARNESS to one of: \(FuzzHarness.all.map(\.name).joined(separator: ", "))")
}
nonisolated(unsafe) var harness = chosen

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try harness.check(bytes)
    } catch {
        // A broken promise: abort, so that libFuzzer saves the input as a crash.
        let message = "footprint-fuzz: \(error)\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        abort()
    }
    return 0
})
