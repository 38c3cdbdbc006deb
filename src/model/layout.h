/* layout.h - the data dir's layout (docs/storage.md): every file name, path and glob
 * under --data-dir is spelled here and nowhere else.
 *
 * Paths are relative to the data dir (what the catalog records); callers join them to
 * the data dir with fs_join(). The directory names are for people, globbing and
 * ClickHouse: the columns inside each file are authoritative.
 */
#ifndef WOWAH_MODEL_LAYOUT_H
#define WOWAH_MODEL_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "model/keys.h"

#define MODEL_PATH_MAX 512 /* room for any relative path below */

/* Files at the top of the data dir. */
#define MODEL_CATALOG_FILE "catalog.tsv"  /* the list of stored snapshots */
#define MODEL_LOCK_FILE    "lock"         /* flock()ed by the one writer */
#define MODEL_OAUTH_FILE   "oauth-token"  /* cached OAuth token, mode 0600 */
#define MODEL_DB_FILE      "wowah.duckdb" /* made by `wowah load` */
/* Compaction (store/store.h): the hourly files a compaction's catalog no longer lists, to be
 * removed; and the newest snapshot's time when the last compaction ran, so that a load
 * compacts once a day without reading the catalog. */
#define MODEL_COMPACT_PENDING_FILE "compact-pending.tsv"
#define MODEL_COMPACT_STAMP_FILE   "compact-stamp"

/* The directories of the stored files. Auction and token files are catalogued; realm and
 * item files are whole files replaced or added atomically. */
#define MODEL_AUCTIONS_DIR "auctions"
#define MODEL_TOKENS_DIR   "tokens"
#define MODEL_REALMS_DIR   "realms"
#define MODEL_ITEMS_DIR    "items"
#define MODEL_PETS_DIR     "pets" /* battle pet species, retail's (no other flavour has pets) */

/* Auction lifetimes, made by `wowah load` from the auction files. */
#define MODEL_LIFETIMES_DIR "lifetimes"

/* Globs (glob(3) and DuckDB alike) matching every realms file, every items file of
 * retail (every items file of a data dir made before flavours: all retail's) and every
 * items file of the other flavours. */
#define MODEL_REALMS_GLOB       MODEL_REALMS_DIR "/region=*/realms*.parquet"
#define MODEL_ITEMS_GLOB        MODEL_ITEMS_DIR "/items-*.parquet"
#define MODEL_FLAVOR_ITEMS_GLOB MODEL_ITEMS_DIR "/flavor=*/items-*.parquet"
#define MODEL_PETS_GLOB         MODEL_PETS_DIR "/pets-*.parquet"
/* Every auction snapshot file (not a write's *.tmp leftover), by the path below. */
#define MODEL_AUCTIONS_GLOB MODEL_AUCTIONS_DIR "/region=*/kind=*/date=*/realm_id=*/*.parquet"

/* auctions/region=R/kind=M/date=YYYY-MM-DD/realm_id=N/<compact ts>[-h<house>].parquet:
 * M is the house's market (model_market_name: realm, commodity, or the Classic flavour),
 * the date and the name are snapshot_ts in UTC, the -h suffix is there when house_id > 0
 * (Classic). */
void model_auction_path(char *out, size_t cap, const char *region, int flavor, int kind,
                        int32_t realm_id, int32_t house_id, int64_t snapshot_ts);

/* The same directory's daily file: every snapshot of that house on snapshot_ts's UTC day,
 * <YYYYMMDD>-day<n>[-h<house>].parquet, n the number of snapshots it holds (a day compacted
 * again with a late import gets a new name, so one name always means the same bytes). */
void model_daily_path(char *out, size_t cap, const char *region, int flavor, int kind,
                      int32_t realm_id, int32_t house_id, int64_t snapshot_ts, int n);

/* realms/region=R/realms.parquet (retail), realms/region=R/realms-<flavour>.parquet */
void model_realms_path(char *out, size_t cap, const char *region, int flavor);

/* items/items-<compact fetched_at>.parquet (retail), items/flavor=F/items-<ts>.parquet
 * (another flavour: its static namespace's items) when k < 2, else items-<ts>-<k>.parquet
 * (a second items file written in the same second). */
void model_items_path(char *out, size_t cap, int flavor, int64_t fetched_at, int k);

/* pets/pets-<compact fetched_at>.parquet when k < 2, else pets-<ts>-<k>.parquet, as items. */
void model_pets_path(char *out, size_t cap, int64_t fetched_at, int k);

/* The glob of one flavour's items files: MODEL_ITEMS_GLOB for retail. */
void model_items_glob(char *out, size_t cap, int flavor);

/* The flavour of an items file by its path (relative or not): the flavor=F directory's,
 * else retail's (enum model_flavor). */
int model_items_flavor(const char *path);

/* lifetimes/region=R/kind=K: one (region, kind)'s lifetime files and their manifest
 * (src/lifetime/lifetime.h). */
void model_lifetimes_dir(char *out, size_t cap, const char *region, const char *kind);

/* tokens/region=R/<compact last_updated>.parquet (retail),
 * tokens/region=R/flavor=F/<compact last_updated>.parquet (another flavour) */
void model_token_path(char *out, size_t cap, const char *region, int flavor, int64_t last_updated);

#endif
