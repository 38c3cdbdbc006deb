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

/* A daily file (compaction) holds many snapshots: it goes only when every line naming it
 * does, so a line that stays unmarks the others of its file. */
static void keep_shared_files(const struct store_catalog *cat, unsigned char *drop)
{
	struct store_catalog kept;

	store_catalog_init(&kept);
	for (size_t i = 0; i < cat->n; i++)
		if (!drop[i])
			store_catalog_add(&kept, &cat->v[i]);
	for (size_t i = 0; i < cat->n; i++)
		if (drop[i] && store_catalog_has_path(&kept, cat->v[i].path))
			drop[i] = 0;
	store_catalog_release(&kept);
}

int store_remove_snapshots(struct store *s, store_remove_fn want, void *ud, int dry_run,
                           struct store_removed *out, struct err *e)
{
	unsigned char *drop = xcalloc(s->cat.n ? s->cat.n : 1, 1);
	char **paths = xcalloc(s->cat.n ? s->cat.n : 1, sizeof(*paths));
	struct store_catalog listed;
	size_t n = 0;
	int rc = WOWAH_OK;

	out->files = out->bytes = 0;
	for (size_t i = 0; i < s->cat.n; i++)
		drop[i] = want(&s->cat.v[i], ud) != 0;
	keep_shared_files(&s->cat, drop);
	store_catalog_init(&listed);
	for (size_t i = 0; i < s->cat.n; i++) {
		if (!drop[i] || store_catalog_has_path(&listed, s->cat.v[i].path))
			continue;
		store_catalog_add(&listed, &s->cat.v[i]);
		paths[n++] = xstrdup(s->cat.v[i].path);
		out->files++;
		out->bytes += s->cat.v[i].bytes;
	}
	store_catalog_release(&listed);
	if (n && !dry_run)
		rc = store_catalog_rewrite(&s->cat, s->dir, drop, e);
	if (n && !dry_run && !rc)
		rc = unlink_all(s, paths, n, e);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(drop);
	return rc;
}
