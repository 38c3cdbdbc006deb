/* oauth.h - Battle.net client-credentials tokens: fetch, reuse, cache, refresh.
 *
 * A token is good for about a day. It is reused until shortly before it expires (the
 * margin is the smaller of BNET_OAUTH_MARGIN_S and a quarter of its lifetime, so short-lived
 * test tokens are still reused), and cached in a file of mode 0600 so that consecutive
 * runs do not each ask for one. The cache records which token URL and client id the
 * token belongs to: a token is never sent to a server it was not issued for. Neither the
 * token nor the secret ever appears in an error message.
 */
#ifndef WOWAH_BNET_OAUTH_H
#define WOWAH_BNET_OAUTH_H

#include <stdint.h>

#include "util/err.h"

#define BNET_OAUTH_MARGIN_S 300

struct bnet_oauth {
	char *url, *client_id, *secret;
	char *cache_path; /* NULL: no cache */
	char *token;      /* NULL until one is fetched or loaded */
	int64_t obtained_at, expires_at;
	long timeout_s;
	const char *cacert; /* CA file to trust instead of the system's (NULL: those); borrowed */
};

/* Copies its arguments. cache_path may be NULL. Release with bnet_oauth_release(). */
void bnet_oauth_init(struct bnet_oauth *o, const char *url, const char *client_id,
                     const char *secret, const char *cache_path);
void bnet_oauth_release(struct bnet_oauth *o);

/* A token valid for more than the margin at now (seconds): the one in memory, else the
 * cached one, else a fresh one from the server (which is then cached). *out stays valid
 * until the next call. WOWAH_EAUTH when the server refuses the credentials. */
int bnet_oauth_token(struct bnet_oauth *o, int64_t now, const char **out, struct err *e);

/* The server refused `rejected` (a 401): forget it, in memory and in the cache, unless a
 * newer token has replaced it already. */
void bnet_oauth_invalidate(struct bnet_oauth *o, const char *rejected);

/* Whether a token obtained at `obtained_at` and expiring at `expires_at` may still be
 * used at now. */
int bnet_oauth_usable(int64_t obtained_at, int64_t expires_at, int64_t now);

/* The cache file: written atomically with mode 0600. bnet_oauth_cache_read() returns
 * WOWAH_ENOTFOUND when there is no usable token for (url, client_id) at now, and refuses
 * a file that group or others may use (any of mode 077) with WOWAH_ECONFIG and one line,
 * which bnet_oauth_token() passes on; *token is the caller's to free. */
int bnet_oauth_cache_write(const char *path, const char *url, const char *client_id,
                           const char *token, int64_t obtained_at, int64_t expires_at,
                           struct err *e);
int bnet_oauth_cache_read(const char *path, const char *url, const char *client_id, int64_t now,
                          char **token, int64_t *obtained_at, int64_t *expires_at, struct err *e);

#endif
