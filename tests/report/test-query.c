/* test-query.c - the statement splitter of `wowah sql`, through its public functions:
 * report_sql_run on real (in-memory) DuckDB shows where statements were cut (quotes, quoted
 * identifiers, comments, $$ strings, blank statements, the first error stops), and
 * report_sql_complete tells the REPL when a statement is whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "duck/duck.h"
#include "../duck-fixture.h"
#include "duck/engine.h"
#include "report/query.h"

static struct rset_engine eng;

static int setup(void **state)
{
	assert_int_equal(duck_fixture_setup(state), 0);
	duck_engine(&db, &eng);
	return 0;
}

/* Runs text as `wowah sql --format csv` would; checks the status and the output. */
static void check(const char *text, int want_rc, const char *want_out)
{
	struct err e = {0};
	struct buf out = BUF_INIT;

	assert_int_equal(report_sql_run(&eng, text, FMT_CSV, 0, &out, &e), want_rc);
	assert_string_equal(out.data ? out.data : "", want_out);
	if (want_rc)
		assert_null(strchr(e.msg, '\n')); /* one line */
	buf_release(&out);
}

static void splits_at_semicolons(void **state)
{
	(void)state;
	check("SELECT 1 AS a; SELECT 2 AS b;", 0, "a\n1\nb\n2\n");
	check("SELECT 1 AS a;SELECT 2 AS b", 0, "a\n1\nb\n2\n"); /* no final ';' */
	check("\n  SELECT 1 AS a  ;\n\n", 0, "a\n1\n");
	/* each statement runs once, in order */
	check("CREATE TABLE t(x INT); INSERT INTO t VALUES (1), (2); "
	      "SELECT sum(x) AS s FROM t; DROP TABLE t;",
	      0, "s\n3\n");
}

static void quotes_keep_semicolons(void **state)
{
	(void)state;
	check("SELECT 'x;y' AS s; SELECT 2 AS n", 0, "s\nx;y\nn\n2\n");
	check("SELECT 'it''s; fine' AS s;", 0, "s\nit's; fine\n");
	check("SELECT ''';' AS s;", 0, "s\n';\n");
	check("SELECT 1 AS \"a;b\"; SELECT 2 AS \"c\"\"d;\";", 0, "a;b\n1\n\"c\"\"d;\"\n2\n");
	check("SELECT $$a;b$$ AS s; SELECT $$it's; \"$$ AS t", 0, "s\na;b\nt\n\"it's; \"\"\"\n");
}

static void comments_keep_semicolons(void **state)
{
	(void)state;
	check("SELECT 1 AS a -- not; the end\n; SELECT 2 AS b", 0, "a\n1\nb\n2\n");
	check("SELECT /* ; */ 1 AS a; SELECT 2 /* ;\n; */ AS b;", 0, "a\n1\nb\n2\n");
	check("SELECT '--;' AS s; SELECT '/*' AS t;", 0, "s\n--;\nt\n/*\n");
}

static void blank_statements_are_skipped(void **state)
{
	(void)state;
	check(";;  ;\n;", 0, "");
	check("-- only a comment\n; SELECT 1 AS a; -- trailing\n", 0, "a\n1\n");
	check("", 0, "");
	check("/* only a comment */; SELECT 1 AS a;", 0, "a\n1\n");
}

static void first_error_stops(void **state)
{
	struct err e = {0};
	struct buf out = BUF_INIT;
	(void)state;

	check("SELECT 1 AS a; SELECT * FROM no_such_table; SELECT 3 AS c", WOWAH_EDB, "a\n1\n");
	/* an unterminated string runs to the end: one statement, DuckDB's error */
	assert_int_equal(report_sql_run(&eng, "SELECT 'abc; SELECT 2", FMT_CSV, 0, &out, &e),
	                 WOWAH_EDB);
	assert_null(out.data);
	buf_release(&out);
}

static void complete_statements(void **state)
{
	(void)state;
	assert_false(report_sql_complete(""));
	assert_false(report_sql_complete("SELECT 1"));
	assert_true(report_sql_complete("SELECT 1;"));
	assert_true(report_sql_complete("SELECT 1\n  ;\n"));
	assert_false(report_sql_complete("SELECT ';'"));
	assert_false(report_sql_complete("SELECT 'it''s;'"));
	assert_true(report_sql_complete("SELECT 'it''s';"));
	assert_false(report_sql_complete("SELECT 1 AS \"a;\""));
	assert_true(report_sql_complete("SELECT 1 AS \"a;\";"));
	assert_false(report_sql_complete("SELECT 1 -- ;"));
	assert_true(report_sql_complete("SELECT 1 -- ;\n;"));
	assert_false(report_sql_complete("SELECT 1 /* ; */"));
	assert_false(report_sql_complete("SELECT 1 /* ; unterminated"));
	assert_false(report_sql_complete("SELECT $$;$$"));
	assert_true(report_sql_complete("SELECT $$;$$;"));
	assert_false(report_sql_complete("SELECT 'abc;"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(splits_at_semicolons),
	        cmocka_unit_test(quotes_keep_semicolons),
	        cmocka_unit_test(comments_keep_semicolons),
	        cmocka_unit_test(blank_statements_are_skipped),
	        cmocka_unit_test(first_error_stops),
	        cmocka_unit_test(complete_statements),
	};
	return cmocka_run_group_tests(tests, setup, duck_fixture_teardown);
}
