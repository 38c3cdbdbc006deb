/* warehouse.c - wowah load: the registry's tables brought up to date in one transaction,
 * and the database opened for the readers (report, sql).
 */
#include "warehouse/warehouse.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model/layout.h"
#include "util/fs.h"
#include "warehouse/registry.h"

/* Versions first (rebuilding what changed), then the catalog, then every refresh in
 * registry order. */
static int load_all(struct warehouse_run *w, const char *db_path, struct err *e)
{
	int rebuilt[WAREHOUSE_NTABLES];
	int rc;

	rc = warehouse_schema_prepare(w->d, db_path, rebuilt, e);
	if (!rc)
		rc = warehouse_catalog_read(w->d, w->dir, e);
	for (int i = 0; i < WAREHOUSE_NTABLES && rc == WOWAH_OK; i++)
		if (warehouse_tables[i]->refresh)
			rc = warehouse_tables[i]->refresh(w, rebuilt[i], e);
	if (!rc)
		rc = warehouse_query_i64(w->d, "SELECT count(*) FROM snapshots", &w->st->snapshots,
		                         e);
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
	struct warehouse_run w = {&d, dir, out};
	int rc;

	memset(out, 0, sizeof(*out));
	if (!realpath(data_dir, dir))
		return err_errno(e, errno == ENOENT ? WOWAH_ENOTFOUND : WOWAH_EIO, errno,
		                 "data dir %s (pull or import some snapshots first)", data_dir);
	db_path = fs_join(dir, MODEL_DB_FILE);
	rc = duck_open(&d, db_path, e);
	if (!rc)
		rc = session(&d, e);
	if (!rc)
		rc = duck_exec(&d, "BEGIN TRANSACTION", e);
	if (!rc) {
		rc = load_all(&w, db_path, e);
		if (rc)
			duck_exec(&d, "ROLLBACK", NULL);
		else
			rc = duck_exec(&d, "COMMIT", e);
	}
	duck_close(&d);
	free(db_path);
	return rc;
}

int warehouse_open(const char *data_dir, struct duck *d, struct err *e)
{
	char *db_path = fs_join(data_dir, MODEL_DB_FILE);
	int rc;

	if (!fs_exists(db_path)) {
		rc = err_set(e, WOWAH_ENOTFOUND, "no %s: run 'wowah load' first", db_path);
		free(db_path);
		return rc;
	}
	rc = duck_open(d, db_path, e);
	if (!rc) {
		rc = session(d, e);
		if (!rc)
			rc = warehouse_schema_check(d, db_path, e);
		if (rc)
			duck_close(d);
	}
	free(db_path);
	return rc;
}
