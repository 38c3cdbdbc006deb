/* update.c - lifetime_update: the new raw snapshots of each (region, kind) folded into its
 * lifetimes, in one set-based query.
 *
 * The rows of the new snapshots, numbered by their place in their house's sequence of
 * snapshots (seq), are put beside one "seed" row per open lifetime (its last values, at
 * the seq of the newest covered snapshot). Per (house, auction_id) in seq order, a row
 * starts a new lifetime when the previous one is not in the previous snapshot or its item
 * key or prices differ (gaps and islands); each island becomes one lifetime, continuing
 * its seed's when it has one. Quantity, bid and time_left changes are the rows whose value
 * differs from the row before in the island. The windows and the ordered aggregates over
 * every row of a fold do not spill within DuckDB's memory_limit (a week of 10 realms of
 * 28,800 auctions, 12.4 M rows, ran out of 1 GB and of 4 GB): the snapshots to add are
 * folded in batches of at most batch_rows auctions, house by house and oldest first, each
 * a generation of its own, so that a first load over months of snapshots needs no more
 * memory than an hourly one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lifetime/internal.h"
#include "lifetime/lifetime.h"
#include "model/layout.h"
#include "util/buf.h"
#include "util/fs.h"

/* What a lifetime keeps for its whole run: a change of any of these starts a new one. */
#define IMMUTABLE                                                                                \
	"item_id := item_id, pet_species_id := pet_species_id, context := context, "             \
	"bonus_lists := " LT_BONUS_KEY(                                                          \
	        "bonus_lists") ", modifiers := modifiers, pet_breed_id := pet_breed_id, "        \
	                       "pet_level := pet_level, pet_quality_id := pet_quality_id, rand " \
	                       ":= rand, "                                                       \
	                       "seed := seed, unit_price := unit_price, buyout := buyout"

#define NULL_COLUMN_(name, type) "NULL::" type " AS " #name ", "
#define EMPTY_RELATION           "SELECT " LIFETIME_COLUMNS(NULL_COLUMN_) "WHERE false"
const char *const lifetime_empty_sql = EMPTY_RELATION;

/* The relation's columns but last_seen are the file's, in its order (internal.h). */
const char *const lt_file_empty_sql =
        "SELECT * EXCLUDE (last_seen) REPLACE (NULL::" LT_Q_TYPE
        " AS quantity_changes, NULL::" LT_B_TYPE " AS bid_changes, NULL::" LT_TL_TYPE
        " AS time_left_changes, NULL::" LT_BO_TYPE " AS bonus_order_changes) FROM (" EMPTY_RELATION
        ")";
#undef EMPTY_RELATION
#undef NULL_COLUMN_

/* Snapshot files' columns, for the covered list when there is none. */
static const char *const empty_cov_sql =
        "SELECT NULL::VARCHAR AS region, NULL::VARCHAR AS kind, NULL::INTEGER AS realm_id, "
        "NULL::INTEGER AS house_id, NULL::TIMESTAMPTZ AS snapshot_ts, "
        "NULL::TIMESTAMPTZ AS fetched_at, NULL::BIGINT AS rows WHERE false";

/* Row order inside a lifetime file: auction ids grow with time, so they and first_seen
 * delta-encode to almost nothing. */
#define FILE_ORDER "ORDER BY realm_id, house_id, auction_id, first_seen"

struct group {
	struct duck *d;
	const char *dir;
	const char *snaps;
	char *region, *kind; /* quoted */
	char gdir[4096];     /* absolute */
	struct lt_manifest m;
	int full; /* built again from every raw snapshot */
	/* this batch writes the closed files of the days before it for good ("": none) */
	char final_before[LIFETIME_DATE_LEN];
};

static int exec(struct group *g, struct err *e, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static int exec(struct group *g, struct err *e, const char *fmt, ...)
{
	struct buf text = BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	buf_vprintf(&text, fmt, ap);
	va_end(ap);
	rc = duck_exec(g->d, text.data ? text.data : "", e);
	buf_release(&text);
	return rc;
}

static int64_t query_i64(struct group *g, const char *sql, int *rc, struct err *e)
{
	duckdb_result r;
	int64_t v = 0;

	if (*rc)
		return 0;
	*rc = duck_query(g->d, sql, &r, e);
	if (*rc)
		return 0;
	if (duckdb_row_count(&r))
		v = duckdb_value_int64(&r, 0, 0);
	duckdb_destroy_result(&r);
	return v;
}

/* "read_parquet(<list>)" into out, list a list of files (lt_file_list, lt_covered_list),
 * or the relation empty when the list is. */
static void relation(struct buf *out, const struct buf *list, const char *empty)
{
	if (!list->len)
		buf_printf(out, "(%s)", empty);
	else
		buf_printf(out, "read_parquet(%s)", list->data);
}

/* TEMP views lt_cov (what the lifetimes cover) and lt_old (their open lifetimes); none
 * when the group is built again. Views, not tables: the load's transaction keeps every
 * replaced TEMP table's rows in memory until it ends, batch after batch. */
static int read_state(struct group *g, struct err *e)
{
	struct buf cov = BUF_INIT, old = BUF_INIT, list = BUF_INIT;
	int keep = g->m.format == LIFETIME_FORMAT && !g->full;
	int rc;

	if (keep && g->m.ncovered)
		lt_covered_list(&list, g->gdir, &g->m);
	relation(&cov, &list, empty_cov_sql);
	buf_reset(&list);
	if (keep && g->m.open)
		lt_file_list(&list, g->gdir, g->m.open);
	relation(&old, &list, lt_file_empty_sql);
	rc = exec(g, e,
	          "CREATE OR REPLACE TEMP VIEW lt_cov AS SELECT * FROM %s;"
	          "CREATE OR REPLACE TEMP VIEW lt_old AS SELECT * FROM %s",
	          cov.data, old.data);
	buf_release(&cov);
	buf_release(&old);
	buf_release(&list);
	return rc;
}

/* TEMP lt_todo: the group's snapshots the lifetimes do not cover. */
static int find_todo(struct group *g, int64_t *n, struct err *e)
{
	int rc = exec(g, e,
	              "CREATE OR REPLACE TEMP TABLE lt_todo AS SELECT realm_id, house_id, "
	              "snapshot_ts, fetched_at, rows, path FROM %s s WHERE region = %s AND "
	              "kind = %s AND NOT EXISTS (SELECT 1 FROM lt_cov c WHERE c.realm_id = "
	              "s.realm_id AND c.house_id = s.house_id AND c.snapshot_ts = s.snapshot_ts)",
	              g->snaps, g->region, g->kind);

	*n = query_i64(g, "SELECT count(*) FROM lt_todo", &rc, e);
	return rc;
}

/* Building a group again needs every raw snapshot its lifetimes cover: once some are
 * pruned (wowah prune), a late snapshot is refused rather than the pruned history lost. */
static int check_raw_kept(struct group *g, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc = WOWAH_OK;
	int64_t gone;

	buf_printf(&sql,
	           "SELECT count(*) FROM lt_cov c WHERE NOT EXISTS (SELECT 1 FROM %s s WHERE "
	           "s.region = %s AND s.kind = %s AND s.realm_id = c.realm_id AND s.house_id = "
	           "c.house_id AND s.snapshot_ts = c.snapshot_ts)",
	           g->snaps, g->region, g->kind);
	gone = query_i64(g, sql.data, &rc, e);
	buf_release(&sql);
	if (rc || !gone)
		return rc;
	return err_set(e, WOWAH_EIO,
	               "a snapshot older than the newest the %s %s lifetimes cover was stored, and "
	               "%lld raw snapshots they cover are pruned, so they cannot be built again "
	               "with it; remove that snapshot (it is the oldest new line of catalog.tsv) "
	               "and load again",
	               g->region, g->kind, (long long)gone);
}

/* A snapshot older than its house's newest covered one cannot be appended: the group is
 * built again from its raw snapshots. */
static int check_late(struct group *g, int64_t *todo, struct err *e)
{
	int rc = WOWAH_OK;
	int64_t late = query_i64(g,
	                         "SELECT count(*) FROM lt_todo t JOIN (SELECT realm_id, house_id, "
	                         "max(snapshot_ts) AS m FROM lt_cov GROUP BY ALL) c USING "
	                         "(realm_id, house_id) WHERE t.snapshot_ts <= c.m",
	                         &rc, e);

	if (rc || (!late && g->m.format == LIFETIME_FORMAT))
		return rc;
	rc = check_raw_kept(g, e);
	if (rc)
		return rc;
	g->full = 1;
	rc = read_state(g, e);
	if (!rc)
		rc = find_todo(g, todo, e);
	return rc;
}

/* Keeps in lt_todo its first snapshots by UTC day, then house, then time, up to max_rows
 * auctions, and at least one; *more: some were left for the next batch. Each house keeps a
 * prefix of its own snapshots, so the next batch only appends to what this one covered.
 * Day first: a batch rewrites the closed file of every day it closes lifetimes on
 * (write_closed), so batches by house over the whole history each rewrote every day's
 * file, and a full load cost batches times history (issue 10); a batch of a few days
 * rewrites those days' only. A fold reads the open lifetimes of the houses it touches:
 * those of a day are what a snapshot of each holds, bounded whatever the history. */
static int take_batch(struct group *g, int64_t max_rows, int64_t *todo, int *more, struct err *e)
{
	int64_t kept;
	int rc;

	*more = 0;
	if (max_rows <= 0)
		return WOWAH_OK;
	rc = exec(g, e,
	          "CREATE OR REPLACE TEMP TABLE lt_todo AS SELECT * EXCLUDE (acc, n) FROM "
	          "(SELECT *, sum(rows) OVER w AS acc, row_number() OVER w AS n FROM lt_todo "
	          "WINDOW w AS (ORDER BY epoch(snapshot_ts)::BIGINT // 86400, realm_id, "
	          "house_id, snapshot_ts ROWS UNBOUNDED PRECEDING)) WHERE n = 1 OR acc <= %lld",
	          (long long)max_rows);
	kept = query_i64(g, "SELECT count(*) FROM lt_todo", &rc, e);
	*more = kept < *todo;
	*todo = kept;
	return rc;
}

/* "[<abs path>, ...]" of the raw files of lt_todo, each checked to be there. */
static int raw_files(struct group *g, struct buf *list, struct err *e)
{
	duckdb_result r;
	int64_t count = 0;
	/* a daily file (compaction) is listed once for all of its snapshots */
	int rc = duck_query(g->d,
	                    "SELECT path FROM lt_todo GROUP BY path ORDER BY min(snapshot_ts), "
	                    "path",
	                    &r, e);

	if (rc)
		return rc;
	buf_putc(list, '[');
	for (idx_t i = 0; i < duckdb_row_count(&r) && !rc; i++) {
		char *rel = duckdb_value_varchar(&r, 0, i);
		char *abs = fs_join(g->dir, rel);
		if (!fs_exists(abs))
			rc = err_set(
			        e, WOWAH_ENOTFOUND,
			        "%s is in the catalog but missing, and the lifetimes need it; run "
			        "'wowah fsck' to check the data dir",
			        abs);
		lt_put_file(list, g->dir, rel, &count);
		free(abs);
		duckdb_free(rel);
	}
	buf_putc(list, ']');
	duckdb_destroy_result(&r);
	return rc;
}

/* TEMP lt_seq: each touched house's snapshots in order, its newest covered one first. */
static int number_snapshots(struct group *g, struct err *e)
{
	return exec(g, e,
	            "CREATE OR REPLACE TEMP TABLE lt_seq AS SELECT realm_id, house_id, "
	            "snapshot_ts, row_number() OVER (PARTITION BY realm_id, house_id ORDER BY "
	            "snapshot_ts) AS seq, max(snapshot_ts) OVER (PARTITION BY realm_id, "
	            "house_id) AS last_ts FROM (SELECT realm_id, house_id, snapshot_ts FROM "
	            "lt_todo UNION ALL SELECT realm_id, house_id, max(snapshot_ts) FROM lt_cov "
	            "WHERE (realm_id, house_id) IN (SELECT realm_id, house_id FROM lt_todo) "
	            "GROUP BY ALL)");
}

/* The seed rows (open lifetimes at their last sighting, the house's newest covered
 * snapshot: seq 1, since the new ones are all later) and the new snapshots' rows: the
 * key (imm), the first values (f_*), the seed's changes so far (p_*) and the values that
 * may change. */
static void rows_sql(struct buf *sql, const char *raw)
{
	buf_printf(
	        sql,
	        "SELECT o.realm_id, o.house_id, auction_id, struct_pack(" IMMUTABLE
	        ") AS imm, s.seq, s.snapshot_ts AS ts, first_seen AS f_first, sightings AS f_n, "
	        "quantity_first AS f_q, bid AS f_bid, time_left_first AS f_tl, bonus_lists AS "
	        "f_bl, quantity_changes AS p_q, bid_changes AS p_bid, time_left_changes AS "
	        "p_tl, bonus_order_changes AS p_bo, quantity_last AS quantity, CASE WHEN "
	        "len(bid_changes) > 0 THEN bid_changes[-1].bid ELSE bid END AS bid, "
	        "time_left_last AS time_left, CASE WHEN len(bonus_order_changes) > 0 THEN "
	        "bonus_order_changes[-1].bonus_order ELSE " LT_ORDER_CODE(
	                "bonus_lists") " END AS bonus_order "
	                               "FROM lt_old o JOIN lt_seq s ON s.realm_id = o.realm_id AND "
	                               "s.house_id = "
	                               "o.house_id AND s.seq = 1 "
	                               "UNION ALL "
	                               "SELECT a.realm_id, coalesce(a.auction_house_id, "
	                               "0)::INTEGER, auction_id, "
	                               "struct_pack(" IMMUTABLE
	                               "), s.seq, a.snapshot_ts, a.snapshot_ts, 1, quantity, "
	                               "bid, time_left, bonus_lists, NULL::" LT_Q_TYPE
	                               ", NULL::" LT_B_TYPE ", NULL::" LT_TL_TYPE
	                               ", NULL::" LT_BO_TYPE
	                               ", quantity, bid, time_left, " LT_ORDER_CODE(
	                                       "bonus_lists") " FROM read_parquet(%s, "
	                                                      "hive_partitioning = false) a "
	                                                      "JOIN lt_seq s ON s.realm_id = "
	                                                      "a.realm_id AND s.house_id = "
	                                                      "coalesce(a.auction_house_id, 0) AND "
	                                                      "s.snapshot_ts = a.snapshot_ts "
	                                                      /* a daily file also holds the
	                                                       * covered snapshots, the seed's
	                                                       * among them: the new ones only */
	                                                      "JOIN lt_todo t ON t.realm_id = "
	                                                      "s.realm_id AND t.house_id = "
	                                                      "s.house_id AND t.snapshot_ts = "
	                                                      "s.snapshot_ts",
	        raw);
}

/* A row whose value of col differs from the row before in its lifetime. */
#define CHANGED(col, flag) \
	"NOT start AND " col " IS DISTINCT FROM lag(" col ") OVER q AS " flag ", "

/* One changes list: the seed's, then this update's rows whose value changed, each with
 * the number of its sighting in the lifetime (n). */
#define CHANGES(prefix, col, flag, type)                                                         \
	"coalesce(first(" prefix " ORDER BY seq), []::" type ") || coalesce((list({'sighting': " \
	"n, '" col "': " col "} ORDER BY seq) FILTER (WHERE " flag "))::" type ", []::" type     \
	") AS " col "_changes, "

/* Per (house, auction_id): w1 marks the rows that start a lifetime (not in the previous
 * snapshot, or another key), w2 numbers the lifetimes, w3 marks the changes within one
 * and numbers its sightings (a seed row stands for all of its lifetime's so far). */
static const char *const islands =
        "w1 AS (SELECT *, coalesce(seq <> lag(seq) OVER p + 1 OR imm IS DISTINCT FROM "
        "lag(imm) OVER p, true) AS start FROM r WINDOW p AS (PARTITION BY realm_id, "
        "house_id, auction_id ORDER BY seq)), "
        "w2 AS (SELECT *, sum(start::INTEGER) OVER (PARTITION BY realm_id, house_id, "
        "auction_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS island FROM w1), "
        "w3 AS (SELECT *, (sum(f_n) OVER q)::INTEGER AS n, " CHANGED("quantity", "dq")
                CHANGED("bid", "db") CHANGED("time_left", "dt")
                        CHANGED("bonus_order", "dbo") "FROM w2 WINDOW q AS "
                                                      "(PARTITION BY realm_id, house_id, "
                                                      "auction_id, island ORDER BY seq))";

/* One row per lifetime. */
static const char *const lifetimes = "f AS (SELECT realm_id, house_id, auction_id, first(imm ORDER "
                                     "BY seq) AS imm, "
                                     "first(f_bl ORDER BY seq) AS bonus_lists, first(f_first ORDER "
                                     "BY seq) AS "
                                     "first_seen, max(ts) AS last_seen, sum(f_n)::INTEGER AS "
                                     "sightings, first(f_q ORDER "
                                     "BY seq) AS quantity_first, last(quantity ORDER BY seq) AS "
                                     "quantity_last, " CHANGES("p_q", "quantity", "dq", LT_Q_TYPE) "first(f_bid ORDER BY seq) AS bid, " CHANGES(
                                             "p_bid", "bid", "db",
                                             LT_B_TYPE) "first(f_tl ORDER BY "
                                                        "seq) AS "
                                                        "time_left_first, "
                                                        "last(time_left ORDER "
                                                        "BY seq) AS "
                                                        "time_left_last,"
                                                        " " CHANGES("p_tl", "time_left", "dt",
                                                                    LT_TL_TYPE)
                                                                CHANGES("p_bo",
                                                                        "bonus"
                                                                        "_orde"
                                                                        "r",
                                                                        "dbo",
                                                                        LT_BO_TYPE) "FROM w3 GROUP "
                                                                                    "BY "
                                                                                    "realm_id, "
                                                                                    "house_id, "
                                                                                    "auction_id, "
                                                                                    "island)";

/* Where a batch's fold goes: a file of the next generation that no manifest lists, so
 * that lifetime_sweep removes it once the load committed. */
#define FOLD_FILE "fold-%lld.parquet"

/* TEMP view lt_res: the lifetimes of the touched houses that this update made or extended,
 * or that it closed (a seed alone in its island); is_open when in the house's newest
 * snapshot. Written to a file rather than a TEMP table, for the reason of read_state's. */
static int fold(struct group *g, const char *raw, int64_t gen, struct err *e)
{
	struct buf sql = BUF_INIT, rows = BUF_INIT, rel = BUF_INIT;
	char name[64], *abs;
	int rc;

	snprintf(name, sizeof(name), FOLD_FILE, (long long)gen);
	abs = fs_join(g->gdir, name);
	rows_sql(&rows, raw);
	buf_printf(&sql,
	           "WITH r AS (%s), %s, %s SELECT " LT_FILE_COLUMNS ", last_seen, is_open FROM ("
	           "SELECT %s AS region, %s AS kind, f.realm_id, f.house_id, auction_id, "
	           "imm.item_id, imm.pet_species_id, imm.context, bonus_lists, imm.modifiers, "
	           "imm.pet_breed_id, imm.pet_level, imm.pet_quality_id, imm.rand, imm.seed, "
	           "imm.unit_price, imm.buyout, first_seen, last_seen, sightings, quantity_first, "
	           "quantity_last, quantity_changes, bid, bid_changes, time_left_first, "
	           "time_left_last, time_left_changes, bonus_order_changes, last_seen = l.last_ts "
	           "AS is_open FROM f JOIN (SELECT DISTINCT realm_id, house_id, last_ts FROM "
	           "lt_seq) l ON l.realm_id = f.realm_id AND l.house_id = f.house_id)",
	           rows.data, islands, lifetimes, g->region, g->kind);
	rc = duck_copy_to(g->d, sql.data, "FORMAT parquet, COMPRESSION snappy", abs, e);
	if (!rc) {
		lt_file_list(&rel, g->gdir, name);
		rc = exec(g, e,
		          "CREATE OR REPLACE TEMP VIEW lt_res AS SELECT * FROM read_parquet(%s)",
		          rel.data);
	}
	free(abs);
	buf_release(&sql);
	buf_release(&rows);
	buf_release(&rel);
	return rc;
}

/* Writes name (in the group's directory) from query, with the COPY options given. */
static int write_file(struct group *g, const char *name, const char *query, const char *options,
                      struct err *e)
{
	char *abs = fs_join(g->gdir, name);
	int rc = duck_copy_to(g->d, query, options, abs, e);

	free(abs);
	return rc;
}

/* The names of a generation's open file and of a day's closed file (storage.md), written
 * by an update and by the conversion of format 1 alike. */
#define FILE_NAME_MAX 96
static void open_name(char name[FILE_NAME_MAX], int64_t gen)
{
	snprintf(name, FILE_NAME_MAX, "open-%lld.parquet", (long long)gen);
}

static void closed_name(char name[FILE_NAME_MAX], const char *date, int64_t gen)
{
	snprintf(name, FILE_NAME_MAX, "closed-%s-%lld.parquet", date, (long long)gen);
}

/* The name of a day's (YYYY-MM-DD) or a month's (YYYY-MM) part of the covered list. */
static void covered_name(char name[FILE_NAME_MAX], const char *key, int64_t gen)
{
	snprintf(name, FILE_NAME_MAX, "snapshots-%s-%lld.parquet", key, (long long)gen);
}

/* UTC day of a row of the covered list, as the parts' dates are. */
#define COVERED_DAY     "strftime(snapshot_ts, '%%Y-%%m-%%d')"
#define COVERED_COLUMNS "region, kind, realm_id, house_id, snapshot_ts, fetched_at, rows"

/* A month's part of the covered list is dated "YYYY-MM-00": before the month's days. */
#define MONTH_LEN 7 /* YYYY-MM */

/* Writes the part of key, a UTC day (YYYY-MM-DD) or a month (YYYY-MM), of the covered list
 * under next's generation and adds it to next: the rows of from (a relation of
 * COVERED_COLUMNS) in key, and those of the part old (NULL: none). */
static int write_covered_part(struct duck *d, const char *gdir, const char *key, const char *from,
                              const char *old, struct lt_manifest *next, struct err *e)
{
	int month = strlen(key) == MONTH_LEN;
	struct buf q = BUF_INIT;
	char name[FILE_NAME_MAX], date[LIFETIME_DATE_LEN], *abs;
	int rc;

	covered_name(name, key, next->gen);
	snprintf(date, sizeof(date), month ? "%.7s-00" : "%s", key);
	buf_printf(&q,
	           "SELECT " COVERED_COLUMNS " FROM %s WHERE strftime(snapshot_ts, '%s') = '%s'",
	           from, month ? "%Y-%m" : "%Y-%m-%d", key);
	if (old) {
		buf_puts(&q, " UNION ALL SELECT " COVERED_COLUMNS " FROM read_parquet(");
		lt_file_list(&q, gdir, old);
		buf_putc(&q, ')');
	}
	buf_puts(&q, " ORDER BY realm_id, house_id, snapshot_ts");
	abs = fs_join(gdir, name);
	rc = duck_copy_to(d, q.data, LT_PARQUET, abs, e);
	if (!rc)
		lt_add_covered(next, date, name);
	free(abs);
	buf_release(&q);
	return rc;
}

/* The days of from (a relation with snapshot_ts), in order. */
static int covered_days(struct duck *d, const char *from, duckdb_result *r, struct err *e)
{
	struct buf q = BUF_INIT;
	int rc;

	buf_printf(&q, "SELECT DISTINCT " COVERED_DAY " AS d FROM %s ORDER BY d", from);
	rc = duck_query(d, q.data, r, e);
	buf_release(&q);
	return rc;
}

static int is_month(const struct lt_covered *c)
{
	return strlen(c->date) == LIFETIME_DATE_LEN - 1 && strcmp(c->date + MONTH_LEN, "-00") == 0;
}

/* Writes the parts of one month, n of them, as its one part under next's generation. */
static int write_month(struct duck *d, const char *gdir, const struct lt_covered *parts, size_t n,
                       struct lt_manifest *next, struct err *e)
{
	struct buf from = BUF_INIT;
	char month[MONTH_LEN + 1];
	int64_t count = 0;
	int rc;

	snprintf(month, sizeof(month), "%.7s", parts[0].date);
	buf_puts(&from, "read_parquet([");
	for (size_t i = 0; i < n; i++)
		lt_put_file(&from, gdir, parts[i].file, &count);
	buf_puts(&from, "])");
	rc = write_covered_part(d, gdir, month, from.data, NULL, next, e);
	buf_release(&from);
	return rc;
}

/* The parts of every month before the newest part's are merged into one a month: a load
 * reads the covered list whole (each house's newest snapshot, the sighting numbers), and
 * a file costs DuckDB about 0.6 ms to open (a year of 365 day files read in 0.26 s against
 * 0.04 s for one file of 101 houses: docs/load.md), so a year stays at 12 files and the
 * current month's days. A month is written once after its last day, or again when a house
 * that lagged behind adds to it. */
static int roll_up_months(struct duck *d, const char *gdir, struct lt_manifest *next, struct err *e)
{
	struct lt_covered *parts = next->covered;
	size_t n = next->ncovered;
	int rc = WOWAH_OK;

	next->covered = NULL;
	next->ncovered = 0;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && parts[i].date[0] &&
		                strncmp(parts[j].date, parts[i].date, MONTH_LEN) == 0;
		     j++)
			;
		int past = parts[i].date[0] &&
		           strncmp(parts[i].date, parts[n - 1].date, MONTH_LEN) < 0;
		if (!rc && past && !(j - i == 1 && is_month(&parts[i])))
			rc = write_month(d, gdir, parts + i, j - i, next, e);
		else
			for (size_t k = i; k < j && !rc; k++)
				lt_add_covered(next, parts[k].date, parts[k].file);
	}
	for (size_t i = 0; i < n; i++)
		free(parts[i].file);
	free(parts);
	return rc;
}

/* The covered list of the next generation: the parts of the days this batch adds to are
 * written again with its snapshots, the others kept as they are, so an hourly load writes
 * one day's snapshots, not every snapshot of the history (issue 10). */
static int write_covered(struct group *g, struct lt_manifest *next, struct err *e)
{
	const struct lt_manifest *m = &g->m;
	size_t nold = g->full ? 0 : m->ncovered, k = 0;
	struct buf from = BUF_INIT;
	duckdb_result r;
	idx_t n, i = 0;
	int rc = covered_days(g->d, "lt_todo", &r, e);

	if (rc)
		return rc;
	buf_printf(&from, "(SELECT %s AS region, %s AS kind, * FROM lt_todo)", g->region, g->kind);
	n = duckdb_row_count(&r);
	while (!rc && (i < n || k < nold)) {
		char *day = i < n ? duckdb_value_varchar(&r, 0, i) : NULL;
		int cmp = !day ? 1 : k >= nold ? -1 : strcmp(day, m->covered[k].date);
		if (cmp > 0) {
			lt_add_covered(next, m->covered[k].date, m->covered[k].file);
			k++;
		} else {
			rc = write_covered_part(g->d, g->gdir, day, from.data,
			                        cmp == 0 ? m->covered[k].file : NULL, next, e);
			i++;
			k += cmp == 0;
		}
		duckdb_free(day);
	}
	duckdb_destroy_result(&r);
	buf_release(&from);
	return rc ? rc : roll_up_months(g->d, g->gdir, next, e);
}

/* The open lifetimes: this update's, and the untouched houses' as they were. */
static int write_open(struct group *g, struct lt_manifest *next, struct err *e)
{
	char name[FILE_NAME_MAX];
	int rc;

	open_name(name, next->gen);
	rc = write_file(g, name,
	                "SELECT " LT_FILE_COLUMNS
	                " FROM lt_res WHERE is_open UNION ALL SELECT " LT_FILE_COLUMNS
	                " FROM lt_old o WHERE NOT EXISTS (SELECT 1 FROM lt_seq s WHERE "
	                "s.realm_id = o.realm_id AND s.house_id = o.house_id) " FILE_ORDER,
	                LT_PARQUET, e);
	if (!rc)
		next->open = xstrdup(name);
	return rc;
}

static void add_closed(struct lt_manifest *m, const char *date, const char *file, int final)
{
	m->closed = xrealloc(m->closed, (m->nclosed + 1) * sizeof(*m->closed));
	snprintf(m->closed[m->nclosed].date, LIFETIME_DATE_LEN, "%s", date);
	m->closed[m->nclosed].final = final;
	m->closed[m->nclosed++].file = xstrdup(file);
}

int lt_final_before(struct duck *d, const char *cov, char out[LIFETIME_DATE_LEN], struct err *e)
{
	struct buf sql = BUF_INIT;
	duckdb_result r;
	char *day;
	int rc;

	buf_printf(&sql,
	           "SELECT strftime(min(m), '%%Y-%%m-%%d') FROM (SELECT max(snapshot_ts) AS m FROM "
	           "%s GROUP BY realm_id, house_id)",
	           cov);
	rc = duck_query(d, sql.data, &r, e);
	buf_release(&sql);
	if (rc)
		return rc;
	day = duckdb_value_varchar(&r, 0, 0);
	snprintf(out, LIFETIME_DATE_LEN, "%s", day ? day : "");
	duckdb_free(day);
	duckdb_destroy_result(&r);
	return WOWAH_OK;
}

static int is_final(const char *date, const char *final_before)
{
	return final_before[0] && strcmp(date, final_before) < 0;
}

/* One day's closed file: what it held plus this update's lifetimes that ended that day;
 * for good (LT_PARQUET_FINAL) when no lifetime can end on that day any more. */
static int write_day(struct group *g, const char *date, struct lt_manifest *next, struct err *e)
{
	int final = is_final(date, g->final_before);
	const char *old = g->full ? NULL : lt_manifest_closed(&g->m, date);
	struct buf q = BUF_INIT;
	char name[FILE_NAME_MAX];
	int rc;

	closed_name(name, date, next->gen);
	buf_printf(&q,
	           "SELECT " LT_FILE_COLUMNS " FROM lt_res WHERE NOT is_open AND "
	           "strftime(last_seen, '%%Y-%%m-%%d') = '%s'",
	           date);
	if (old) {
		buf_puts(&q, " UNION ALL SELECT " LT_FILE_COLUMNS " FROM read_parquet(");
		lt_file_list(&q, g->gdir, old);
		buf_putc(&q, ')');
	}
	buf_puts(&q, " " FILE_ORDER);
	rc = write_file(g, name, q.data, final ? LT_PARQUET_FINAL : LT_PARQUET, e);
	if (!rc)
		add_closed(next, date, name, final);
	buf_release(&q);
	return rc;
}

/* The closed files: every day this update closed lifetimes on is written again, and a day
 * whose file became final (write_day); the other days' files are kept as they are, all in
 * date order. */
static int write_closed(struct group *g, struct lt_manifest *next, struct err *e)
{
	duckdb_result r;
	idx_t n, i = 0;
	size_t k = 0;
	int rc = duck_query(g->d,
	                    "SELECT DISTINCT strftime(last_seen, '%Y-%m-%d') AS d FROM lt_res "
	                    "WHERE NOT is_open ORDER BY d",
	                    &r, e);

	if (rc)
		return rc;
	n = duckdb_row_count(&r);
	while (!rc && (i < n || (!g->full && k < g->m.nclosed))) {
		char *day = i < n ? duckdb_value_varchar(&r, 0, i) : NULL;
		int cmp = !day                             ? 1
		          : (g->full || k >= g->m.nclosed) ? -1
		                                           : strcmp(day, g->m.closed[k].date);
		const struct lt_closed *c = cmp > 0 ? &g->m.closed[k] : NULL;
		if (c && !c->final && is_final(c->date, g->final_before)) {
			rc = write_day(g, c->date, next, e);
			k++;
		} else if (c) {
			add_closed(next, c->date, c->file, c->final);
			k++;
		} else {
			rc = write_day(g, day, next, e);
			i++;
			k += cmp == 0;
		}
		duckdb_free(day);
	}
	duckdb_destroy_result(&r);
	return rc;
}

/* One batch: the group's state becomes the new generation (g->m); *more: call again. */
static int update_batch(struct group *g, int64_t batch_rows, int *more, struct lifetime_stats *st,
                        struct err *e)
{
	struct lt_manifest next = {.format = LIFETIME_FORMAT, .gen = g->m.gen + 1};
	struct buf raw = BUF_INIT;
	int64_t todo = 0;
	int rc = read_state(g, e);

	*more = 0;
	if (!rc)
		rc = find_todo(g, &todo, e);
	if (!rc && todo)
		rc = check_late(g, &todo, e);
	/* what every snapshot to add makes final, once the last batch added them */
	if (!rc && todo)
		rc = lt_final_before(
		        g->d,
		        "(SELECT realm_id, house_id, snapshot_ts FROM lt_cov UNION ALL "
		        "SELECT realm_id, house_id, snapshot_ts FROM lt_todo)",
		        g->final_before, e);
	if (!rc && todo)
		rc = take_batch(g, batch_rows, &todo, more, e);
	if (*more)
		g->final_before[0] = '\0';
	if (rc || !todo)
		return rc;
	rc = raw_files(g, &raw, e);
	if (!rc)
		rc = number_snapshots(g, e);
	if (!rc)
		rc = fold(g, raw.data, next.gen, e);
	if (!rc)
		st->lifetimes += query_i64(g, "SELECT count(*) FROM lt_res", &rc, e);
	if (!rc)
		rc = write_covered(g, &next, e);
	if (!rc)
		rc = write_open(g, &next, e);
	if (!rc)
		rc = write_closed(g, &next, e);
	if (!rc)
		rc = lt_manifest_write(g->gdir, &next, e);
	if (!rc) {
		st->snapshots += todo;
		st->rebuilt |= g->full;
		g->full = 0; /* the next batch appends to this one */
		lt_manifest_release(&g->m);
		g->m = next;
	} else {
		lt_manifest_release(&next);
	}
	buf_release(&raw);
	return rc;
}

static int update_group(struct group *g, int64_t batch_rows, struct lifetime_stats *st,
                        struct err *e)
{
	int64_t gen = g->m.gen;
	int more = 1, rc = WOWAH_OK;

	while (more && !rc)
		rc = update_batch(g, batch_rows, &more, st, e);
	if (!rc && g->m.gen != gen)
		st->groups++;
	return rc;
}

static int run_group(struct duck *d, const char *dir, const char *snaps, int64_t batch_rows,
                     const char *region, const char *kind, struct lifetime_stats *st, struct err *e)
{
	struct group g = {.d = d, .dir = dir, .snaps = snaps};
	char rel[MODEL_PATH_MAX];
	int rc;

	model_lifetimes_dir(rel, sizeof(rel), region, kind);
	snprintf(g.gdir, sizeof(g.gdir), "%s/%s", dir, rel);
	rc = fs_mkdirs(g.gdir, e);
	if (!rc)
		rc = lt_manifest_read(g.gdir, &g.m, e);
	if (rc)
		return rc;
	g.region = duck_quote(region);
	g.kind = duck_quote(kind);
	rc = update_group(&g, batch_rows, st, e);
	free(g.region);
	free(g.kind);
	lt_manifest_release(&g.m);
	return rc;
}

/* A format 1 group in format 2: each file converted under the next generation
 * (sightings.c), then the manifest, the commit point; the covered list stays as it is.
 * From the lifetime files alone, so a group whose raw snapshots are pruned converts too. */
static int convert_group(struct duck *d, const char *gdir, struct err *e)
{
	struct lt_manifest m, next = {.format = LIFETIME_FORMAT};
	struct buf snaps = BUF_INIT, cov = BUF_INIT;
	char name[FILE_NAME_MAX], final_before[LIFETIME_DATE_LEN];
	int rc = lt_manifest_read(gdir, &m, e);

	if (rc || m.format != 1) {
		lt_manifest_release(&m);
		return rc;
	}
	next.gen = m.gen + 1;
	for (size_t i = 0; i < m.ncovered; i++)
		lt_add_covered(&next, m.covered[i].date, m.covered[i].file);
	lt_covered_list(&snaps, gdir, &m);
	buf_printf(&cov, "read_parquet(%s)", snaps.data);
	rc = lt_final_before(d, cov.data, final_before, e);
	open_name(name, next.gen);
	if (!rc)
		rc = lt_convert_file(d, gdir, m.open, snaps.data, name, LT_PARQUET, e);
	if (!rc)
		next.open = xstrdup(name);
	for (size_t i = 0; i < m.nclosed && !rc; i++) {
		closed_name(name, m.closed[i].date, next.gen);
		int final = is_final(m.closed[i].date, final_before);
		rc = lt_convert_file(d, gdir, m.closed[i].file, snaps.data, name,
		                     final ? LT_PARQUET_FINAL : LT_PARQUET, e);
		if (!rc)
			add_closed(&next, m.closed[i].date, name, final);
	}
	if (!rc)
		rc = lt_manifest_write(gdir, &next, e);
	buf_release(&snaps);
	buf_release(&cov);
	lt_manifest_release(&next);
	lt_manifest_release(&m);
	return rc;
}

/* Writes the parts of the covered list of from (a relation of COVERED_COLUMNS) whose UTC
 * days are r's, in order: one part a month before the last day's, one a day in its month,
 * as write_covered and roll_up_months leave them. */
static int write_split(struct duck *d, const char *gdir, const char *from, duckdb_result *r,
                       struct lt_manifest *next, struct err *e)
{
	idx_t n = duckdb_row_count(r);
	char *last = n ? duckdb_value_varchar(r, 0, n - 1) : NULL;
	char month[MONTH_LEN + 1] = "";
	int rc = WOWAH_OK;

	for (idx_t i = 0; !rc && i < n; i++) {
		char *day = duckdb_value_varchar(r, 0, i);
		if (strncmp(day, last, MONTH_LEN) == 0) {
			rc = write_covered_part(d, gdir, day, from, NULL, next, e);
		} else if (strncmp(day, month, MONTH_LEN) != 0) {
			snprintf(month, sizeof(month), "%.7s", day);
			rc = write_covered_part(d, gdir, month, from, NULL, next, e);
		}
		duckdb_free(day);
	}
	duckdb_free(last);
	return rc;
}

/* A group whose covered list is one file (a manifest made before the parts) with its list
 * in parts (write_split), under the next generation, then the manifest: the commit point,
 * as for an update. From the covered list alone, so a group whose raw snapshots are pruned
 * splits too. */
static int split_group(struct duck *d, const char *gdir, struct err *e)
{
	struct lt_manifest m, next = {.format = LIFETIME_FORMAT};
	struct buf from = BUF_INIT;
	duckdb_result r;
	int rc = lt_manifest_read(gdir, &m, e);

	if (rc || m.format != LIFETIME_FORMAT || m.covered[0].date[0]) {
		lt_manifest_release(&m);
		return rc;
	}
	next.gen = m.gen + 1;
	next.open = xstrdup(m.open);
	for (size_t i = 0; i < m.nclosed; i++)
		add_closed(&next, m.closed[i].date, m.closed[i].file, m.closed[i].final);
	buf_puts(&from, "read_parquet(");
	lt_covered_list(&from, gdir, &m);
	buf_putc(&from, ')');
	rc = covered_days(d, from.data, &r, e);
	if (!rc) {
		rc = write_split(d, gdir, from.data, &r, &next, e);
		duckdb_destroy_result(&r);
	}
	if (!rc && next.ncovered)
		rc = lt_manifest_write(gdir, &next, e);
	buf_release(&from);
	lt_manifest_release(&next);
	lt_manifest_release(&m);
	return rc;
}

/* Every format 1 group under dir converted, and every covered list of one file split,
 * whether or not the group has new or raw snapshots. */
static int convert_groups(struct duck *d, const char *dir, struct err *e)
{
	char **groups;
	size_t n;
	int rc = lt_groups(dir, &groups, &n, e);

	for (size_t i = 0; i < n; i++) {
		if (!rc)
			rc = convert_group(d, groups[i], e);
		if (!rc)
			rc = split_group(d, groups[i], e);
		free(groups[i]);
	}
	free(groups);
	return rc;
}

int lifetime_update(struct duck *d, const char *dir, const char *snaps, int64_t batch_rows,
                    struct lifetime_stats *st, struct err *e)
{
	struct buf sql = BUF_INIT;
	duckdb_result r;
	int rc;

	memset(st, 0, sizeof(*st));
	rc = convert_groups(d, dir, e);
	if (rc)
		return rc;
	buf_printf(&sql, "SELECT DISTINCT region, kind FROM %s ORDER BY ALL", snaps);
	rc = duck_query(d, sql.data, &r, e);
	buf_release(&sql);
	if (rc)
		return rc;
	for (idx_t i = 0; i < duckdb_row_count(&r) && !rc; i++) {
		char *region = duckdb_value_varchar(&r, 0, i);
		char *kind = duckdb_value_varchar(&r, 1, i);
		rc = run_group(d, dir, snaps, batch_rows, region, kind, st, e);
		duckdb_free(region);
		duckdb_free(kind);
	}
	duckdb_destroy_result(&r);
	if (!rc)
		rc = duck_exec(
		        d,
		        "DROP VIEW IF EXISTS lt_cov; DROP VIEW IF EXISTS lt_old; DROP TABLE "
		        "IF EXISTS lt_todo; DROP TABLE IF EXISTS lt_seq; DROP VIEW IF EXISTS "
		        "lt_res",
		        e);
	return rc;
}
