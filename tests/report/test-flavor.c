/* test-flavor.c - report --flavor's refusals, before any report SQL runs: a report that
 * does not take it, an engine whose SQL does not have it yet, a name that is no flavour.
 * The engine is a recorder: its dialect is the point, and no SQL may reach it but the
 * dialect's helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "report/report.h"
#include "util/err.h"

static int runs;

static int record(void *impl, const char *sql, const struct rset_params *p, struct rset **out,
                  struct err *e)
{
	(void)impl;
	(void)p;
	(void)e;
	if (!strstr(sql, "CREATE OR REPLACE TEMP "))
		runs++;
	if (out)
		*out = NULL;
	return WOWAH_OK;
}

/* report name with --flavor flavor on an engine of that dialect: its status, *e set. */
static int refused(const char *dialect, const char *name, const char *flavor, struct err *e)
{
	const struct rset_engine eng = {dialect, NULL, record};
	struct report_opts o = {.data_dir = "/nonexistent", .flavor = flavor, .limit = 20};
	struct rset *r = NULL;

	runs = 0;
	memset(e, 0, sizeof(*e));
	return report_run(&eng, name, &o, &r, e);
}

static void reports_without_it_refuse(void **state)
{
	struct err e;
	(void)state;

	assert_int_equal(refused("duckdb", "top", "retail", &e), WOWAH_EUSAGE);
	assert_non_null(strstr(e.msg, "report top does not take --flavor on duckdb"));
	assert_int_equal(runs, 0);
}

static void clickhouse_refuses(void **state)
{
	struct err e;
	(void)state;

	assert_int_equal(refused("clickhouse", "houses", "classic1x", &e), WOWAH_EUSAGE);
	assert_non_null(strstr(e.msg, "report houses does not take --flavor on clickhouse"));
	assert_int_equal(runs, 0);
}

static void unknown_flavours_refuse(void **state)
{
	struct err e;
	(void)state;

	assert_int_equal(refused("duckdb", "houses", "retail,classic2x", &e), WOWAH_EUSAGE);
	assert_non_null(strstr(e.msg, "classic2x"));
	assert_int_equal(runs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(reports_without_it_refuse),
	        cmocka_unit_test(clickhouse_refuses),
	        cmocka_unit_test(unknown_flavours_refuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
