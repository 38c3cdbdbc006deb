/* internal.h - what the files of src/lifetime/ share: a (region, kind)'s manifest. */
#ifndef WOWAH_LIFETIME_INTERNAL_H
#define WOWAH_LIFETIME_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "duck/duck.h"
#include "util/buf.h"
#include "util/err.h"

#define LIFETIME_MANIFEST "manifest.tsv"
#define LIFETIME_DATE_LEN 11 /* YYYY-MM-DD and its NUL */

struct lt_closed {
	char date[LIFETIME_DATE_LEN];
	char *file;
};

/* A manifest: file names are relative to the group's directory. A group without one has
 * format 0, gen 0 and no files. */
struct lt_manifest {
	int format;
	int64_t gen;
	char *snapshots; /* NULL: nothing covered yet */
	char *open;
	struct lt_closed *closed; /* by date */
	size_t nclosed;
};

/* Reads gdir/manifest.tsv (absent: an empty manifest). Release with lt_manifest_release. */
int lt_manifest_read(const char *gdir, struct lt_manifest *m, struct err *e);
void lt_manifest_release(struct lt_manifest *m);

/* Replaces gdir/manifest.tsv with m, crash-safe: the commit point of an update. */
int lt_manifest_write(const char *gdir, const struct lt_manifest *m, struct err *e);

/* Sets *out to the closed file of date, or NULL. */
const char *lt_manifest_closed(const struct lt_manifest *m, const char *date);

/* Every group directory under dir/lifetimes (absolute paths, caller frees each and the
 * array). */
int lt_groups(const char *dir, char ***out, size_t *n, struct err *e);

/* Appends ", " (unless first) and the quoted absolute path gdir/name to out. */
void lt_put_file(struct buf *out, const char *gdir, const char *name, int64_t *count);

/* Writes the result of query to abs with DuckDB's COPY options (format and all),
 * crash-safe (tmp, fsync, rename); nothing is left behind on failure. */
int lt_write_copy(struct duck *d, const char *query, const char *options, const char *abs,
                  struct err *e);

/* The options of the lifetime files. */
#define LT_PARQUET "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 9, PARQUET_VERSION V2"

#endif
