/* schema.c - the DDL of wowah's ClickHouse tables, generated from one list.
 *
 * Each entry is a table (columns, partition, order, shard key) or a view (its SELECT over
 * the tables). One server: CREATE TABLE db.NAME. A cluster: db.NAME_local ON CLUSTER, a
 * [Replicated]MergeTree, and db.NAME, a Distributed table over them; a view is NAME_local
 * over the _local tables, with a Distributed NAME over the views, which is right because
 * every view groups or filters within one house and a house lives on one shard.
 */
#include "ch/schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/keys.h"
#include "util/ts.h"

#define HOUSE_COLUMNS "region String, kind String, realm_id Int32, house_id Int32"
#define HOUSE_KEY     "cityHash64(region, kind, realm_id, house_id)"

#define MUTATION_WAIT_MS 60000

/* The flavour of a row (model/keys.h's names), added in version 3. A row of a version 2
 * database reads as its kind's flavour (a Classic house's kind is its market), or retail. */
#define FLAVOR_TYPE    "Enum8('retail' = 1, 'classic' = 2, 'classic1x' = 3, 'classicann' = 4)"
#define FLAVOR_OF_KIND "flavor " FLAVOR_TYPE " DEFAULT " MODEL_MARKET_FLAVOR_SQL("kind")
#define FLAVOR_RETAIL  "flavor " FLAVOR_TYPE " DEFAULT 'retail'"

struct ch_table {
	const char *name;
	const char *columns;   /* "name Type, ..." (tables only) */
	const char *partition; /* NULL: none */
	const char *order;
	const char *shard; /* the Distributed sharding key */
	const char *view;  /* a view: its SELECT, with %s for the database and the suffix */
	const char *added; /* the last of columns, added to a version 2 table in place */
};

static const struct ch_table tables[] = {
        {.name = "wowah_schema",
         .columns = "name String, version UInt32, created_at DateTime",
         .order = "name",
         .shard = "rand()"},
        {.name = "fed_snapshots",
         .columns = HOUSE_COLUMNS ", snapshot_ts DateTime, fetched_at DateTime, rows Int64, "
                                  "bytes Int64, crc32 String, path String, state UInt8, "
                                  "fed_at DateTime, " FLAVOR_OF_KIND,
         .partition = "toYYYYMM(snapshot_ts)",
         .order = "region, kind, realm_id, house_id, snapshot_ts",
         .shard = HOUSE_KEY,
         .added = FLAVOR_OF_KIND},
        {.name = "auctions",
         .columns = "snapshot_ts DateTime, region String, realm_id Int32, auction_house_id "
                    "Nullable(Int16), "
                    "auction_id Int64, item_id Int32, quantity Int32, "
                    "unit_price Nullable(Int64), buyout Nullable(Int64), bid Nullable(Int64), "
                    "time_left String, context Nullable(Int32), bonus_lists Array(Int32), "
                    "modifier_types Array(Int32), modifier_values Array(Int64), "
                    "pet_species_id Nullable(Int32), pet_breed_id Nullable(Int32), "
                    "pet_level Nullable(Int32), pet_quality_id Nullable(Int32), "
                    "rand Nullable(Int64), seed Nullable(Int64), unit_buyout Nullable(Int64), "
                    "kind String, house_id Int32, feed_chunk UInt32, " FLAVOR_OF_KIND,
         .partition = "toYYYYMM(snapshot_ts)",
         .order = "item_id, region, kind, realm_id, house_id, snapshot_ts",
         .shard = HOUSE_KEY,
         .added = FLAVOR_OF_KIND},
        {.name = "item_snapshots",
         .columns = HOUSE_COLUMNS ", snapshot_ts DateTime, item_id Int32, pet_species_id Int32, "
                                  "auctions Int64, units Int64, min_buyout Nullable(Int64), "
                                  "market_value Nullable(Float64), median Nullable(Int64), "
                                  "gold_listed Nullable(Int64), " FLAVOR_OF_KIND,
         .partition = "toYYYYMM(snapshot_ts)",
         .order = "item_id, pet_species_id, region, kind, realm_id, house_id, snapshot_ts",
         .shard = HOUSE_KEY,
         .added = FLAVOR_OF_KIND},
        {.name = "tokens",
         .columns = "region String, last_updated DateTime, price Int64, fetched_at "
                    "DateTime, " FLAVOR_RETAIL,
         .partition = "toYYYYMM(last_updated)",
         .order = "region, last_updated",
         .shard = "cityHash64(region)",
         .added = FLAVOR_RETAIL},
        /* The current realms and items, replaced whole when their files change. */
        {.name = "realms",
         .columns = "region String, connected_realm_id Int32, realm_id Int32, name String, "
                    "`names.key` Array(String), `names.value` Array(String), slug String, "
                    "locale String, timezone String, type String, category String, "
                    "population Nullable(String), status String, has_queue UInt8, "
                    "is_tournament UInt8, fetched_at DateTime, " FLAVOR_RETAIL,
         .order = "region, connected_realm_id, realm_id",
         .shard = "rand()",
         .added = FLAVOR_RETAIL},
        {.name = "items",
         .columns = "item_id Int32, name String, `names.key` Array(String), "
                    "`names.value` Array(String), quality Nullable(String), level Nullable(Int32), "
                    "required_level Nullable(Int32), item_class_id Nullable(Int32), "
                    "item_class Nullable(String), item_subclass_id Nullable(Int32), "
                    "item_subclass Nullable(String), inventory_type Nullable(String), "
                    "purchase_price Nullable(Int64), sell_price Nullable(Int64), "
                    "max_count Nullable(Int32), is_stackable Nullable(UInt8), "
                    "is_equippable Nullable(UInt8), fetched_at DateTime, " FLAVOR_RETAIL,
         .order = "item_id",
         .shard = "rand()"},
        /* The battle pet species (retail's), replaced whole when their files change; made
         * by the feed of a version 4 database that lacks it (ch_schema_ensure). */
        {.name = "pets",
         .columns = "species_id Int32, name String, `names.key` Array(String), "
                    "`names.value` Array(String), battle_pet_type Nullable(String), "
                    "is_tradable Nullable(UInt8), is_battlepet Nullable(UInt8), "
                    "fetched_at DateTime",
         .order = "species_id",
         .shard = "rand()"},
        /* The estimated sales (docs/sales.md): wowah.duckdb's relations, replaced whole
         * when a load changed them (added in version 4). */
        {.name = "item_sales_days",
         .columns =
                 HOUSE_COLUMNS ", day Date, item_id Int32, pet_species_id Int32, "
                               "auctions_ended Int64, auctions_sold Int64, sale_rate "
                               "Nullable(Float64), units_seen Int64, units_unseen Float64, "
                               "units_sold Float64, avg_price Nullable(Float64), " FLAVOR_OF_KIND,
         .partition = "toYYYYMM(day)",
         .order = "item_id, pet_species_id, region, kind, realm_id, house_id, day",
         .shard = HOUSE_KEY},
        {.name = "sale_windows",
         .columns =
                 HOUSE_COLUMNS ", item_id Int32, pet_species_id Int32, window_days Int32, "
                               "days_watched Float64, auctions_ended Int64, auctions_sold "
                               "Int64, sale_rate Nullable(Float64), units_sold Float64, "
                               "sold_per_day Float64, sale_avg Nullable(Float64), " FLAVOR_OF_KIND,
         .order = "item_id, pet_species_id, window_days, region, kind, realm_id, house_id",
         .shard = HOUSE_KEY},
        {.name = "region_sale_windows",
         .columns = "region String, kind String, item_id Int32, pet_species_id Int32, "
                    "window_days Int32, houses Int64, sale_rate Nullable(Float64), "
                    "sold_per_day Nullable(Float64), sale_avg Nullable(Float64), " FLAVOR_OF_KIND,
         .order = "item_id, pet_species_id, window_days, region, kind",
         .shard = "cityHash64(region, kind)"},
        {.name = "fed_files",
         .columns = "name String, fingerprint String, fed_at DateTime",
         .order = "name",
         .shard = "rand()"},
        /* The views. Only a snapshot whose feed finished (state 1) is one of snapshots, and
         * token files are not snapshots (as in wowah.duckdb). */
        {.name = "snapshots",
         .view = "SELECT region, flavor, kind, realm_id, house_id, snapshot_ts, any(fetched_at) AS "
                 "fetched_at, any(rows) AS rows, any(bytes) AS bytes, any(crc32) AS crc32, "
                 "any(path) AS path FROM %s.fed_snapshots%s WHERE state = 1 AND kind != 'token' "
                 "GROUP BY region, "
                 "flavor, kind, realm_id, house_id, snapshot_ts"},
        {.name = "item_days",
         .view = "SELECT region, kind, realm_id, house_id, toDate(snapshot_ts) AS day, item_id, "
                 "pet_species_id, sum(market_value) AS value_sum, count(market_value) AS "
                 "scans FROM %s.item_snapshots%s GROUP BY region, kind, realm_id, house_id, "
                 "day, item_id, pet_species_id"},
        {.name = "latest_listings",
         .view = "SELECT region, kind, realm_id, house_id, snapshot_ts, auction_id, item_id, "
                 "ifNull(pet_species_id, 0) AS pet_species_id, quantity, unit_buyout FROM "
                 "%s.auctions%s WHERE (region, kind, realm_id, house_id, snapshot_ts) IN "
                 "(SELECT region, kind, realm_id, house_id, max(snapshot_ts) FROM "
                 "%s.fed_snapshots%s WHERE state = 1 GROUP BY region, kind, realm_id, "
                 "house_id)"},
};

#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static const struct ch_table *find_table(const char *name)
{
	for (size_t i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].name, name) == 0 && !tables[i].view)
			return &tables[i];
	return NULL;
}

const char *ch_schema_columns(const char *table)
{
	const struct ch_table *t = find_table(table);

	return t ? t->columns : NULL;
}

/* A name that needs no quoting (the database, the cluster): letters, digits, '_'. */
static int plain_name(const char *s)
{
	if (!*s || strlen(s) > 64)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
	       strlen(s);
}

static void on_cluster(struct buf *b, const struct ch_schema *s)
{
	if (s->cluster)
		buf_printf(b, " ON CLUSTER %s", s->cluster);
}

/* DROP TABLE IF EXISTS db.NAMEsfx [ON CLUSTER c] */
static int drop_table(struct ch_client *c, const struct ch_schema *s, const char *name,
                      const char *sfx, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_printf(&sql, "DROP TABLE IF EXISTS %s.%s%s", s->database, name, sfx);
	on_cluster(&sql, s);
	rc = ch_exec(c, sql.data, e);
	buf_release(&sql);
	return rc;
}

/* name: the table's (t->name) or a copy's; zk: its ZooKeeper name on a replicated cluster */
static void table_ddl(struct buf *b, const struct ch_schema *s, const struct ch_table *t,
                      const char *name, const char *zk)
{
	const char *db = s->database, *sfx = s->cluster ? "_local" : "";

	buf_printf(b, "CREATE TABLE IF NOT EXISTS %s.%s%s", db, name, sfx);
	on_cluster(b, s);
	buf_printf(b, " (%s) ENGINE = ", t->columns);
	if (s->cluster && s->replicas > 1)
		buf_printf(b,
		           "ReplicatedMergeTree('/clickhouse/tables/{shard}/%s/%s', '{replica}')",
		           db, zk);
	else
		buf_puts(b, "MergeTree");
	if (t->partition)
		buf_printf(b, " PARTITION BY %s", t->partition);
	buf_printf(b, " ORDER BY (%s)", t->order);
}

static void view_ddl(struct buf *b, const struct ch_schema *s, const struct ch_table *t)
{
	const char *db = s->database, *sfx = s->cluster ? "_local" : "";

	buf_printf(b, "CREATE VIEW IF NOT EXISTS %s.%s%s", db, t->name, sfx);
	on_cluster(b, s);
	buf_puts(b, " AS ");
	buf_printf(b, t->view, db, sfx, db, sfx);
}

static void distributed_ddl(struct buf *b, const struct ch_schema *s, const struct ch_table *t,
                            const char *name)
{
	buf_printf(b, "CREATE TABLE IF NOT EXISTS %s.%s", s->database, name);
	on_cluster(b, s);
	buf_printf(b, " AS %s.%s_local ENGINE = Distributed(%s, %s, %s_local", s->database, name,
	           s->cluster, s->database, name);
	if (t->shard)
		buf_printf(b, ", %s", t->shard);
	buf_putc(b, ')');
}

void ch_schema_copy_ddl(const struct ch_schema *s, const char *table, const char *copy,
                        const char *zk, struct buf *local, struct buf *dist)
{
	const struct ch_table *t = find_table(table);

	if (!t)
		return;
	table_ddl(local, s, t, copy, zk);
	if (s->cluster)
		distributed_ddl(dist, s, t, copy);
}

static int create_all(struct ch_client *c, const struct ch_schema *s, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_printf(&sql, "CREATE DATABASE IF NOT EXISTS %s", s->database);
	on_cluster(&sql, s);
	rc = ch_exec(c, sql.data, e);
	for (size_t i = 0; i < NTABLES && rc == WOWAH_OK; i++) {
		buf_reset(&sql);
		if (tables[i].view)
			view_ddl(&sql, s, &tables[i]);
		else
			table_ddl(&sql, s, &tables[i], tables[i].name, tables[i].name);
		rc = ch_exec(c, sql.data, e);
		if (rc || !s->cluster)
			continue;
		buf_reset(&sql);
		distributed_ddl(&sql, s, &tables[i], tables[i].name);
		rc = ch_exec(c, sql.data, e);
	}
	buf_release(&sql);
	return rc;
}

/* 1 when db.table exists without column name (a version 2 table to migrate). */
static int lacks_column(struct ch_client *c, const char *db, const char *table, const char *name,
                        int *out, struct err *e)
{
	struct buf sql = BUF_INIT;
	int64_t n = 0;
	int rc;

	buf_printf(&sql,
	           "SELECT (SELECT count() FROM system.tables WHERE database = '%s' AND name = "
	           "'%s') - (SELECT count() FROM system.columns WHERE database = '%s' AND table = "
	           "'%s' AND name = '%s') FORMAT TabSeparated",
	           db, table, db, table, name);
	rc = ch_query_i64(c, sql.data, &n, e);
	*out = n > 0;
	buf_release(&sql);
	return rc;
}

/* A version 2 database's token prices: their rows cannot tell a Classic token from
 * retail's, nor can their ledger rows (kind "token"), so both go and the next feed sends
 * every token file again with its flavour. The tokens table is dropped (create_all makes
 * it again); the ledger rows are deleted by a mutation, waited for. */
static int forget_tokens(struct ch_client *c, const struct ch_schema *s, struct err *e)
{
	const char *db = s->database, *sfx = s->cluster ? "_local" : "";
	struct buf sql = BUF_INIT;
	int64_t left = 1, start = ts_now_ms();
	int rc;

	if ((rc = drop_table(c, s, "tokens", sfx, e)))
		goto out;
	buf_printf(&sql, "ALTER TABLE %s.fed_snapshots%s", db, sfx);
	on_cluster(&sql, s);
	buf_puts(&sql, " DELETE WHERE kind = 'token'");
	if ((rc = ch_exec(c, sql.data, e)))
		goto out;
	buf_reset(&sql);
	buf_printf(&sql,
	           "SELECT count() FROM %s.fed_snapshots WHERE kind = 'token' FORMAT TabSeparated",
	           db);
	while ((rc = ch_query_i64(c, sql.data, &left, e)) == WOWAH_OK && left > 0) {
		if (ts_now_ms() - start > MUTATION_WAIT_MS) {
			rc = err_set(
			        e, WOWAH_ETIMEOUT,
			        "ClickHouse did not delete %s's token ledger rows in %d s: run "
			        "wowah feed again",
			        db, MUTATION_WAIT_MS / 1000);
			break;
		}
		usleep(100 * 1000);
	}
out:
	buf_release(&sql);
	return rc;
}

/* Version 2 to 3 in place: each table gets its added column (old rows read its DEFAULT),
 * and the Distributed tables and views are dropped for create_all to make again over the
 * new columns (a Distributed table holds no rows of its own: the feed inserts in sync).
 * Each step checks or is idempotent, so a migration cut short is taken up again. */
static int migrate_v2(struct ch_client *c, const struct ch_schema *s, struct err *e)
{
	const char *db = s->database, *sfx = s->cluster ? "_local" : "";
	struct buf sql = BUF_INIT;
	int rc = forget_tokens(c, s, e);

	for (size_t i = 0; i < NTABLES && rc == WOWAH_OK; i++) {
		const struct ch_table *t = &tables[i];
		char table[80], column[64];
		int lacks = 0;

		if (!t->added)
			continue;
		snprintf(table, sizeof(table), "%s%s", t->name, sfx);
		snprintf(column, sizeof(column), "%.*s", (int)strcspn(t->added, " "), t->added);
		if ((rc = lacks_column(c, db, table, column, &lacks, e)) || !lacks)
			continue;
		buf_reset(&sql);
		buf_printf(&sql, "ALTER TABLE %s.%s", db, table);
		on_cluster(&sql, s);
		buf_printf(&sql, " ADD COLUMN %s", t->added);
		rc = ch_exec(c, sql.data, e);
	}
	for (size_t i = 0; i < NTABLES && rc == WOWAH_OK; i++) {
		const struct ch_table *t = &tables[i];

		if (!t->added && !t->view)
			continue;
		if (s->cluster && (rc = drop_table(c, s, t->name, "", e)))
			break;
		if (t->view)
			rc = drop_table(c, s, t->name, sfx, e);
	}
	buf_release(&sql);
	return rc;
}

static int check_cluster(struct ch_client *c, struct ch_schema *s, struct err *e)
{
	char sql[256];
	int64_t replicas = 0;
	int rc;

	s->replicas = 1;
	if (!s->cluster)
		return WOWAH_OK;
	if (!plain_name(s->cluster))
		return err_set(e, WOWAH_EUSAGE,
		               "--cluster '%s': a cluster name is letters, digits and _",
		               s->cluster);
	snprintf(sql, sizeof(sql),
	         "SELECT max(replica_num) FROM system.clusters WHERE cluster = '%s' "
	         "FORMAT TabSeparated",
	         s->cluster);
	rc = ch_query_i64(c, sql, &replicas, e);
	if (rc)
		return rc;
	if (replicas < 1)
		return err_set(e, WOWAH_ECONFIG,
		               "ClickHouse at %s has no cluster '%s' in its remote_servers "
		               "(SELECT cluster FROM system.clusters lists them)",
		               ch_client_url(c), s->cluster);
	s->replicas = (int)replicas;
	return WOWAH_OK;
}

/* The version the database records, 0 when it has no wowah_schema yet. */
static int recorded_version(struct ch_client *c, const struct ch_schema *s, int64_t *out,
                            struct err *e)
{
	char sql[256];
	int64_t exists = 0;
	int rc;

	*out = 0;
	snprintf(
	        sql, sizeof(sql),
	        "SELECT count() FROM system.tables WHERE database = '%s' AND name = 'wowah_schema' "
	        "FORMAT TabSeparated",
	        s->database);
	rc = ch_query_i64(c, sql, &exists, e);
	if (rc || !exists)
		return rc;
	snprintf(
	        sql, sizeof(sql),
	        "SELECT max(version) FROM %s.wowah_schema WHERE name = 'wowah' FORMAT TabSeparated",
	        s->database);
	return ch_query_i64(c, sql, out, e);
}

/* 1 when db has no table name: one a later wowah added to the current version (pets). */
static int lacks_table(struct ch_client *c, const char *db, const char *name, int *out,
                       struct err *e)
{
	struct buf sql = BUF_INIT;
	int64_t n = 0;
	int rc;

	buf_printf(&sql,
	           "SELECT count() FROM system.tables WHERE database = '%s' AND name = '%s' "
	           "FORMAT TabSeparated",
	           db, name);
	rc = ch_query_i64(c, sql.data, &n, e);
	*out = n == 0;
	buf_release(&sql);
	return rc;
}

/* Items by flavour, a step of its own outside the version numbers: a database made before
 * has an items table without flavor (every item retail's). The table is dropped, for
 * create_all to make again: the feed fills it whole from the items files of every flavour
 * (its fingerprint counts how it reads them, which changed). *out: 1 when it was dropped. */
static int items_flavor(struct ch_client *c, const struct ch_schema *s, int *out, struct err *e)
{
	const char *sfx = s->cluster ? "_local" : "";
	char table[32];
	int rc;

	snprintf(table, sizeof(table), "items%s", sfx);
	if ((rc = lacks_column(c, s->database, table, "flavor", out, e)) || !*out)
		return rc;
	rc = drop_table(c, s, "items", sfx, e);
	if (!rc && s->cluster)
		rc = drop_table(c, s, "items", "", e);
	return rc;
}

int ch_schema_check(struct ch_client *c, const char *database, struct err *e)
{
	struct ch_schema s = {.database = database ? database : "default"};
	int64_t version = 0;
	int rc, old_items = 0, no_pets = 0;

	if (!plain_name(s.database))
		return err_set(e, WOWAH_EUSAGE,
		               "--database '%s': a database name is letters, digits and _",
		               s.database);
	if ((rc = recorded_version(c, &s, &version, e)))
		return rc;
	if (version == 0)
		return err_set(
		        e, WOWAH_ECONFIG,
		        "ClickHouse database %s holds no wowah tables: run wowah feed into it "
		        "first (or give the --database it fed)",
		        s.database);
	if (version < CH_SCHEMA_VERSION)
		return err_set(e, WOWAH_ECONFIG,
		               "ClickHouse database %s has wowah schema version %" PRId64
		               ", older than this wowah's %d: run wowah feed, which migrates it in "
		               "place, then the report again",
		               s.database, version, CH_SCHEMA_VERSION);
	if (version > CH_SCHEMA_VERSION)
		return err_set(e, WOWAH_ECONFIG,
		               "ClickHouse database %s has wowah schema version %" PRId64
		               ", newer than this wowah's %d: use a newer wowah",
		               s.database, version, CH_SCHEMA_VERSION);
	if ((rc = lacks_column(c, s.database, "items", "flavor", &old_items, e)))
		return rc;
	if (old_items)
		return err_set(e, WOWAH_ECONFIG,
		               "ClickHouse database %s has items without their flavour: run wowah "
		               "feed, which makes the table again, then the report again",
		               s.database);
	if ((rc = lacks_table(c, s.database, "pets", &no_pets, e)))
		return rc;
	if (no_pets)
		return err_set(
		        e, WOWAH_ECONFIG,
		        "ClickHouse database %s has no pets table (fed by an older wowah): run "
		        "wowah feed, which makes it, then the report again",
		        s.database);
	return WOWAH_OK;
}

int ch_schema_ensure(struct ch_client *c, struct ch_schema *s, int *out_created, struct err *e)
{
	char sql[256];
	int64_t version = 0;
	int rc, dropped = 0;

	*out_created = 0;
	if (!plain_name(s->database))
		return err_set(e, WOWAH_EUSAGE,
		               "--database '%s': a database name is letters, digits and _",
		               s->database);
	if ((rc = check_cluster(c, s, e)) || (rc = recorded_version(c, s, &version, e)))
		return rc;
	if (version > CH_SCHEMA_VERSION)
		return err_set(
		        e, WOWAH_ECONFIG,
		        "ClickHouse database %s has wowah schema version %" PRId64
		        ", newer than this wowah's %d: use a newer wowah (or another --database)",
		        s->database, version, CH_SCHEMA_VERSION);
	if (version >= 2 && (rc = items_flavor(c, s, &dropped, e)))
		return rc;
	/* the pets table came within version 4: create_all makes it where it is missing */
	if (version == CH_SCHEMA_VERSION && !dropped &&
	    (rc = lacks_table(c, s->database, "pets", &dropped, e)))
		return rc;
	if (version == CH_SCHEMA_VERSION)
		return dropped ? create_all(c, s, e) : WOWAH_OK;
	/* version 3 to 4 adds tables only, which create_all makes */
	if (version == 2 && (rc = migrate_v2(c, s, e)))
		return rc;
	if ((rc = create_all(c, s, e)))
		return rc;
	/* 18.16 spells it insert_distributed_sync; current releases keep that alias */
	ch_client_set_settings(c, s->cluster ? "insert_distributed_sync=1" : NULL);
	snprintf(sql, sizeof(sql), "INSERT INTO %s.wowah_schema VALUES ('wowah', %d, now())",
	         s->database, CH_SCHEMA_VERSION);
	rc = ch_exec(c, sql, e);
	ch_client_set_settings(c, NULL);
	*out_created = rc == WOWAH_OK;
	return rc;
}
