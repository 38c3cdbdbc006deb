/* test-flavor.c - report --flavor's refusal of a name that is no flavour, on every
 * engine, before any report SQL runs. The engine is a recorder: its dialect is the point,
 * and no SQL may reach it but the dialect's helpers. */
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

/* Each refusal: a usage error naming what was wrong, and no report SQL run. */
static void refusals(void **state)
{
	static const struct {
		const char *dialect, *name, *flavor, *says;
	} cases[] = {
	        {"duckdb", "top", "classic2x", "--flavor: 'classic2x' is not one of"},
	        {"clickhouse", "houses", "classic1x,era", "--flavor: 'era' is not one of"},
	        {"duckdb", "houses", "retail,classic2x", "classic2x"},
	        {"clickhouse", "price", ",", "give one or more of"},
	};
	struct err e;
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(refused(cases[i].dialect, cases[i].name, cases[i].flavor, &e),
		                 WOWAH_EUSAGE);
		assert_non_null(strstr(e.msg, cases[i].says));
		assert_int_equal(runs, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
