/* internal.h - what the files of src/warehouse/ share: one load's state and the helpers
 * the tables' refreshes use (common.c). Not for other areas: they use warehouse.h.
 */
#ifndef WOWAH_WAREHOUSE_INTERNAL_H
#define WOWAH_WAREHOUSE_INTERNAL_H

#include <stdint.h>

#include "duck/duck.h"
#include "util/buf.h"
#include "warehouse/warehouse.h"

/* One load, inside its transaction. The TEMP tables it makes as it goes:
 *   catalog_in  every complete catalog line (catalog.c), before any refresh;
 *   new_snap    the auction snapshots this run adds, with the columns of snapshots,
 *               made (and verified) by the refresh of snapshots, the first entry;
 *   load_lifetimes  the lifetimes the sales statements read (load_lifetimes.c). */
struct warehouse_run {
	struct duck *d;
	const char *dir; /* the data dir, absolute: file lists name files by it */
	struct warehouse_stats *st;
	const struct warehouse_opts *o; /* batch_rows set */
	/* load_lifetimes holds every lifetime last seen from then on (INT64_MAX: this run
	 * has not made it) */
	int64_t lifetimes_from;
	int catalog_whole; /* catalog_in holds every line of the catalog, not only new ones */
};

/* The key of an auction house, the first columns of every table about houses (and of
 * catalog_in): what the catalog keys a house by. */
#define WAREHOUSE_HOUSE_COLUMNS "region VARCHAR, kind VARCHAR, realm_id INTEGER, house_id INTEGER"
/* The same key as a list of column names (GROUP BY, IN, USING). */
#define WAREHOUSE_HOUSE_KEY "region, kind, realm_id, house_id"
/* A filter on a row of a house with a snapshot new in this run (new_snap). */
#define WAREHOUSE_IN_NEW_HOUSES \
	"(" WAREHOUSE_HOUSE_KEY ") IN (SELECT DISTINCT (" WAREHOUSE_HOUSE_KEY ") FROM new_snap)"

/* Runs a one-value query and returns it as int64 (0 for NULL or no row). */
int warehouse_query_i64(struct duck *d, const char *sql, int64_t *out, struct err *e);

/* CREATE OR REPLACE VIEW name AS the SELECT in select (the views remade on every run);
 * releases select. */
int warehouse_view(struct warehouse_run *w, const char *name, struct buf *select, struct err *e);

/* The catalogued files of sql's rows (relative paths first): each must exist and, when
 * the rows also give bytes and crc32 as the catalog has them, match them (what a load does
 * with each file it reads for the first time, before its rows are used). With list, appends
 * "['<dir>/<p1>', ...]" for read_parquet. *count gets the number of files. */
int warehouse_files(struct warehouse_run *w, const char *sql, struct buf *list, int64_t *count,
                    struct err *e);

/* Appends "(SELECT columns FROM <the files of rel>) a JOIN rel n ON <a's file is n's
 * path and a's snapshot n's>": the rows of every snapshot of rel (snapshots' rows, with
 * their path), in order, each beside the row of n it came from (a daily file is read once
 * for all of its snapshots in rel). *count gets the number of files (none: nothing is
 * appended). */
int warehouse_join_files(struct warehouse_run *w, const char *rel, const char *order,
                         const char *columns, struct buf *out, int64_t *count, struct err *e);

/* A table whose past days are stored in item order (item_order.c): table, its column
 * day_col of type col_type ("TIMESTAMPTZ" or "DATE") that says a row's UTC day, and the
 * ORDER BY of a day's rows (item first). */
struct warehouse_item_order {
	const char *table, *day_col, *col_type, *order;
};

/* Rewrites, in o's order, the rows of each day that the SELECT days gives (a DATE column
 * named day) and that is over: before the day of the newest snapshot in snapshots. */
int warehouse_item_order_days(struct duck *d, const struct warehouse_item_order *o,
                              const char *days, struct err *e);

/* The TEMP table catalog_in from the lines of DATA_DIR/catalog.tsv the last load did not
 * read (every line when from_start: a table that reads catalog_in was rebuilt); *whole = 1
 * when it holds every line of the catalog (catalog.c). */
int warehouse_catalog_read(struct duck *d, const char *dir, int from_start, int *whole,
                           struct err *e);

/* Checks the versions wowah_schema records (see warehouse_schema_check) and rebuilds (drops
 * and creates) each table whose version differs from the registry's, that is missing, or
 * that is computed from a rebuilt one; rebuilt[i] says which, for the i-th entry of the
 * registry (schema.c). */
int warehouse_schema_prepare(struct duck *d, const char *db_path, int *rebuilt, struct err *e);

/* Refuses a database a newer wowah made (a table version, or a table, this binary does not
 * know), naming db_path in the message, and one that holds nothing loaded (neither
 * wowah_schema nor snapshots: "run 'wowah load'"). A database made before wowah_schema
 * passes. */
int warehouse_schema_check(struct duck *d, const char *db_path, struct err *e);

/* A reader's session on d: times in UTC, relative paths found in the data dir dir (its
 * real path; NULL: none) (warehouse.c). */
int warehouse_session(struct duck *d, const char *dir, struct err *e);

/* A reader's open of db_path, read-only, its session in dir (as warehouse_session): what is
 * missing, broken or locked says what to do in one line; a newer or empty database is refused
 * (warehouse.c). */
int warehouse_reader_open(const char *dir, const char *db_path, struct duck *d, struct err *e);

/* The database as a file (dbfile.c). */

/* Opens path (read_only: as report and sql do); while another process holds the lock a
 * connection needs, tries again for WAREHOUSE_LOCK_WAIT_MS, then fails with WOWAH_ELOCKED
 * and one line naming that process. */
int warehouse_db_open(struct duck *d, const char *path, int read_only, struct err *e);

/* The pid of a process whose lock on path a reader (read_only) or a writer would wait
 * for; 0 when none. The caller must not have path open in DuckDB. */
long warehouse_db_locker(const char *path, int read_only);

/* 0 when path exists but is no DuckDB database (shorter than DuckDB's header, or without
 * its magic): a load cut short by a full disk left 0 bytes. 1 otherwise. */
int warehouse_db_is_duckdb(const char *path);

/* Renames path to path WAREHOUSE_BROKEN_SUFFIX, its WAL along with it. */
int warehouse_db_move_aside(const char *path, struct err *e);

/* Removes path and its WAL (a failed new database), ignoring what is not there. */
void warehouse_db_remove(const char *path);

/* Makes the TEMP table load_lifetimes hold at least every lifetime (the columns of
 * auction_lifetimes without the outcomes) last seen at or after from (epoch seconds;
 * INT64_MIN: all of them), expanded from the lifetime files once: kept when this run made
 * it already from that bound or an earlier one (load_lifetimes.c). */
int warehouse_load_lifetimes(struct warehouse_run *w, int64_t from, struct err *e);

/* *t gets the time in outcomes_since (auction_outcomes.c), in whole epoch seconds at or
 * before it. */
int warehouse_outcomes_since(struct warehouse_run *w, int64_t *t, struct err *e);

/* The bound of warehouse_load_lifetimes that serves every statement of the sales tables in
 * an incremental run, given outcomes_since (auction_outcomes.c): *from gets it. */
int warehouse_sales_lifetimes_from(struct warehouse_run *w, int64_t *from, struct err *e);

/* *lo gets the earliest last sighting (epoch seconds) of a lifetime that counts on day (the
 * epoch seconds of a UTC day's start) or later in item_sales_parts: day, or the last
 * sighting of one sold on it or after. */
int warehouse_sales_counting_from(struct warehouse_run *w, int64_t day, int64_t *lo, struct err *e);

/* Appends "(SELECT ...)": the lifetimes of rel (the columns of lifetime_relation) with
 * their flavor and outcome (auction_outcomes), the columns of the view auction_lifetimes. */
void warehouse_lifetimes_with_outcomes(struct buf *out, const char *rel);

#endif
