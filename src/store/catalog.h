/* catalog.h - the writer's catalog.tsv: the append-only list of stored snapshots
 * (docs/storage.md).
 *
 * Loaded whole at open through the one parser of the format (model/catalog.h; a torn last
 * line is truncated away), kept in memory with a hash on the snapshot key and on the path,
 * and appended one fsynced line per stored file. Used by store.c only; the data dir's lock
 * makes the process the only writer. Readers use model_catalog_read().
 */
#ifndef WOWAH_STORE_CATALOG_H
#define WOWAH_STORE_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "model/catalog.h"
#include "util/err.h"

struct store_catalog {
	int fd;
	struct model_catalog_entry *v;
	size_t n, cap;
	/* open-addressing tables of entry index + 1 (0 is empty): by snapshot key, by path,
	 * and by series (the key without snapshot_ts) to its newest entry */
	uint32_t *by_key, *by_path, *by_series;
	size_t nslots;
};

/* Opens (creating it with its header) and loads path; repairs a torn last line. A catalog
 * with the old header (no flavor column) is rewritten whole in the new format first (tmp,
 * fsync, rename: a kill leaves the old file or the new one). A malformed complete line is
 * WOWAH_EPARSE naming the line. */
int store_catalog_open(struct store_catalog *c, const char *path, struct err *e);
void store_catalog_release(struct store_catalog *c);

/* An entry holding only the snapshot key (region, flavor and kind cut to their fields'
 * size). */
struct model_catalog_entry store_catalog_key(const char *region, const char *flavor,
                                             const char *kind, int32_t realm_id, int32_t house_id,
                                             int64_t snapshot_ts);

/* The entry for the snapshot key, or NULL. */
const struct model_catalog_entry *store_catalog_find(const struct store_catalog *c,
                                                     const char *region, const char *flavor,
                                                     const char *kind, int32_t realm_id,
                                                     int32_t house_id, int64_t snapshot_ts);

/* The newest snapshot_ts of (region, flavor, kind, realm_id, house_id); 0 when none. */
int64_t store_catalog_latest(const struct store_catalog *c, const char *region, const char *flavor,
                             const char *kind, int32_t realm_id, int32_t house_id);

int store_catalog_has_path(const struct store_catalog *c, const char *path);

/* An entry naming path (a daily file is named by every snapshot it holds), or NULL. */
const struct model_catalog_entry *store_catalog_find_path(const struct store_catalog *c,
                                                          const char *path);

/* Appends en (its path is copied) as one line and fsyncs the file. */
int store_catalog_append(struct store_catalog *c, const struct model_catalog_entry *en,
                         struct err *e);

/* Writes DATA_DIR/catalog.tsv again with c's entries as they are now, but those drop[] marks
 * (drop NULL: none), whole and atomically (tmp, fsync, rename: a reader sees the old file or
 * the new one), and loads it into c again. What removes (wowah prune) and what moves
 * (compaction) snapshots commit with. */
int store_catalog_rewrite(struct store_catalog *c, const char *data_dir, const unsigned char *drop,
                          struct err *e);

/* What `wowah fsck` (store/fsck.c) indexes the lines it reads with: an empty catalog in
 * memory only (no file: store_catalog_append must not be used on it), and adding en (its
 * path is copied) to the indexes without writing. */
void store_catalog_init(struct store_catalog *c);
void store_catalog_add(struct store_catalog *c, const struct model_catalog_entry *en);

#endif
