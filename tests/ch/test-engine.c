/* test-engine.c - ClickHouse as a report engine, without a server: parameters become
 * literals of their type only outside quotes and comments (text escaped, NULL, negative
 * numbers, times, lists, a missing one refused), and TSVWithNamesAndTypes bodies become
 * typed rset columns (Nullable and LowCardinality looked through, escapes undone, NULL,
 * malformed bodies refused). The server side is tests/ch/t750x. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ch/engine.h"

static char *subst(const char *sql, const struct rset_params *p, int *rc)
{
	struct buf out = BUF_INIT;
	struct err e = {0};

	*rc = ch_substitute(sql, p, &out, &e);
	buf_putc(&out, '\0');
	return buf_detach(&out, NULL);
}

static void literals(void **state)
{
	const char *files[] = {"a.parquet", "it's\\x"};
	struct rset_params p = {0};
	char *s;
	int rc;
	(void)state;

	rset_param_int(&p, "n", 21);
	rset_param_int(&p, "neg", -5);
	rset_param_null(&p, "realm", RSET_INT);
	rset_param_text(&p, "region", NULL);
	rset_param_text(&p, "name", "O'Brien \\ ok");
	rset_param_list(&p, "files", files, 2);
	rset_param_time(&p, "t", 1796302800LL * 1000000 + 999999);
	rset_param_time(&p, "before", -1);
	rset_param_double(&p, "x", 0.25);
	rset_param_double(&p, "y", -1.5);
	rset_param_bool(&p, "daily", 1);
	s = subst("SELECT $n, $neg, $realm, $region, $name, $files, $t, $before, $x, $y, $daily "
	          "LIMIT $n",
	          &p, &rc);
	assert_int_equal(rc, WOWAH_OK);
	assert_string_equal(s, "SELECT 21, (-5), NULL, NULL, 'O\\'Brien \\\\ ok', "
	                       "['a.parquet', 'it\\'s\\\\x'], toDateTime(1796302800, 'UTC'), "
	                       "toDateTime(-1, 'UTC'), 0.25, (-1.5), 1 LIMIT 21");
	free(s);
}

static void quotes_and_comments_kept(void **state)
{
	struct rset_params p = {0};
	char *s;
	int rc;
	(void)state;

	rset_param_int(&p, "n", 1);
	s = subst("SELECT '$n', 'it''s $n', 'a\\'$n', \"$n\", `$n` -- $n\n/* $n */ $n", &p, &rc);
	assert_int_equal(rc, WOWAH_OK);
	assert_string_equal(s, "SELECT '$n', 'it''s $n', 'a\\'$n', \"$n\", `$n` -- $n\n/* $n */ 1");
	free(s);
	/* $ not before a name is left alone */
	s = subst("SELECT 1 AS `$`, '$$' $1", &p, &rc);
	assert_int_equal(rc, WOWAH_OK);
	assert_string_equal(s, "SELECT 1 AS `$`, '$$' $1");
	free(s);
}

static void missing_parameter(void **state)
{
	struct rset_params p = {0};
	struct buf out = BUF_INIT;
	struct err e = {0};
	(void)state;

	rset_param_int(&p, "item", 1);
	assert_int_equal(ch_substitute("SELECT $item, $realm", &p, &out, &e), WOWAH_EDB);
	assert_string_equal(e.msg, "no value for SQL parameter $realm");
	buf_release(&out);
	memset(&e, 0, sizeof(e));
	assert_int_equal(ch_substitute("SELECT $item", NULL, &out, &e), WOWAH_EDB);
	buf_release(&out);
}

static struct rset *parse(const char *body)
{
	struct rset *r = NULL;
	struct err e = {0};

	if (ch_parse_tsv(body, strlen(body), &r, &e)) {
		print_error("%s\n", e.msg);
		fail();
	}
	return r;
}

static void types(void **state)
{
	struct rset *r;
	(void)state;

	r = parse("i\tn\tu\td\tf\ts\tlc\tt\ttz\tday\tarr\tdec\tnothing\n"
	          "Int32\tNullable(Int64)\tUInt64\tFloat64\tFloat32\tString\t"
	          "LowCardinality(Nullable(String))\tDateTime\tDateTime('UTC')\tDate\t"
	          "Array(Int32)\tDecimal(18, 4)\tNullable(Nothing)\n"
	          "-7\t\\N\t18446744073709551615\t0.1\t1.5\ta\\tb\\\\c\\nd\t\\N\t"
	          "2026-12-03 13:00:00\t1970-01-01 00:00:01\t2026-12-03\t[1,2]\t1.2500\t\\N\n"
	          "0\t42\t0\tnan\t0\t\t\t2026-12-03 13:00:00\t1970-01-01 "
	          "00:00:00\t1970-01-01\t[]\t0\t\\N\n");
	assert_int_equal(r->ncols, 13);
	assert_int_equal(r->nrows, 2);
	assert_string_equal(r->cols[0].name, "i");
	assert_int_equal(r->cols[0].type, RSET_INT);
	assert_int_equal(r->cols[1].type, RSET_INT);
	assert_int_equal(r->cols[2].type, RSET_NUMBER);
	assert_int_equal(r->cols[3].type, RSET_DOUBLE);
	assert_int_equal(r->cols[4].type, RSET_NUMBER);
	assert_int_equal(r->cols[5].type, RSET_TEXT);
	assert_int_equal(r->cols[6].type, RSET_TEXT);
	assert_int_equal(r->cols[7].type, RSET_TIME);
	assert_int_equal(r->cols[8].type, RSET_TIME);
	assert_int_equal(r->cols[9].type, RSET_DATE);
	assert_int_equal(r->cols[10].type, RSET_OTHER);
	assert_int_equal(r->cols[11].type, RSET_NUMBER);
	assert_int_equal(r->cols[12].type, RSET_TEXT);
	assert_int_equal(rset_at(r, 0, 0)->v.i, -7);
	assert_true(rset_at(r, 0, 1)->null);
	assert_int_equal(rset_at(r, 1, 1)->v.i, 42);
	assert_string_equal(rset_at(r, 0, 2)->v.s, "18446744073709551615");
	assert_true(rset_at(r, 0, 3)->v.d == 0.1);
	assert_true(isnan(rset_at(r, 1, 3)->v.d));
	assert_string_equal(rset_at(r, 0, 5)->v.s, "a\tb\\c\nd");
	assert_false(rset_at(r, 1, 5)->null);
	assert_string_equal(rset_at(r, 1, 5)->v.s, "");
	assert_true(rset_at(r, 0, 6)->null);
	assert_int_equal(rset_at(r, 0, 7)->v.i, 1796302800LL * 1000000);
	assert_int_equal(rset_at(r, 0, 8)->v.i, 1000000);
	assert_int_equal(rset_at(r, 0, 9)->v.i, 1796302800LL / 86400);
	assert_string_equal(rset_at(r, 0, 10)->v.s, "[1,2]");
	assert_true(rset_at(r, 1, 12)->null);
	rset_free(r);
}

static void no_rows_and_one_column(void **state)
{
	struct rset *r;
	(void)state;

	r = parse("a\nUInt8\n");
	assert_int_equal(r->ncols, 1);
	assert_int_equal(r->nrows, 0);
	rset_free(r);
	r = parse("s\nString\n\n\\N\n");
	assert_int_equal(r->nrows, 2);
	assert_false(rset_at(r, 0, 0)->null);
	assert_true(rset_at(r, 1, 0)->null);
	rset_free(r);
}

static void malformed(void **state)
{
	static const char *const bad[] = {
	        "",                                   /* no header */
	        "a\tb\nInt32\n",                      /* fewer types than names */
	        "a\nInt32\nx\n",                      /* not a number */
	        "a\tb\nInt32\tInt32\n1\n",            /* a short row */
	        "a\nInt32\n1\t2\n",                   /* a long row */
	        "t\nDateTime\n2026-13-40 99:00:00\n", /* not a time */
	};
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rset *r = (struct rset *)1;
		struct err e = {0};
		assert_int_equal(ch_parse_tsv(bad[i], strlen(bad[i]), &r, &e), WOWAH_EPARSE);
		assert_null(r);
		assert_true(e.msg[0] != '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(literals),
	        cmocka_unit_test(quotes_and_comments_kept),
	        cmocka_unit_test(missing_parameter),
	        cmocka_unit_test(types),
	        cmocka_unit_test(no_rows_and_one_column),
	        cmocka_unit_test(malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
