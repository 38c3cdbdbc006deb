/* test-duck.c - DuckDB connections: open, query, one-line errors, quoting, bounded sums. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "duck/duck.h"

static void open_query_error(void **state)
{
	struct duck d;
	struct err e = {0};
	duckdb_result r;
	(void)state;

	assert_int_equal(duck_open(&d, NULL, &e), 0);
	assert_int_equal(duck_query(&d, "SELECT 40 + 2", &r, &e), 0);
	assert_int_equal(duckdb_value_int64(&r, 0, 0), 42);
	duckdb_destroy_result(&r);
	assert_int_equal(duck_exec(&d, "SELEC 1", &e), WOWAH_EDB);
	/* the message alone: DuckDB's query context after it (twice) is dropped */
	assert_string_equal(e.msg, "Parser Error: syntax error at or near \"SELEC\"");
	duck_close(&d);
}

/* duck_sum_reaches stops at its bound: a stream of a trillion rows is answered at once
 * (summed whole, it would outlast the test's timeout), and NULLs add nothing. */
static void sum_reaches(void **state)
{
	struct duck d;
	struct err e = {0};
	int big = -1;
	(void)state;

	assert_int_equal(duck_open(&d, NULL, &e), 0);
	assert_int_equal(
	        duck_exec(&d,
	                  "CREATE TABLE t AS SELECT CASE WHEN i % 2 = 0 THEN 100 END::BIGINT "
	                  "AS rows FROM range(20) r(i)",
	                  &e),
	        0);
	assert_int_equal(duck_sum_reaches(&d, "SELECT rows FROM t", 1000, &big, &e), 0);
	assert_int_equal(big, 1);
	assert_int_equal(duck_sum_reaches(&d, "SELECT rows FROM t", 1001, &big, &e), 0);
	assert_int_equal(big, 0);
	assert_int_equal(duck_sum_reaches(&d, "SELECT rows FROM t WHERE false", 1, &big, &e), 0);
	assert_int_equal(big, 0);
	assert_int_equal(duck_sum_reaches(&d, "SELECT 7::BIGINT FROM range(1000000000000)", 1000000,
	                                  &big, &e),
	                 0);
	assert_int_equal(big, 1);
	/* the connection is usable after a stream left unfinished */
	assert_int_equal(duck_exec(&d, "SELECT count(*) FROM t", &e), 0);
	assert_int_equal(duck_sum_reaches(&d, "SELECT rows FROM missing", 1, &big, &e), WOWAH_EDB);
	assert_non_null(strstr(e.msg, "missing"));
	duck_close(&d);
}

static void quoting(void **state)
{
	char *q = duck_quote("it's");
	(void)state;
	assert_string_equal(q, "'it''s'");
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(open_query_error),
	        cmocka_unit_test(sum_reaches),
	        cmocka_unit_test(quoting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
