/* schema.c - wowah_schema (name, version): which version of each registry table the
 * database holds, in place of probing for columns and tables.
 *
 * A table whose recorded version differs from the registry's, or that is missing, is
 * dropped and created again, and so is every table computed from it; its refresh then
 * fills it from the data dir (the database is only a cache of it). An older version of a
 * table with an upgrade (only its storage changed) is upgraded in place instead, and what
 * is computed from it stays. A database made before
 * wowah_schema has no versions: all its tables are rebuilt, once. A version newer than the
 * registry's, or a table it does not know, means a newer wowah made the database: it is
 * refused, never changed, so neither binary silently undoes what the other computed.
 */
#include <stdlib.h>

#include "util/buf.h"
#include "warehouse/registry.h"

/* 1 when the database has a table named name, looked up in the catalog directly:
 * duckdb_tables() would cost tens of milliseconds on every report (warehouse_open checks
 * wowah_schema). */
static int exists(struct duck *d, const char *name)
{
	duckdb_table_description t = NULL;
	int has = duckdb_table_description_create(d->conn, NULL, name, &t) == DuckDBSuccess;

	duckdb_table_description_destroy(&t);
	return has;
}

/* views[i] = 1 when the database has a view named as the i-th entry of the registry: one
 * query of duckdb_views() per load (only the load asks about views), where one per view
 * cost about 2 ms each, 13 a load. */
static int read_views(struct duck *d, int *views, struct err *e)
{
	duckdb_result r;
	int rc = duck_query(d,
	                    "SELECT view_name FROM duckdb_views() WHERE NOT temporary AND NOT "
	                    "internal",
	                    &r, e);

	for (int i = 0; i < WAREHOUSE_NTABLES; i++)
		views[i] = 0;
	if (rc)
		return rc;
	for (idx_t row = 0; row < duckdb_row_count(&r); row++) {
		char *name = duckdb_value_varchar(&r, 0, row);
		int i = name ? warehouse_table_index(name) : -1;
		if (i >= 0)
			views[i] = 1;
		duckdb_free(name);
	}
	duckdb_destroy_result(&r);
	return WOWAH_OK;
}

/* 1 when the database has the i-th entry (a table, or a view when it is one). */
static int has_entry(struct duck *d, int i, const int *views)
{
	return warehouse_tables[i]->is_view ? views[i] : exists(d, warehouse_tables[i]->name);
}

static int newer(const char *db_path, const char *name, int version, int known, struct err *e)
{
	if (known < 0)
		return err_set(e, WOWAH_EDB,
		               "%s was made by a newer wowah (it has a table %s this one does not "
		               "know); use that wowah, or remove the file and run 'wowah load' to "
		               "build it again from the data dir",
		               db_path, name);
	return err_set(e, WOWAH_EDB,
	               "%s was made by a newer wowah (table %s is version %d, this one knows %d); "
	               "use that wowah, or remove the file and run 'wowah load' to build it again "
	               "from the data dir",
	               db_path, name, version, known);
}

/* recorded[i]: the version wowah_schema has of the i-th entry, 0 when none. */
static int read_versions(struct duck *d, const char *db_path, int *recorded, struct err *e)
{
	duckdb_result r;
	idx_t n;
	int rc = duck_query(d, "SELECT name, version FROM wowah_schema ORDER BY name", &r, e);

	if (rc)
		return rc;
	for (int i = 0; i < WAREHOUSE_NTABLES; i++)
		recorded[i] = 0;
	n = duckdb_row_count(&r);
	for (idx_t row = 0; row < n && rc == WOWAH_OK; row++) {
		char *name = duckdb_value_varchar(&r, 0, row);
		int version = duckdb_value_int32(&r, 1, row);
		int i = name ? warehouse_table_index(name) : -1;
		if (i < 0)
			rc = newer(db_path, name ? name : "NULL", version, -1, e);
		else if (version > warehouse_tables[i]->version)
			rc = newer(db_path, name, version, warehouse_tables[i]->version, e);
		else
			recorded[i] = version;
		duckdb_free(name);
	}
	duckdb_destroy_result(&r);
	return rc;
}

/* A table missing or older than this binary's would fail the first query that reads it
 * with DuckDB's own words; the load that brings it up to date is the one answer. */
static int older(const char *db_path, const int *recorded, struct err *e)
{
	for (int i = 0; i < WAREHOUSE_NTABLES; i++) {
		const struct warehouse_table *t = warehouse_tables[i];
		if (recorded[i] >= t->version)
			continue;
		if (!recorded[i])
			return err_set(
			        e, WOWAH_EDB,
			        "%s was made by an older wowah (it has no table %s); run 'wowah "
			        "load' to bring it up to date",
			        db_path, t->name);
		return err_set(e, WOWAH_EDB,
		               "%s was made by an older wowah (table %s is version %d, this one "
		               "needs %d); run 'wowah load' to bring it up to date",
		               db_path, t->name, recorded[i], t->version);
	}
	return WOWAH_OK;
}

int warehouse_schema_check(struct duck *d, const char *db_path, struct err *e)
{
	int recorded[WAREHOUSE_NTABLES];
	int rc;

	if (exists(d, "wowah_schema")) {
		rc = read_versions(d, db_path, recorded, e);
		return rc ? rc : older(db_path, recorded, e);
	}
	/* No versions: made before wowah_schema (it has snapshots), or by nothing that loaded
	 * (a load that failed on a fresh data dir, before loads built new files aside). */
	if (!exists(d, "snapshots"))
		return err_set(e, WOWAH_ENOTFOUND, "%s holds nothing loaded: run 'wowah load'",
		               db_path);
	return WOWAH_OK;
}

/* Appends to sql the statements that record t's version in wowah_schema. */
static void record_version(struct buf *sql, const struct warehouse_table *t)
{
	char *q = duck_quote(t->name);

	buf_printf(sql,
	           "DELETE FROM wowah_schema WHERE name = %s;"
	           "INSERT INTO wowah_schema VALUES (%s, %d);",
	           q, q, t->version);
	free(q);
}

static int rebuild(struct duck *d, int i, const int *views, struct err *e)
{
	const struct warehouse_table *t = warehouse_tables[i];
	struct buf sql = BUF_INIT;
	int rc;

	/* a table that was a view (sale_windows before its version 2) drops the view */
	buf_printf(&sql, "DROP %s IF EXISTS %s;", t->is_view || views[i] ? "VIEW" : "TABLE",
	           t->name);
	if (t->create)
		buf_printf(&sql, "%s;", t->create);
	record_version(&sql, t);
	rc = duck_exec(d, sql.data, e);
	buf_release(&sql);
	return rc;
}

/* 1 when a table the i-th entry is computed from is rebuilt (the registry lists those
 * first). */
static int from_rebuilt(int i, const int *rebuilt)
{
	const struct warehouse_table *t = warehouse_tables[i];

	for (int f = 0; f < WAREHOUSE_MAX_FROM && t->from[f]; f++) {
		int from = warehouse_table_index(t->from[f]);
		if (from >= 0 && from < i && rebuilt[from])
			return 1;
	}
	return 0;
}

/* A table is rebuilt when its version differs, when it is missing, or when one it is
 * computed from is rebuilt. */
static int needs_rebuild(struct duck *d, int i, int recorded, const int *rebuilt, const int *views)
{
	const struct warehouse_table *t = warehouse_tables[i];

	return recorded != t->version || from_rebuilt(i, rebuilt) || !has_entry(d, i, views);
}

/* *done = 1 when the i-th entry, of the older version recorded, was upgraded in place (it
 * has an upgrade, the table is there and nothing it is computed from is rebuilt). */
static int upgrade(struct duck *d, int i, int recorded, const int *rebuilt, const int *views,
                   int *done, struct err *e)
{
	const struct warehouse_table *t = warehouse_tables[i];
	struct buf sql = BUF_INIT;
	int rc;

	*done = 0;
	if (!t->upgrade || recorded <= 0 || recorded >= t->version || from_rebuilt(i, rebuilt) ||
	    !has_entry(d, i, views))
		return WOWAH_OK;
	rc = t->upgrade(d, recorded, e);
	if (rc)
		return rc;
	record_version(&sql, t);
	rc = duck_exec(d, sql.data, e);
	buf_release(&sql);
	*done = !rc;
	return rc;
}

int warehouse_schema_prepare(struct duck *d, const char *db_path, int *rebuilt, struct err *e)
{
	int recorded[WAREHOUSE_NTABLES], views[WAREHOUSE_NTABLES];
	int rc = duck_exec(d,
	                   "CREATE TABLE IF NOT EXISTS wowah_schema (name VARCHAR, "
	                   "version INTEGER)",
	                   e);

	if (!rc)
		rc = read_versions(d, db_path, recorded, e);
	if (!rc)
		rc = read_views(d, views, e);
	for (int i = 0; i < WAREHOUSE_NTABLES && rc == WOWAH_OK; i++) {
		int upgraded = 0;
		rebuilt[i] = needs_rebuild(d, i, recorded[i], rebuilt, views);
		if (rebuilt[i])
			rc = upgrade(d, i, recorded[i], rebuilt, views, &upgraded, e);
		if (upgraded)
			rebuilt[i] = 0;
		else if (!rc && rebuilt[i])
			rc = rebuild(d, i, views, e);
	}
	return rc;
}
