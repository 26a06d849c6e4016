// The libFuzzer entry point for every harness in FootprintFuzzChecks. Built only by
// `make fuzz` (FOOTPRINT_FUZZ=1, -sanitize=fuzzer), which picks the harness with
// FOOTPRINT_FUZZ_HARNESS=csv|json|zip|gzip|text|probe|normalize|yaml.
import FootprintFuzzChecks
import Glibc

let harness: FuzzHarness = {
    guard let raw = getenv("FOOTPRINT_FUZZ_HARNESS"), let found = FuzzHarness.named(String(cString: raw)) else {
        fatalError("set FOOTPRINT_FUZZ_HARNESS to one of: \(FuzzHarness.all.map(\.name).joined(separator: ", "))")
    }
    return found
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try harness.check(bytes)
    } catch {
        // A broken promise: trap, so that libFuzzer saves the input as a crash.
        fatalError("\(error)")
    }
    return 0
}
