/* registry.h - the tables of wowah.duckdb, in the order a load creates and refreshes them.
 *
 * Adding a table (the coming auction_lifetimes and sales, say NAME):
 *  1. write src/warehouse/NAME.c, defining
 *         const struct warehouse_table warehouse_NAME = {.name = "NAME", .version = 1, ...};
 *     with its creation (DDL), its refresh (incremental from the TEMP table new_snap, or
 *     in full when the table was just created) and what it is computed from;
 *  2. add X(NAME) to WAREHOUSE_TABLES below, after every entry it is computed from;
 *  3. add NAME.c to the sources in src/warehouse/meson.build (forgetting it is a link
 *     error, never a table silently left out);
 *  4. test it in tests/warehouse/test-load.c and add its row to docs/load.md's relations.
 * Changing what a table holds or how it is computed: bump its version. The next load drops
 * it, and every table computed from it, and builds them again from the data dir (the
 * database is only a cache of it); a database whose version is newer than the binary's is
 * refused (schema.c). Changing only how it is stored (its rows stay the same): bump its
 * version and give it an upgrade, which the next load runs in place instead.
 */
#ifndef WOWAH_WAREHOUSE_REGISTRY_H
#define WOWAH_WAREHOUSE_REGISTRY_H

#include "warehouse/internal.h"

/* The most entries one table is computed from. */
#define WAREHOUSE_MAX_FROM 2

struct warehouse_table {
	const char *name;
	int version; /* recorded in wowah_schema; bump it when the table changes */
	int is_view;
	/* The entries this one is computed from (earlier in the list): when one of them is
	 * rebuilt, so is this one. None: it reads the data dir (the catalog, realm files...). */
	const char *from[WAREHOUSE_MAX_FROM];
	/* It reads the TEMP table catalog_in, which holds only the catalog lines appended
	 * since the last load: when it is rebuilt, the load reads the whole catalog. */
	int reads_catalog;
	/* Creates the empty table; NULL for a view, which its refresh makes. */
	const char *create;
	/* Brings the table up to date with this run. full: it was just created (or is being
	 * rebuilt) and must be filled from everything the database holds, not only from what
	 * this run brings. NULL for a table another entry's refresh fills. */
	int (*refresh)(struct warehouse_run *w, int full, struct err *e);
	/* Brings the table in place from the older version from to this one, keeping its
	 * rows: a rebuild reads the data dir again, and raw files pruned since are gone.
	 * NULL: an older version is rebuilt. Not used when a table it is computed from is
	 * rebuilt (it is then rebuilt too). */
	int (*upgrade)(struct duck *d, int from, struct err *e);
};

/* The registry, in order: snapshots first (its refresh makes new_snap, the input of the
 * derived tables), each entry after those it is computed from. */
#define WAREHOUSE_TABLES(X)  \
	X(snapshots)         \
	X(item_snapshots)    \
	X(item_days)         \
	X(latest_listings)   \
	X(tokens)            \
	X(loaded_files)      \
	X(realms)            \
	X(items)             \
	X(pets)              \
	X(auctions)          \
	X(auction_lifetimes) \
	X(auction_outcomes)  \
	X(item_sales_parts)  \
	X(item_sale_rates)   \
	X(item_sales_days)   \
	X(sale_windows)      \
	X(region_sale_windows)

#define WAREHOUSE_DECLARE_(name) extern const struct warehouse_table warehouse_##name;
WAREHOUSE_TABLES(WAREHOUSE_DECLARE_)
#undef WAREHOUSE_DECLARE_

#define WAREHOUSE_COUNT_(name) +1
enum { WAREHOUSE_NTABLES = 0 WAREHOUSE_TABLES(WAREHOUSE_COUNT_) };
#undef WAREHOUSE_COUNT_

/* Every entry in registry order. */
extern const struct warehouse_table *const warehouse_tables[WAREHOUSE_NTABLES];

/* The index in warehouse_tables of the entry named name, or -1. */
int warehouse_table_index(const char *name);

#endif
