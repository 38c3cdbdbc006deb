/* store.h - the data dir: typed Parquet files and the crash-safe catalog.
 *
 * Implements docs/storage.md, the contract with `load`, `report` and ClickHouse. One
 * process writes a data dir at a time (store_open takes its lock). Every file is written
 * through DuckDB as <final>.<pid>.tmp in its final directory, fsynced, renamed (snapshot
 * files: linked), the directory fsynced, and only then is its catalog line appended and
 * fsynced. So after a kill at any moment the catalog lists only whole files; store_open
 * removes what a killed run left behind (its own <final>.<pid>.tmp files, and a snapshot
 * file still linked to one without its catalog line: snapshot files keep their tmp name
 * until the line is written) and truncates a torn last catalog line. It never removes
 * anything else: a snapshot file without a catalog line is kept and counted
 * (store_orphans), for `wowah fsck` (store/fsck.h) to catalogue.
 *
 * A store is used from one thread.
 */
#ifndef WOWAH_STORE_H
#define WOWAH_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "batch/batch.h"
#include "model/catalog.h"
#include "model/layout.h"
#include "model/meta.h"
#include "util/err.h"

struct store;

/* What one write did. */
struct store_result {
	int duplicate;             /* the snapshot was already stored: nothing written */
	int64_t rows;              /* rows in the file */
	int64_t bytes;             /* size of the file */
	char path[MODEL_PATH_MAX]; /* relative to the data dir */
};

/* Creates data_dir if needed, takes its lock (WOWAH_ELOCKED when another process holds
 * it), loads and repairs catalog.tsv and removes leftovers. Close with store_close(). */
int store_open(const char *data_dir, struct store **out, struct err *e);
/* store_open for store_compact: the lock file says so, and a writer that finds the lock
 * held by it waits instead of failing (a compaction is seconds, once a day). */
int store_open_compacting(const char *data_dir, struct store **out, struct err *e);
void store_close(struct store *s);

/* How many Parquet files under auctions/ and tokens/ catalog.tsv did not list when
 * store_open ran. They are kept (and not loaded); the caller tells the user to run
 * `wowah fsck`. */
size_t store_orphans(const struct store *s);

const char *store_dir(const struct store *s);

/* The newest stored snapshot_ts for key's (kind, region, flavor, realm_id, house_id); returns 1
 * and sets *out_ts, or 0 when nothing is stored (key->snapshot_ts is ignored). Pull sends
 * it as If-Modified-Since. */
int store_latest(const struct store *s, const struct batch_meta *key, int64_t *out_ts);

/* 1 when the snapshot key (all of its fields, snapshot_ts included) is in the catalog. */
int store_has(const struct store *s, const struct batch_meta *key);

/* Writes one auction snapshot (b->meta says which) as Parquet, rows sorted by item_id,
 * then unit price, then auction_id, and catalogs it. A snapshot already in the catalog
 * is reported with out->duplicate = 1 and is not an error. fetched_at: when the body was
 * downloaded (or imported). */
int store_write_auctions(struct store *s, const struct batch *b, int64_t fetched_at,
                         struct store_result *out, struct err *e);

/* Replaces the realms file of (region, flavor) (model_realms_path) with one row per realm of
 * crs[0..n), its flavour in a column. */
int store_write_realms(struct store *s, const char *region, int flavor,
                       const struct meta_connected_realm *crs, size_t n, int64_t fetched_at,
                       struct store_result *out, struct err *e);

/* Writes the items file of flavor (model_items_path: items/items-<fetched_at>.parquet for
 * retail, items/flavor=F/... for another flavour's static namespace) with the items whose
 * ids none of that flavour's items files holds yet (the others are skipped, so an item id
 * stays in one file of a flavour); out->rows says how many were new, and nothing is
 * written when none was. */
int store_write_items(struct store *s, int flavor, const struct meta_item *items, size_t n,
                      int64_t fetched_at, struct store_result *out, struct err *e);

/* The ids among ids[0..n) that no items file of flavor holds yet, each once, in
 * first-seen order; *out_missing is freed by the caller with free(). Pull fetches only
 * these. */
int store_missing_items(struct store *s, int flavor, const int32_t *ids, size_t n,
                        int32_t **out_missing, size_t *out_n, struct err *e);

/* Writes pets/pets-<fetched_at>.parquet (model_pets_path) with the battle pet species whose
 * ids no pets file holds yet, as store_write_items does items (retail's alone: no other
 * flavour has battle pets); out->rows says how many were new, nothing is written when
 * none was. */
int store_write_pets(struct store *s, const struct meta_pet *pets, size_t n, int64_t fetched_at,
                     struct store_result *out, struct err *e);

/* The species ids among ids[0..n) that no pets file holds yet, each once, in first-seen
 * order; *out_missing is freed by the caller with free(). */
int store_missing_pets(struct store *s, const int32_t *ids, size_t n, int32_t **out_missing,
                       size_t *out_n, struct err *e);

/* Writes the token file of (region, flavor) (model_token_path) and catalogs it (kind
 * "token", snapshot_ts = last_updated); a price already stored is a duplicate. A flavour
 * without a token is WOWAH_EUSAGE. */
int store_write_token(struct store *s, const char *region, int flavor, const struct meta_token *t,
                      int64_t fetched_at, struct store_result *out, struct err *e);

/* Removes the snapshot files (and their catalog lines) for which want returns 1: the
 * catalog is rewritten without them first, then the files are removed, so a kill never
 * leaves a line naming a file that is gone. dry_run: only says what it would remove. out
 * gets how many files and bytes. */
struct store_removed {
	int64_t files, bytes;
};
typedef int (*store_remove_fn)(const struct model_catalog_entry *en, void *ud);
int store_remove_snapshots(struct store *s, store_remove_fn want, void *ud, int dry_run,
                           struct store_removed *out, struct err *e);

/* Compaction (store/compact.c, docs/storage.md): every house's hourly auction files of a
 * UTC day that is past for it (the house has a snapshot of a later day) become one daily
 * file, its rows in time order, each snapshot's in its file's order; the catalog lines of
 * those snapshots name the daily file, and the hourly files are removed. Crash-safe at
 * every step; a damaged hourly file (bytes other than its catalog line's) leaves its day
 * hourly (skipped). */
struct store_compacted {
	int64_t days;      /* house-days compacted */
	int64_t snapshots; /* the snapshots they hold */
	int64_t files_in;  /* files replaced (hourly, and an earlier daily file) */
	int64_t files_out; /* daily files written */
	int64_t skipped;   /* house-days left as they were: a file did not match its line */
};
int store_compact(struct store *s, struct store_compacted *out, struct err *e);

/* 1 when a compaction may find work: none ran yet, or the catalog's last line is of a later
 * UTC day than the newest snapshot when the last one ran. Reads the end of the catalog only
 * (no lock taken: a hint, the compaction itself decides). */
int store_compact_due(const char *data_dir);

#endif
