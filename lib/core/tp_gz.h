/*
 * tp_gz.h: gzip input, a block source for the record reader.
 *
 * The reader asks a source for the next block of bytes; a plain input is
 * read(2) straight into the reader's buffer, a gzip input (RFC 1952, told
 * by its magic bytes) is inflated into it by zlib, block by block, so the
 * parser never sees the difference and plain input pays nothing.
 */
#ifndef TP_GZ_H
#define TP_GZ_H

#include <stddef.h>
#include <sys/types.h>

#include "core/tp_err.h"

struct tp_gz;

/* Whether p[0..n) starts a gzip stream (1f 8b), a zip archive (PK 3 4). */
int tp_gz_magic(const char *p, size_t n);
int tp_gz_zip_magic(const char *p, size_t n);

/* Start inflating an input whose first n bytes, p, were read already; the
 * rest comes from its file descriptor.  NULL when out of memory. */
struct tp_gz *tp_gz_open(const char *p, size_t n);
/*
 * Inflate up to n bytes into out, reading fd when the compressed bytes run
 * out; returns as soon as some bytes came out, so that a pipe is not
 * waited on for more than it has sent.  Returns the count, 0 at the end of
 * the last member, or -1 with err (65 for corrupt or truncated data, 74
 * for a read error) naming the input name.
 */
ssize_t tp_gz_read(struct tp_gz *g, int fd, char *out, size_t n,
    const char *name, struct tp_err *err);
void tp_gz_close(struct tp_gz *g);

#endif
