/* prune.c - wowah prune: which raw files are covered, and their removal. */
#include "prune/prune.h"

#include <stdlib.h>
#include <string.h>

#include "lifetime/lifetime.h"
#include "store/store.h"
#include "util/buf.h"
#include "warehouse/warehouse.h"

struct covered {
	char **paths; /* sorted */
	size_t n;
	int64_t cutoff;
	int64_t kept_old;
};

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The paths of the loaded snapshots (in wowah.duckdb) that the lifetimes cover. */
static int read_covered(struct duck *d, const char *dir, struct covered *c, struct err *e)
{
	struct buf sql = BUF_INIT, files = BUF_INIT;
	duckdb_result r;
	int64_t nfiles = 0;
	int rc = lifetime_snapshot_files(dir, &files, &nfiles, e);

	if (rc || !nfiles) {
		buf_release(&files);
		return rc;
	}
	buf_printf(&sql,
	           "SELECT s.path FROM snapshots s JOIN read_parquet(%s) l ON l.region = s.region "
	           "AND l.kind = s.kind AND l.realm_id = s.realm_id AND l.house_id = s.house_id "
	           "AND l.snapshot_ts = s.snapshot_ts ORDER BY s.path",
	           files.data);
	rc = duck_query(d, sql.data, &r, e);
	if (!rc) {
		c->n = duckdb_row_count(&r);
		c->paths = xcalloc(c->n ? c->n : 1, sizeof(*c->paths));
		for (idx_t i = 0; i < c->n; i++) {
			char *p = duckdb_value_varchar(&r, 0, i);
			c->paths[i] = xstrdup(p ? p : "");
			duckdb_free(p);
		}
		qsort(c->paths, c->n, sizeof(*c->paths), cmp_path);
		duckdb_destroy_result(&r);
	}
	buf_release(&sql);
	buf_release(&files);
	return rc;
}

static int want(const struct model_catalog_entry *en, void *ud)
{
	struct covered *c = ud;
	const char *p = en->path;

	if (strcmp(en->kind, "token") == 0 || en->snapshot_ts >= c->cutoff)
		return 0;
	if (c->n && bsearch(&p, c->paths, c->n, sizeof(*c->paths), cmp_path))
		return 1;
	c->kept_old++;
	return 0;
}

static void covered_release(struct covered *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->paths[i]);
	free(c->paths);
}

int prune_run(const char *data_dir, int64_t cutoff, int dry_run, struct prune_result *out,
              struct err *e)
{
	struct covered c = {.cutoff = cutoff};
	struct store_removed removed = {0};
	struct warehouse_stats st;
	struct store *s = NULL;
	struct duck d;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_open(data_dir, &s, e);
	if (rc)
		return rc;
	rc = warehouse_open(data_dir, &d, e);
	if (!rc) {
		rc = read_covered(&d, store_dir(s), &c, e);
		duck_close(&d);
	}
	if (!rc)
		rc = store_remove_snapshots(s, want, &c, dry_run, &removed, e);
	store_close(s);
	out->files = removed.files;
	out->bytes = removed.bytes;
	out->kept_old = c.kept_old;
	covered_release(&c);
	if (!rc && !dry_run && removed.files)
		rc = warehouse_load(data_dir, &st, e);
	return rc;
}
