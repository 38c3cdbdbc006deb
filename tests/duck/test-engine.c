/* test-engine.c - DuckDB as a report engine: named parameters bound (NULL, text, lists,
 * times), optional filters still pushed into the scan, column types as rset types, and
 * the one-line error of a parameter nobody gave; a parameter set again; a query without
 * parameters bound once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../duck-fixture.h"
#include "duck/engine.h"

static struct rset *run(const char *sql, const struct rset_params *p)
{
	struct err e = {0};
	struct rset *r = NULL;

	if (duck_run(&db, sql, p, &r, &e)) {
		fprintf(stderr, "%s: %s\n", sql, e.msg);
		fail();
	}
	return r;
}

static void named_parameters(void **state)
{
	const char *files[] = {"a.parquet", "b'.parquet"};
	struct rset_params p = {0};
	struct rset *r;
	(void)state;

	rset_param_int(&p, "a", 21);
	rset_param_null(&p, "b", RSET_INT);
	rset_param_text(&p, "s", "it's");
	rset_param_list(&p, "files", files, 2);
	rset_param_time(&p, "t", 1796302800LL * 1000000); /* 2026-12-03 13:00 UTC */
	rset_param_double(&p, "x", 0.25);
	r = run("SELECT $a + $a AS sum, $b IS NULL AS b_null, $s AS s, len($files) AS n, "
	        "$files[2] AS f2, $t AS t, $x * 2 AS x",
	        &p);
	assert_int_equal(r->nrows, 1);
	assert_int_equal(r->cols[0].type, RSET_INT);
	assert_int_equal(rset_at(r, 0, 0)->v.i, 42);
	assert_int_equal(r->cols[1].type, RSET_BOOL);
	assert_int_equal(rset_at(r, 0, 1)->v.i, 1);
	assert_string_equal(rset_at(r, 0, 2)->v.s, "it's");
	assert_int_equal(rset_at(r, 0, 3)->v.i, 2);
	assert_string_equal(rset_at(r, 0, 4)->v.s, "b'.parquet");
	assert_int_equal(r->cols[5].type, RSET_TIME);
	assert_true(rset_at(r, 0, 5)->v.i == 1796302800LL * 1000000);
	assert_true(rset_at(r, 0, 6)->v.d == 0.5);
	assert_string_equal(r->cols[6].name, "x");
	rset_free(r);
}

/* A name set again takes its new value, once (report.c sets history's default --since
 * after the options). */
static void parameter_set_again(void **state)
{
	struct rset_params p = {0};
	struct rset *r;
	(void)state;

	rset_param_null(&p, "since", RSET_TIME);
	rset_param_int(&p, "a", 1);
	rset_param_time(&p, "since", 1796302800LL * 1000000);
	assert_int_equal(p.n, 2);
	r = run("SELECT $since IS NULL AS none, epoch($since)::BIGINT AS s", &p);
	assert_int_equal(rset_at(r, 0, 0)->v.i, 0);
	assert_int_equal(rset_at(r, 0, 1)->v.i, 1796302800LL);
	rset_free(r);
}

static void missing_parameter(void **state)
{
	struct rset_params p = {0};
	struct err e = {0};
	struct rset *r = NULL;
	(void)state;

	rset_param_int(&p, "a", 1);
	assert_int_equal(duck_run(&db, "SELECT $a, $nope", &p, &r, &e), WOWAH_EDB);
	assert_string_equal(e.msg, "no value for SQL parameter $nope");
	assert_null(r);
}

/* "$id IS NULL OR id = $id" costs nothing: DuckDB folds the bound value, and the filter
 * reaches the scan as a plain comparison (zone maps can skip row groups). */
static void optional_filter_is_pushed_down(void **state)
{
	struct rset_params p = {0};
	struct rset *r;
	const char *plan;
	(void)state;

	assert_int_equal(duck_run(&db, "CREATE TABLE t AS SELECT range AS id FROM range(100000)",
	                          NULL, NULL, NULL),
	                 0);
	rset_param_int(&p, "id", 4242);
	rset_param_null(&p, "other", RSET_INT);
	r = run("EXPLAIN SELECT count(*) FROM t WHERE ($id IS NULL OR id = $id) AND "
	        "($other IS NULL OR id = $other)",
	        &p);
	plan = rset_at(r, 0, r->ncols - 1)->v.s;
	assert_non_null(strstr(plan, "Filters: id=4242"));
	assert_null(strstr(plan, "IS NULL"));
	rset_free(r);
	r = run("SELECT count(*) AS n FROM t WHERE ($id IS NULL OR id = $id)", &p);
	assert_int_equal(rset_at(r, 0, 0)->v.i, 1);
	rset_free(r);
	assert_int_equal(duck_run(&db, "DROP TABLE t", NULL, NULL, NULL), 0);
}

/* Each DuckDB type becomes the rset type that keeps it exact; nested ones are cast to
 * their text first (statements without parameters). */
static void column_types(void **state)
{
	static const enum rset_type want[] = {RSET_INT,    RSET_INT,    RSET_NUMBER, RSET_NUMBER,
	                                      RSET_NUMBER, RSET_DOUBLE, RSET_TEXT,   RSET_TIME,
	                                      RSET_DATE,   RSET_OTHER,  RSET_TEXT,   RSET_BOOL};
	struct rset *r =
	        run("SELECT 1::TINYINT, 2::INTEGER, 3::UBIGINT, 4::HUGEINT, 1.50::DECIMAL(4,2), "
	            "0.1::DOUBLE, 'x', TIMESTAMP '2026-11-27 13:00:00', DATE '2026-11-27', "
	            "INTERVAL 1 DAY, [1, 2], true",
	            NULL);
	(void)state;

	assert_int_equal(r->ncols, sizeof(want) / sizeof(want[0]));
	for (size_t c = 0; c < r->ncols; c++)
		assert_int_equal(r->cols[c].type, want[c]);
	assert_string_equal(rset_at(r, 0, 4)->v.s, "1.50");
	assert_string_equal(rset_at(r, 0, 10)->v.s, "[1, 2]");
	assert_int_equal(rset_at(r, 0, 8)->v.i, 20784); /* days since 1970-01-01 */
	rset_free(r);
	/* a statement without rows gives none */
	r = (struct rset *)1;
	assert_int_equal(duck_run(&db, "CREATE TEMP TABLE x (a INTEGER)", NULL, &r, NULL), 0);
	assert_null(r);
}

/* The file opens DuckDB's file system log counted for sql (with p's parameters). */
static int64_t opens(const char *sql, const struct rset_params *p)
{
	struct rset *r;
	int64_t n;

	assert_int_equal(duck_run(&db, "CALL truncate_duckdb_logs()", NULL, NULL, NULL), 0);
	rset_free(run(sql, p));
	r = run("SELECT count(*) FROM duckdb_logs WHERE message LIKE '%\"op\":\"OPEN\"%'", NULL);
	n = rset_at(r, 0, 0)->v.i;
	rset_free(r);
	return n;
}

/* DuckDB binds a prepared statement over Parquet files again to run it, opening (and
 * globbing) its files at each bind: a query without parameters runs unprepared, its file
 * opened once less than with a parameter (counted in DuckDB's file system log). Its
 * columns rset cannot hold come cast. */
static void query_binds_once(void **state)
{
	char dir[] = "/tmp/wowah-engine-XXXXXX", sql[256], with[256];
	struct rset_params p = {0};
	struct rset *r;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(sql, sizeof(sql), "COPY (SELECT 7 AS a, [1, 2] AS l) TO '%s/a.parquet'", dir);
	assert_int_equal(duck_run(&db, sql, NULL, NULL, NULL), 0);
	snprintf(sql, sizeof(sql), "SELECT a, l FROM read_parquet('%s/*.parquet')", dir);
	r = run(sql, NULL);
	assert_int_equal(rset_at(r, 0, 0)->v.i, 7);
	assert_int_equal(r->cols[1].type, RSET_TEXT);
	assert_string_equal(rset_at(r, 0, 1)->v.s, "[1, 2]");
	rset_free(r);
	assert_int_equal(duck_run(&db, "CALL enable_logging('FileSystem')", NULL, NULL, NULL), 0);
	rset_param_int(&p, "x", 1);
	snprintf(sql, sizeof(sql), "SELECT sum(a) AS s FROM read_parquet('%s/*.parquet')", dir);
	snprintf(with, sizeof(with), "SELECT sum(a) * $x AS s FROM read_parquet('%s/*.parquet')",
	         dir);
	assert_int_equal(opens(sql, NULL) + 1, opens(with, &p));
	assert_int_equal(duck_run(&db, "CALL disable_logging()", NULL, NULL, NULL), 0);
	snprintf(sql, sizeof(sql), "%s/a.parquet", dir);
	assert_int_equal(remove(sql), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void engine(void **state)
{
	struct rset_engine eng;
	struct rset_params p = {0};
	struct rset *r = NULL;
	(void)state;

	duck_engine(&db, &eng);
	assert_string_equal(eng.dialect, "duckdb");
	rset_param_text(&p, "name", "gold");
	assert_int_equal(eng.run(eng.impl, "SELECT upper($name) AS n", &p, &r, NULL), 0);
	assert_string_equal(rset_at(r, 0, 0)->v.s, "GOLD");
	rset_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(named_parameters),
	        cmocka_unit_test(parameter_set_again),
	        cmocka_unit_test(missing_parameter),
	        cmocka_unit_test(optional_filter_is_pushed_down),
	        cmocka_unit_test(column_types),
	        cmocka_unit_test(query_binds_once),
	        cmocka_unit_test(engine),
	};
	return cmocka_run_group_tests(tests, duck_fixture_setup, duck_fixture_teardown);
}
