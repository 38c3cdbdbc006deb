/* buf.h - a growable byte buffer (always NUL-terminated when non-empty).
 *
 * Caller-owned struct: buf_init() / buf_release(). buf_detach() hands the bytes to the
 * caller, who frees them with free(). Allocation failure aborts: a process that cannot
 * get a few more bytes for a string has nothing sensible left to do.
 */
#ifndef WOWAH_UTIL_BUF_H
#define WOWAH_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

/* clang-format off */
#define BUF_INIT {NULL, 0, 0}
/* clang-format on */

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_reset(struct buf *b); /* len = 0, keeps the memory */
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_put_i64(struct buf *b, int64_t v); /* decimal, fast */
char *buf_detach(struct buf *b, size_t *out_len);

/* Appends s (len bytes of UTF-8) as a JSON string literal, quotes included. */
void buf_put_json_string(struct buf *b, const char *s, size_t len);

/* Aborting allocators for the rare places where failure cannot be handled. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* xstrdup(s), or NULL for NULL (an optional setting). */
char *xstrdup_or_null(const char *s);

#endif
