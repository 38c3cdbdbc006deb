/* catalog.c - catalog.tsv into the TEMP table catalog_in, through the one reader of the
 * catalog (model/catalog.h): load is a reader that may run while `wowah pull` appends, so
 * it reads only complete lines and never writes or repairs the file.
 *
 * Only the lines appended since the last load are read: wowah_catalog_mark keeps where
 * that load stopped (model_catalog_mark), in the load's transaction, so an hourly load
 * costs the hour's lines and not a year's catalog (issue 10). A catalog that no longer
 * starts as the mark says (fsck --repair, compaction) is read whole; the refreshes keep
 * what they already have, and snapshots takes the files it now names.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/catalog.h"
#include "model/keys.h"
#include "model/layout.h"
#include "util/fs.h"
#include "warehouse/internal.h"

struct appending {
	duckdb_appender app;
	struct err *e;
};

/* crc32 as the catalog writes it (8 hex digits), which snapshots keeps. kind is the
 * house's market (model_market_name): what the tables key a house by, so that houses of two
 * flavours with one realm id are two houses; a token stays kind token, with its flavor. */
static int append_entry(const struct model_catalog_entry *en, void *ud)
{
	struct appending *a = ud;
	int kind = model_kind_parse(en->kind);
	char crc[9];

	snprintf(crc, sizeof(crc), "%08" PRIx32, en->crc32);
	duckdb_appender_begin_row(a->app);
	duckdb_append_varchar(a->app, en->region);
	duckdb_append_varchar(a->app,
	                      kind == MODEL_KIND_TOKEN
	                              ? en->kind
	                              : model_market_name(model_flavor_parse(en->flavor), kind));
	duckdb_append_int32(a->app, en->realm_id);
	duckdb_append_int32(a->app, en->house_id);
	duckdb_append_int64(a->app, en->snapshot_ts);
	duckdb_append_int64(a->app, en->fetched_at);
	duckdb_append_int64(a->app, en->rows);
	duckdb_append_int64(a->app, en->bytes);
	duckdb_append_varchar(a->app, crc);
	duckdb_append_varchar(a->app, en->path);
	duckdb_append_varchar(a->app, en->flavor);
	if (duckdb_appender_end_row(a->app) == DuckDBError)
		return duck_error(a->e, MODEL_CATALOG_FILE, duckdb_appender_error(a->app));
	return WOWAH_OK;
}

static int mark_get(struct duck *d, int from_start, struct model_catalog_mark *m, struct err *e)
{
	duckdb_result r;
	int rc = duck_exec(
	        d,
	        "CREATE TABLE IF NOT EXISTS wowah_catalog_mark (pos BIGINT, lines BIGINT, "
	        "tail_crc BIGINT)",
	        e);

	memset(m, 0, sizeof(*m));
	if (rc || from_start)
		return rc;
	rc = duck_query(d, "SELECT pos, lines, tail_crc FROM wowah_catalog_mark", &r, e);
	if (rc)
		return rc;
	if (duckdb_row_count(&r) == 1) {
		m->pos = duckdb_value_int64(&r, 0, 0);
		m->lines = duckdb_value_int64(&r, 1, 0);
		m->tail_crc = (uint32_t)duckdb_value_int64(&r, 2, 0);
	}
	duckdb_destroy_result(&r);
	return WOWAH_OK;
}

static int mark_set(struct duck *d, const struct model_catalog_mark *m, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_printf(&sql,
	           "DELETE FROM wowah_catalog_mark; INSERT INTO wowah_catalog_mark VALUES (%" PRId64
	           ", %" PRId64 ", %" PRIu32 ")",
	           m->pos, m->lines, m->tail_crc);
	rc = duck_exec(d, sql.data, e);
	buf_release(&sql);
	return rc;
}

/* A catalog written again (compaction moved snapshots into daily files; fsck --repair)
 * may name another file for a loaded snapshot: snapshots follows it, so that what reads a
 * loaded snapshot's rows again (a rebuild, prune) finds them. */
static int follow_moves(struct duck *d, struct err *e)
{
	return duck_exec(d,
	                 "UPDATE snapshots s SET path = c.path, bytes = c.bytes, crc32 = c.crc32 "
	                 "FROM catalog_in c WHERE c.kind <> 'token' AND s.region = c.region AND "
	                 "s.kind = c.kind AND s.realm_id = c.realm_id AND s.house_id = "
	                 "c.house_id AND s.snapshot_ts = to_timestamp(c.ts) AND s.path <> c.path",
	                 e);
}

int warehouse_catalog_read(struct duck *d, const char *data_dir, int from_start, int *whole,
                           struct err *e)
{
	struct appending a = {NULL, e};
	struct model_catalog_mark mark;
	char *path;
	int restarted, rc;

	rc = mark_get(d, from_start, &mark, e);
	*whole = mark.pos == 0; /* a zeroed mark reads the whole file */
	if (!rc)
		rc = duck_exec(d,
		               "CREATE OR REPLACE TEMP TABLE catalog_in (" WAREHOUSE_HOUSE_COLUMNS
		               ", ts BIGINT, fetched BIGINT, rows BIGINT, "
		               "bytes BIGINT, crc32 VARCHAR, path VARCHAR, flavor VARCHAR)",
		               e);
	if (rc)
		return rc;
	if (duckdb_appender_create_ext(d->conn, "temp", "main", "catalog_in", &a.app) ==
	    DuckDBError) {
		rc = duck_error(e, "catalog", duckdb_appender_error(a.app));
		duckdb_appender_destroy(&a.app);
		return rc;
	}
	path = fs_join(data_dir, MODEL_CATALOG_FILE);
	rc = model_catalog_read_since(path, &mark, &restarted, append_entry, &a, e);
	free(path);
	if (duckdb_appender_close(a.app) == DuckDBError && rc == WOWAH_OK)
		rc = duck_error(e, "catalog", duckdb_appender_error(a.app));
	duckdb_appender_destroy(&a.app);
	*whole |= restarted;
	if (!rc && restarted)
		rc = follow_moves(d, e);
	if (!rc)
		rc = mark_set(d, &mark, e);
	return rc;
}
