/* test-auction.c - the auction columns and rules of model/auction.h: the unit buyout in C
 * and in SQL (real DuckDB) agree on every edge, and the empty view's column list is the
 * file's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "duck/duck.h"
#include "model/auction.h"
#include "util/buf.h"

struct unit_case {
	int has_unit_price;
	int64_t unit_price;
	int has_buyout;
	int64_t buyout;
	int32_t quantity;
	int64_t want; /* -1: none (NULL in SQL) */
};

static const struct unit_case cases[] = {
        {1, 500, 0, 0, 1, 500},             /* a commodity */
        {1, 0, 1, 100, 2, 0},               /* unit_price wins, even 0 */
        {1, INT64_MAX, 1, 5, 0, INT64_MAX}, /* and with no quantity */
        {0, 0, 1, 100, 3, 33},              /* buyout / quantity, truncated */
        {0, 0, 1, 7, 2, 3},                 /* */
        {0, 0, 1, 100, 1, 100},             /* */
        {0, 0, 1, 0, 5, -1},                /* a Classic buyout of 0: bid only */
        {0, 0, 0, 0, 5, -1},                /* no buyout at all */
        {0, 0, 1, 100, 0, -1},              /* a quantity of 0 */
        {0, 0, 1, INT64_MAX, 1, INT64_MAX}, /* the largest buyout */
        {0, 0, 1, INT64_MAX, INT32_MAX, INT64_MAX / INT32_MAX},
        {0, 0, 1, 1, INT32_MAX, 0}, /* a unit worth under a copper */
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

static void unit_buyout_c_and_sql_agree(void **state)
{
	struct buf sql = BUF_INIT;
	struct duck d;
	struct err e = {0};
	duckdb_result r;
	(void)state;

	buf_puts(&sql, "SELECT id, " MODEL_UNIT_BUYOUT_SQL " FROM (VALUES ");
	for (size_t i = 0; i < NCASES; i++) {
		const struct unit_case *c = &cases[i];
		char up[32] = "NULL", bo[32] = "NULL";

		if (c->has_unit_price)
			snprintf(up, sizeof(up), "%" PRId64, c->unit_price);
		if (c->has_buyout)
			snprintf(bo, sizeof(bo), "%" PRId64, c->buyout);
		buf_printf(&sql, "%s(%zu, %s::BIGINT, %s::BIGINT, %" PRId32 "::INTEGER)",
		           i ? ", " : "", i, up, bo, c->quantity);
	}
	buf_puts(&sql, ") t(id, unit_price, buyout, quantity) ORDER BY id");
	assert_int_equal(duck_open(&d, NULL, &e), 0);
	if (duck_query(&d, sql.data, &r, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(duckdb_row_count(&r), NCASES);
	for (size_t i = 0; i < NCASES; i++) {
		const struct unit_case *c = &cases[i];
		int64_t in_c = model_unit_buyout(c->has_unit_price, c->unit_price, c->has_buyout,
		                                 c->buyout, c->quantity);
		int64_t in_sql = duckdb_value_is_null(&r, 1, i) ? -1 : duckdb_value_int64(&r, 1, i);

		if (in_c != c->want || in_sql != c->want)
			fail_msg("case %zu: C %" PRId64 ", SQL %" PRId64 ", want %" PRId64, i, in_c,
			         in_sql, c->want);
	}
	duckdb_destroy_result(&r);
	duck_close(&d);
	buf_release(&sql);
}

/* The column list the loader's empty view is made of, as it was spelled out by hand. */
static void null_columns(void **state)
{
	struct duck d;
	struct err e = {0};
	(void)state;

	assert_string_equal(
	        MODEL_AUCTION_NULL_COLUMNS,
	        "NULL::TIMESTAMPTZ AS snapshot_ts, NULL::VARCHAR AS region, "
	        "NULL::INTEGER AS realm_id, NULL::SMALLINT AS auction_house_id, "
	        "NULL::BIGINT AS auction_id, NULL::INTEGER AS item_id, NULL::INTEGER AS quantity, "
	        "NULL::BIGINT AS unit_price, NULL::BIGINT AS buyout, NULL::BIGINT AS bid, "
	        "NULL::VARCHAR AS time_left, NULL::INTEGER AS context, NULL::INTEGER[] AS "
	        "bonus_lists, "
	        "NULL::STRUCT(type INTEGER, value BIGINT)[] AS modifiers, "
	        "NULL::INTEGER AS pet_species_id, NULL::INTEGER AS pet_breed_id, "
	        "NULL::INTEGER AS pet_level, NULL::INTEGER AS pet_quality_id, NULL::BIGINT AS "
	        "rand, "
	        "NULL::BIGINT AS seed, ");
	/* and DuckDB takes it */
	assert_int_equal(duck_open(&d, NULL, &e), 0);
	assert_int_equal(duck_exec(&d,
	                           "CREATE VIEW v AS SELECT " MODEL_AUCTION_NULL_COLUMNS
	                           "NULL::BIGINT AS unit_buyout WHERE false",
	                           &e),
	                 0);
	duck_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(unit_buyout_c_and_sql_agree),
	        cmocka_unit_test(null_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
