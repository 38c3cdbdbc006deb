/* warehouse.c - wowah load: catalog.tsv and the data dir into DATA_DIR/wowah.duckdb.
 *
 * The catalog is read here rather than through store/catalog.h because that module
 * opens the file for appending and repairs it, which only the lock holder may do; load
 * is a reader that may run while `wowah pull` writes. A torn last line (no newline yet)
 * is simply not read.
 *
 * Why item_snapshots is a native table and auctions a view: docs/load.md has the
 * measurements. In short, reports read the summary and the newest snapshot of each house
 * (latest_listings), so copying every auction into the database
 * would double the disk and multiply the load time for nothing the reports use.
 */
#include "warehouse/warehouse.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/fs.h"
#include "util/ts.h"

#define CATALOG_FIELDS 10

static const char *const schema_sql =
        "CREATE TABLE IF NOT EXISTS snapshots (region VARCHAR, kind VARCHAR, "
        "realm_id INTEGER, house_id INTEGER, snapshot_ts TIMESTAMPTZ, fetched_at TIMESTAMPTZ, "
        "rows BIGINT, bytes BIGINT, crc32 VARCHAR, path VARCHAR);"
        "CREATE TABLE IF NOT EXISTS item_snapshots (region VARCHAR, kind VARCHAR, "
        "realm_id INTEGER, house_id INTEGER, snapshot_ts TIMESTAMPTZ, item_id INTEGER, "
        "pet_species_id INTEGER, auctions BIGINT, units BIGINT, min_buyout BIGINT, market_value "
        "DOUBLE, "
        "median BIGINT, gold_listed HUGEINT);"
        "CREATE TABLE IF NOT EXISTS item_days (region VARCHAR, kind VARCHAR, realm_id INTEGER, "
        "house_id INTEGER, day DATE, item_id INTEGER, pet_species_id INTEGER, value_sum DOUBLE, "
        "scans BIGINT);"
        "CREATE TABLE IF NOT EXISTS realms (region VARCHAR, connected_realm_id INTEGER, "
        "realm_id INTEGER, name VARCHAR, names MAP(VARCHAR, VARCHAR), slug VARCHAR, "
        "locale VARCHAR, timezone VARCHAR, type VARCHAR, category VARCHAR, "
        "population VARCHAR, status VARCHAR, has_queue BOOLEAN, is_tournament BOOLEAN, "
        "fetched_at TIMESTAMPTZ);"
        "CREATE TABLE IF NOT EXISTS items (item_id INTEGER, name VARCHAR, "
        "names MAP(VARCHAR, VARCHAR), quality VARCHAR, level INTEGER, required_level INTEGER, "
        "item_class_id INTEGER, item_class VARCHAR, item_subclass_id INTEGER, "
        "item_subclass VARCHAR, inventory_type VARCHAR, purchase_price BIGINT, "
        "sell_price BIGINT, max_count INTEGER, is_stackable BOOLEAN, is_equippable BOOLEAN, "
        "icon VARCHAR, fetched_at TIMESTAMPTZ);"
        "CREATE TABLE IF NOT EXISTS tokens (region VARCHAR, last_updated TIMESTAMPTZ, "
        "price BIGINT, fetched_at TIMESTAMPTZ);"
        "CREATE TABLE IF NOT EXISTS loaded_files (path VARCHAR, bytes BIGINT, "
        "mtime BIGINT);"
        "CREATE TABLE IF NOT EXISTS latest_listings (region VARCHAR, kind VARCHAR, "
        "realm_id INTEGER, house_id INTEGER, snapshot_ts TIMESTAMPTZ, auction_id BIGINT, "
        "item_id INTEGER, pet_species_id INTEGER, quantity INTEGER, unit_buyout BIGINT);";

/* The Parquet columns of an auction file, for the view over no file at all. */
static const char *const empty_auctions_sql =
        "SELECT NULL::TIMESTAMPTZ AS snapshot_ts, NULL::VARCHAR AS region, "
        "NULL::INTEGER AS realm_id, NULL::SMALLINT AS auction_house_id, "
        "NULL::BIGINT AS auction_id, NULL::INTEGER AS item_id, NULL::INTEGER AS quantity, "
        "NULL::BIGINT AS unit_price, NULL::BIGINT AS buyout, NULL::BIGINT AS bid, "
        "NULL::VARCHAR AS time_left, NULL::INTEGER AS context, NULL::INTEGER[] AS bonus_lists, "
        "NULL::STRUCT(type INTEGER, value BIGINT)[] AS modifiers, "
        "NULL::INTEGER AS pet_species_id, NULL::INTEGER AS pet_breed_id, "
        "NULL::INTEGER AS pet_level, NULL::INTEGER AS pet_quality_id, NULL::BIGINT AS rand, "
        "NULL::BIGINT AS seed, NULL::BIGINT AS unit_buyout WHERE false";

/* The (house, day) rows touched by new snapshots are summed again from item_snapshots, so
 * a day's value_sum / scans is always the mean of all its scans. */
static const char *const days_sql =
        "CREATE OR REPLACE TEMP TABLE new_days AS SELECT DISTINCT region, kind, realm_id, "
        "house_id, to_timestamp(ts)::DATE AS day FROM new_snap;"
        "DELETE FROM item_days d WHERE EXISTS (SELECT 1 FROM new_days n WHERE "
        "n.region = d.region AND n.kind = d.kind AND n.realm_id = d.realm_id AND "
        "n.house_id = d.house_id AND n.day = d.day);"
        "INSERT INTO item_days SELECT i.region, i.kind, i.realm_id, i.house_id, "
        "i.snapshot_ts::DATE AS day, i.item_id, i.pet_species_id, sum(i.market_value), "
        "count(i.market_value) "
        "FROM item_snapshots i JOIN new_days n ON n.region = i.region AND n.kind = i.kind AND "
        "n.realm_id = i.realm_id AND n.house_id = i.house_id AND "
        "i.snapshot_ts >= n.day::TIMESTAMPTZ AND i.snapshot_ts < (n.day + 1)::TIMESTAMPTZ "
        "GROUP BY ALL ORDER BY day, i.region, i.kind, i.realm_id, i.house_id, i.item_id, "
        "i.pet_species_id;";

#define UNIT_BUYOUT_SQL "COALESCE(unit_price, CASE WHEN buyout > 0 THEN buyout // quantity END)"

/* ---- catalog.tsv ---- */

static int parse_i64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return -1;
	*out = v;
	return 0;
}

static int valid_kind(const char *k)
{
	return strcmp(k, "realm") == 0 || strcmp(k, "commodity") == 0 ||
	       strcmp(k, "classic") == 0 || strcmp(k, "token") == 0;
}

/* One complete line into the appender; lineno for the message. */
static int append_line(duckdb_appender app, char *line, int lineno, struct err *e)
{
	char *f[CATALOG_FIELDS];
	int64_t realm, house, ts, fetched, rows, bytes;
	int n = 0;

	for (char *p = line;; p++) {
		if (n == CATALOG_FIELDS)
			return err_set(
			        e, WOWAH_EPARSE,
			        "catalog.tsv line %d: more than %d fields; fix or remove that line",
			        lineno, CATALOG_FIELDS);
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p = '\0';
	}
	if (n != CATALOG_FIELDS)
		return err_set(
		        e, WOWAH_EPARSE,
		        "catalog.tsv line %d: %d fields, expected %d; fix or remove that line",
		        lineno, n, CATALOG_FIELDS);
	if (!f[0][0] || strlen(f[0]) > 7 || !valid_kind(f[1]) || parse_i64(f[2], &realm) ||
	    parse_i64(f[3], &house) || ts_parse_iso(f[4], &ts) || ts_parse_iso(f[5], &fetched) ||
	    parse_i64(f[6], &rows) || parse_i64(f[7], &bytes) || !f[9][0] || f[9][0] == '/' ||
	    strstr(f[9], ".."))
		return err_set(e, WOWAH_EPARSE,
		               "catalog.tsv line %d is malformed; fix or remove that line", lineno);
	duckdb_appender_begin_row(app);
	duckdb_append_varchar(app, f[0]);
	duckdb_append_varchar(app, f[1]);
	duckdb_append_int32(app, (int32_t)realm);
	duckdb_append_int32(app, (int32_t)house);
	duckdb_append_int64(app, ts);
	duckdb_append_int64(app, fetched);
	duckdb_append_int64(app, rows);
	duckdb_append_int64(app, bytes);
	duckdb_append_varchar(app, f[8]);
	duckdb_append_varchar(app, f[9]);
	if (duckdb_appender_end_row(app) == DuckDBError)
		return duck_error(e, "catalog.tsv", duckdb_appender_error(app));
	return WOWAH_OK;
}

static int append_catalog(duckdb_appender app, const char *path, struct err *e)
{
	char *text, *line, *nl;
	size_t len;
	int rc, lineno = 1;

	rc = fs_read_file(path, &text, &len, e);
	if (rc == WOWAH_ENOTFOUND) {
		err_clear(e);
		return WOWAH_OK; /* nothing stored yet */
	}
	if (rc)
		return rc;
	nl = strchr(text, '\n');
	if (!nl || strncmp(text, "region\tkind\t", 12) != 0) {
		free(text);
		return err_set(e, WOWAH_EPARSE, "%s: no catalog header line", path);
	}
	/* only complete lines: the last one may be a write in progress */
	for (line = nl + 1; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		*nl = '\0';
		lineno++;
		if (*line == '\0')
			continue;
		rc = append_line(app, line, lineno, e);
		if (rc)
			break;
	}
	free(text);
	return rc;
}

static int read_catalog(struct duck *d, const char *data_dir, struct err *e)
{
	duckdb_appender app;
	char *path;
	int rc;

	rc = duck_exec(
	        d,
	        "CREATE OR REPLACE TEMP TABLE catalog_in (region VARCHAR, kind VARCHAR, "
	        "realm_id INTEGER, house_id INTEGER, ts BIGINT, fetched BIGINT, rows BIGINT, "
	        "bytes BIGINT, crc32 VARCHAR, path VARCHAR)",
	        e);
	if (rc)
		return rc;
	if (duckdb_appender_create_ext(d->conn, "temp", "main", "catalog_in", &app) ==
	    DuckDBError) {
		rc = duck_error(e, "catalog", duckdb_appender_error(app));
		duckdb_appender_destroy(&app);
		return rc;
	}
	path = fs_join(data_dir, "catalog.tsv");
	rc = append_catalog(app, path, e);
	free(path);
	if (duckdb_appender_close(app) == DuckDBError && rc == WOWAH_OK)
		rc = duck_error(e, "catalog", duckdb_appender_error(app));
	duckdb_appender_destroy(&app);
	return rc;
}

/* ---- helpers ---- */

/* Runs a one-value query and returns it as int64 (0 for NULL). */
static int query_i64(struct duck *d, const char *sql, int64_t *out, struct err *e)
{
	duckdb_result r;
	int rc = duck_query(d, sql, &r, e);

	if (rc)
		return rc;
	*out = duckdb_row_count(&r) ? duckdb_value_int64(&r, 0, 0) : 0;
	duckdb_destroy_result(&r);
	return WOWAH_OK;
}

/* Appends "['<dir>/<p1>', ...]" for the first column of sql, checking each file exists. */
static int path_list(struct duck *d, const char *dir, const char *sql, struct buf *out,
                     int64_t *count, struct err *e)
{
	duckdb_result r;
	idx_t n;
	int rc = duck_query(d, sql, &r, e);

	if (rc)
		return rc;
	n = duckdb_row_count(&r);
	buf_putc(out, '[');
	for (idx_t i = 0; i < n && rc == WOWAH_OK; i++) {
		char *rel = duckdb_value_varchar(&r, 0, i);
		char *abs = fs_join(dir, rel);
		char *q = duck_quote(abs);
		if (!fs_exists(abs))
			rc = err_set(e, WOWAH_ENOTFOUND,
			             "%s is in the catalog but missing; restore it or remove its "
			             "catalog line",
			             abs);
		buf_printf(out, "%s%s", i ? ", " : "", q);
		free(q);
		free(abs);
		duckdb_free(rel);
	}
	buf_putc(out, ']');
	duckdb_destroy_result(&r);
	*count = (int64_t)n;
	return rc;
}

/* ---- the steps ---- */

static int load_snapshots(struct duck *d, const char *dir, struct warehouse_stats *st,
                          struct err *e)
{
	struct buf sql = BUF_INIT, list = BUF_INIT;
	int64_t n = 0;
	int rc;

	rc = duck_exec(d,
	               "CREATE OR REPLACE TEMP TABLE new_snap AS SELECT DISTINCT ON (region, kind, "
	               "realm_id, house_id, ts) c.* FROM catalog_in c WHERE kind <> 'token' AND "
	               "NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.region = c.region AND "
	               "s.kind = c.kind AND s.realm_id = c.realm_id AND s.house_id = c.house_id "
	               "AND s.snapshot_ts = to_timestamp(c.ts))",
	               e);
	if (!rc)
		rc = path_list(d, dir, "SELECT path FROM new_snap ORDER BY ts, path", &list, &n, e);
	st->new_snapshots = n;
	if (rc || n == 0)
		goto out;
	{
		char *qdir = duck_quote(dir);
		buf_printf(
		        &sql,
		        "INSERT INTO item_snapshots SELECT n.region, n.kind, n.realm_id, "
		        "n.house_id, "
		        "to_timestamp(n.ts), a.item_id, a.sp, count(*), sum(a.quantity), "
		        "min(a.ub), "
		        "market_value(a.ub, a.quantity), unit_median(a.ub, a.quantity), "
		        "sum(a.ub::HUGEINT * a.quantity) FROM (SELECT item_id, "
		        "coalesce(pet_species_id, "
		        "0) AS sp, quantity, %s AS ub, filename FROM read_parquet(%s, "
		        "hive_partitioning = false, "
		        "filename = true)) a JOIN new_snap n ON a.filename = %s || '/' || n.path "
		        "GROUP BY ALL ORDER BY to_timestamp(n.ts), n.region, n.kind, n.realm_id, "
		        "n.house_id, a.item_id, a.sp",
		        UNIT_BUYOUT_SQL, list.data, qdir);
		free(qdir);
	}
	rc = duck_exec(d, sql.data, e);
	if (!rc)
		rc = duck_exec(d, days_sql, e);
	if (!rc)
		rc = query_i64(d, "SELECT sum(rows) FROM new_snap", &st->new_rows, e);
	if (!rc)
		rc = duck_exec(d,
		               "INSERT INTO snapshots SELECT region, kind, realm_id, house_id, "
		               "to_timestamp(ts), to_timestamp(fetched), rows, bytes, crc32, path "
		               "FROM new_snap ORDER BY ts, path",
		               e);
out:
	buf_release(&sql);
	buf_release(&list);
	return rc;
}

static int load_tokens(struct duck *d, const char *dir, struct warehouse_stats *st, struct err *e)
{
	struct buf sql = BUF_INIT, list = BUF_INIT;
	int64_t n = 0;
	int rc;

	rc = path_list(d, dir,
	               "SELECT path FROM catalog_in c WHERE kind = 'token' AND NOT EXISTS "
	               "(SELECT 1 FROM tokens t WHERE t.region = c.region AND "
	               "t.last_updated = to_timestamp(c.ts)) ORDER BY ts, path",
	               &list, &n, e);
	st->new_tokens = n;
	if (!rc && n > 0) {
		buf_printf(
		        &sql,
		        "INSERT INTO tokens BY NAME SELECT region, last_updated, price, fetched_at "
		        "FROM read_parquet(%s, hive_partitioning = false)",
		        list.data);
		rc = duck_exec(d, sql.data, e);
	}
	buf_release(&sql);
	buf_release(&list);
	return rc;
}

/* latest_listings holds the auctions of each house's newest snapshot (what price, top,
 * deals and arbitrage pool into the region market value). Only the houses whose newest
 * snapshot came with this run are replaced, or every house when the table is new (a
 * database made before it): an hourly load reads the new files once more, where each
 * report would otherwise read the newest Parquet file of every house of the region. */
static int refresh_latest(struct duck *d, const char *dir, int all, struct err *e)
{
	struct buf sql = BUF_INIT, list = BUF_INIT;
	int64_t n = 0;
	int rc;

	buf_printf(&sql,
	           "CREATE OR REPLACE TEMP TABLE new_latest AS SELECT region, kind, realm_id, "
	           "house_id, max(snapshot_ts) AS ts, arg_max(path, (snapshot_ts, path)) AS path "
	           "FROM snapshots GROUP BY ALL HAVING %s",
	           all ? "true"
	               : "arg_max(path, (snapshot_ts, path)) IN (SELECT path FROM new_snap)");
	rc = duck_exec(d, sql.data, e);
	if (!rc)
		rc = path_list(d, dir, "SELECT path FROM new_latest ORDER BY path", &list, &n, e);
	if (rc || n == 0)
		goto out;
	{
		char *qdir = duck_quote(dir);
		buf_reset(&sql);
		buf_printf(
		        &sql,
		        "DELETE FROM latest_listings l WHERE EXISTS (SELECT 1 FROM new_latest n "
		        "WHERE n.region = l.region AND n.kind = l.kind AND n.realm_id = l.realm_id "
		        "AND n.house_id = l.house_id);"
		        "INSERT INTO latest_listings SELECT n.region, n.kind, n.realm_id, "
		        "n.house_id, n.ts, a.auction_id, a.item_id, coalesce(a.pet_species_id, 0), "
		        "a.quantity, %s FROM read_parquet(%s, hive_partitioning = false, "
		        "filename = true) a JOIN new_latest n ON a.filename = %s || '/' || n.path "
		        "ORDER BY n.region, n.kind, a.item_id, a.pet_species_id;",
		        UNIT_BUYOUT_SQL, list.data, qdir);
		free(qdir);
	}
	rc = duck_exec(d, sql.data, e);
out:
	buf_release(&sql);
	buf_release(&list);
	return rc;
}

/* Realm files are replaced by each pull, item files are new ones: both are (re)read when
 * their size or mtime differs from what loaded_files remembers. */
static int load_file(struct duck *d, const char *path, int realms, struct warehouse_stats *st,
                     struct err *e)
{
	struct stat sb;
	struct buf sql = BUF_INIT;
	char *q = duck_quote(path);
	int64_t seen = 0;
	int rc;

	if (stat(path, &sb) != 0) {
		free(q);
		return err_errno(e, WOWAH_EIO, errno, "%s", path);
	}
	buf_printf(&sql,
	           "SELECT count(*) FROM loaded_files WHERE path = %s AND bytes = %lld AND "
	           "mtime = %lld",
	           q, (long long)sb.st_size, (long long)sb.st_mtime);
	rc = query_i64(d, sql.data, &seen, e);
	if (rc || seen)
		goto out;
	buf_reset(&sql);
	if (realms)
		buf_printf(&sql,
		           "DELETE FROM realms WHERE region IN (SELECT DISTINCT region FROM "
		           "read_parquet(%s, hive_partitioning = false));"
		           "INSERT INTO realms BY NAME SELECT * FROM read_parquet(%s, "
		           "hive_partitioning = false);",
		           q, q);
	else
		buf_printf(
		        &sql,
		        "DELETE FROM items WHERE item_id IN (SELECT item_id FROM read_parquet(%s, "
		        "hive_partitioning = false));"
		        "INSERT INTO items BY NAME SELECT * FROM read_parquet(%s, "
		        "hive_partitioning = false);",
		        q, q);
	buf_printf(&sql,
	           "DELETE FROM loaded_files WHERE path = %s;"
	           "INSERT INTO loaded_files VALUES (%s, %lld, %lld);",
	           q, q, (long long)sb.st_size, (long long)sb.st_mtime);
	rc = duck_exec(d, sql.data, e);
	if (!rc)
		st->new_files++;
out:
	buf_release(&sql);
	free(q);
	return rc;
}

static int load_files(struct duck *d, const char *dir, const char *pattern, int realms,
                      struct warehouse_stats *st, struct err *e)
{
	char *pat = fs_join(dir, pattern);
	glob_t g;
	int rc = WOWAH_OK;

	if (glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && rc == WOWAH_OK; i++)
			rc = load_file(d, g.gl_pathv[i], realms, st, e);
		globfree(&g);
	}
	free(pat);
	return rc;
}

/* The view lists every file: a glob would also read files a killed run left behind. */
static int make_view(struct duck *d, const char *dir, struct err *e)
{
	struct buf sql = BUF_INIT, list = BUF_INIT;
	int64_t n = 0;
	int rc;

	rc = path_list(d, dir, "SELECT path FROM snapshots ORDER BY snapshot_ts, path", &list, &n,
	               e);
	if (rc)
		goto out;
	if (n == 0)
		buf_printf(&sql, "CREATE OR REPLACE VIEW auctions AS %s", empty_auctions_sql);
	else
		buf_printf(&sql,
		           "CREATE OR REPLACE VIEW auctions AS SELECT *, %s AS unit_buyout "
		           "FROM read_parquet(%s, hive_partitioning = false)",
		           UNIT_BUYOUT_SQL, list.data);
	rc = duck_exec(d, sql.data, e);
out:
	buf_release(&sql);
	buf_release(&list);
	return rc;
}

/* A database made before battle pets were keyed by species has summaries without
 * pet_species_id: they are dropped with the snapshot list, so this run computes them again
 * from the data dir (the database is only a cache of it). */
static int upgrade(struct duck *d, struct err *e)
{
	int64_t old = 0;
	int rc = query_i64(d,
	                   "SELECT count(*) FROM duckdb_tables() WHERE table_name = "
	                   "'item_snapshots' AND schema_name = 'main' AND NOT temporary AND NOT "
	                   "EXISTS (SELECT 1 FROM duckdb_columns() c WHERE c.table_name = "
	                   "'item_snapshots' AND c.column_name = 'pet_species_id')",
	                   &old, e);

	if (rc || !old)
		return rc;
	return duck_exec(d,
	                 "DROP TABLE item_snapshots; DROP TABLE IF EXISTS item_days; "
	                 "DROP TABLE IF EXISTS snapshots; DROP TABLE IF EXISTS latest_listings;",
	                 e);
}

static int load_all(struct duck *d, const char *dir, struct warehouse_stats *st, struct err *e)
{
	int64_t views = 0, has_latest = 0;
	int rc;

	rc = upgrade(d, e);
	if (!rc)
		rc = query_i64(d,
		               "SELECT count(*) FROM duckdb_tables() WHERE table_name = "
		               "'latest_listings' AND schema_name = 'main' AND NOT temporary",
		               &has_latest, e);
	if (!rc)
		rc = duck_exec(d, schema_sql, e);
	if (!rc)
		rc = read_catalog(d, dir, e);
	if (!rc)
		rc = load_snapshots(d, dir, st, e);
	if (!rc && (st->new_snapshots || !has_latest))
		rc = refresh_latest(d, dir, !has_latest, e);
	if (!rc)
		rc = load_tokens(d, dir, st, e);
	if (!rc)
		rc = load_files(d, dir, "realms/region=*/realms.parquet", 1, st, e);
	if (!rc)
		rc = load_files(d, dir, "items/items-*.parquet", 0, st, e);
	if (!rc)
		rc = query_i64(d,
		               "SELECT count(*) FROM duckdb_views() WHERE view_name = 'auctions' "
		               "AND NOT temporary",
		               &views, e);
	if (!rc && (st->new_snapshots || !views))
		rc = make_view(d, dir, e);
	if (!rc)
		rc = query_i64(d, "SELECT count(*) FROM snapshots", &st->snapshots, e);
	return rc;
}

static int session(struct duck *d, struct err *e)
{
	return duck_exec(d, "SET TimeZone = 'UTC'", e);
}

int warehouse_load(const char *data_dir, struct warehouse_stats *out, struct err *e)
{
	char dir[PATH_MAX];
	char *db_path;
	struct duck d;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!realpath(data_dir, dir))
		return err_errno(e, errno == ENOENT ? WOWAH_ENOTFOUND : WOWAH_EIO, errno,
		                 "data dir %s (pull or import some snapshots first)", data_dir);
	db_path = fs_join(dir, WAREHOUSE_DB_NAME);
	rc = duck_open(&d, db_path, e);
	free(db_path);
	if (rc)
		return rc;
	rc = session(&d, e);
	if (!rc)
		rc = duck_exec(&d, "BEGIN TRANSACTION", e);
	if (!rc) {
		rc = load_all(&d, dir, out, e);
		if (rc)
			duck_exec(&d, "ROLLBACK", NULL);
		else
			rc = duck_exec(&d, "COMMIT", e);
	}
	duck_close(&d);
	return rc;
}

int warehouse_open(const char *data_dir, struct duck *d, struct err *e)
{
	char *db_path = fs_join(data_dir, WAREHOUSE_DB_NAME);
	int rc;

	if (!fs_exists(db_path)) {
		rc = err_set(e, WOWAH_ENOTFOUND, "no %s: run 'wowah load' first", db_path);
		free(db_path);
		return rc;
	}
	rc = duck_open(d, db_path, e);
	free(db_path);
	if (!rc) {
		rc = session(d, e);
		if (rc)
			duck_close(d);
	}
	return rc;
}
