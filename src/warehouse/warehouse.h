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

struct warehouse_stats {
	int64_t new_snapshots; /* auction snapshots added by this run */
	int64_t new_rows;      /* their auctions */
	int64_t new_tokens;
	int64_t new_files; /* realm and item files (re)read */
	int64_t snapshots; /* auction snapshots in the database after the run */
};

/* Creates or updates DATA_DIR/wowah.duckdb. */
int warehouse_load(const char *data_dir, struct warehouse_stats *out, struct err *e);

/* Opens DATA_DIR/wowah.duckdb for queries (WOWAH_ENOTFOUND when `wowah load` has not
 * made it yet; refused when a newer wowah made it), with the session in UTC. Release with
 * duck_close(). */
int warehouse_open(const char *data_dir, struct duck *d, struct err *e);

#endif
