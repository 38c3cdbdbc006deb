/* http.c - a GET engine over curl multi: bounded concurrency, one rate limiter,
 * retries with backoff, streaming bodies. */
#include "bnet/http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bnet/tls.h"
#include "util/buf.h"
#include "util/ts.h"

#define ERROR_BODY_MAX 2048
#define POLL_MAX_MS    100

struct xfer {
	struct bnet_http *h;
	struct bnet_http_request req;
	char *url;
	CURL *easy;
	struct curl_slist *headers;
	char *token_used; /* the bearer token this attempt sent */
	int attempts, throttled, refreshed;
	int64_t not_before_ms;
	int body_failed;
	struct err body_err;
	struct buf error_body;
	struct xfer *next, *live_next;
};

struct bnet_http {
	struct bnet_http_opts o;
	CURLM *multi;
	struct bnet_ratelimit rl;
	struct xfer *queue, *queue_tail; /* waiting to start, in order */
	struct xfer *live;               /* in flight (linked through live_next) */
	size_t inflight, queued;
	int64_t paused_until_ms; /* a 429's Retry-After holds every request back */
	int cancelled;
	uint64_t rng;
	struct bnet_http_stats stats;
};

int bnet_http_new(struct bnet_http **out, const struct bnet_http_opts *o, struct err *e)
{
	struct bnet_http *h = xcalloc(1, sizeof(*h));
	static const struct bnet_retry_policy defaults = BNET_RETRY_POLICY_DEFAULT;

	h->o = *o;
	if (h->o.concurrency <= 0)
		h->o.concurrency = 8;
	if (h->o.retry.max_attempts <= 0)
		h->o.retry = defaults;
	if (h->o.connect_timeout_s <= 0)
		h->o.connect_timeout_s = 10;
	if (h->o.low_speed_time_s <= 0)
		h->o.low_speed_time_s = 30;
	if (h->o.tick_ms <= 0)
		h->o.tick_ms = 200;
	h->multi = curl_multi_init();
	if (!h->multi) {
		free(h);
		return err_set(e, WOWAH_ENOMEM, "cannot start the HTTP engine");
	}
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)h->o.concurrency);
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, (long)h->o.concurrency + 2);
	bnet_rl_init(&h->rl, h->o.per_second, h->o.per_hour);
	h->rng = (uint64_t)ts_now_ms() * 2654435761u ^ (uint64_t)getpid() ^ 0x9e3779b97f4a7c15u;
	*out = h;
	return WOWAH_OK;
}

static void xfer_free(struct xfer *x)
{
	if (x->token_used) {
		explicit_bzero(x->token_used, strlen(x->token_used));
		free(x->token_used);
	}
	curl_slist_free_all(x->headers);
	buf_release(&x->error_body);
	free(x->url);
	free(x);
}

/* Appends x (whose next is NULL) to the waiting queue. */
static void enqueue(struct bnet_http *h, struct xfer *x)
{
	if (h->queue_tail)
		h->queue_tail->next = x;
	else
		h->queue = x;
	h->queue_tail = x;
	h->queued++;
}

void bnet_http_get(struct bnet_http *h, const struct bnet_http_request *r)
{
	struct xfer *x = xcalloc(1, sizeof(*x));

	x->h = h;
	x->req = *r;
	x->url = xstrdup(r->url);
	x->req.url = x->url;
	enqueue(h, x);
}

static void enqueue_retry(struct bnet_http *h, struct xfer *x, int64_t delay_ms)
{
	x->not_before_ms = ts_now_ms() + delay_ms;
	x->next = NULL;
	enqueue(h, x);
}

void bnet_http_cancel(struct bnet_http *h)
{
	h->cancelled = 1;
}

size_t bnet_http_pending(const struct bnet_http *h)
{
	return h->queued + h->inflight;
}

const struct bnet_http_stats *bnet_http_stats(const struct bnet_http *h)
{
	return &h->stats;
}

static size_t on_write(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	long status = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		size_t room = ERROR_BODY_MAX - x->error_body.len;
		buf_append(&x->error_body, data, n < room ? n : room);
		return n;
	}
	x->h->stats.body_bytes += n;
	if (x->req.on_body && x->req.on_body(x->req.ud, data, n, &x->body_err) != 0) {
		x->body_failed = 1;
		return CURL_WRITEFUNC_ERROR;
	}
	return n;
}

/* Finishes x for good: on_done with the error, then frees it. */
static void give_up(struct bnet_http *h, struct xfer *x, long status, int rc, struct err *why)
{
	struct bnet_http_result r = {rc, status, 0, x->attempts, ""};

	h->stats.responses++;
	x->req.on_done(x->req.ud, &r, why);
	xfer_free(x);
}

static int start(struct bnet_http *h, struct xfer *x, struct err *e)
{
	char ims[TS_HTTP_LEN + 32];
	const char *token;
	struct buf auth = BUF_INIT;
	int rc;

	/* counted first: an attempt that fails before it is sent (no token) still counts */
	if (x->attempts++ > 0)
		h->stats.retries++;
	h->stats.requests++;
	x->easy = curl_easy_init();
	if (!x->easy)
		return err_set(e, WOWAH_ENOMEM, "cannot start a transfer");
	curl_slist_free_all(x->headers);
	x->headers = NULL;
	if (x->req.auth) {
		if (!h->o.oauth)
			return err_set(e, WOWAH_ECONFIG, "no OAuth credentials for %s", x->url);
		rc = bnet_oauth_token(h->o.oauth, ts_now(), &token, e);
		if (rc)
			return rc;
		free(x->token_used);
		x->token_used = xstrdup(token);
		buf_printf(&auth, "Authorization: Bearer %s", token);
		x->headers = curl_slist_append(x->headers, auth.data);
		explicit_bzero(auth.data, auth.len);
		buf_release(&auth);
	}
	if (x->req.if_modified_since > 0) {
		char when[TS_HTTP_LEN];
		ts_format_http(x->req.if_modified_since, when);
		snprintf(ims, sizeof(ims), "If-Modified-Since: %s", when);
		x->headers = curl_slist_append(x->headers, ims);
	}
	curl_easy_setopt(x->easy, CURLOPT_URL, x->url);
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(x->easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(x->easy, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT, h->o.connect_timeout_s);
	curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_TIME, h->o.low_speed_time_s);
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->easy, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_USERAGENT, "wowah/" WOWAH_VERSION);
	bnet_tls_setup(x->easy, h->o.cacert);
	x->body_failed = 0;
	err_clear(&x->body_err);
	buf_reset(&x->error_body);
	if (x->req.on_start)
		x->req.on_start(x->req.ud);
	if (curl_multi_add_handle(h->multi, x->easy) != CURLM_OK)
		return err_set(e, WOWAH_EHTTP, "cannot start a transfer to %s", x->url);
	x->live_next = h->live;
	h->live = x;
	h->inflight++;
	return WOWAH_OK;
}

static void unlink_live(struct bnet_http *h, struct xfer *x)
{
	for (struct xfer **p = &h->live; *p; p = &(*p)->live_next) {
		if (*p == x) {
			*p = x->live_next;
			x->live_next = NULL;
			h->inflight--;
			return;
		}
	}
}

static void release_easy(struct bnet_http *h, struct xfer *x)
{
	if (!x->easy)
		return;
	curl_multi_remove_handle(h->multi, x->easy);
	curl_easy_cleanup(x->easy);
	x->easy = NULL;
}

/* Retries x after the backoff, or gives up when it has had its attempts. A 429 has its
 * own, larger budget: being told to slow down is not the request's fault. */
static void retry_or_fail(struct bnet_http *h, struct xfer *x, long status, int64_t after_ms,
                          int rc, struct err *why)
{
	int used = status == 429 ? x->throttled : x->attempts - x->throttled;
	int budget = h->o.retry.max_attempts * (status == 429 ? 4 : 1);
	int64_t delay;

	if (used >= budget) {
		char msg[sizeof(why->msg)];
		memcpy(msg, why->msg, sizeof(msg));
		err_set(why, why->code ? why->code : rc, "%s (after %d attempts)", msg,
		        x->attempts);
		give_up(h, x, status, rc, why);
		return;
	}
	delay = bnet_retry_delay_ms(&h->o.retry, used - 1, after_ms, bnet_retry_uniform(&h->rng));
	if (status == 429 && after_ms > 0 && ts_now_ms() + after_ms > h->paused_until_ms)
		h->paused_until_ms = ts_now_ms() + after_ms;
	enqueue_retry(h, x, delay);
}

static int64_t header_time(CURL *easy, const char *name)
{
	struct curl_header *hd;
	int64_t t;

	if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &hd) != CURLHE_OK)
		return 0;
	return ts_parse_http(hd->value, &t) == 0 ? t : 0;
}

static int64_t retry_after(CURL *easy)
{
	struct curl_header *hd;

	if (curl_easy_header(easy, "Retry-After", 0, CURLH_HEADER, -1, &hd) != CURLHE_OK)
		return -1;
	return bnet_retry_parse_after(hd->value, ts_now());
}

static void finished(struct bnet_http *h, struct xfer *x, CURLcode cc)
{
	struct bnet_http_result r = {WOWAH_OK, 0, 0, 0, ""};
	struct err why = {0};
	long status = 0;
	int64_t after;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	r.status = status;
	r.attempts = x->attempts;
	unlink_live(h, x);
	if (x->body_failed) {
		h->stats.rejected_bodies++;
		why = x->body_err;
		release_easy(h, x);
		retry_or_fail(h, x, status, -1, why.code ? why.code : WOWAH_EPARSE, &why);
		return;
	}
	if (cc != CURLE_OK) {
		h->stats.transport_errors++;
		err_set(&why, cc == CURLE_OPERATION_TIMEDOUT ? WOWAH_ETIMEOUT : WOWAH_EHTTP,
		        "GET %s: %s", x->url, bnet_tls_why(cc, h->o.cacert));
		release_easy(h, x);
		retry_or_fail(h, x, status, -1, why.code, &why);
		return;
	}
	if (status == 401 && x->req.auth && !x->refreshed) {
		x->refreshed = 1;
		bnet_oauth_invalidate(h->o.oauth, x->token_used);
		release_easy(h, x);
		enqueue_retry(h, x, 0);
		return;
	}
	if (status == 429 || status >= 500) {
		after = retry_after(x->easy);
		if (status == 429) {
			h->stats.status_429++;
			x->throttled++;
		} else {
			h->stats.status_5xx++;
		}
		err_set(&why, WOWAH_EHTTP, "GET %s: HTTP %ld", x->url, status);
		release_easy(h, x);
		retry_or_fail(h, x, status, after, WOWAH_EHTTP, &why);
		return;
	}
	if (status == 401) {
		err_set(&why, WOWAH_EAUTH,
		        "GET %s: HTTP 401 with a fresh token: check BLIZZARD_API_CLIENT_ID and "
		        "BLIZZARD_API_CLIENT_SECRET",
		        x->url);
		release_easy(h, x);
		give_up(h, x, status, WOWAH_EAUTH, &why);
		return;
	}
	if (status == 304)
		h->stats.not_modified++;
	r.last_modified = header_time(x->easy, "Last-Modified");
	r.error_body = x->error_body.data ? x->error_body.data : "";
	release_easy(h, x);
	if (x->req.on_done(x->req.ud, &r, &why) != 0) {
		h->stats.rejected_bodies++;
		retry_or_fail(h, x, status, -1, why.code ? why.code : WOWAH_EPARSE, &why);
		return;
	}
	h->stats.responses++;
	xfer_free(x);
}

/* Moves ready requests from the queue into flight while the limits allow; returns
 * how long the loop may sleep before something else becomes ready. */
static int64_t start_ready(struct bnet_http *h)
{
	struct xfer *x, *prev = NULL, *next;
	int64_t now = ts_now_ms(), sleep_ms = POLL_MAX_MS, wait;
	struct err e = {0};

	if (h->paused_until_ms > now)
		return h->paused_until_ms - now < sleep_ms ? h->paused_until_ms - now : sleep_ms;
	for (x = h->queue; x && h->inflight < (size_t)h->o.concurrency; x = next) {
		next = x->next;
		if (x->not_before_ms > now) {
			if (x->not_before_ms - now < sleep_ms)
				sleep_ms = x->not_before_ms - now;
			prev = x;
			continue;
		}
		wait = bnet_rl_acquire(&h->rl, now);
		if (wait > 0)
			return wait < sleep_ms ? wait : sleep_ms;
		if (prev)
			prev->next = next;
		else
			h->queue = next;
		if (h->queue_tail == x)
			h->queue_tail = prev;
		x->next = NULL;
		h->queued--;
		if (start(h, x, &e) != 0) {
			release_easy(h, x);
			if (e.code == WOWAH_EAUTH || e.code == WOWAH_ECONFIG)
				give_up(h, x, 0, e.code, &e);
			else
				retry_or_fail(h, x, 0, -1, e.code, &e);
			err_clear(&e);
		}
	}
	return sleep_ms;
}

static void drain_messages(struct bnet_http *h)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(h->multi, &left))) {
		struct xfer *x;
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		finished(h, x, m->data.result);
	}
}

/* Ends everything queued or in flight with WOWAH_EINTERRUPTED. */
static void abandon_all(struct bnet_http *h)
{
	struct err why;

	err_set(&why, WOWAH_EINTERRUPTED, "interrupted");
	while (h->live) {
		struct xfer *x = h->live;
		unlink_live(h, x);
		release_easy(h, x);
		give_up(h, x, 0, WOWAH_EINTERRUPTED, &why);
	}
	while (h->queue) {
		struct xfer *x = h->queue;
		h->queue = x->next;
		h->queued--;
		give_up(h, x, 0, WOWAH_EINTERRUPTED, &why);
	}
	h->queue_tail = NULL;
}

int bnet_http_run(struct bnet_http *h, struct err *e)
{
	int64_t next_tick = ts_now_ms() + h->o.tick_ms, sleep_ms;
	int running;

	while (bnet_http_pending(h) > 0) {
		if (h->cancelled || (h->o.stop && *h->o.stop)) {
			h->cancelled = 0;
			abandon_all(h);
			return err_set(e, WOWAH_EINTERRUPTED, "interrupted");
		}
		sleep_ms = start_ready(h);
		if (curl_multi_poll(h->multi, NULL, 0, (int)(sleep_ms > 0 ? sleep_ms : 0), NULL) !=
		    CURLM_OK)
			return err_set(e, WOWAH_EHTTP, "the HTTP engine failed to poll");
		curl_multi_perform(h->multi, &running);
		drain_messages(h);
		if (h->o.on_tick && ts_now_ms() >= next_tick) {
			h->o.on_tick(h->o.tick_ud);
			next_tick = ts_now_ms() + h->o.tick_ms;
		}
	}
	return WOWAH_OK;
}

void bnet_http_free(struct bnet_http *h)
{
	if (!h)
		return;
	abandon_all(h);
	curl_multi_cleanup(h->multi);
	bnet_rl_release(&h->rl);
	free(h);
}
