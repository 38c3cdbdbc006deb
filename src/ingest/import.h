/* import.h - the import pipeline: archived auction bodies (files) -> parser -> store.
 *
 * Each file is one snapshot of the house the options name, stored exactly as `pull`
 * stores one (parse/file.h streams it, store/store.h writes and catalogs it), so
 * importing the same file twice stores it once. `wowah import` is a thin loop over
 * ingest_file(); nothing here prints.
 */
#ifndef WOWAH_INGEST_IMPORT_H
#define WOWAH_INGEST_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* Whose snapshots the files are, and when they were taken. */
struct ingest_opts {
	const char *region;   /* eu, us, kr, tw or cn */
	const char *flavor;   /* one of model/keys.h; NULL: retail, classic with a house */
	int64_t realm, house; /* connected realm id; a Classic house id (2, 6, 7) with it */
	int commodities;      /* region-wide commodities instead of a realm */
	const char *at;       /* ISO 8601 UTC time of the one file; NULL: each file's mtime */
	const char *data_dir;
	int64_t max_rows; /* the most auctions one file may hold; 0: BATCH_MAX_ROWS */
};

/* What one file became. */
struct ingest_result {
	int64_t snapshot_ts;
	uint64_t body_bytes;        /* the body's size, inflated when it was gzip */
	struct store_result stored; /* stored.duplicate: already stored, nothing written */
};

struct ingest;

/* Checks the options for nfiles files (WOWAH_EUSAGE with the line to show: no file, no
 * or an unknown region, neither or both of realm and commodities, a bad or shared --at),
 * then opens the data dir (store_open: WOWAH_ELOCKED while another writer holds it). */
int ingest_open(const struct ingest_opts *o, size_t nfiles, struct ingest **out, struct err *e);

/* Parses the body in path and stores it. WOWAH_EIO when the file cannot be read,
 * WOWAH_EPARSE when it is not a complete, valid auction body or holds more than the
 * options' max_rows auctions (batch/batch.h has the lists' share); nothing is written then,
 * and the next file can still be imported. */
int ingest_file(struct ingest *in, const char *path, struct ingest_result *out, struct err *e);

void ingest_close(struct ingest *in);

/* The data dir ingest_open opened (for the caller's store_orphans() warning). */
const struct store *ingest_store(const struct ingest *in);

#endif
