/* test-metrics.c - the registry's exposition (families, labels, values, ages, absence) and
 * its server over real loopback HTTP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics.h"

static char *render(struct metrics *m, int64_t now)
{
	struct buf b = BUF_INIT;
	metrics_render(m, now, &b);
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

static void test_exposition(void **state)
{
	struct metrics *m = metrics_new();
	char *text;

	(void)state;
	metrics_declare(m, "x_total", METRICS_COUNTER, "things done");
	metrics_declare(m, "x_lag_seconds", METRICS_GAUGE, "never set");
	metrics_declare(m, "x_age_seconds", METRICS_AGE, "since");
	metrics_add(m, "x_total", 1, "kind=%s,outcome=%s", "realm", "stored");
	metrics_add(m, "x_total", 2, "kind=%s,outcome=%s", "realm", "stored");
	metrics_add(m, "x_total", 1, "kind=a\"b\\c,outcome=x");
	metrics_set(m, "x_age_seconds", 1000, "realm=%d", 7);
	metrics_set(m, "undeclared", 5, NULL);
	text = render(m, 1060);
	assert_string_equal(text, "# HELP x_total things done\n"
	                          "# TYPE x_total counter\n"
	                          "x_total{kind=\"realm\",outcome=\"stored\"} 3\n"
	                          "x_total{kind=\"a\\\"b\\\\c\",outcome=\"x\"} 1\n"
	                          "# HELP x_age_seconds since\n"
	                          "# TYPE x_age_seconds gauge\n"
	                          "x_age_seconds{realm=\"7\"} 60\n");
	free(text);
	/* set once, the gauge appears; a value that is not whole keeps its fraction */
	metrics_set(m, "x_lag_seconds", 1.5, NULL);
	text = render(m, 1060);
	assert_non_null(strstr(text, "# TYPE x_lag_seconds gauge\nx_lag_seconds 1.5\n"));
	free(text);
	metrics_free(m);
}

static size_t collect(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

static long get(const char *url, struct buf *body)
{
	CURL *c = curl_easy_init();
	long code = 0;

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	buf_putc(body, '\0');
	return code;
}

static void test_server(void **state)
{
	struct metrics *m = metrics_new();
	struct metrics_server *s = NULL;
	struct buf body = BUF_INIT;
	struct err e = {0};
	char url[128];

	(void)state;
	metrics_declare(m, "y_total", METRICS_COUNTER, "ys");
	metrics_add(m, "y_total", 42, NULL);
	assert_int_equal(metrics_serve(m, "127.0.0.1:0", &s, &e), WOWAH_OK);
	assert_string_equal(metrics_host(s), "127.0.0.1");
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/metrics", metrics_port(s));
	assert_int_equal(get(url, &body), 200);
	assert_string_equal(body.data, "# HELP y_total ys\n# TYPE y_total counter\ny_total 42\n");
	metrics_stop(s);
	buf_release(&body);

	/* ":0" and "0" take 127.0.0.1 */
	assert_int_equal(metrics_serve(m, "0", &s, &e), WOWAH_OK);
	assert_string_equal(metrics_host(s), "127.0.0.1");
	metrics_stop(s);
	for (const char *const *bad = (const char *const[]){"x", "1:2:x", "127.0.0.1:70000",
	                                                    "localhost:0", ":", NULL};
	     *bad; bad++) {
		err_clear(&e);
		assert_int_equal(metrics_serve(m, *bad, &s, &e), WOWAH_EUSAGE);
		assert_non_null(strstr(e.msg, *bad));
	}
	metrics_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_exposition),
	        cmocka_unit_test(test_server),
	};
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
