/* test-duck.c - DuckDB connections: open, query, one-line errors, quoting. */
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
	        cmocka_unit_test(quoting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
