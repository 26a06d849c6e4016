// _GNU_SOURCE before any header: sync_file_range, O_DIRECT and statx are Linux extensions.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "CFileSync.h"

int footprint_start_writeback(int fd, long long offset, long long length) {
#ifdef __linux__
    return sync_file_range(fd, (off_t)offset, (off_t)length, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd; (void)offset; (void)length;
    return 0;
#endif
}

int footprint_open_direct(const char *path) {
#ifdef __linux__
    return open(path, O_WRONLY | O_DIRECT | O_CLOEXEC);
#else
    (void)path;
    errno = EINVAL;
    return -1;
#endif
}

long long footprint_direct_alignment(const char *path) {
    long long alignment = 4096;
#if defined(__linux__) && defined(STATX_DIOALIGN)
    struct statx info;
    if (statx(AT_FDCWD, path, 0, STATX_DIOALIGN, &info) == 0 && (info.stx_mask & STATX_DIOALIGN) && info.stx_dio_offset_align > 0) {
        long long needed = info.stx_dio_offset_align > info.stx_dio_mem_align ? info.stx_dio_offset_align : info.stx_dio_mem_align;
        if (needed > alignment) alignment = needed;
    }
#else
    (void)path;
#endif
    return alignment;
}
