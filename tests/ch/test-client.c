/* test-client.c - src/ch/client.c against a real ClickHouse server (tests/ch/lib-ch.sh):
 * statements, queries, streamed RowBinary inserts, aborted inserts, errors, users. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ch-server.h"

static const char *url;

static struct ch_client *client(const char *user, const char *password)
{
	struct ch_opts o = {.url = url, .user = user, .password = password};
	struct err e;
	struct ch_client *c = ch_client_new(&o, &e);

	assert_non_null(c);
	return c;
}

static void exec_ok(struct ch_client *c, const char *sql)
{
	struct err e;

	if (ch_exec(c, sql, &e) != WOWAH_OK)
		fail_msg("%s: %s", sql, e.msg);
}

static void test_exec_and_query(void **state)
{
	struct ch_client *c = client(NULL, NULL);
	char *s;

	(void)state;
	exec_ok(c, "CREATE DATABASE IF NOT EXISTS t1");
	exec_ok(c, "CREATE TABLE IF NOT EXISTS t1.a (k UInt32, s String) ENGINE = MergeTree "
	           "ORDER BY k");
	exec_ok(c, "INSERT INTO t1.a VALUES (1, 'x'), (2, 'y')");
	s = ch_test_query(c, "SELECT sum(k), groupArray(s) FROM t1.a FORMAT TabSeparated");
	assert_string_equal(s, "3\t['x','y']\n");
	free(s);
	ch_client_free(c);
}

static void test_database_option(void **state)
{
	struct ch_opts o = {.url = url, .database = "t1"};
	struct err e;
	struct ch_client *c = ch_client_new(&o, &e);
	char *s;

	(void)state;
	exec_ok(c, "CREATE TABLE IF NOT EXISTS d (k UInt8) ENGINE = MergeTree ORDER BY k");
	s = ch_test_query(c, "SELECT currentDatabase() FORMAT TabSeparated");
	assert_string_equal(s, "t1\n");
	free(s);
	ch_client_free(c);
}

static void test_error_is_first_line(void **state)
{
	struct ch_client *c = client(NULL, NULL);
	struct buf out = BUF_INIT;
	struct err e;

	(void)state;
	assert_int_equal(ch_query(c, "SELECT * FROM t1.nope", &out, &e), WOWAH_EDB);
	assert_non_null(strstr(e.msg, "Code: 60"));
	assert_non_null(strstr(e.msg, "t1.nope"));
	assert_null(strchr(e.msg, '\n'));
	assert_null(strstr(e.msg, "e.what()"));
	assert_null(strstr(e.msg, "Stack"));
	assert_int_equal(out.len, 0);
	assert_int_equal(ch_exec(c, "SELEC 1", &e), WOWAH_EDB);
	assert_non_null(strstr(e.msg, "Code: 62"));
	buf_release(&out);
	ch_client_free(c);
}

struct rows {
	uint32_t next, n, abort_at;
	char pending[8];
	size_t pending_len;
};

/* Rows (k UInt32, s String "r<k>") in RowBinary, a few bytes at a time so rows straddle
 * the buffers libcurl asks for. */
static size_t read_rows(void *ctx, char *buf, size_t n)
{
	struct rows *r = ctx;
	size_t w = 0;

	if (r->abort_at && r->next >= r->abort_at)
		return (size_t)-1;
	while (w + 16 < n && r->next < r->n) {
		char s[12];
		int len = snprintf(s, sizeof(s), "r%u", r->next);

		memcpy(buf + w, &r->next, 4); /* little-endian host */
		buf[w + 4] = (char)len;
		memcpy(buf + w + 5, s, (size_t)len);
		w += 5 + (size_t)len;
		r->next++;
		if (r->abort_at && r->next >= r->abort_at)
			break;
	}
	return w;
}

static void test_insert_streams(void **state)
{
	struct ch_client *c = client(NULL, NULL);
	struct rows r = {.n = 300000};
	struct err e;
	char *s;

	(void)state;
	exec_ok(c, "CREATE TABLE t1.b (k UInt32, s String) ENGINE = MergeTree ORDER BY k");
	assert_int_equal(ch_insert(c, "INSERT INTO t1.b FORMAT RowBinary", read_rows, &r, &e),
	                 WOWAH_OK);
	s = ch_test_query(c, "SELECT count(), sum(k), max(s) FROM t1.b FORMAT TabSeparated");
	assert_string_equal(s, "300000\t44999850000\tr99999\n");
	free(s);
	ch_client_free(c);
}

static void test_insert_abort_commits_nothing(void **state)
{
	struct ch_client *c = client(NULL, NULL);
	struct rows r = {.n = 300000, .abort_at = 100000};
	struct err e;
	char *s;

	(void)state;
	exec_ok(c, "CREATE TABLE t1.c (k UInt32, s String) ENGINE = MergeTree ORDER BY k");
	assert_int_not_equal(ch_insert(c, "INSERT INTO t1.c FORMAT RowBinary", read_rows, &r, &e),
	                     WOWAH_OK);
	s = ch_test_query(c, "SELECT count() FROM t1.c FORMAT TabSeparated");
	assert_string_equal(s, "0\n");
	free(s);
	ch_client_free(c);
}

static void test_bad_rowbinary_is_edb(void **state)
{
	struct ch_client *c = client(NULL, NULL);
	struct rows r = {.n = 10};
	struct err e;

	(void)state;
	/* UInt32 + String rows read as UInt64 + String: a short or garbled body */
	exec_ok(c,
	        "CREATE TABLE t1.bad (k UInt64, s String, x UInt64) ENGINE = MergeTree ORDER BY k");
	assert_int_equal(ch_insert(c, "INSERT INTO t1.bad FORMAT RowBinary", read_rows, &r, &e),
	                 WOWAH_EDB);
	assert_non_null(strstr(e.msg, "Code: "));
	ch_client_free(c);
}

static void test_users_and_secrets(void **state)
{
	struct ch_client *c = client("wowah", "wowah-dev");
	struct err e;
	char *s;

	(void)state;
	/* 18.16 has no currentUser(): the server's own list of running queries says who */
	s = ch_test_query(c,
	                  "SELECT user FROM system.processes WHERE query LIKE 'SELECT user FROM%' "
	                  "FORMAT TabSeparated");
	assert_string_equal(s, "wowah\n");
	free(s);
	ch_client_free(c);
	c = client("wowah", "not-the-password");
	assert_int_equal(ch_exec(c, "SELECT 1", &e), WOWAH_EAUTH);
	assert_null(strstr(e.msg, "not-the-password"));
	ch_client_free(c);
}

static void test_readonly(void **state)
{
	struct ch_opts o = {.url = url, .readonly = 1};
	struct err e;
	struct ch_client *c = ch_client_new(&o, &e);

	(void)state;
	assert_int_equal(ch_exec(c, "CREATE TABLE t1.ro (k UInt8) ENGINE = Memory", &e), WOWAH_EDB);
	assert_non_null(strstr(e.msg, "readonly"));
	ch_client_free(c);
}

static void test_bad_urls(void **state)
{
	struct ch_opts o = {.url = "http://u:secret@127.0.0.1:1"};
	struct err e;
	struct ch_client *c;

	(void)state;
	assert_null(ch_client_new(&o, &e));
	assert_int_equal(e.code, WOWAH_ECONFIG);
	assert_null(strstr(e.msg, "secret"));
	o.url = "127.0.0.1:8123";
	assert_null(ch_client_new(&o, &e));
	o.url = "http://127.0.0.1:1";
	c = ch_client_new(&o, &e);
	assert_non_null(c);
	assert_int_equal(ch_exec(c, "SELECT 1", &e), WOWAH_EHTTP);
	ch_client_free(c);
}

static int group_setup(void **state)
{
	(void)state;
	url = ch_test_setup();
	return url ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	ch_test_teardown();
	return 0;
}

/* A number's answer reads only as a number: a count that came back as anything else is
 * an error, not a 0 that would make the feed think a part empty. */
static void test_number_answers(void **state)
{
	struct err e = {0};
	int64_t n = -1;
	(void)state;

	assert_int_equal(ch_parse_i64("42\n", 3, &n, &e), WOWAH_OK);
	assert_int_equal(n, 42);
	assert_int_equal(ch_parse_i64("-7", 2, &n, &e), WOWAH_OK);
	assert_int_equal(n, -7);
	assert_int_equal(ch_parse_i64("", 0, &n, &e), WOWAH_OK);
	assert_int_equal(n, 0);
	assert_int_equal(ch_parse_i64("\\N\n", 3, &n, &e), WOWAH_OK);
	assert_int_equal(n, 0);
	assert_int_equal(ch_parse_i64("3\t4\n", 4, &n, &e), WOWAH_EPARSE);
	assert_int_equal(n, 0);
	assert_int_equal(ch_parse_i64("Code: 60", 8, &n, &e), WOWAH_EPARSE);
	assert_int_equal(ch_parse_i64("99999999999999999999", 20, &n, &e), WOWAH_EPARSE);
	assert_int_equal(ch_parse_i64(" 5", 2, &n, &e), WOWAH_EPARSE);
	assert_int_equal(ch_parse_i64("5\0", 2, &n, &e), WOWAH_EPARSE);
	assert_null(strchr(e.msg, '\n'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_exec_and_query),
	        cmocka_unit_test(test_database_option),
	        cmocka_unit_test(test_error_is_first_line),
	        cmocka_unit_test(test_insert_streams),
	        cmocka_unit_test(test_insert_abort_commits_nothing),
	        cmocka_unit_test(test_bad_rowbinary_is_edb),
	        cmocka_unit_test(test_users_and_secrets),
	        cmocka_unit_test(test_readonly),
	        cmocka_unit_test(test_bad_urls),
	        cmocka_unit_test(test_number_answers),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
