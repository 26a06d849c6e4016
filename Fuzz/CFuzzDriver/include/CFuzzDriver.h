// libFuzzer's driver, for an executable whose main SwiftPM names itself (it links
// executables with main aliased to the module's entry point, so libFuzzer's own main is
// never used): the Swift entry point hands its arguments to this.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
