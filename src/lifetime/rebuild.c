/* rebuild.c - one house's snapshot rebuilt from its lifetimes: the auctions whose
 * lifetime spans the snapshot, each with the quantity, bid and time_left of its last change
 * at or before it, in the raw file's columns and row order (store_sort_rows: item_id, unit
 * price with none first, auction_id).
 *
 * Only the open file and the closed files of the snapshot's day and later are read: a
 * lifetime that spans the snapshot ended on or after its day.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lifetime/internal.h"
#include "lifetime/lifetime.h"
#include "model/auction.h"
#include "model/layout.h"
#include "util/fs.h"
#include "util/ts.h"

/* The value of col at T: its last change at or before T, else its first value. */
#define AT(col, first)                                                \
	"CASE WHEN len(list_filter(" col                              \
	"_changes, lambda c: c.ts <= T.t)) > 0 THEN list_filter(" col \
	"_changes, lambda c: c.ts <= T.t)[-1]." col " ELSE " first " END"

/* The bonus list orders seen up to T. */
#define BONUS_AT "list_filter(bonus_order_changes, lambda c: c.ts <= T.t)"

static int not_covered(struct duck *d, const char *snaps, const struct lifetime_house *h,
                       int64_t ts, struct err *e)
{
	struct buf sql = BUF_INIT;
	duckdb_result r;
	char *before = NULL, *after = NULL, at[TS_ISO_LEN];
	int rc;

	buf_printf(
	        &sql,
	        "SELECT strftime(max(snapshot_ts) FILTER (WHERE snapshot_ts < to_timestamp(%" PRId64
	        ")), '%%Y-%%m-%%dT%%H:%%M:%%SZ'), strftime(min(snapshot_ts) FILTER (WHERE "
	        "snapshot_ts > to_timestamp(%" PRId64 ")), '%%Y-%%m-%%dT%%H:%%M:%%SZ') FROM "
	        "read_parquet(%s) WHERE realm_id = %" PRId32 " AND house_id = %" PRId32,
	        ts, ts, snaps, h->realm_id, h->house_id);
	rc = duck_query(d, sql.data, &r, e);
	buf_release(&sql);
	if (rc)
		return rc;
	before = duckdb_value_varchar(&r, 0, 0);
	after = duckdb_value_varchar(&r, 1, 0);
	ts_format_iso(ts, at);
	if (!before && !after)
		rc = err_set(e, WOWAH_ENOTFOUND,
		             "the lifetimes cover no snapshot of %s %s realm %" PRId32
		             " house %" PRId32 "; check --region, --realm and --house",
		             h->region, h->kind, h->realm_id, h->house_id);
	else
		rc = err_set(e, WOWAH_ENOTFOUND,
		             "no snapshot of %s %s realm %" PRId32 " house %" PRId32
		             " at %s; the nearest are %s and %s",
		             h->region, h->kind, h->realm_id, h->house_id, at,
		             before ? before : "(none before)", after ? after : "(none after)");
	duckdb_free(before);
	duckdb_free(after);
	duckdb_destroy_result(&r);
	return rc;
}

/* 0 when the lifetimes cover h's snapshot at ts. */
static int check_covered(struct duck *d, const char *gdir, const struct lt_manifest *m,
                         const struct lifetime_house *h, int64_t ts, struct err *e)
{
	struct buf snaps = BUF_INIT, sql = BUF_INIT;
	duckdb_result r;
	int64_t n = 0;
	int rc;

	lt_covered_list(&snaps, gdir, m);
	buf_printf(&sql,
	           "SELECT count(*) FROM read_parquet(%s) WHERE realm_id = %" PRId32
	           " AND house_id = %" PRId32 " AND snapshot_ts = to_timestamp(%" PRId64 ")",
	           snaps.data, h->realm_id, h->house_id, ts);
	rc = duck_query(d, sql.data, &r, e);
	if (!rc) {
		n = duckdb_value_int64(&r, 0, 0);
		duckdb_destroy_result(&r);
		if (!n)
			rc = not_covered(d, snaps.data, h, ts, e);
	}
	buf_release(&sql);
	buf_release(&snaps);
	return rc;
}

/* The manifest of h's lifetimes under dir, read and checked (*gdir their directory, the
 * caller's to free with m). */
static int open_manifest(const char *dir, const struct lifetime_house *h, char **gdir,
                         struct lt_manifest *m, struct err *e)
{
	char rel[MODEL_PATH_MAX];
	int rc;

	model_lifetimes_dir(rel, sizeof(rel), h->region, h->kind);
	*gdir = fs_join(dir, rel);
	rc = lt_manifest_read(*gdir, m, e);
	if (!rc && !m->format)
		rc = err_set(e, WOWAH_ENOTFOUND,
		             "no lifetimes of %s %s auctions under %s: run 'wowah load' first",
		             h->region, h->kind, dir);
	if (!rc && m->format != LIFETIME_FORMAT)
		rc = err_set(
		        e, WOWAH_ENOTFOUND,
		        "the %s %s lifetimes under %s are format %d; run 'wowah load' to bring "
		        "them to format %d",
		        h->region, h->kind, dir, m->format, LIFETIME_FORMAT);
	return rc;
}

/* The SELECT of h's snapshot at ts, which the lifetimes in gdir (manifest m) cover. */
static void rebuild_query(const char *gdir, const struct lt_manifest *m,
                          const struct lifetime_house *h, int64_t ts, struct buf *out)
{
	char day[TS_DATE_LEN], *region;
	struct buf files = BUF_INIT, snaps = BUF_INIT, where = BUF_INIT, lts = BUF_INIT;
	int64_t n = 0;

	ts_format_date(ts, day);
	buf_putc(&files, '[');
	lt_put_file(&files, gdir, m->open, &n);
	for (size_t i = 0; i < m->nclosed; i++)
		if (strcmp(m->closed[i].date, day) >= 0)
			lt_put_file(&files, gdir, m->closed[i].file, &n);
	buf_putc(&files, ']');
	lt_covered_list(&snaps, gdir, m);
	buf_printf(&where, "l.realm_id = %" PRId32 " AND l.house_id = %" PRId32, h->realm_id,
	           h->house_id);
	lt_expand_sql(&lts, files.data, snaps.data, where.data);
	region = duck_quote(h->region);
	buf_printf(
	        out,
	        "SELECT * FROM (SELECT T.t AS snapshot_ts, %s AS region, realm_id, CASE WHEN "
	        "kind = "
	        "'classic' THEN house_id END::SMALLINT AS auction_house_id, auction_id, "
	        "item_id, " AT(
	                "quantity",
	                "quantity_first") " AS quantity, unit_price, "
	                                  "buyout, " AT("bid", "bid") " AS bid, " AT(
	                                          "time"
	                                          "_lef"
	                                          "t",
	                                          "time"
	                                          "_lef"
	                                          "t_"
	                                          "firs"
	                                          "t") " AS "
	                                               "time_left, context, CASE WHEN len(" BONUS_AT
	                                               ") > 0 THEN " LT_ORDER_DECODE(
	                                                       "bonus_lists", BONUS_AT
	                                                       "[-1].bonus_order") " ELSE "
	                                                                           "bonus_lists "
	                                                                           "END AS "
	                                                                           "bonus_lists, "
	                                                                           "modifiers, "
	                                                                           "pet_species_id,"
	                                                                           " pet_breed_id, "
	                                                                           "pet_level, "
	                                                                           "pet_quality_id,"
	                                                                           " rand, seed "
	                                                                           "FROM "
	                                                                           "%s l, (SELECT "
	                                                                           "to_timestamp("
	                                                                           "%" PRId64
	                                                                           ") AS t) T "
	                                                                           "WHERE "
	                                                                           "l.realm_id = "
	                                                                           "%" PRId32
	                                                                           " AND "
	                                                                           "l.house_id = "
	                                                                           "%" PRId32
	                                                                           " AND "
	                                                                           "l.first_seen "
	                                                                           "<= T.t AND "
	                                                                           "l.last_seen >= "
	                                                                           "T.t) "
	                                                                           "ORDER BY "
	                                                                           "item_id, "
	                                                                           "coalesce"
	                                                                           "(" MODEL_UNIT_BUYOUT_SQL
	                                                                           ", -1), "
	                                                                           "auction_id",
	        region, lts.data, ts, h->realm_id, h->house_id);
	free(region);
	buf_release(&files);
	buf_release(&snaps);
	buf_release(&where);
	buf_release(&lts);
}

int lifetime_rebuild_sql(struct duck *d, const char *dir, const struct lifetime_house *h,
                         int64_t ts, struct buf *out, struct err *e)
{
	struct lt_manifest m;
	char *gdir;
	int rc = open_manifest(dir, h, &gdir, &m, e);

	if (!rc)
		rc = check_covered(d, gdir, &m, h, ts, e);
	if (!rc)
		rebuild_query(gdir, &m, h, ts, out);
	lt_manifest_release(&m);
	free(gdir);
	return rc;
}

/* The COPY options of path's format, NULL for a file of neither. */
static const char *copy_options(const char *path)
{
	if (fs_has_suffix(path, ".parquet"))
		return "FORMAT parquet, COMPRESSION zstd";
	if (fs_has_suffix(path, ".json"))
		return "FORMAT json, ARRAY true";
	return NULL;
}

/* Each snapshot written to a staging file beside its path (staged[k]), so that the
 * caller renames them all into place or none. */
static int write_staged(struct duck *d, const char *gdir, const struct lt_manifest *m,
                        const struct lifetime_house *h, const int64_t *ts, const char *const *paths,
                        char **staged, size_t n, struct err *e)
{
	int rc = WOWAH_OK;

	for (size_t k = 0; k < n && !rc; k++) {
		struct buf sql = BUF_INIT;

		rebuild_query(gdir, m, h, ts[k], &sql);
		rc = duck_copy_staged(d, sql.data, copy_options(paths[k]), paths[k], &staged[k], e);
		buf_release(&sql);
	}
	return rc;
}

int lifetime_rebuild_write(struct duck *d, const char *dir, const struct lifetime_house *h,
                           const int64_t *ts, const char *const *paths, size_t n, struct err *e)
{
	struct lt_manifest m = {0};
	char *gdir = NULL, **staged;
	int rc = WOWAH_OK;

	for (size_t k = 0; k < n && !rc; k++)
		if (!copy_options(paths[k]))
			rc = err_set(e, WOWAH_EUSAGE,
			             "--out %s: the file must end in .parquet or .json", paths[k]);
	if (rc)
		return rc;
	staged = calloc(n, sizeof(*staged));
	if (!staged)
		return err_set(e, WOWAH_ENOMEM, "out of memory");
	rc = open_manifest(dir, h, &gdir, &m, e);
	/* every snapshot is checked before any is written: one not covered writes none */
	for (size_t k = 0; k < n && !rc; k++)
		rc = check_covered(d, gdir, &m, h, ts[k], e);
	if (!rc)
		rc = write_staged(d, gdir, &m, h, ts, paths, staged, n, e);
	for (size_t k = 0; k < n && !rc; k++)
		rc = fs_commit(staged[k], paths[k], e);
	for (size_t k = 0; k < n; k++) {
		if (rc && staged[k])
			unlink(staged[k]);
		free(staged[k]);
	}
	free(staged);
	lt_manifest_release(&m);
	free(gdir);
	return rc;
}
