/* test-format.c - tables that fit, CSV quoting, JSON values, widths, sparklines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "duck/engine.h"
#include "report/format.h"

static struct duck db;

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

static int setup(void **state)
{
	struct err e = {0};
	(void)state;
	return duck_open(&db, NULL, &e);
}

static int teardown(void **state)
{
	(void)state;
	duck_close(&db);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(table_aligns_and_fits),
	        cmocka_unit_test(csv_and_json),
	        cmocka_unit_test(widths),
	        cmocka_unit_test(sparkline),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
