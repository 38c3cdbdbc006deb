/* lifetime.h - auction lifetimes: every auction of a house stored once, from its first
 * sighting to its last, instead of once per hourly snapshot (issue 10).
 *
 * A lifetime is a run of consecutive snapshots of one house in which an auction (by
 * auction_id) is listed with the same item key and prices: what can change while it is
 * listed (quantity, bid, time_left) is kept as its first value and a list of (ts, value)
 * changes. An auction that leaves and comes back, or whose item key or buyout changes,
 * starts a new lifetime with the same auction_id, so that every stored snapshot can be
 * rebuilt exactly (lifetime_rebuild).
 *
 * On disk (docs/storage.md), per (region, kind) under lifetimes/region=R/kind=K/:
 *   manifest.tsv                  the commit point: the format version, a generation and
 *                                 the files below that hold the current state
 *   snapshots-<date>-<gen>.parquet  the snapshots of that UTC day the lifetimes cover
 *                                 (house, ts, fetched_at, rows): an update rewrites the
 *                                 days it adds to, a month before the newest's is one
 *                                 snapshots-<YYYY-MM>-<gen>.parquet (a data dir made
 *                                 before had one snapshots-<gen>.parquet; the next load
 *                                 splits it)
 *   open-<gen>.parquet            the lifetimes in each house's newest covered snapshot
 *   closed-<date>-<gen>.parquet   the lifetimes that ended (last_seen) on that UTC day
 * The files store each change as the number of its sighting and no last_seen (format 2,
 * internal.h): the readers get the relation's times back from the covered snapshots
 * (lifetime_relation, sightings.c). A closed day's file is written once more with zstd 19
 * when no lifetime can end on that day any more ("final" in the manifest).
 * An update writes new files under the next generation, each crash-safe (tmp, fsync,
 * rename), then replaces the manifest the same way: a kill at any moment leaves the old
 * state or the new one, never a mix. Files no manifest lists are a superseded generation
 * or a killed update's: lifetime_sweep removes them.
 */
#ifndef WOWAH_LIFETIME_LIFETIME_H
#define WOWAH_LIFETIME_LIFETIME_H

#include <stdint.h>

#include "duck/duck.h"
#include "util/buf.h"
#include "util/err.h"

/* The format of the files: 2 stores each change as the number of its sighting and no
 * last_seen (internal.h); a format 1 group is converted from its files alone
 * (convert.c), any other version is built again from the raw snapshots. */
#define LIFETIME_FORMAT 2

/* The columns of the relation the files expand to (auction_lifetimes, lifetime_relation),
 * in order: X(name, DuckDB type). */
#define LIFETIME_COLUMNS(X)                                                 \
	X(region, "VARCHAR")                                                \
	X(kind, "VARCHAR")                                                  \
	X(realm_id, "INTEGER")                                              \
	X(house_id, "INTEGER")                                              \
	X(auction_id, "BIGINT")                                             \
	X(item_id, "INTEGER")                                               \
	X(pet_species_id, "INTEGER")                                        \
	X(context, "INTEGER")                                               \
	X(bonus_lists, "INTEGER[]")                                         \
	X(modifiers, "STRUCT(type INTEGER, value BIGINT)[]")                \
	X(pet_breed_id, "INTEGER")                                          \
	X(pet_level, "INTEGER")                                             \
	X(pet_quality_id, "INTEGER")                                        \
	X(rand, "BIGINT")                                                   \
	X(seed, "BIGINT")                                                   \
	X(unit_price, "BIGINT")                                             \
	X(buyout, "BIGINT")                                                 \
	X(first_seen, "TIMESTAMPTZ")                                        \
	X(last_seen, "TIMESTAMPTZ")                                         \
	X(sightings, "INTEGER")                                             \
	X(quantity_first, "INTEGER")                                        \
	X(quantity_last, "INTEGER")                                         \
	X(quantity_changes, LIFETIME_CHANGES_TYPE("quantity", "INTEGER"))   \
	X(bid, "BIGINT")                                                    \
	X(bid_changes, LIFETIME_CHANGES_TYPE("bid", "BIGINT"))              \
	X(time_left_first, "VARCHAR")                                       \
	X(time_left_last, "VARCHAR")                                        \
	X(time_left_changes, LIFETIME_CHANGES_TYPE("time_left", "VARCHAR")) \
	X(bonus_order_changes, LIFETIME_CHANGES_TYPE("bonus_order", "BIGINT"))

/* A list of changes: the snapshot it was first seen in and the new value. */
#define LIFETIME_CHANGES_TYPE(name, type) "STRUCT(ts TIMESTAMPTZ, " name " " type ")[]"

/* DuckDB memory one auction of a fold may take, with the open lifetimes of its house
 * beside it: a fold's windows and ordered aggregates keep about 1.2 KB a row (one of 120,000
 * rows ran out of 122 MB). */
#define LIFETIME_FOLD_BYTES 4096

/* What an update did. */
struct lifetime_stats {
	int64_t snapshots; /* snapshots newly covered */
	int64_t lifetimes; /* lifetime rows written (new or extended) */
	int64_t groups;    /* (region, kind) pairs rewritten */
	int rebuilt;       /* a group was built again from its raw snapshots */
};

/* Brings the lifetimes under the data dir dir (absolute) up to date with snaps, a relation
 * on d with the columns region, kind, realm_id, house_id, snapshot_ts, fetched_at, rows and
 * path (relative to dir) of every raw auction snapshot, verified. Each house's snapshots
 * newer than those its lifetimes cover are added; a snapshot older than that (imported
 * late) has the whole (region, kind) built again from its raw files. Runs on d (inside the
 * caller's transaction when there is one) and writes files under dir as the header says.
 * The snapshots are folded in batches of at most batch_rows auctions (and at least one
 * snapshot), house by house and oldest first, which bounds DuckDB's memory whatever the
 * history (LIFETIME_FOLD_BYTES); 0: all at once. d's session must be in UTC. */
int lifetime_update(struct duck *d, const char *dir, const char *snaps, int64_t batch_rows,
                    struct lifetime_stats *st, struct err *e);

/* Appends to out "(SELECT ...)": the lifetimes of every (region, kind) under dir with the
 * columns of LIFETIME_COLUMNS, their files' sighting numbers expanded against the
 * snapshots they cover; *count gets how many files it reads (0: out is unchanged). */
int lifetime_relation(const char *dir, struct buf *out, int64_t *count, struct err *e);

/* *out = 1 when lifetime_relation would read any file: a (region, kind) under dir has a
 * manifest of the current format. Reads the manifests up to the first such, and builds no
 * SQL: what a caller that only asks whether there are lifetimes needs. */
int lifetime_any(const char *dir, int *out, struct err *e);

/* The same over the files that can hold a lifetime last seen at or after since (epoch
 * seconds; INT64_MIN: all): the open ones and the closed days from since's UTC day on. A
 * superset of those lifetimes (the caller filters on last_seen), read without the days
 * before, so that its cost follows what is recent rather than the whole history. */
int lifetime_relation_since(const char *dir, int64_t since, struct buf *out, int64_t *count,
                            struct err *e);

/* *out gets a time (epoch seconds) at or before since and at or before the first sighting
 * of every lifetime last seen at or after since, read from those files' first_seen alone
 * (no expansion): what a statement that also looks at the lifetimes listed beside those
 * needs from lifetime_relation_since. */
int lifetime_first_seen_bound(struct duck *d, const char *dir, int64_t since, int64_t *out,
                              struct err *e);

/* Appends to out "[<file>, ...]": every covered-snapshot file of every (region, kind)
 * under dir, absolute and quoted for read_parquet; *count gets how many. */
int lifetime_snapshot_files(const char *dir, struct buf *out, int64_t *count, struct err *e);

/* A SELECT of the lifetime columns over no file, for a view when there is none. */
extern const char *const lifetime_empty_sql;

/* Removes the files under lifetimes/ that no manifest lists (superseded generations, a
 * killed update's tmp files). Call it after the caller committed what refers to the new
 * files. */
int lifetime_sweep(const char *dir, struct err *e);

/* Where one house's snapshot is. */
struct lifetime_house {
	const char *region;
	const char *kind; /* "realm", "commodity" or "classic" */
	int32_t realm_id;
	int32_t house_id;
};

/* The snapshot of house h at ts, rebuilt from the lifetimes: a SELECT on d with the
 * columns, types and row order of the raw snapshot file (docs/storage.md), appended to
 * out. WOWAH_ENOTFOUND, naming the nearest covered snapshots, when the lifetimes do not
 * cover that snapshot. d's session must be in UTC. */
int lifetime_rebuild_sql(struct duck *d, const char *dir, const struct lifetime_house *h,
                         int64_t ts, struct buf *out, struct err *e);

/* Writes h's snapshot at ts[k] to paths[k] for each of n: Parquet when a path ends in
 * ".parquet", a JSON array of one object per auction when it ends in ".json" (anything
 * else is WOWAH_EUSAGE). One manifest read for all; all written or none: every time is
 * checked covered before any is written, and each file is renamed into place only once
 * all are written (a file already at a path is replaced only then). */
int lifetime_rebuild_write(struct duck *d, const char *dir, const struct lifetime_house *h,
                           const int64_t *ts, const char *const *paths, size_t n, struct err *e);

#endif
