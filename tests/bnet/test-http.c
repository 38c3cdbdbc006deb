/* test-http.c - the engine against a real loopback server: streaming bodies,
 * If-Modified-Since, retries (5xx, 429 + Retry-After, cut bodies, rejected bodies),
 * token refresh on 401, bounded concurrency, the rate limit, stalls and stopping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bnet/bnet.h"
#include "bnet/http.h"
#include "testsrv.h"
#include "util/buf.h"
#include "util/ts.h"

#define LM   "Fri, 27 Nov 2026 13:04:12 GMT"
#define LM_T 1795784652

/* What the server does, by path prefix; counters are per server. */
struct server {
	atomic_int hits, token_hits, failures_left;
	atomic_int good_token; /* the token number /token issues last */
	char big[200000];
};

static void handler(void *ud, const struct tsrv_req *req, struct tsrv_resp *resp)
{
	struct server *s = ud;
	static __thread char tokbody[128];
	int hit = atomic_fetch_add(&s->hits, 1);
	(void)hit;

	resp->last_modified = LM;
	if (strcmp(req->path, "/token") == 0) {
		int n = atomic_fetch_add(&s->token_hits, 1) + 1;
		atomic_store(&s->good_token, n);
		snprintf(
		        tokbody, sizeof(tokbody),
		        "{\"access_token\":\"t%d\",\"token_type\":\"bearer\",\"expires_in\":86399}",
		        n);
		resp->body = tokbody;
		resp->last_modified = NULL;
		return;
	}
	if (strcmp(req->path, "/big") == 0) {
		resp->body = s->big;
		return;
	}
	if (strcmp(req->path, "/ims") == 0) {
		if (req->if_modified_since && strcmp(req->if_modified_since, LM) == 0)
			resp->status = 304;
		else
			resp->body = "{\"fresh\":true}";
		return;
	}
	if (strcmp(req->path, "/flaky") == 0) {
		if (atomic_fetch_sub(&s->failures_left, 1) > 0) {
			resp->status = 503;
			resp->body = "{\"code\":503}";
			return;
		}
		resp->body = "{\"ok\":1}";
		return;
	}
	if (strcmp(req->path, "/down") == 0) {
		resp->status = 500;
		resp->body = "{\"code\":500}";
		return;
	}
	if (strcmp(req->path, "/throttle") == 0) {
		if (atomic_fetch_sub(&s->failures_left, 1) > 0) {
			resp->status = 429;
			resp->retry_after = "1";
			resp->body = "{\"code\":429}";
			return;
		}
		resp->body = "{\"ok\":1}";
		return;
	}
	if (strcmp(req->path, "/cut") == 0) {
		resp->body = s->big;
		if (atomic_fetch_sub(&s->failures_left, 1) > 0)
			resp->cut_at = 50000;
		return;
	}
	if (strcmp(req->path, "/auth") == 0) {
		char want[64];
		snprintf(want, sizeof(want), "Bearer t%d", atomic_load(&s->good_token));
		if (!req->authorization || strcmp(req->authorization, want) != 0) {
			resp->status = 401;
			resp->body = "{\"code\":401}";
			return;
		}
		resp->body = "{\"ok\":1}";
		return;
	}
	if (strcmp(req->path, "/never-auth") == 0) {
		resp->status = 401;
		return;
	}
	if (strncmp(req->path, "/slow", 5) == 0) {
		resp->delay_ms = 100;
		resp->body = "{}";
		return;
	}
	if (strcmp(req->path, "/stall") == 0) {
		resp->delay_ms = 3000;
		return;
	}
	resp->status = 404;
	resp->body = "{\"code\":404,\"detail\":\"Not Found\"}";
}

/* One request's view, as a pull would keep it. */
struct call {
	struct buf body;
	int starts, done, rc, rejects_left;
	long status;
	int64_t last_modified;
	int attempts;
	char error_body[128];
	volatile sig_atomic_t *stop_on_done;
};

static void on_start(void *ud)
{
	struct call *c = ud;
	c->starts++;
	buf_reset(&c->body);
}

static int on_body(void *ud, const char *data, size_t len, struct err *e)
{
	struct call *c = ud;
	(void)e;
	buf_append(&c->body, data, len);
	return 0;
}

static int on_done(void *ud, const struct bnet_http_result *r, struct err *e)
{
	struct call *c = ud;

	if (r->rc == 0 && c->rejects_left > 0) {
		c->rejects_left--;
		return err_set(e, WOWAH_EPARSE, "body rejected by the test");
	}
	c->done++;
	c->rc = r->rc;
	c->status = r->status;
	c->last_modified = r->last_modified;
	c->attempts = r->attempts;
	snprintf(c->error_body, sizeof(c->error_body), "%s", r->error_body);
	if (c->stop_on_done)
		*c->stop_on_done = 1;
	return 0;
}

struct fixture {
	struct server srv;
	struct tsrv *ts;
	struct bnet_oauth oauth;
	struct bnet_http_opts opts;
	struct bnet_http *h;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct buf url = BUF_INIT;

	for (size_t i = 0; i + 1 < sizeof(f->srv.big); i++)
		f->srv.big[i] = (char)('a' + i % 26);
	f->ts = tsrv_start(handler, &f->srv);
	assert_non_null(f->ts);
	buf_printf(&url, "%s/token", tsrv_url(f->ts));
	bnet_oauth_init(&f->oauth, url.data, "id", "secret", NULL);
	buf_release(&url);
	f->opts.concurrency = 4;
	f->opts.retry = (struct bnet_retry_policy){4, 10, 100, 5000};
	f->opts.oauth = &f->oauth;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	bnet_http_free(f->h);
	bnet_oauth_release(&f->oauth);
	tsrv_stop(f->ts);
	free(f);
	return 0;
}

static void get(struct fixture *f, const char *path, int auth, int64_t ims, struct call *c)
{
	struct buf url = BUF_INIT;
	struct bnet_http_request r = {0};

	if (!f->h) {
		struct err e = {0};
		assert_int_equal(bnet_http_new(&f->h, &f->opts, &e), 0);
	}
	buf_printf(&url, "%s%s", tsrv_url(f->ts), path);
	r.url = url.data;
	r.auth = auth;
	r.if_modified_since = ims;
	r.ud = c;
	r.on_start = on_start;
	r.on_body = on_body;
	r.on_done = on_done;
	bnet_http_get(f->h, &r);
	buf_release(&url);
}

static int run(struct fixture *f)
{
	struct err e = {0};
	return bnet_http_run(f->h, &e);
}

static void streams_a_body(void **state)
{
	struct fixture *f = *state;
	struct call c = {0};

	get(f, "/big", 0, 0, &c);
	assert_int_equal(run(f), 0);
	assert_int_equal(c.done, 1);
	assert_int_equal(c.rc, 0);
	assert_int_equal(c.status, 200);
	assert_int_equal(c.last_modified, LM_T);
	assert_int_equal(c.body.len, strlen(f->srv.big));
	assert_memory_equal(c.body.data, f->srv.big, c.body.len);
	assert_int_equal(bnet_http_stats(f->h)->body_bytes, strlen(f->srv.big));
	buf_release(&c.body);
}

static void not_modified(void **state)
{
	struct fixture *f = *state;
	struct call fresh = {0}, same = {0}, older = {0};

	get(f, "/ims", 0, 0, &fresh);
	get(f, "/ims", 0, LM_T, &same);
	get(f, "/ims", 0, LM_T - 3600, &older);
	assert_int_equal(run(f), 0);
	assert_int_equal(fresh.status, 200);
	assert_int_equal(same.status, 304);
	assert_int_equal(same.body.len, 0);
	assert_int_equal(older.status, 200);
	assert_int_equal(bnet_http_stats(f->h)->not_modified, 1);
	buf_release(&fresh.body);
	buf_release(&same.body);
	buf_release(&older.body);
}

static void retries_5xx_then_gives_up(void **state)
{
	struct fixture *f = *state;
	struct call flaky = {0}, down = {0}, missing = {0};

	atomic_store(&f->srv.failures_left, 2);
	get(f, "/flaky", 0, 0, &flaky);
	get(f, "/down", 0, 0, &down);
	get(f, "/nothing-here", 0, 0, &missing);
	assert_int_equal(run(f), 0);
	assert_int_equal(flaky.rc, 0);
	assert_int_equal(flaky.status, 200);
	assert_int_equal(flaky.attempts, 3);
	assert_string_equal(flaky.body.data, "{\"ok\":1}");
	/* persistent 500: one on_done, with the error, after every attempt */
	assert_int_equal(down.done, 1);
	assert_int_equal(down.rc, WOWAH_EHTTP);
	assert_int_equal(down.attempts, 4);
	assert_int_equal(down.status, 500);
	/* a 404 is an answer, not something to retry */
	assert_int_equal(missing.rc, 0);
	assert_int_equal(missing.status, 404);
	assert_int_equal(missing.attempts, 1);
	assert_non_null(strstr(missing.error_body, "Not Found"));
	buf_release(&flaky.body);
	buf_release(&down.body);
	buf_release(&missing.body);
}

static void honours_retry_after(void **state)
{
	struct fixture *f = *state;
	struct call c = {0};
	int64_t t0 = ts_now_ms();

	atomic_store(&f->srv.failures_left, 1);
	get(f, "/throttle", 0, 0, &c);
	assert_int_equal(run(f), 0);
	assert_int_equal(c.rc, 0);
	assert_int_equal(c.attempts, 2);
	/* Retry-After: 1 beats a 10 ms backoff */
	assert_true(ts_now_ms() - t0 >= 1000);
	assert_int_equal(bnet_http_stats(f->h)->status_429, 1);
	buf_release(&c.body);
}

static void cut_and_rejected_bodies_are_fetched_again(void **state)
{
	struct fixture *f = *state;
	struct call cut = {0}, rejected = {0};

	atomic_store(&f->srv.failures_left, 2);
	rejected.rejects_left = 2;
	get(f, "/cut", 0, 0, &cut);
	get(f, "/big", 0, 0, &rejected);
	assert_int_equal(run(f), 0);
	assert_int_equal(cut.rc, 0);
	assert_int_equal(cut.attempts, 3);
	assert_int_equal(cut.starts, 3);
	/* on_start forgot the partial bodies: exactly one whole body is left */
	assert_int_equal(cut.body.len, strlen(f->srv.big));
	assert_memory_equal(cut.body.data, f->srv.big, cut.body.len);
	assert_int_equal(rejected.rc, 0);
	assert_int_equal(rejected.attempts, 3);
	assert_int_equal(rejected.done, 1);
	assert_int_equal(rejected.body.len, strlen(f->srv.big));
	buf_release(&cut.body);
	buf_release(&rejected.body);
}

static void refreshes_token_once_on_401(void **state)
{
	struct fixture *f = *state;
	struct call a = {0}, b = {0};

	get(f, "/auth", 1, 0, &a);
	assert_int_equal(run(f), 0);
	assert_int_equal(a.status, 200);
	assert_int_equal(atomic_load(&f->srv.token_hits), 1);
	/* the server revokes every token: the next request gets a 401, refreshes, succeeds */
	atomic_store(&f->srv.good_token, 99);
	get(f, "/auth", 1, 0, &a);
	assert_int_equal(run(f), 0);
	assert_int_equal(a.rc, 0);
	assert_int_equal(a.status, 200);
	assert_int_equal(atomic_load(&f->srv.token_hits), 2);
	/* a server that refuses every token: one refresh, then an auth error */
	get(f, "/never-auth", 1, 0, &b);
	assert_int_equal(run(f), 0);
	assert_int_equal(b.done, 1);
	assert_int_equal(b.rc, WOWAH_EAUTH);
	assert_int_equal(b.attempts, 2);
	assert_int_equal(atomic_load(&f->srv.token_hits), 3);
	buf_release(&a.body);
	buf_release(&b.body);
}

static void token_server_down(void **state)
{
	struct fixture *f = *state;
	struct call c = {0};

	/* no token can be had: the request fails after its attempts, it does not spin */
	bnet_oauth_release(&f->oauth);
	bnet_oauth_init(&f->oauth, "http://127.0.0.1:1/token", "id", "secret", NULL);
	get(f, "/auth", 1, 0, &c);
	assert_int_equal(run(f), 0);
	assert_int_equal(c.done, 1);
	assert_int_equal(c.rc, WOWAH_EHTTP);
	assert_int_equal(c.attempts, 4);
	assert_int_equal(tsrv_requests(f->ts), 0);
	buf_release(&c.body);
}

static void bounded_concurrency(void **state)
{
	struct fixture *f = *state;
	struct call c[16];
	char path[32];

	memset(c, 0, sizeof(c));
	f->opts.concurrency = 3;
	for (int i = 0; i < 16; i++) {
		snprintf(path, sizeof(path), "/slow/%d", i);
		get(f, path, 0, 0, &c[i]);
	}
	assert_int_equal(bnet_http_pending(f->h), 16);
	assert_int_equal(run(f), 0);
	for (int i = 0; i < 16; i++) {
		assert_int_equal(c[i].status, 200);
		buf_release(&c[i].body);
	}
	assert_int_equal(tsrv_max_concurrent(f->ts), 3);
	assert_int_equal(bnet_http_pending(f->h), 0);
}

/* Time bounds: a lower bound is what the code must wait; an upper bound is that plus
 * SLACK_MS plus a few times the same work measured without the wait in the same run, so
 * it scales with a sanitizer build or a loaded machine and still fails when the wait is
 * longer than it should be. */
#define SLACK_MS 700

/* Runs the queued requests; the milliseconds they took. */
static int64_t timed_run(struct fixture *f)
{
	int64_t t0 = ts_now_ms();
	assert_int_equal(run(f), 0);
	return ts_now_ms() - t0;
}

/* 12 requests for /big with a limit of per_second (0: Blizzard's 100); milliseconds. */
static int64_t twelve_big(struct fixture *f, int per_second)
{
	struct call c[12];
	int64_t ms;

	memset(c, 0, sizeof(c));
	bnet_http_free(f->h);
	f->h = NULL;
	f->opts.per_second = per_second;
	f->opts.concurrency = 12;
	for (int i = 0; i < 12; i++)
		get(f, "/big", 0, 0, &c[i]);
	ms = timed_run(f);
	for (int i = 0; i < 12; i++) {
		assert_int_equal(c[i].status, 200);
		buf_release(&c[i].body);
	}
	return ms;
}

static void rate_limited(void **state)
{
	struct fixture *f = *state;
	int64_t work = twelve_big(f, 0);
	int64_t ms = twelve_big(f, 5);

	/* 5 at once, 5 a second later, the last 2 a second after that */
	assert_true(ms >= 2000);
	if (ms >= 2000 + SLACK_MS + 3 * work)
		fail_msg("rate limit of 5/s: 12 requests took %lld ms, want 2000 + %d + 3 * %lld",
		         (long long)ms, SLACK_MS, (long long)work);
}

static void stalled_transfer_times_out(void **state)
{
	struct fixture *f = *state;
	struct call quick = {0}, c = {0};
	int64_t work, ms;

	f->opts.low_speed_time_s = 1;
	f->opts.retry.max_attempts = 1;
	get(f, "/ims", 0, 0, &quick);
	work = timed_run(f);
	get(f, "/stall", 0, 0, &c);
	ms = timed_run(f);
	assert_int_equal(c.done, 1);
	assert_int_equal(c.rc, WOWAH_ETIMEOUT);
	/* given up after the 1 s without progress (curl checks once a second), long before
	 * the server's 3 s */
	if (ms >= 1000 + 1000 + 3 * work)
		fail_msg("a 1 s stall timeout took %lld ms, want 2000 + 3 * %lld", (long long)ms,
		         (long long)work);
	buf_release(&quick.body);
	buf_release(&c.body);
}

static void stop_ends_everything(void **state)
{
	struct fixture *f = *state;
	struct call c[10];
	volatile sig_atomic_t stop = 0;
	struct err e = {0};
	char path[32];

	memset(c, 0, sizeof(c));
	f->opts.concurrency = 2;
	f->opts.stop = &stop;
	c[0].stop_on_done = &stop;
	for (int i = 0; i < 10; i++) {
		snprintf(path, sizeof(path), "/slow/%d", i);
		get(f, path, 0, 0, &c[i]);
	}
	assert_int_equal(bnet_http_run(f->h, &e), WOWAH_EINTERRUPTED);
	assert_int_equal(bnet_http_pending(f->h), 0);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(c[i].done, 1);
		buf_release(&c[i].body);
	}
	assert_int_equal(c[0].rc, 0);
	assert_int_equal(c[9].rc, WOWAH_EINTERRUPTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(streams_a_body, setup, teardown),
	        cmocka_unit_test_setup_teardown(not_modified, setup, teardown),
	        cmocka_unit_test_setup_teardown(retries_5xx_then_gives_up, setup, teardown),
	        cmocka_unit_test_setup_teardown(honours_retry_after, setup, teardown),
	        cmocka_unit_test_setup_teardown(cut_and_rejected_bodies_are_fetched_again, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(refreshes_token_once_on_401, setup, teardown),
	        cmocka_unit_test_setup_teardown(token_server_down, setup, teardown),
	        cmocka_unit_test_setup_teardown(bounded_concurrency, setup, teardown),
	        cmocka_unit_test_setup_teardown(rate_limited, setup, teardown),
	        cmocka_unit_test_setup_teardown(stalled_transfer_times_out, setup, teardown),
	        cmocka_unit_test_setup_teardown(stop_ends_everything, setup, teardown),
	};
	struct err e = {0};
	int rc;

	if (bnet_global_init(&e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	bnet_global_cleanup();
	return rc;
}
