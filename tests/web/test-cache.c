/* test-cache.c - the answer cache: hits, replacement, the least recently used answers
 * evicted first within the byte bound, oversized answers not kept, clearing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "web/cache.h"

static int has(struct web_cache *c, const char *key)
{
	struct buf b = BUF_INIT;
	int status = 0, hit = web_cache_get(c, key, &b, &status);
	buf_release(&b);
	return hit;
}

static void hits_and_replaces(void **state)
{
	struct web_cache *c = web_cache_new(1 << 20);
	struct buf b = BUF_INIT;
	int status = 0;
	(void)state;

	assert_false(web_cache_get(c, "1 price 2=2772", &b, &status));
	web_cache_put(c, "1 price 2=2772", 200, "{\"rows\":[]}", 11);
	assert_true(web_cache_get(c, "1 price 2=2772", &b, &status));
	assert_int_equal(status, 200);
	assert_string_equal(b.data, "{\"rows\":[]}");
	web_cache_put(c, "1 price 2=2772", 400, "{}", 2);
	buf_reset(&b);
	assert_true(web_cache_get(c, "1 price 2=2772", &b, &status));
	assert_int_equal(status, 400);
	assert_int_equal(b.len, 2);
	assert_false(has(c, "2 price 2=2772")); /* another generation */
	web_cache_clear(c);
	assert_false(has(c, "1 price 2=2772"));
	buf_release(&b);
	web_cache_free(c);
}

static void evicts_least_recently_used(void **state)
{
	/* 64 KiB: an 8 KiB answer fits (at most an eighth); about seven of them at once */
	struct web_cache *c = web_cache_new(64 << 10);
	static char body[8000];
	char key[32];
	int kept = 0;
	(void)state;

	memset(body, 'x', sizeof(body));
	for (int i = 0; i < 7; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		web_cache_put(c, key, 200, body, sizeof(body));
	}
	assert_true(has(c, "k0")); /* used: now the most recent */
	web_cache_put(c, "k7", 200, body, sizeof(body));
	web_cache_put(c, "k8", 200, body, sizeof(body));
	assert_true(has(c, "k0"));
	assert_false(has(c, "k1")); /* the least recently used went first */
	assert_true(has(c, "k8"));
	for (int i = 0; i < 9; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		kept += has(c, key);
	}
	assert_true(kept * (int)sizeof(body) <= 64 << 10);
	web_cache_put(c, "big", 200, body, sizeof(body)); /* fits */
	assert_true(has(c, "big"));
	web_cache_free(c);
}

static void oversized_not_kept(void **state)
{
	struct web_cache *c = web_cache_new(8000);
	static char body[1001];
	(void)state;

	web_cache_put(c, "big", 200, body, sizeof(body)); /* over an eighth of the bound */
	assert_false(has(c, "big"));
	web_cache_put(c, "small", 200, body, 900);
	assert_true(has(c, "small"));
	web_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(hits_and_replaces),
	        cmocka_unit_test(evicts_least_recently_used),
	        cmocka_unit_test(oversized_not_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
