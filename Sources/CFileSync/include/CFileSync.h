#ifndef CFILESYNC_H
#define CFILESYNC_H

/// Starts writing a range of a file's dirty pages to disk without waiting for it, so
/// that the fsync that ends a long rewrite has little left to do (Linux's
/// sync_file_range(SYNC_FILE_RANGE_WRITE), which Swift's Glibc module does not export).
/// Elsewhere it does nothing. Returns 0, or -1 with errno set.
int footprint_start_writeback(int fd, long long offset, long long length);

#endif
