/* test-oauth.c - token fetch over loopback HTTP, reuse, the 0600 cache, expiry margin,
 * invalidation after a 401, refused credentials. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bnet/bnet.h"
#include "bnet/oauth.h"
#include "testsrv.h"
#include "util/buf.h"
#include "util/fs.h"

#define ID     "test-client"
#define SECRET "s3cr3t-never-shown"

struct server {
	atomic_int issued;
	int expires_in;
	char body[256];
};

static void token_handler(void *ud, const struct tsrv_req *req, struct tsrv_resp *resp)
{
	struct server *s = ud;

	if (strcmp(req->method, "POST") != 0 || strcmp(req->path, "/token") != 0) {
		resp->status = 404;
		return;
	}
	if (!req->user || !req->pass || strcmp(req->user, ID) || strcmp(req->pass, SECRET)) {
		resp->status = 401;
		resp->body = "{\"error\":\"invalid_client\"}";
		return;
	}
	/* handlers run one at a time here: the tests make one request at a time */
	snprintf(s->body, sizeof(s->body),
	         "{\"access_token\":\"tok-%d\",\"token_type\":\"bearer\",\"expires_in\":%d,"
	         "\"sub\":\"x\"}",
	         atomic_fetch_add(&s->issued, 1) + 1, s->expires_in);
	resp->body = s->body;
}

struct fixture {
	struct server srv;
	struct tsrv *ts;
	char dir[64], cache[128], url[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->srv.expires_in = 86399;
	f->ts = tsrv_start(token_handler, &f->srv);
	assert_non_null(f->ts);
	strcpy(f->dir, "/tmp/wowah-test-oauth.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->cache, sizeof(f->cache), "%s/oauth-token", f->dir);
	snprintf(f->url, sizeof(f->url), "%s/token", tsrv_url(f->ts));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tsrv_stop(f->ts);
	unlink(f->cache);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void fetches_caches_and_reuses(void **state)
{
	struct fixture *f = *state;
	struct bnet_oauth o, o2;
	struct err e = {0};
	const char *tok;
	struct stat st;
	char *data;
	size_t len;
	int64_t now = 1795000000;

	bnet_oauth_init(&o, f->url, ID, SECRET, f->cache);
	assert_int_equal(bnet_oauth_token(&o, now, &tok, &e), 0);
	assert_string_equal(tok, "tok-1");
	/* reused in memory */
	assert_int_equal(bnet_oauth_token(&o, now + 3600, &tok, &e), 0);
	assert_string_equal(tok, "tok-1");
	assert_int_equal(atomic_load(&f->srv.issued), 1);
	/* cached with mode 0600, without the secret */
	assert_int_equal(stat(f->cache, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(fs_read_file(f->cache, &data, &len, &e), 0);
	assert_null(strstr(data, SECRET));
	assert_non_null(strstr(data, "tok-1"));
	free(data);
	/* a second process (fresh struct) uses the cache: no new request */
	bnet_oauth_init(&o2, f->url, ID, SECRET, f->cache);
	assert_int_equal(bnet_oauth_token(&o2, now + 60, &tok, &e), 0);
	assert_string_equal(tok, "tok-1");
	assert_int_equal(atomic_load(&f->srv.issued), 1);
	/* shortly before expiry (inside the margin) a new one is fetched */
	assert_int_equal(bnet_oauth_token(&o2, now + 86399 - 200, &tok, &e), 0);
	assert_string_equal(tok, "tok-2");
	assert_int_equal(atomic_load(&f->srv.issued), 2);
	bnet_oauth_release(&o);
	bnet_oauth_release(&o2);
}

static void margins(void **state)
{
	(void)state;
	/* a day-long token: 300 s margin */
	assert_true(bnet_oauth_usable(1000, 1000 + 86400, 1000 + 86400 - 301));
	assert_false(bnet_oauth_usable(1000, 1000 + 86400, 1000 + 86400 - 300));
	/* a 100 s token: a quarter of its life */
	assert_true(bnet_oauth_usable(1000, 1100, 1074));
	assert_false(bnet_oauth_usable(1000, 1100, 1075));
	/* a clock that went back far: do not trust it */
	assert_false(bnet_oauth_usable(1000, 1100, 900));
}

static void cache_is_per_server_and_client(void **state)
{
	struct fixture *f = *state;
	struct err e = {0};
	char *tok = NULL;
	int64_t got, exp, now = 1795000000;

	assert_int_equal(
	        bnet_oauth_cache_write(f->cache, f->url, ID, "tok-x", now, now + 86400, &e), 0);
	assert_int_equal(
	        bnet_oauth_cache_read(f->cache, f->url, ID, now + 10, &tok, &got, &exp, &e), 0);
	assert_string_equal(tok, "tok-x");
	assert_int_equal(exp, now + 86400);
	free(tok);
	assert_int_equal(bnet_oauth_cache_read(f->cache, "https://elsewhere/token", ID, now, &tok,
	                                       &got, &exp, &e),
	                 WOWAH_ENOTFOUND);
	assert_int_equal(
	        bnet_oauth_cache_read(f->cache, f->url, "other", now, &tok, &got, &exp, &e),
	        WOWAH_ENOTFOUND);
	assert_int_equal(
	        bnet_oauth_cache_read(f->cache, f->url, ID, now + 86400 - 10, &tok, &got, &exp, &e),
	        WOWAH_ENOTFOUND);
	/* garbage is no token */
	assert_int_equal(fs_write_atomic(f->cache, "junk\n", 5, 0600, &e), 0);
	assert_int_equal(bnet_oauth_cache_read(f->cache, f->url, ID, now, &tok, &got, &exp, &e),
	                 WOWAH_ENOTFOUND);
}

static void invalidate_refetches(void **state)
{
	struct fixture *f = *state;
	struct bnet_oauth o;
	struct err e = {0};
	const char *tok;
	char *old;
	int64_t now = 1795000000;

	bnet_oauth_init(&o, f->url, ID, SECRET, f->cache);
	assert_int_equal(bnet_oauth_token(&o, now, &tok, &e), 0);
	old = strdup(tok);
	/* a stale 401 for a token already replaced changes nothing */
	bnet_oauth_invalidate(&o, "not-the-current-one");
	assert_int_equal(bnet_oauth_token(&o, now, &tok, &e), 0);
	assert_string_equal(tok, old);
	bnet_oauth_invalidate(&o, old);
	assert_false(fs_exists(f->cache));
	assert_int_equal(bnet_oauth_token(&o, now, &tok, &e), 0);
	assert_string_not_equal(tok, old);
	assert_true(fs_exists(f->cache));
	free(old);
	bnet_oauth_release(&o);
}

static void refused_credentials(void **state)
{
	struct fixture *f = *state;
	struct bnet_oauth o;
	struct err e = {0};
	const char *tok;

	bnet_oauth_init(&o, f->url, ID, "wrong-secret-xyz", NULL);
	assert_int_equal(bnet_oauth_token(&o, 1795000000, &tok, &e), WOWAH_EAUTH);
	assert_non_null(strstr(e.msg, "BLIZZARD_API_CLIENT_ID"));
	assert_null(strstr(e.msg, "wrong-secret-xyz"));
	bnet_oauth_release(&o);
	/* nobody listening: an HTTP error, not a crash */
	bnet_oauth_init(&o, "http://127.0.0.1:1/token", ID, SECRET, NULL);
	assert_int_equal(bnet_oauth_token(&o, 1795000000, &tok, &e), WOWAH_EHTTP);
	assert_null(strstr(e.msg, SECRET));
	bnet_oauth_release(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(fetches_caches_and_reuses, setup, teardown),
	        cmocka_unit_test(margins),
	        cmocka_unit_test_setup_teardown(cache_is_per_server_and_client, setup, teardown),
	        cmocka_unit_test_setup_teardown(invalidate_refetches, setup, teardown),
	        cmocka_unit_test_setup_teardown(refused_credentials, setup, teardown),
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
