/* catalog.c - catalog.tsv into the TEMP table catalog_in, through the one reader of the
 * catalog (model/catalog.h): load is a reader that may run while `wowah pull` appends, so
 * it reads only complete lines and never writes or repairs the file.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/catalog.h"
#include "model/layout.h"
#include "util/fs.h"
#include "warehouse/internal.h"

struct appending {
	duckdb_appender app;
	struct err *e;
};

/* crc32 as the catalog writes it (8 hex digits), which snapshots keeps. */
static int append_entry(const struct model_catalog_entry *en, void *ud)
{
	struct appending *a = ud;
	char crc[9];

	snprintf(crc, sizeof(crc), "%08" PRIx32, en->crc32);
	duckdb_appender_begin_row(a->app);
	duckdb_append_varchar(a->app, en->region);
	duckdb_append_varchar(a->app, en->kind);
	duckdb_append_int32(a->app, en->realm_id);
	duckdb_append_int32(a->app, en->house_id);
	duckdb_append_int64(a->app, en->snapshot_ts);
	duckdb_append_int64(a->app, en->fetched_at);
	duckdb_append_int64(a->app, en->rows);
	duckdb_append_int64(a->app, en->bytes);
	duckdb_append_varchar(a->app, crc);
	duckdb_append_varchar(a->app, en->path);
	if (duckdb_appender_end_row(a->app) == DuckDBError)
		return duck_error(a->e, MODEL_CATALOG_FILE, duckdb_appender_error(a->app));
	return WOWAH_OK;
}

int warehouse_catalog_read(struct duck *d, const char *data_dir, struct err *e)
{
	struct appending a = {NULL, e};
	char *path;
	int rc;

	rc = duck_exec(d,
	               "CREATE OR REPLACE TEMP TABLE catalog_in (" WAREHOUSE_HOUSE_COLUMNS
	               ", ts BIGINT, fetched BIGINT, rows BIGINT, "
	               "bytes BIGINT, crc32 VARCHAR, path VARCHAR)",
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
	rc = model_catalog_read(path, append_entry, &a, e);
	free(path);
	if (duckdb_appender_close(a.app) == DuckDBError && rc == WOWAH_OK)
		rc = duck_error(e, "catalog", duckdb_appender_error(a.app));
	duckdb_appender_destroy(&a.app);
	return rc;
}
