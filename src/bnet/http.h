/* http.h - the HTTP engine: many GETs at once over libcurl's multi interface.
 *
 * Requests are queued with callbacks and run by one loop (bnet_http_run) that keeps at most
 * `concurrency` transfers in flight, takes every attempt from the process's one rate
 * limiter, and retries what deserves it: curl errors (timeouts, stalls, connections
 * cut mid-body), 429 and 5xx answers, and bodies the caller's callbacks reject
 * (truncated or malformed JSON), with backoff, jitter and the server's Retry-After.
 * A 401 on an authenticated request refreshes the OAuth token once and tries again.
 *
 * Bodies are never collected: each chunk of a 200 answer goes to on_body as it
 * arrives, so the caller can parse while downloading. Callbacks may queue more
 * requests. Everything runs on the caller's thread.
 */
#ifndef WOWAH_BNET_HTTP_H
#define WOWAH_BNET_HTTP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "bnet/oauth.h"
#include "bnet/ratelimit.h"
#include "bnet/retry.h"
#include "util/err.h"

struct bnet_http_result {
	int rc;                /* WOWAH_OK, or why the request failed for good */
	long status;           /* HTTP status of the last attempt; 0 when none came */
	int64_t last_modified; /* Last-Modified in seconds, 0 when absent or unreadable */
	int attempts;
	const char *error_body; /* start of a non-200 body (NUL-terminated), or "" */
};

struct bnet_http_request {
	const char *url;           /* copied */
	int64_t if_modified_since; /* seconds; 0 sends none */
	int auth;                  /* send the OAuth bearer token */
	void *ud;
	/* Before each attempt: forget whatever an earlier attempt delivered. May be NULL. */
	void (*on_start)(void *ud);
	/* A chunk of a 200 body. Nonzero (with e set) abandons the attempt and retries. */
	int (*on_body)(void *ud, const char *data, size_t len, struct err *e);
	/* The request's answer. With r->rc == WOWAH_OK, returning nonzero (with e set)
	 * rejects a 200 body (truncated, malformed) and retries. With r->rc != 0 the request
	 * has failed for good, e says why, and the return value is ignored. Called once with
	 * r->rc != 0 at most, and never after a 0 return. */
	int (*on_done)(void *ud, const struct bnet_http_result *r, struct err *e);
};

struct bnet_http_opts {
	int concurrency;                /* transfers in flight (default 8) */
	int per_second, per_hour;       /* rate limits (0: Blizzard's) */
	struct bnet_retry_policy retry; /* zeroed: BNET_RETRY_POLICY_DEFAULT */
	long connect_timeout_s;         /* default 10 */
	long low_speed_time_s;          /* abort a transfer slower than 1 KB/s for this long (30) */
	const char *cacert;             /* CA file to trust instead of the system's (NULL) */
	struct bnet_oauth *oauth;       /* NULL: no request may ask for auth */
	volatile sig_atomic_t *stop;    /* when it becomes nonzero, bnet_http_run winds down */
	/* Called about every tick_ms while bnet_http_run runs (progress). May be NULL. */
	void (*on_tick)(void *ud);
	void *tick_ud;
	int64_t tick_ms;
};

struct bnet_http_stats {
	uint64_t requests;   /* attempts started */
	uint64_t retries;    /* attempts that were retries */
	uint64_t responses;  /* requests finished (any way) */
	uint64_t body_bytes; /* bytes handed to on_body, after decompression */
	uint64_t status_429, status_5xx, transport_errors, rejected_bodies, not_modified;
};

struct bnet_http;

/* Starts the engine (after bnet_global_init(), bnet/bnet.h). */
int bnet_http_new(struct bnet_http **out, const struct bnet_http_opts *o, struct err *e);
/* Transfers still queued are finished with WOWAH_EINTERRUPTED first. */
void bnet_http_free(struct bnet_http *h);

/* Queues a GET. Its on_done will be called from within bnet_http_run. */
void bnet_http_get(struct bnet_http *h, const struct bnet_http_request *r);

/* Runs until nothing is queued or in flight, or *stop. Returns WOWAH_OK, or
 * WOWAH_EINTERRUPTED when stopped (every queued request got on_done with that code). */
int bnet_http_run(struct bnet_http *h, struct err *e);

/* Makes bnet_http_run wind down as if *stop had been set (a caller that saw a fatal error). */
void bnet_http_cancel(struct bnet_http *h);

/* Requests queued or in flight. */
size_t bnet_http_pending(const struct bnet_http *h);

const struct bnet_http_stats *bnet_http_stats(const struct bnet_http *h);

#endif
