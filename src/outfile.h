/*
 * outfile: writing a whole file safely.
 *
 * The bytes go to a temporary file in the target's folder, with every
 * write, the flush, fsync and close checked; only then is it renamed over
 * the target. A full disk or an unwritable folder is an error, never a
 * truncated file, and a previous file at the target stays intact.
 */
#ifndef BAOCAO_OUTFILE_H
#define BAOCAO_OUTFILE_H

#include <stddef.h>

/* Returns 0, or an errno value. */
int outfile_write(const char *path, const void *data, size_t len);

/* Writes all of data to an open descriptor; 0 or an errno value. */
int outfile_write_fd(int fd, const void *data, size_t len);

/* Creates a folder and its parents (like mkdir -p); 0 or an errno value. */
int outfile_mkdirs(const char *path);

#endif
