/* remove.c - store_remove_snapshots: snapshot files taken out of the data dir (wowah prune).
 *
 * The catalog is rewritten without their lines first (whole, crash-safe), and only then
 * are the files unlinked: a kill in between leaves files no line lists, which the next
 * writer counts as orphans and `wowah fsck --repair` would catalogue again, never a line
 * naming a file that is gone (every load would stop at it).
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/internal.h"
#include "util/fs.h"

/* The catalog without the lines drop[] marks, written over catalog.tsv and loaded again. */
static int rewrite_catalog(struct store *s, const unsigned char *drop, struct err *e)
{
	char *path = fs_join(s->dir, MODEL_CATALOG_FILE);
	struct buf out = BUF_INIT;
	int rc;

	buf_puts(&out, MODEL_CATALOG_HEADER);
	for (size_t i = 0; i < s->cat.n; i++)
		if (!drop[i])
			model_catalog_format(&out, &s->cat.v[i]);
	rc = fs_write_atomic(path, out.data, out.len, 0644, e);
	if (!rc) {
		store_catalog_release(&s->cat);
		rc = store_catalog_open(&s->cat, path, e);
	}
	buf_release(&out);
	free(path);
	return rc;
}

static int unlink_all(struct store *s, char **paths, size_t n, struct err *e)
{
	int rc = WOWAH_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		char *abs = fs_join(s->dir, paths[i]);
		if (unlink(abs) && errno != ENOENT)
			rc = err_errno(e, WOWAH_EIO, errno, "cannot remove %s", abs);
		else
			rc = fs_fsync_dir_of(abs, e);
		free(abs);
	}
	return rc;
}

int store_remove_snapshots(struct store *s, store_remove_fn want, void *ud, int dry_run,
                           struct store_removed *out, struct err *e)
{
	unsigned char *drop = xcalloc(s->cat.n ? s->cat.n : 1, 1);
	char **paths = xcalloc(s->cat.n ? s->cat.n : 1, sizeof(*paths));
	size_t n = 0;
	int rc = WOWAH_OK;

	out->files = out->bytes = 0;
	for (size_t i = 0; i < s->cat.n; i++) {
		if (!want(&s->cat.v[i], ud))
			continue;
		drop[i] = 1;
		paths[n++] = xstrdup(s->cat.v[i].path);
		out->files++;
		out->bytes += s->cat.v[i].bytes;
	}
	if (n && !dry_run)
		rc = rewrite_catalog(s, drop, e);
	if (n && !dry_run && !rc)
		rc = unlink_all(s, paths, n, e);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(drop);
	return rc;
}
