#ifndef CFILESYNC_H
#define CFILESYNC_H

/// Starts writing a range of a file's dirty pages to disk without waiting for it, so
/// that the fsync that ends a long rewrite has little left to do (Linux's
/// sync_file_range(SYNC_FILE_RANGE_WRITE), which Swift's Glibc module does not export).
/// Elsewhere it does nothing. Returns 0, or -1 with errno set.
int footprint_start_writeback(int fd, long long offset, long long length);

/// Opens an existing file for writing past the page cache (Linux's O_DIRECT, which
/// Swift's Glibc module does not export). Returns the descriptor, or -1 with errno set
/// (EINVAL where the filesystem cannot, as tmpfs; always -1 elsewhere).
int footprint_open_direct(const char *path);

/// The alignment, in bytes, that direct writes to this file's filesystem need of their
/// offsets, lengths and buffers (statx's STATX_DIOALIGN where the kernel tells, else 4096).
long long footprint_direct_alignment(const char *path);

#endif
