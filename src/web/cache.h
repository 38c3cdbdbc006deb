/* cache.h - answers of the API kept by request, so that a page asked for again (the
 * same chart by many visitors, a poll) costs a lookup instead of a query.
 *
 * A report's answer depends only on the database and the request, and the database
 * changes only when web_db takes a new copy; the server clears the cache then, and keys
 * carry the generation too, so no answer outlives the data it came from. Bounded in
 * bytes: the least recently used answers go first. Thread-safe.
 */
#ifndef WOWAH_WEB_CACHE_H
#define WOWAH_WEB_CACHE_H

#include <stddef.h>

#include "util/buf.h"

struct web_cache;

struct web_cache *web_cache_new(size_t max_bytes);
void web_cache_free(struct web_cache *c);

/* On a hit, appends the body to out and returns 1 (*status gets its HTTP status). */
int web_cache_get(struct web_cache *c, const char *key, struct buf *out, int *status);
/* Keeps a copy of body[0..len) under key (replacing one), evicting as needed; a body
 * larger than an eighth of the bound is not kept. */
void web_cache_put(struct web_cache *c, const char *key, int status, const char *body, size_t len);
void web_cache_clear(struct web_cache *c);

#endif
