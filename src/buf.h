/*
 * buf: a growable byte buffer, always NUL-terminated, with an optional cap.
 *
 * Every string the program builds goes through one of these (after cmark's
 * buffer.h and curl's dynbuf). A write that would pass the cap is refused
 * whole, leaves the buffer as it was and returns -1, so callers can turn
 * "too long" into a diagnostic instead of a crash.
 */
#ifndef BAOCAO_BUF_H
#define BAOCAO_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data;   /* NUL-terminated; "" (static) until the first write */
    size_t len;   /* bytes used, not counting the NUL */
    size_t cap;   /* bytes allocated */
    size_t max;   /* most bytes the buffer may hold; 0 means no cap */
} buf;

/* Caller-owned: init before use, release after. */
void buf_init(buf *b, size_t max);
void buf_release(buf *b);
void buf_clear(buf *b);

/* Appends; 0 on success, -1 when the cap would be passed (nothing written). */
int buf_put(buf *b, const void *s, size_t n);
int buf_puts(buf *b, const char *s);
int buf_putc(buf *b, char c);
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Hands the bytes to the caller (free() them) and leaves b empty. */
char *buf_detach(buf *b);

#endif
