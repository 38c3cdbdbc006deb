/* warehouse.h - DATA_DIR/wowah.duckdb: the stored snapshots made queryable (wowah load).
 *
 * Reads the data dir as docs/storage.md lays it out and keeps the tables of the registry
 * (registry.h, one file each) current: the auctions view over every catalogued auction
 * file; item_snapshots, item_days and latest_listings, derived from the snapshots so that
 * reports read thousands of rows instead of millions; snapshots, realms, items, tokens
 * and loaded_files, read from the data dir. docs/load.md describes each relation.
 * wowah_schema records each table's version: a table that changed is rebuilt from the data
 * dir, a database made by a newer wowah is refused. Every file a load reads for the first
 * time is checked against its catalog line (size, crc32) first.
 * A run adds only what the catalog and the data dir hold beyond the database, in one
 * transaction: a failed run leaves the database as it was, a second run changes nothing.
 * Nothing stored calls wowah's C functions, so the file opens in any DuckDB 1.4 client.
 */
#ifndef WOWAH_WAREHOUSE_WAREHOUSE_H
#define WOWAH_WAREHOUSE_WAREHOUSE_H

#include <stdint.h>

#include "duck/duck.h"
#include "util/err.h"

/* How long report, sql and load wait for a process that holds the database (a load
 * updating it; for a load, also readers) before they give up with one line. */
#define WAREHOUSE_LOCK_WAIT_MS 5000

/* A file at DATA_DIR/wowah.duckdb that is no DuckDB database is moved to this name. */
#define WAREHOUSE_BROKEN_SUFFIX ".broken"

struct warehouse_stats {
	int64_t new_snapshots; /* auction snapshots added by this run */
	int64_t new_rows;      /* their auctions */
	int64_t new_tokens;
	int64_t new_files; /* realm and item files (re)read */
	int64_t snapshots; /* auction snapshots in the database after the run */
	int moved_aside;   /* the file was no DuckDB database: moved aside, built again */
	/* auction lifetimes made or extended (auction_lifetimes) */
	int64_t new_lifetimes;
};

/* How a load runs. Any load (the first, a catch-up after a week offline, a rebuild) stays
 * within about memory_mb of RSS whatever the history: DuckDB gets half of it (what it
 * holds past that spills to disk), and the snapshots are summarised in batches of files
 * whose aggregate states (market value and median keep every price, outside DuckDB's
 * buffer manager, where no memory_limit reaches) fit a quarter of it. */
#define WAREHOUSE_MEMORY_MB_DEFAULT 2048
struct warehouse_opts {
	int64_t memory_mb;
	int64_t batch_rows; /* auctions one batch summarises; 0: what memory_mb allows */
	/* Called after each batch: snapshots summarised so far, of total. NULL: none. */
	void (*progress)(void *ud, int64_t done, int64_t total);
	void *ud;
	/* Called after each step of the load (the schema check, the catalog, each relation's
	 * refresh in registry order) with the process's CPU (user + sys, every DuckDB thread)
	 * and the wall time it took, in milliseconds: where a load's time goes (wowah load
	 * --timings). NULL: none. */
	void (*step)(void *ud, const char *name, int64_t cpu_ms, int64_t wall_ms);
};

/* warehouse_load() run as o says. */
int warehouse_load_opts(const char *data_dir, const struct warehouse_opts *o,
                        struct warehouse_stats *out, struct err *e);

/* Creates or updates DATA_DIR/wowah.duckdb. A new database is built under a temporary
 * name and renamed into place when complete (a failed first load leaves none); a file
 * there that is no DuckDB database is moved aside first (out->moved_aside) and the
 * database built again from the data dir. out is filled in on failure too. */
int warehouse_load(const char *data_dir, struct warehouse_stats *out, struct err *e);

/* What SQL on an opened database may touch besides the database (docs/sql.md). */
struct warehouse_access {
	/* DuckDB's own defaults: any file the user may read or write, ATTACH, COPY. */
	int unrestricted;
	/* Absolute: one more file SQL may write (sql --out's temporary), or NULL. */
	const char *write_path;
};

/* Opens DATA_DIR/wowah.duckdb read-only for queries, with the session in UTC. Fails with
 * one line saying to run 'wowah load' when it has not made the database yet, when the
 * file is no DuckDB database or holds nothing loaded; with WOWAH_ELOCKED when a load
 * still holds it after WAREHOUSE_LOCK_WAIT_MS; refused when a newer wowah made it.
 * SQL on it may read the auction files the database lists and nothing else of the file
 * system (duck_confine()). Release with duck_close(). */
int warehouse_open(const char *data_dir, struct duck *d, struct err *e);

/* The same with the access a (NULL: as warehouse_open). */
int warehouse_open_access(const char *data_dir, const struct warehouse_access *a, struct duck *d,
                          struct err *e);

/* What identifies the database's contents as a file: a load changes one of these. */
struct warehouse_ident {
	int64_t dev, ino, size, mtime_ns; /* of wowah.duckdb */
	int64_t wal_size, wal_mtime_ns;   /* of its WAL (0: none) */
};

/* The identity of DATA_DIR/wowah.duckdb now; WOWAH_ENOTFOUND when there is none. */
int warehouse_ident(const char *data_dir, struct warehouse_ident *out, struct err *e);

/* For a long-lived reader (serve) that must never hold up a load: copies
 * DATA_DIR/wowah.duckdb (and its WAL) to dest while holding it as warehouse_open does
 * (waiting for a writer, at most WAREHOUSE_LOCK_WAIT_MS), so a load waits at most for
 * the copy; *out gets the identity of what was copied. Fails as warehouse_open does. */
int warehouse_copy(const char *data_dir, const char *dest, struct warehouse_ident *out,
                   struct err *e);

/* Opens a copy made by warehouse_copy read-only, as warehouse_open opens the database of
 * data_dir (whose raw files the copy's views read). */
int warehouse_open_copy(const char *path, const char *data_dir, struct duck *d, struct err *e);

/* Another connection to d's database (duck_connect) with a reader's session in data_dir. */
int warehouse_connect(const struct duck *d, const char *data_dir, struct duck *out, struct err *e);

#endif
