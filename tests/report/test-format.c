/* test-format.c - tables that fit, CSV quoting, JSON values, widths, sparklines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../duck-fixture.h"
#include "duck/engine.h"
#include "report/format.h"

static char *render(const char *sql, enum fmt_kind kind, int width)
{
	struct err e = {0};
	struct buf out = BUF_INIT;
	struct rset *r = NULL;

	assert_int_equal(duck_run(&db, sql, NULL, &r, &e), 0);
	fmt_result(r, kind, width, &out);
	rset_free(r);
	return buf_detach(&out, NULL);
}

static void check(const char *sql, enum fmt_kind kind, int width, const char *want)
{
	char *got = render(sql, kind, width);
	assert_string_equal(got, want);
	free(got);
}

static const char *const rows = "SELECT * FROM (VALUES (1, 'Argent Dawn', '1234g 56s 78c'), "
                                "(22, 'Черный Шрам', NULL), (NULL, 'a \"b\", c', '-5.5%')) "
                                "t(id, realm, price)";

static void table_aligns_and_fits(void **state)
{
	(void)state;
	/* numbers and gold right, text left, NULL blank, no trailing blanks */
	check(rows, FMT_TABLE, 0,
	      "id  realm                price\n"
	      "--  -----------  -------------\n"
	      " 1  Argent Dawn  1234g 56s 78c\n"
	      "22  Черный Шрам\n"
	      "    a \"b\", c             -5.5%\n");
	/* 26 columns at most: the text column is cut first (to 7), marked with ~ */
	check(rows, FMT_TABLE, 26,
	      "id  realm            price\n"
	      "--  -------  -------------\n"
	      " 1  Argent~  1234g 56s 78c\n"
	      "22  Черный~\n"
	      "    a \"b\",~          -5.5%\n");
}

static void csv_and_json(void **state)
{
	(void)state;
	check(rows, FMT_CSV, 0,
	      "id,realm,price\n1,Argent Dawn,1234g 56s 78c\n22,Черный Шрам,\n"
	      ",\"a \"\"b\"\", c\",-5.5%\n");
	check("SELECT 1.5::DOUBLE AS d, 'nan'::DOUBLE AS n, true AS b, 'x\ty' AS s", FMT_JSON, 0,
	      "{\"d\":1.5,\"n\":null,\"b\":true,\"s\":\"x\\ty\"}\n");
}

/* Plain values are written as DuckDB writes them: each line of the CSV is "v,text" with
 * text DuckDB's own VARCHAR of v. */
static void same_as_duckdb(const char *values, const char *type)
{
	char sql[2048], *got, *line, *save = NULL;

	snprintf(sql, sizeof(sql),
	         "SELECT v, replace(v::VARCHAR, ',', ';') AS s FROM (SELECT unnest([%s]::%s[]) AS "
	         "v)",
	         values, type);
	got = render(sql, FMT_CSV, 0);
	line = strtok_r(got, "\n", &save);
	assert_string_equal(line, "v,s");
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		char *comma = strchr(line, ',');
		assert_non_null(comma);
		*comma = '\0';
		assert_string_equal(line, comma + 1);
	}
	free(got);
}

static void plain_values_as_duckdb_writes_them(void **state)
{
	(void)state;
	same_as_duckdb("0.1, 1/3, 1e15, 1e16, 123456789012345678, 1e-4, 1e-5, 1.5e-7, -0.0, 100, "
	               "'nan', 'inf', '-inf', 2.5e300, 1e21, 9007199254740993, 12345.678, -2.5, "
	               "5e-324, 1.7976931348623157e308, 0.3, 2/3, 1e22, 123e-20",
	               "DOUBLE");
	same_as_duckdb(
	        "'2020-01-01 00:00:00.5', '2020-01-01 00:00:00.123456', "
	        "'2026-11-27 13:04:12', '1969-12-31 23:59:59.999999', '0044-03-15 00:00:00', "
	        "'-0044-03-15 10:00:00', 'infinity', '-infinity', '9999-12-31 23:59:59'",
	        "TIMESTAMP");
	same_as_duckdb("'2026-11-27', '1970-01-01', '1600-02-29', '-0001-01-01'", "DATE");
}

/* Reports' kinds: copper as gold (JSON: integers), times to the minute (JSON: ISO
 * 8601 UTC), days, percentages with one decimal. */
static void kinds(void **state)
{
	static const char *const sql =
	        "SELECT 12345678::BIGINT AS price, 105.5::DOUBLE AS mv, "
	        "TIMESTAMP '2026-11-27 13:04:12' AS at, TIMESTAMP '2026-11-27 13:04:12' AS day, "
	        "25::DOUBLE AS pct, NULL::BIGINT AS none";
	static const enum rset_kind k[] = {RSET_KIND_COPPER, RSET_KIND_COPPER,  RSET_KIND_TIME,
	                                   RSET_KIND_DATE,   RSET_KIND_PERCENT, RSET_KIND_COPPER};
	struct err e = {0};
	struct buf out = BUF_INIT;
	struct rset *r = NULL;
	(void)state;

	assert_int_equal(duck_run(&db, sql, NULL, &r, &e), 0);
	for (size_t c = 0; c < r->ncols; c++)
		r->cols[c].kind = k[c];
	fmt_result(r, FMT_CSV, 0, &out);
	assert_string_equal(out.data, "price,mv,at,day,pct,none\n"
	                              "1234g 56s 78c,0g 1s 6c,2026-11-27 13:04,2026-11-27,25.0,\n");
	buf_reset(&out);
	fmt_result(r, FMT_JSON, 0, &out);
	assert_string_equal(out.data,
	                    "{\"price\":12345678,\"mv\":106,\"at\":\"2026-11-27T13:04:12Z\","
	                    "\"day\":\"2026-11-27\",\"pct\":25.0,\"none\":null}\n");
	buf_reset(&out);
	fmt_result(r, FMT_TABLE, 0, &out);
	assert_string_equal(out.data,
	                    "        price        mv  at                day          pct  none\n"
	                    "-------------  --------  ----------------  ----------  ----  ----\n"
	                    "1234g 56s 78c  0g 1s 6c  2026-11-27 13:04  2026-11-27  25.0\n");
	buf_release(&out);
	rset_free(r);
}

static void widths(void **state)
{
	(void)state;
	assert_int_equal(fmt_text_width("Черный Шрам"), 11);
	assert_int_equal(fmt_text_width("燃烧之刃"), 8);
	assert_int_equal(fmt_text_width("e\xcc\x81"), 1); /* e + combining acute */
	assert_int_equal(fmt_kind_parse("json"), FMT_JSON);
	assert_int_equal(fmt_kind_parse("xml"), -1);
}

static void sparkline(void **state)
{
	double up[8] = {1, 2, 3, 4, 5, 6, 7, 8}, flat[3] = {5, 5, 5};
	double many[16] = {0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 8, 8, 8, 8, 8, 8};
	struct buf b = BUF_INIT;
	(void)state;

	fmt_sparkline(up, 8, 80, &b);
	assert_string_equal(b.data, "▁▂▃▄▅▆▇█");
	buf_reset(&b);
	fmt_sparkline(flat, 3, 80, &b);
	assert_string_equal(b.data, "▄▄▄");
	buf_reset(&b);
	fmt_sparkline(many, 16, 2, &b); /* 16 values in 2 buckets */
	assert_string_equal(b.data, "▁█");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(table_aligns_and_fits),
	        cmocka_unit_test(csv_and_json),
	        cmocka_unit_test(plain_values_as_duckdb_writes_them),
	        cmocka_unit_test(kinds),
	        cmocka_unit_test(widths),
	        cmocka_unit_test(sparkline),
	};
	return cmocka_run_group_tests(tests, duck_fixture_setup, duck_fixture_teardown);
}
