// _GNU_SOURCE before any header: sync_file_range is a Linux extension.
#define _GNU_SOURCE
#include <fcntl.h>
#include "CFileSync.h"

int footprint_start_writeback(int fd, long long offset, long long length) {
#ifdef __linux__
    return sync_file_range(fd, (off_t)offset, (off_t)length, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd; (void)offset; (void)length;
    return 0;
#endif
}
