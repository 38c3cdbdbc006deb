/* test-load.c - wowah load on the fixed dataset: incremental, idempotent, atomic, and
 * readable by a DuckDB client that has none of wowah's functions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset.h"
#include "warehouse/warehouse.h"
#include "util/buf.h"
#include "util/fs.h"

static char dir[64];

static int64_t q_i64(const char *sql)
{
	struct duck d;
	struct err e = {0};
	duckdb_result r;
	int64_t v;

	if (warehouse_open(dir, &d, &e) || duck_query(&d, sql, &r, &e)) {
		fprintf(stderr, "%s: %s\n", sql, e.msg);
		fail();
	}
	v = duckdb_value_is_null(&r, 0, 0) ? -1 : duckdb_value_int64(&r, 0, 0);
	duckdb_destroy_result(&r);
	duck_close(&d);
	return v;
}

static void append_to_catalog(const char *text)
{
	char *cat = fs_join(dir, "catalog.tsv");
	FILE *f = fopen(cat, "a");
	fputs(text, f);
	fclose(f);
	free(cat);
}

static void truncate_catalog(long len)
{
	char *cat = fs_join(dir, "catalog.tsv");
	assert_int_equal(truncate(cat, len), 0);
	free(cat);
}

static long catalog_size(void)
{
	char *cat = fs_join(dir, "catalog.tsv"), *data;
	size_t len;
	assert_int_equal(fs_read_file(cat, &data, &len, NULL), 0);
	free(data);
	free(cat);
	return (long)len;
}

static void load_ok(struct warehouse_stats *st)
{
	struct err e = {0};
	if (warehouse_load(dir, st, &e)) {
		fprintf(stderr, "load: %s\n", e.msg);
		fail();
	}
}

static void incremental_and_idempotent(void **state)
{
	struct warehouse_stats st;
	(void)state;

	/* T0 and T1: two realms and the commodities, twice */
	assert_int_equal(dataset_write(dir, 2), 0);
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 6);
	assert_int_equal(st.snapshots, 6);
	assert_int_equal(st.new_files, 2); /* realms + first items file */
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 0);
	assert_int_equal(st.new_files, 0);
	assert_int_equal(st.new_tokens, 0);
	/* 14 + Iron Ore on 1305 at T1 */
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots"), 15);
	/* the newest listings of each house: T1's 4 + 2 + 2 */
	assert_int_equal(q_i64("SELECT count(*) FROM latest_listings WHERE snapshot_ts = "
	                       "'2026-11-26 12:00:00Z'"),
	                 8);
	assert_int_equal(q_i64("SELECT count(*) FROM latest_listings"), 8);

	/* T2 and T3 (with the Classic house), a token and a second items file */
	assert_int_equal(dataset_write(dir, 4), 0);
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 7);
	assert_int_equal(st.new_rows, 26); /* 20 + Iron Ore x2 and pets x4 at T3 */
	assert_int_equal(st.new_tokens, 1);
	assert_int_equal(st.new_files, 1);
	assert_int_equal(st.snapshots, 13);
	load_ok(&st);
	assert_int_equal(st.new_snapshots + st.new_tokens + st.new_files, 0);
	/* T3 replaced T1 (T2 was never a house's newest): 9 + 5 + 5 + 2, one bid only */
	assert_int_equal(q_i64("SELECT count(*) FROM latest_listings WHERE snapshot_ts = "
	                       "'2026-11-27 12:00:00Z'"),
	                 21);
	assert_int_equal(q_i64("SELECT count(*) FROM latest_listings"), 21);
	assert_int_equal(q_i64("SELECT count(*) FROM latest_listings WHERE unit_buyout IS NULL"),
	                 1);
	/* the same rows as the view's newest snapshot, pets keyed by species */
	assert_int_equal(q_i64("SELECT count(*) FROM (SELECT auction_id, item_id, coalesce("
	                       "pet_species_id, 0), quantity, unit_buyout FROM auctions WHERE "
	                       "snapshot_ts = '2026-11-27 12:00:00Z' EXCEPT SELECT auction_id, "
	                       "item_id, pet_species_id, quantity, unit_buyout FROM "
	                       "latest_listings)"),
	                 0);

	assert_int_equal(q_i64("SELECT count(*) FROM auctions"), 42);
	assert_int_equal(q_i64("SELECT count(*) FROM auctions WHERE unit_buyout IS NULL"), 1);
	assert_int_equal(q_i64("SELECT count(*) FROM snapshots"), 13);
	assert_int_equal(q_i64("SELECT count(*) FROM items"), 7);
	assert_int_equal(q_i64("SELECT count(*) FROM realms"), 4);
	assert_int_equal(q_i64("SELECT price FROM tokens"), 3100000000);
}

/* The summary rows, worked out from dataset.c. */
static void summary_values(void **state)
{
	(void)state;
	/* 1305 at T3, Thunderfury: 2 units at 3e8 and 1.2e9; N = 2 keeps ceil(0.3) = 1 unit */
	assert_int_equal(q_i64("SELECT min_buyout FROM item_snapshots WHERE realm_id = 1305 AND "
	                       "item_id = 19019 AND snapshot_ts = '2026-11-27 12:00:00Z'"),
	                 300000000);
	assert_int_equal(q_i64("SELECT market_value::BIGINT FROM item_snapshots WHERE realm_id = "
	                       "1305 AND item_id = 19019 AND snapshot_ts = '2026-11-27 12:00:00Z'"),
	                 300000000);
	/* Linen Cloth at T3: 10 at 3, 1000 at 12, 200 at 20 (N = 1210). Always kept 182,
	 * cap 363: 10 at 3 and 353 at 12; mean 11.75, s = 1.475: the 3s are 8.75 away and
	 * dropped, the value is 12. Median: rank 604 is a 12. Gold: 30 + 12000 + 4000. */
	assert_int_equal(q_i64("SELECT market_value * 1000 FROM item_snapshots WHERE item_id = "
	                       "2589 AND snapshot_ts = '2026-11-27 12:00:00Z'"),
	                 12000);
	assert_int_equal(q_i64("SELECT median FROM item_snapshots WHERE item_id = 2589 AND "
	                       "snapshot_ts = '2026-11-27 12:00:00Z'"),
	                 12);
	assert_int_equal(q_i64("SELECT gold_listed FROM item_snapshots WHERE item_id = 2589 AND "
	                       "snapshot_ts = '2026-11-27 12:00:00Z'"),
	                 16030);
	assert_int_equal(q_i64("SELECT units FROM item_snapshots WHERE item_id = 2589 AND "
	                       "snapshot_ts = '2026-11-27 12:00:00Z'"),
	                 1210);
	/* battle pets: one row per species, each with its own prices (1305 at T3: species 39
	 * at 5g and 6g, species 40 at 50,000g; 1402: species 39 at 4g) */
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots WHERE item_id = 82800"), 3);
	assert_int_equal(q_i64("SELECT market_value::BIGINT FROM item_snapshots WHERE "
	                       "realm_id = 1305 AND item_id = 82800 AND pet_species_id = 39"),
	                 50000);
	assert_int_equal(q_i64("SELECT min_buyout FROM item_snapshots WHERE realm_id = 1305 AND "
	                       "item_id = 82800 AND pet_species_id = 40"),
	                 500000000);
	assert_int_equal(q_i64("SELECT sum(scans) FROM item_days WHERE item_id = 82800 AND "
	                       "pet_species_id = 39"),
	                 2);
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots WHERE pet_species_id IS NULL "
	                       "OR (item_id <> 82800 AND pet_species_id <> 0)"),
	                 0);
	/* Classic: a stack of 5 for 600 (120 each) and a bid-only stack of 3 */
	assert_int_equal(q_i64("SELECT auctions * 1000000 + units * 1000 + min_buyout FROM "
	                       "item_snapshots WHERE kind = 'classic' AND house_id = 2"),
	                 2008120);
}

/* A catalogued file that is missing fails the run and changes nothing; a torn last line
 * (a pull appending right now) is not read. */
static void failures_change_nothing(void **state)
{
	struct warehouse_stats st;
	struct err e = {0};
	long size = catalog_size();
	(void)state;

	append_to_catalog(
	        "eu\trealm\t1305\t0\t2026-11-27T13:00:00Z\t2026-11-27T13:00:00Z\t1\t1\t0\t"
	        "auctions/region=eu/kind=realm/date=2026-11-27/realm_id=1305/"
	        "20261127T130000Z.parquet\n");
	assert_int_equal(warehouse_load(dir, &st, &e), WOWAH_ENOTFOUND);
	assert_non_null(strstr(e.msg, "20261127T130000Z.parquet is in the catalog but missing"));
	assert_int_equal(q_i64("SELECT count(*) FROM snapshots"), 13);
	truncate_catalog(size);

	append_to_catalog("eu\trealm\tx\n");
	assert_int_equal(warehouse_load(dir, &st, &e), WOWAH_EPARSE);
	assert_string_equal(e.msg,
	                    "catalog.tsv line 16: 3 fields, expected 10; fix or remove that line");
	truncate_catalog(size);

	append_to_catalog("eu\trealm\t1305\t0\t2026-11-27T13:00:00Z");
	assert_int_equal(warehouse_load(dir, &st, &e), 0);
	assert_int_equal(st.new_snapshots, 0);
	truncate_catalog(size);
}

/* A database from before pets were keyed by species (no pet_species_id), made before
 * wowah_schema too, is computed again from the data dir by the next load. */
static void old_database_upgraded(void **state)
{
	struct warehouse_stats st;
	struct duck d;
	struct err e = {0};
	(void)state;

	assert_int_equal(warehouse_open(dir, &d, &e), 0);
	assert_int_equal(duck_exec(&d,
	                           "ALTER TABLE item_snapshots DROP COLUMN pet_species_id; "
	                           "ALTER TABLE item_days DROP COLUMN pet_species_id; "
	                           "DROP TABLE wowah_schema",
	                           &e),
	                 0);
	duck_close(&d);
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 13);
	assert_int_equal(st.snapshots, 13);
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots"), 34);
	assert_int_equal(q_i64("SELECT count(DISTINCT pet_species_id) FROM item_days WHERE "
	                       "item_id = 82800"),
	                 2);
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 0);
	assert_int_equal(q_i64("SELECT count(*) FROM latest_listings"), 21);
}

/* A derived table missing from the database (a database from before latest_listings, or
 * one dropped by hand) is filled by the next load, even with no new snapshot. */
static void latest_listings_added(void **state)
{
	struct warehouse_stats st;
	struct duck d;
	struct err e = {0};
	(void)state;

	assert_int_equal(warehouse_open(dir, &d, &e), 0);
	assert_int_equal(duck_exec(&d, "DROP TABLE latest_listings", &e), 0);
	duck_close(&d);
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 0);
	assert_int_equal(q_i64("SELECT count(*) FROM latest_listings WHERE snapshot_ts = "
	                       "'2026-11-27 12:00:00Z'"),
	                 21);
}

/* Any DuckDB client: a plain connection, none of wowah's functions, reads every relation. */
static void plain_duckdb_reads_it(void **state)
{
	duckdb_database db;
	duckdb_connection conn;
	duckdb_result r;
	char *path = fs_join(dir, WAREHOUSE_DB_NAME);
	(void)state;

	assert_int_equal(duckdb_open(path, &db), DuckDBSuccess);
	assert_int_equal(duckdb_connect(db, &conn), DuckDBSuccess);
	assert_int_equal(
	        duckdb_query(conn,
	                     "SELECT (SELECT count(*) FROM auctions) + (SELECT count(*) "
	                     "FROM item_snapshots) + (SELECT count(*) FROM snapshots) + "
	                     "(SELECT count(*) FROM realms) + (SELECT count(*) FROM items) "
	                     "+ (SELECT count(*) FROM tokens)",
	                     &r),
	        DuckDBSuccess);
	assert_int_equal(duckdb_value_int64(&r, 0, 0), 42 + 34 + 13 + 4 + 7 + 1);
	duckdb_destroy_result(&r);
	assert_int_equal(duckdb_query(conn, "SELECT market_value(1, 1)", &r), DuckDBError);
	duckdb_destroy_result(&r);
	duckdb_disconnect(&conn);
	duckdb_close(&db);
	free(path);
}

static void no_data_dir(void **state)
{
	struct warehouse_stats st;
	struct err e = {0};
	struct duck d;
	(void)state;

	assert_int_equal(warehouse_load("/nonexistent/wowah-data", &st, &e), WOWAH_ENOTFOUND);
	assert_int_equal(warehouse_open("/nonexistent/wowah-data", &d, &e), WOWAH_ENOTFOUND);
	assert_string_equal(e.msg,
	                    "no /nonexistent/wowah-data/wowah.duckdb: run 'wowah load' first");
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/wowah-test-load.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(incremental_and_idempotent),
	        cmocka_unit_test(summary_values),
	        cmocka_unit_test(failures_change_nothing),
	        cmocka_unit_test(old_database_upgraded),
	        cmocka_unit_test(latest_listings_added),
	        cmocka_unit_test(plain_duckdb_reads_it),
	        cmocka_unit_test(no_data_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
