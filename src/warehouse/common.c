/* common.c - the helpers of internal.h that the tables' refreshes share: one-value
 * queries, lists of catalogued files for read_parquet, and the check of a file against its
 * catalog line (issue 12: a file whose bytes changed after it was stored must be refused,
 * not summed into buyouts of -5.9e18).
 */
#include <stdlib.h>

#include "util/fs.h"
#include "warehouse/internal.h"

int warehouse_query_i64(struct duck *d, const char *sql, int64_t *out, struct err *e)
{
	duckdb_result r;
	int rc = duck_query(d, sql, &r, e);

	if (rc)
		return rc;
	*out = duckdb_row_count(&r) ? duckdb_value_int64(&r, 0, 0) : 0;
	duckdb_destroy_result(&r);
	return WOWAH_OK;
}

int warehouse_view(struct warehouse_run *w, const char *name, struct buf *select, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_printf(&sql, "CREATE OR REPLACE VIEW %s AS %s", name, select->data);
	rc = duck_exec(w->d, sql.data, e);
	buf_release(&sql);
	buf_release(select);
	return rc;
}

static int missing(const char *abs, struct err *e)
{
	return err_set(e, WOWAH_ENOTFOUND,
	               "%s is in the catalog but missing; run 'wowah fsck' to check the data dir",
	               abs);
}

/* The catalog writes crc32 as 8 hex digits (store/catalog.c). */
static int verify_file(const char *abs, int64_t bytes, const char *crc_text, struct err *e)
{
	uint32_t crc;
	int64_t size;
	char *end;
	unsigned long want;
	int rc;

	if (!fs_exists(abs))
		return missing(abs, e);
	rc = fs_crc32_file(abs, &crc, &size, e);
	if (rc)
		return rc;
	want = strtoul(crc_text, &end, 16);
	if (size != bytes)
		return err_set(e, WOWAH_EIO,
		               "%s has %lld bytes, its catalog line says %lld; run 'wowah fsck' to "
		               "check the data dir",
		               abs, (long long)size, (long long)bytes);
	if (!*crc_text || *end || want != crc)
		return err_set(e, WOWAH_EIO,
		               "%s has crc32 %08x, its catalog line says %s; run 'wowah fsck' to "
		               "check the data dir",
		               abs, crc, crc_text);
	return WOWAH_OK;
}

int warehouse_files(struct warehouse_run *w, const char *sql, struct buf *list, int64_t *count,
                    struct err *e)
{
	duckdb_result r;
	idx_t n;
	int rc = duck_query(w->d, sql, &r, e);

	if (rc)
		return rc;
	n = duckdb_row_count(&r);
	if (list)
		buf_putc(list, '[');
	for (idx_t i = 0; i < n && rc == WOWAH_OK; i++) {
		char *rel = duckdb_value_varchar(&r, 0, i);
		char *abs = fs_join(w->dir, rel);
		if (duckdb_column_count(&r) < 3) {
			if (!fs_exists(abs))
				rc = missing(abs, e);
		} else {
			char *crc = duckdb_value_varchar(&r, 2, i);
			rc = verify_file(abs, duckdb_value_int64(&r, 1, i), crc ? crc : "", e);
			duckdb_free(crc);
		}
		if (list) {
			char *q = duck_quote(abs);
			buf_printf(list, "%s%s", i ? ", " : "", q);
			free(q);
		}
		free(abs);
		duckdb_free(rel);
	}
	if (list)
		buf_putc(list, ']');
	duckdb_destroy_result(&r);
	*count = (int64_t)n;
	return rc;
}

int warehouse_join_files(struct warehouse_run *w, const char *rel, const char *order,
                         const char *columns, struct buf *out, int64_t *count, struct err *e)
{
	struct buf sql = BUF_INIT, list = BUF_INIT;
	char *qdir;
	int rc;

	/* a daily file holds many snapshots: listed once, its rows matched by snapshot */
	buf_printf(&sql,
	           "SELECT path FROM (SELECT path, min(snapshot_ts) AS snapshot_ts FROM %s GROUP "
	           "BY path) ORDER BY %s",
	           rel, order);
	rc = warehouse_files(w, sql.data, &list, count, e);
	if (!rc && *count > 0) {
		qdir = duck_quote(w->dir);
		buf_printf(out,
		           "(SELECT %s, filename, snapshot_ts AS file_ts, realm_id AS file_realm, "
		           "coalesce(auction_house_id, 0) AS file_house FROM read_parquet(%s, "
		           "hive_partitioning = false, filename = true)) a JOIN %s n ON a.filename "
		           "= %s || '/' || n.path AND a.file_ts = n.snapshot_ts AND a.file_realm = "
		           "n.realm_id AND a.file_house = n.house_id",
		           columns, list.data, rel, qdir);
		free(qdir);
	}
	buf_release(&sql);
	buf_release(&list);
	return rc;
}
