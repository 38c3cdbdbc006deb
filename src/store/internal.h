/* internal.h - what the store's files share: the store itself and the atomic Parquet
 * write. Not part of the public surface (store/store.h). */
#ifndef WOWAH_STORE_INTERNAL_H
#define WOWAH_STORE_INTERNAL_H

#include <pthread.h>

#include "duck/duck.h"
#include "model/keys.h"
#include "store/catalog.h"
#include "store/store.h"

/* The batch that wowah_auction_rows() hands to DuckDB during one COPY. */
struct store_feed {
	const struct batch *b;
	const uint32_t *perm; /* row order */
	size_t n;
	uint32_t present_any;        /* bit per enum batch_col: some row has it */
	struct store_gather *gather; /* the scalar columns gathered ahead; NULL: in place */
};

/* Rows from .. from + n of a COPY, in file order (store/gather.c): the values of each
 * scalar column some row has (else NULL), and the validity words of each nullable one
 * among them (bit i: row from + i has it). */
struct store_chunk {
	size_t from, n;
	void *val[BCOL_NCOLS];
	uint64_t *valid[BCOL_NCOLS];
};

/* The bytes of a value of column c (0: a list column, which rows.c copies itself), and
 * whether it may be NULL. */
size_t store_col_width(int c);
int store_col_nullable(int c);
/* Rows ch->from .. ch->from + ch->n of f in file order into those of ch's arrays that are
 * not NULL: gathered ahead into a ring, or in place into DuckDB's vectors. */
void store_chunk_fill(const struct store_feed *f, struct store_chunk *ch);

/* Starts a thread that gathers f's rows chunk by chunk (chunk rows each, the last one
 * shorter) into a ring, ahead of the table function. NULL when the batch is too small
 * for a thread to pay, or none starts: the table function gathers in place then. f must
 * stay as it is until store_gather_free. */
struct store_gather *store_gather_start(const struct store_feed *f, size_t chunk);
/* The next chunk in order, once gathered; store_gather_done hands it back. */
const struct store_chunk *store_gather_next(struct store_gather *g);
void store_gather_done(struct store_gather *g);
/* Stops the thread (the COPY may have ended early) and frees the ring. */
void store_gather_free(struct store_gather *g);

/* What a compacting load writes in the lock file: a writer that finds the lock held
 * waits for it then (store.c). */
#define STORE_LOCK_COMPACTING "compacting"

/* The ids of a flavour's stored items (its items files'), or of the stored battle pet
 * species, sorted, read once. */
struct store_item_ids {
	int32_t *ids;
	size_t n;
	int loaded;
};

struct store {
	char *dir;
	int lock_fd;
	struct store_catalog cat;
	size_t orphans; /* uncatalogued Parquet files found (and kept) by store_open */
	char *linked;   /* tmp name of the snapshot file just linked into place, until its
	                 * catalog line is written (store_record_file) */
	struct duck duck;
	int duck_ready;
	/* the connection being opened on a thread of its own since store_open */
	pthread_t opener;
	int opening;
	int open_rc;
	struct err open_err;
	struct store_feed feed;
	struct store_item_ids items[MODEL_NFLAVORS]; /* by flavour */
	struct store_item_ids pets;
};

/* The store's DuckDB connection, opened (and wowah_auction_rows registered) on first use. */
int store_duck(struct store *s, struct duck **out, struct err *e);

/* Registers wowah_auction_rows() on conn, reading s->feed (store/rows.c). */
int store_register_rows(struct store *s, duckdb_connection conn, struct err *e);

/* Row order of a snapshot: item_id, then unit price, then auction_id (store/sort.c; two
 * threads for a large batch). The result is freed by the caller. */
uint32_t *store_sort_rows(const struct batch *b);

/* Writes the result of `query` to rel (relative to the data dir) as Parquet with the
 * store's options (big: a commodities-sized file, compressed with the cheaper level):
 * tmp file, fsync, rename, directory fsync. Sets out->bytes and *out_crc. Leaves nothing
 * behind on failure. A snapshot file (auctions/, tokens/) is linked rather than renamed,
 * its tmp name kept until store_record_file, which must follow; one already at rel is
 * never replaced (the same bytes are used, other bytes are an error). */
int store_copy_parquet(struct store *s, const char *query, const char *rel, int big,
                       struct store_result *out, uint32_t *out_crc, struct err *e);

/* store_copy_parquet with row groups of row_group rows (a daily file: small enough that the
 * zone maps of snapshot_ts and item_id skip most of a day). */
int store_copy_parquet_rg(struct store *s, const char *query, const char *rel, int big,
                          int row_group, struct store_result *out, uint32_t *out_crc,
                          struct err *e);

/* 1 when the catalog already holds the snapshot key (store_catalog_key()), with *out describing
 * that file (out->duplicate set); 0 when it does not. */
int store_known(const struct store *s, const struct model_catalog_entry *key,
                struct store_result *out);

/* Calls visit for every regular file under data_dir/rel, depth first (abs and rel paths,
 * and its name); a missing rel is empty. Stops at the first error visit returns. */
typedef int (*store_visit_fn)(void *ud, const char *abs, const char *rel, const char *name,
                              struct err *e);
int store_walk(const char *data_dir, const char *rel, store_visit_fn visit, void *ud,
               struct err *e);

/* Appends the catalog line for a file store_copy_parquet() just wrote, then drops the
 * file's tmp name (or, when the line cannot be written, the file). */
int store_record_file(struct store *s, const struct model_catalog_entry *key, int64_t fetched_at,
                      const struct store_result *res, uint32_t crc, struct err *e);

#endif
