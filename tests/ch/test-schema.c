/* test-schema.c - src/ch/schema.c on a real ClickHouse server: every relation created,
 * a second run changes nothing, the version recorded, a newer one refused; the flavor
 * column as RowBinary encodes it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ch-server.h"
#include "ch/rowbinary.h"
#include "ch/schema.h"

static struct ch_client *c;

static void assert_query(const char *sql, const char *want)
{
	char *s = ch_test_query(c, sql);

	assert_string_equal(s, want);
	free(s);
}

static void test_create_then_nothing(void **state)
{
	struct ch_schema s = {.database = "w1"};
	struct err e;
	int created = -1;

	(void)state;
	assert_int_equal(ch_schema_ensure(c, &s, &created, &e), WOWAH_OK);
	assert_int_equal(created, 1);
	assert_query("SELECT groupArray(name) FROM (SELECT name FROM system.tables WHERE "
	             "database = 'w1' ORDER BY name) FORMAT TabSeparated",
	             "['auctions','fed_files','fed_snapshots','item_days','item_sales_days',"
	             "'item_snapshots','items','latest_listings','pets','realms',"
	             "'region_sale_windows','sale_windows','snapshots','tokens','wowah_schema']\n");
	assert_query("SELECT engine FROM system.tables WHERE database = 'w1' AND name = "
	             "'item_days' FORMAT TabSeparated",
	             "View\n");
	assert_int_equal(ch_schema_ensure(c, &s, &created, &e), WOWAH_OK);
	assert_int_equal(created, 0);
	assert_query("SELECT count(), max(version) FROM w1.wowah_schema FORMAT TabSeparated",
	             "1\t4\n");
	/* the views run on empty tables */
	assert_query("SELECT count() FROM w1.latest_listings FORMAT TabSeparated", "0\n");
	assert_query("SELECT count() FROM w1.item_days FORMAT TabSeparated", "0\n");
	assert_query("SELECT count() FROM w1.snapshots FORMAT TabSeparated", "0\n");
}

static void test_newer_schema_refused(void **state)
{
	struct ch_schema s = {.database = "w2"};
	struct err e;
	int created;

	(void)state;
	assert_int_equal(ch_schema_ensure(c, &s, &created, &e), WOWAH_OK);
	assert_int_equal(ch_exec(c, "INSERT INTO w2.wowah_schema VALUES ('wowah', 99, now())", &e),
	                 WOWAH_OK);
	assert_int_equal(ch_schema_ensure(c, &s, &created, &e), WOWAH_ECONFIG);
	assert_non_null(strstr(e.msg, "version 99"));
	assert_int_equal(created, 0);
}

static void test_bad_names(void **state)
{
	struct ch_schema s = {.database = "w; DROP"};
	struct err e;
	int created;

	(void)state;
	assert_int_equal(ch_schema_ensure(c, &s, &created, &e), WOWAH_EUSAGE);
	s.database = "w3";
	s.cluster = "nowhere";
	assert_int_equal(ch_schema_ensure(c, &s, &created, &e), WOWAH_ECONFIG);
	assert_non_null(strstr(e.msg, "no cluster 'nowhere'"));
	assert_query("SELECT count() FROM system.databases WHERE name = 'w3' FORMAT TabSeparated",
	             "0\n");
}

/* A version 3 database (before the sales tables: made here as version 4 without them)
 * is refused by the reports, then migrated by the next ensure: the sales tables made, the
 * other tables' rows kept, version 4 recorded. */
static void test_v3_migrated(void **state)
{
	struct ch_schema s = {.database = "w4"};
	struct err e;
	int created;

	(void)state;
	assert_int_equal(ch_schema_ensure(c, &s, &created, &e), WOWAH_OK);
	assert_int_equal(ch_exec(c, "DROP TABLE w4.item_sales_days", &e), WOWAH_OK);
	assert_int_equal(ch_exec(c, "DROP TABLE w4.sale_windows", &e), WOWAH_OK);
	assert_int_equal(ch_exec(c, "DROP TABLE w4.region_sale_windows", &e), WOWAH_OK);
	assert_int_equal(ch_exec(c, "TRUNCATE TABLE w4.wowah_schema", &e), WOWAH_OK);
	assert_int_equal(ch_exec(c, "INSERT INTO w4.wowah_schema VALUES ('wowah', 3, now())", &e),
	                 WOWAH_OK);
	assert_int_equal(ch_exec(c, "INSERT INTO w4.items (item_id, name) VALUES (7, 'kept')", &e),
	                 WOWAH_OK);
	assert_int_equal(ch_schema_check(c, "w4", &e), WOWAH_ECONFIG);
	assert_non_null(strstr(e.msg, "version 3, older than this wowah's 4"));
	assert_int_equal(ch_schema_ensure(c, &s, &created, &e), WOWAH_OK);
	assert_int_equal(created, 1);
	assert_query("SELECT count() FROM system.tables WHERE database = 'w4' AND name IN "
	             "('item_sales_days', 'sale_windows', 'region_sale_windows') FORMAT "
	             "TabSeparated",
	             "3\n");
	assert_query("SELECT max(version) FROM w4.wowah_schema FORMAT TabSeparated", "4\n");
	assert_query("SELECT name FROM w4.items FORMAT TabSeparated", "kept\n");
	assert_int_equal(ch_schema_check(c, "w4", &e), WOWAH_OK);
}

/* A version 4 database fed before pets (no pets table): reports refuse it, the next feed's
 * ensure makes the table, its other rows kept, the version as it was. */
static void test_v4_without_pets(void **state)
{
	struct ch_schema s = {.database = "w5"};
	struct err e;
	int created;

	(void)state;
	assert_int_equal(ch_schema_ensure(c, &s, &created, &e), WOWAH_OK);
	assert_int_equal(ch_exec(c, "DROP TABLE w5.pets", &e), WOWAH_OK);
	assert_int_equal(ch_exec(c, "INSERT INTO w5.items (item_id, name) VALUES (7, 'kept')", &e),
	                 WOWAH_OK);
	assert_int_equal(ch_schema_check(c, "w5", &e), WOWAH_ECONFIG);
	assert_non_null(strstr(e.msg, "no pets table"));
	assert_int_equal(ch_schema_ensure(c, &s, &created, &e), WOWAH_OK);
	assert_int_equal(created, 0);
	assert_query("SELECT count() FROM system.tables WHERE database = 'w5' AND name = 'pets' "
	             "FORMAT TabSeparated",
	             "1\n");
	assert_query("SELECT count(), max(version) FROM w5.wowah_schema FORMAT TabSeparated",
	             "1\t4\n");
	assert_query("SELECT name FROM w5.items FORMAT TabSeparated", "kept\n");
	assert_int_equal(ch_schema_check(c, "w5", &e), WOWAH_OK);
}

static int group_setup(void **state)
{
	struct err e;
	struct ch_opts o = {0};

	(void)state;
	o.url = ch_test_setup();
	c = o.url ? ch_client_new(&o, &e) : NULL;
	return c ? 0 : -1;
}

/* flavor, the last column of the tables with one, is an Enum8 whose names RowBinary
 * encodes as their values; its DEFAULT is the server's and not a type. */
static void test_flavor_column(void **state)
{
	static const char *const tables[] = {
	        "auctions", "item_snapshots",  "fed_snapshots", "tokens",
	        "realms",   "item_sales_days", "sale_windows",  "region_sale_windows"};
	static const char *const names[] = {"retail", "classic", "classic1x", "classicann"};
	struct ch_rb_table t;
	struct err e;

	(void)state;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const struct ch_rb_column *col;

		assert_int_equal(ch_rb_table_parse(ch_schema_columns(tables[i]), &t, &e), WOWAH_OK);
		col = &t.cols[t.n - 1];
		assert_string_equal(col->name, "flavor");
		assert_int_equal(col->type, CH_RB_ENUM8);
		assert_int_equal(col->nenum, 4);
		for (size_t k = 0; k < 4; k++) {
			assert_string_equal(col->enum_names[k], names[k]);
			assert_int_equal(col->enum_values[k], (int)k + 1);
		}
	}
	assert_int_equal(ch_rb_table_parse("f Enum8('a' = 1", &t, &e), WOWAH_EPARSE);
}

static int group_teardown(void **state)
{
	(void)state;
	ch_client_free(c);
	ch_test_teardown();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_create_then_nothing),
	        cmocka_unit_test(test_newer_schema_refused),
	        cmocka_unit_test(test_bad_names),
	        cmocka_unit_test(test_flavor_column),
	        cmocka_unit_test(test_v3_migrated),
	        cmocka_unit_test(test_v4_without_pets),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
