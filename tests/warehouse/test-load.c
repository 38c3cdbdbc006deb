/* test-load.c - wowah load on the fixed dataset: incremental, idempotent, atomic, and
 * readable by a DuckDB client that has none of wowah's functions; the registry's schema
 * versions; files refused when they no longer match their catalog line. */
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
#include "duck/engine.h"
#include "model/layout.h"
#include "warehouse/registry.h"
#include "warehouse/warehouse.h"
#include "util/buf.h"
#include "util/fs.h"

static char main_dir[64];
static const char *dir = main_dir; /* the data dir the helpers use */

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

/* Runs sql on the database through a plain DuckDB connection (no wowah check, none of its
 * functions): DuckDBSuccess with the first value (or 0) in *out, or DuckDBError. */
static duckdb_state raw_query(const char *sql, int64_t *out)
{
	duckdb_database db;
	duckdb_connection conn;
	duckdb_result r;
	char *path = fs_join(dir, MODEL_DB_FILE);
	duckdb_state st;

	assert_int_equal(duckdb_open(path, &db), DuckDBSuccess);
	assert_int_equal(duckdb_connect(db, &conn), DuckDBSuccess);
	st = duckdb_query(conn, sql, &r);
	if (st == DuckDBSuccess && out)
		*out = duckdb_row_count(&r) ? duckdb_value_int64(&r, 0, 0) : 0;
	duckdb_destroy_result(&r);
	duckdb_disconnect(&conn);
	duckdb_close(&db);
	free(path);
	return st;
}

static int64_t raw_i64(const char *sql)
{
	int64_t v = 0;

	assert_int_equal(raw_query(sql, &v), DuckDBSuccess);
	return v;
}

/* Runs statements on the database, as a user or an older wowah could. */
static void exec_sql(const char *sql)
{
	char *db = fs_join(dir, MODEL_DB_FILE);
	struct duck d;
	struct err e = {0};

	/* Read-write, as a DuckDB client: wowah's readers open it read-only. */
	if (duck_open(&d, db, &e) || duck_exec(&d, sql, &e)) {
		fprintf(stderr, "%s: %s\n", sql, e.msg);
		fail();
	}
	duck_close(&d);
	free(db);
}

static void append_to_catalog(const char *text)
{
	char *cat = fs_join(dir, MODEL_CATALOG_FILE);
	FILE *f = fopen(cat, "a");
	fputs(text, f);
	fclose(f);
	free(cat);
}

static void truncate_catalog(long len)
{
	char *cat = fs_join(dir, MODEL_CATALOG_FILE);
	assert_int_equal(truncate(cat, len), 0);
	free(cat);
}

static long catalog_size(void)
{
	char *cat = fs_join(dir, MODEL_CATALOG_FILE), *data;
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
	char want[256];
	(void)state;

	append_to_catalog(
	        "eu\trealm\t1305\t0\t2026-11-27T13:00:00Z\t2026-11-27T13:00:00Z\t1\t1\t0\t"
	        "auctions/region=eu/kind=realm/date=2026-11-27/realm_id=1305/"
	        "20261127T130000Z.parquet\n");
	assert_int_equal(warehouse_load(dir, &st, &e), WOWAH_ENOTFOUND);
	assert_non_null(strstr(e.msg, "20261127T130000Z.parquet is in the catalog but missing"));
	assert_int_equal(q_i64("SELECT count(*) FROM snapshots"), 13);
	truncate_catalog(size);

	/* the message of the one catalog parser (model/catalog.h), naming the file */
	append_to_catalog("eu\trealm\tx\n");
	assert_int_equal(warehouse_load(dir, &st, &e), WOWAH_EPARSE);
	snprintf(want, sizeof(want),
	         "'%s/catalog.tsv' line 16: 3 fields, expected 11; 'wowah fsck --repair' rebuilds "
	         "it from the files",
	         dir);
	assert_string_equal(e.msg, want);
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
	(void)state;

	exec_sql("ALTER TABLE item_snapshots DROP COLUMN pet_species_id; "
	         "ALTER TABLE item_days DROP COLUMN pet_species_id; "
	         "DROP TABLE wowah_schema");
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
	(void)state;

	exec_sql("DROP TABLE latest_listings");
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 0);
	assert_int_equal(q_i64("SELECT count(*) FROM latest_listings WHERE snapshot_ts = "
	                       "'2026-11-27 12:00:00Z'"),
	                 21);
}

/* Every entry is computed only from earlier ones, names are unique, versions start at 1. */
static void registry_in_order(void **state)
{
	(void)state;
	for (int i = 0; i < WAREHOUSE_NTABLES; i++) {
		const struct warehouse_table *t = warehouse_tables[i];
		assert_int_equal(warehouse_table_index(t->name), i);
		assert_true(t->version >= 1);
		assert_true(t->is_view ? t->create == NULL : t->create != NULL);
		for (int f = 0; f < WAREHOUSE_MAX_FROM && t->from[f]; f++) {
			int from = warehouse_table_index(t->from[f]);
			assert_true(from >= 0 && from < i);
		}
	}
	assert_int_equal(warehouse_table_index("snapshots"), 0);
	assert_int_equal(warehouse_table_index("wowah_schema"), -1);
}

/* A database the current main made (the same tables, no wowah_schema) is rebuilt in full
 * from the data dir, once, to the same contents. */
static void unversioned_database_rebuilt(void **state)
{
	struct warehouse_stats st;
	(void)state;

	exec_sql("DROP TABLE wowah_schema; INSERT INTO item_days (region) VALUES ('stale')");
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 13);
	assert_int_equal(st.new_tokens, 1);
	assert_int_equal(st.new_files, 3);
	assert_int_equal(st.snapshots, 13);
	assert_int_equal(q_i64("SELECT count(*) FROM item_days WHERE region = 'stale'"), 0);
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots"), 34);
	assert_int_equal(q_i64("SELECT count(*) FROM latest_listings"), 21);
	assert_int_equal(q_i64("SELECT count(*) FROM auctions"), 42);
	assert_int_equal(q_i64("SELECT count(*) FROM tokens"), 1);
	assert_int_equal(q_i64("SELECT count(*) FROM items"), 7);
	assert_int_equal(q_i64("SELECT count(*) FROM realms"), 4);
	assert_int_equal(q_i64("SELECT count(*) FROM wowah_schema"), WAREHOUSE_NTABLES);
	for (int i = 0; i < WAREHOUSE_NTABLES; i++) {
		char sql[128];
		snprintf(sql, sizeof(sql), "SELECT version FROM wowah_schema WHERE name = '%s'",
		         warehouse_tables[i]->name);
		assert_int_equal(q_i64(sql), warehouse_tables[i]->version);
	}
	load_ok(&st);
	assert_int_equal(st.new_snapshots + st.new_tokens + st.new_files, 0);
}

/* A table whose recorded version differs is rebuilt with the tables computed from it, and
 * only those: item_snapshots takes item_days along, not latest_listings or snapshots. */
static void changed_version_rebuilt(void **state)
{
	struct warehouse_stats st;
	(void)state;

	exec_sql("UPDATE wowah_schema SET version = 0 WHERE name = 'item_snapshots';"
	         "INSERT INTO item_snapshots (region) VALUES ('stale');"
	         "INSERT INTO item_days (region) VALUES ('stale');"
	         "INSERT INTO latest_listings (region) VALUES ('kept')");
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 0);
	assert_int_equal(st.snapshots, 13);
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots WHERE region = 'stale'"), 0);
	assert_int_equal(q_i64("SELECT count(*) FROM item_days WHERE region = 'stale'"), 0);
	assert_int_equal(q_i64("SELECT count(*) FROM latest_listings WHERE region = 'kept'"), 1);
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots"), 34);
	assert_int_equal(q_i64("SELECT sum(scans) FROM item_days WHERE item_id = 82800 AND "
	                       "pet_species_id = 39"),
	                 2);
	assert_int_equal(q_i64("SELECT version FROM wowah_schema WHERE name = 'item_snapshots'"),
	                 2);
	exec_sql("DELETE FROM latest_listings WHERE region = 'kept'");
}

/* item_snapshots version 1 (its rows in time order) is upgraded in place, not rebuilt:
 * a row no raw file holds (its file pruned) is kept, and item_days, computed from it,
 * is not rebuilt either. */
static void storage_version_upgraded(void **state)
{
	struct warehouse_stats st;
	(void)state;

	exec_sql("UPDATE wowah_schema SET version = 1 WHERE name = 'item_snapshots';"
	         "INSERT INTO item_snapshots (region, snapshot_ts, item_id) VALUES ('kept', "
	         "TIMESTAMPTZ '2020-01-01 00:00:00+00', 1);"
	         "INSERT INTO item_days (region) VALUES ('kept')");
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 0);
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots WHERE region = 'kept'"), 1);
	assert_int_equal(q_i64("SELECT count(*) FROM item_days WHERE region = 'kept'"), 1);
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots"), 35);
	assert_int_equal(q_i64("SELECT version FROM wowah_schema WHERE name = 'item_snapshots'"),
	                 2);
	exec_sql("DELETE FROM item_snapshots WHERE region = 'kept';"
	         "DELETE FROM item_days WHERE region = 'kept'");
}

/* A version newer than the binary's, or a table it does not know: a newer wowah made the
 * database. Load refuses it and changes nothing; so do the readers. */
static void newer_database_refused(void **state)
{
	struct warehouse_stats st;
	struct err e = {0};
	struct duck d;
	char want[512];
	(void)state;

	exec_sql("UPDATE wowah_schema SET version = 99 WHERE name = 'item_days'");
	assert_int_equal(warehouse_load(dir, &st, &e), WOWAH_EDB);
	snprintf(want, sizeof(want),
	         "%s/wowah.duckdb was made by a newer wowah (table item_days is version 99, this "
	         "one knows 1); use that wowah, or remove the file and run 'wowah load' to build "
	         "it again from the data dir",
	         dir);
	assert_string_equal(e.msg, want);
	assert_int_equal(warehouse_open(dir, &d, &e), WOWAH_EDB);
	assert_string_equal(e.msg, want);

	/* the refused database is as it was (read without wowah's check) */
	assert_int_equal(raw_i64("SELECT version * 1000 + (SELECT count(*) FROM item_days) FROM "
	                         "wowah_schema WHERE name = 'item_days'"),
	                 99 * 1000 + 29);
	raw_i64("UPDATE wowah_schema SET version = 1 WHERE name = 'item_days'; INSERT INTO "
	        "wowah_schema VALUES ('price_forecasts', 1)");
	assert_int_equal(warehouse_load(dir, &st, &e), WOWAH_EDB);
	assert_non_null(strstr(e.msg, "was made by a newer wowah (it has a table "
	                              "price_forecasts this one does not know)"));
	raw_i64("DELETE FROM wowah_schema WHERE name = 'price_forecasts'");
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 0);
}

/* A table missing from wowah_schema or older than the binary's: the readers refuse in one
 * line naming the load, rather than fail a query with DuckDB's words; the load mends it. */
static void older_database_refused_until_loaded(void **state)
{
	struct warehouse_stats st;
	struct err e = {0};
	struct duck d;
	char want[512];
	(void)state;

	raw_i64("UPDATE wowah_schema SET version = 1 WHERE name = 'items'");
	assert_int_equal(warehouse_open(dir, &d, &e), WOWAH_EDB);
	snprintf(want, sizeof(want),
	         "%s/wowah.duckdb was made by an older wowah (table items is version 1, this one "
	         "needs 2); run 'wowah load' to bring it up to date",
	         dir);
	assert_string_equal(e.msg, want);
	raw_i64("UPDATE wowah_schema SET version = 2 WHERE name = 'items'; DELETE FROM "
	        "wowah_schema WHERE name = 'pets'");
	assert_int_equal(warehouse_open(dir, &d, &e), WOWAH_EDB);
	assert_non_null(strstr(e.msg, "older wowah (it has no table"));
	load_ok(&st);
	assert_int_equal(warehouse_open(dir, &d, &e), WOWAH_OK);
	duck_close(&d);
}

/* Any DuckDB client: a plain connection, none of wowah's functions, reads every relation. */
static void plain_duckdb_reads_it(void **state)
{
	char sql[512];
	(void)state;
	/* the auctions view's glob is relative to the data dir, as docs/load.md tells a client */
	snprintf(sql, sizeof(sql), "SET file_search_path = '%s'; SELECT count(*) FROM auctions",
	         dir);
	assert_int_equal(raw_i64(sql), 42);
	assert_int_equal(raw_i64("SELECT (SELECT count(*) FROM item_snapshots) + (SELECT count(*) "
	                         "FROM snapshots) + "
	                         "(SELECT count(*) FROM realms) + (SELECT count(*) FROM items) "
	                         "+ (SELECT count(*) FROM tokens)"),
	                 34 + 13 + 4 + 7 + 1);
	assert_int_equal(raw_query("SELECT market_value(1, 1)", NULL), DuckDBError);
}

/* Overwrites len bytes of DIR/rel at offset with data, first saving them into saved. */
static void overwrite(const char *rel, long offset, const void *data, void *saved, size_t len)
{
	char *path = fs_join(dir, rel);
	FILE *f = fopen(path, "r+b");

	assert_non_null(f);
	assert_int_equal(fseek(f, offset, SEEK_SET), 0);
	if (saved)
		assert_int_equal(fread(saved, 1, len, f), len);
	assert_int_equal(fseek(f, offset, SEEK_SET), 0);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static long file_size(const char *rel)
{
	char *path = fs_join(dir, rel);
	FILE *f = fopen(path, "rb");
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	fclose(f);
	free(path);
	return n;
}

#define T3_1305 \
	"auctions/region=eu/kind=realm/date=2026-11-27/realm_id=1305/20261127T120000Z.parquet"
#define T3_TOKEN  "tokens/region=eu/20261127T120000Z.parquet"
#define FSCK_HINT "; run 'wowah fsck' to check the data dir"

/* Issue 12: eight bytes overwritten inside a catalogued file gave buyouts of -5.9e18 and a
 * load that exited 0. Now the load that reads a file first checks it against its catalog
 * line and refuses it, naming it, with the database as it was; restored, it loads. */
static void changed_file_refused(void **state)
{
	static const unsigned char junk[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};
	unsigned char saved[8];
	char own[64], want[512], *tail;
	struct warehouse_stats st;
	struct err e = {0};
	long mid, token_size;
	(void)state;

	strcpy(own, "/tmp/wowah-test-load-verify.XXXXXX");
	assert_non_null(mkdtemp(own));
	dir = own;
	assert_int_equal(dataset_write(dir, 3), 0);
	load_ok(&st);
	assert_int_equal(st.snapshots, 9);
	assert_int_equal(dataset_write(dir, 4), 0); /* T3: 4 snapshots, a token price */

	mid = file_size(T3_1305) / 2;
	overwrite(T3_1305, mid, junk, saved, sizeof(junk));
	token_size = file_size(T3_TOKEN);
	overwrite(T3_TOKEN, token_size, "x", NULL, 1); /* a byte more */

	assert_int_equal(warehouse_load(dir, &st, &e), WOWAH_EIO);
	snprintf(want, sizeof(want), "%s/%s has crc32 ", dir, T3_1305);
	assert_int_equal(strncmp(e.msg, want, strlen(want)), 0);
	tail = strstr(e.msg, ", its catalog line says ");
	assert_non_null(tail);
	assert_string_equal(tail + strlen(", its catalog line says ") + 8, FSCK_HINT);
	assert_int_equal(q_i64("SELECT count(*) FROM snapshots"), 9);
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots WHERE snapshot_ts = "
	                       "'2026-11-27 12:00:00Z'"),
	                 0);

	/* the auction file restored, the token file is next; what the snapshots' refresh did
	 * in this run is rolled back with it */
	overwrite(T3_1305, mid, saved, NULL, sizeof(saved));
	assert_int_equal(warehouse_load(dir, &st, &e), WOWAH_EIO);
	snprintf(want, sizeof(want), "%s/%s has %ld bytes, its catalog line says %ld" FSCK_HINT,
	         dir, T3_TOKEN, token_size + 1, token_size);
	assert_string_equal(e.msg, want);
	assert_int_equal(q_i64("SELECT count(*) FROM snapshots"), 9);
	assert_int_equal(q_i64("SELECT count(*) FROM tokens"), 0);

	{
		char *path = fs_join(dir, T3_TOKEN);
		assert_int_equal(truncate(path, token_size), 0);
		free(path);
	}
	load_ok(&st);
	assert_int_equal(st.new_snapshots, 4);
	assert_int_equal(st.new_tokens, 1);
	assert_int_equal(st.snapshots, 13);
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots"), 34);

	{
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", own);
		assert_int_equal(system(cmd), 0);
	}
	dir = main_dir;
}

/* Issue 10: the database names no file by its absolute path, so a moved data dir loads
 * and answers without a rebuild; kind and date come from the paths, for pruning. */
static void moved_data_dir(void **state)
{
	char own[64], moved[80], cmd[256];
	struct warehouse_stats st;
	(void)state;

	strcpy(own, "/tmp/wowah-test-load-move.XXXXXX");
	assert_non_null(mkdtemp(own));
	dir = own;
	assert_int_equal(dataset_write(dir, 4), 0);
	load_ok(&st);
	snprintf(moved, sizeof(moved), "%s-moved", own);
	assert_int_equal(rename(own, moved), 0);
	dir = moved;
	load_ok(&st);
	assert_int_equal(st.new_snapshots + st.new_tokens + st.new_files, 0);
	assert_int_equal(q_i64("SELECT count(*) FROM auctions"), 42);
	assert_int_equal(q_i64("SELECT count(*) FROM auctions WHERE date = '2026-11-27' AND kind "
	                       "= 'commodity'"),
	                 q_i64("SELECT sum(rows) FROM snapshots WHERE snapshot_ts::DATE = "
	                       "'2026-11-27' AND kind = 'commodity'"));
	assert_int_equal(q_i64("SELECT count(*) FROM auctions WHERE date <> snapshot_ts::DATE"), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", moved);
	assert_int_equal(system(cmd), 0);
	dir = main_dir;
}

/* A load reads only the catalog lines after the last load's; a catalog rewritten under it
 * (here with CRLF line ends, as fsck --repair could write a new one) is read whole again,
 * adding nothing that is already there. */
static void catalog_read_since_last_load(void **state)
{
	char *path = fs_join(dir, MODEL_CATALOG_FILE), *data;
	struct warehouse_stats st;
	struct buf crlf = BUF_INIT;
	size_t len;
	(void)state;

	load_ok(&st);
	assert_int_equal(q_i64("SELECT pos FROM wowah_catalog_mark"), catalog_size());
	assert_int_equal(fs_read_file(path, &data, &len, NULL), 0);
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n')
			buf_putc(&crlf, '\r');
		buf_putc(&crlf, data[i]);
	}
	assert_int_equal(fs_write_atomic(path, crlf.data, crlf.len, 0644, NULL), 0);
	load_ok(&st);
	assert_int_equal(st.new_snapshots + st.new_tokens, 0);
	assert_int_equal(st.snapshots, 13);
	assert_int_equal(q_i64("SELECT pos FROM wowah_catalog_mark"), (int64_t)crlf.len);
	assert_int_equal(fs_write_atomic(path, data, len, 0644, NULL), 0);
	load_ok(&st);
	assert_int_equal(st.new_snapshots + st.new_tokens, 0);
	buf_release(&crlf);
	free(data);
	free(path);
}

static void count_progress(void *ud, int64_t done, int64_t total)
{
	int64_t *calls = ud;
	assert_true(done <= total && total == 13);
	calls[0]++;
	calls[1] = done;
}

#define SUMMARY_HASH                                                                         \
	"SELECT sum(hash(region, kind, realm_id, house_id, snapshot_ts, item_id, "           \
	"pet_species_id, auctions, units, min_buyout, market_value, median, gold_listed) % " \
	"1000003) FROM item_snapshots"

/* Issue 10: a load summarises in batches of files whose aggregate states fit its memory
 * bound; the batches (here of 5 auctions at most, a snapshot being one or more) give the
 * summary one statement over every file gives. */
static void batched_load_same_summary(void **state)
{
	char own[64], cmd[128];
	struct warehouse_opts o = {.memory_mb = 256, .batch_rows = 5};
	struct warehouse_stats st;
	struct err e = {0};
	int64_t calls[2] = {0, 0}, want;
	(void)state;

	want = q_i64(SUMMARY_HASH);
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots"), 34);
	strcpy(own, "/tmp/wowah-test-load-batch.XXXXXX");
	assert_non_null(mkdtemp(own));
	dir = own;
	assert_int_equal(dataset_write(dir, 4), 0);
	o.progress = count_progress;
	o.ud = calls;
	assert_int_equal(warehouse_load_opts(dir, &o, &st, &e), 0);
	assert_int_equal(st.snapshots, 13);
	assert_true(calls[0] > 3);
	assert_int_equal(calls[1], 13);
	assert_int_equal(q_i64("SELECT count(*) FROM item_snapshots"), 34);
	assert_int_equal(q_i64(SUMMARY_HASH), want);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", own);
	assert_int_equal(system(cmd), 0);
	dir = main_dir;
}

/* What report and sql open (warehouse_open) reads the loaded auction files and no other
 * file; unrestricted access is DuckDB's own. */
static void readers_confined(void **state)
{
	const char *outside = "SELECT count(*) FROM read_text('/etc/hostname')";
	struct warehouse_access open_all = {.unrestricted = 1};
	struct warehouse_stats st;
	struct err e = {0};
	struct rset *r = NULL;
	struct duck d;
	(void)state;

	load_ok(&st);
	assert_int_equal(warehouse_open(dir, &d, &e), WOWAH_OK);
	assert_int_equal(duck_run(&d, "SELECT count(*) FROM auctions", NULL, &r, &e), WOWAH_OK);
	assert_int_equal(r->nrows, 1);
	rset_free(r);
	assert_int_equal(duck_run(&d, outside, NULL, NULL, &e), WOWAH_EDB);
	assert_non_null(strstr(e.msg, "Permission Error: Cannot access file \"/etc/hostname\""));
	assert_int_equal(duck_run(&d, "COPY (SELECT 1) TO '/dev/null'", NULL, NULL, &e), WOWAH_EDB);
	duck_close(&d);

	assert_int_equal(warehouse_open_access(dir, &open_all, &d, &e), WOWAH_OK);
	assert_int_equal(duck_run(&d, outside, NULL, NULL, &e), WOWAH_OK);
	duck_close(&d);
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
	strcpy(main_dir, "/tmp/wowah-test-load.XXXXXX");
	return mkdtemp(main_dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", main_dir);
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
	        cmocka_unit_test(registry_in_order),
	        cmocka_unit_test(unversioned_database_rebuilt),
	        cmocka_unit_test(changed_version_rebuilt),
	        cmocka_unit_test(storage_version_upgraded),
	        cmocka_unit_test(newer_database_refused),
	        cmocka_unit_test(older_database_refused_until_loaded),
	        cmocka_unit_test(plain_duckdb_reads_it),
	        cmocka_unit_test(changed_file_refused),
	        cmocka_unit_test(moved_data_dir),
	        cmocka_unit_test(batched_load_same_summary),
	        cmocka_unit_test(catalog_read_since_last_load),
	        cmocka_unit_test(readers_confined),
	        cmocka_unit_test(no_data_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
