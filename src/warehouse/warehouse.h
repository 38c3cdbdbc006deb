/* warehouse.h - DATA_DIR/wowah.duckdb: the stored snapshots made queryable (wowah load).
 *
 * Reads the data dir as docs/storage.md lays it out and keeps these relations current:
 *   auctions        VIEW over every catalogued auction file (absolute paths), the Parquet
 *                   columns plus unit_buyout = unit_price, else buyout // quantity
 *                   (buyout 0, Classic's "no buyout", gives NULL);
 *   item_snapshots  TABLE, one row per (region, kind, realm_id, house_id, snapshot_ts,
 *                   item_id): auctions, units, min_buyout, market_value, median,
 *                   gold_listed; computed once per snapshot at load time, so reports read
 *                   thousands of rows instead of millions;
 *   item_days       TABLE, per (region, kind, realm_id, house_id, day, item_id) the sum
 *                   and count of the scans' market values (a day value is their mean);
 *   latest_listings TABLE, the auctions of each house's newest snapshot (item, species,
 *                   quantity, unit_buyout): what the reports pool into the region market
 *                   value, replaced per house when a load brings a newer snapshot;
 *   snapshots       TABLE, one row per stored auction snapshot (the catalog's columns);
 *   realms, items, tokens  TABLEs with the columns of their Parquet files;
 *   loaded_files    TABLE, bookkeeping for the realm and item files already read.
 * A run adds only what the catalog and the data dir hold beyond the database, in one
 * transaction: a failed run leaves the database as it was, a second run changes nothing.
 * house_id is the catalog's (0 on retail). Nothing stored calls wowah's C functions, so
 * the file opens in any DuckDB 1.4 client.
 */
#ifndef WOWAH_WAREHOUSE_WAREHOUSE_H
#define WOWAH_WAREHOUSE_WAREHOUSE_H

#include <stdint.h>

#include "duck/duck.h"
#include "util/err.h"

#define WAREHOUSE_DB_NAME "wowah.duckdb"

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
 * made it yet), with the session in UTC. Release with duck_close(). */
int warehouse_open(const char *data_dir, struct duck *d, struct err *e);

#endif
