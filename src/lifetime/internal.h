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
	int final; /* written once no lifetime can end on its day any more (LT_PARQUET_FINAL) */
};

/* A part of the covered list: the snapshots of one UTC day, or of a month (date YYYY-MM-00)
 * before the newest snapshot's, so that a load rewrites the days it adds to, not the whole
 * history (issue 10). date "": the whole list in one file, as a manifest made before the
 * parts has it (update.c's split_group splits it). */
struct lt_covered {
	char date[LIFETIME_DATE_LEN];
	char *file;
};

/* A manifest: file names are relative to the group's directory. A group without one has
 * format 0, gen 0 and no files. */
struct lt_manifest {
	int format;
	int64_t gen;
	struct lt_covered *covered; /* by date; none: nothing covered yet */
	size_t ncovered;
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

/* lt_put_file of every part of m's covered list. */
void lt_put_covered(struct buf *out, const char *gdir, const struct lt_manifest *m, int64_t *count);

/* "[<path>]" and "[<path>, ...]": a file, or every part of m's covered list, as a list
 * DuckDB's read_parquet takes. */
void lt_file_list(struct buf *out, const char *gdir, const char *name);
void lt_covered_list(struct buf *out, const char *gdir, const struct lt_manifest *m);

/* Appends a part to m's covered list (after the others: callers go by date). */
void lt_add_covered(struct lt_manifest *m, const char *date, const char *file);

/* A format 2 list of changes: the number of the sighting the new value was first seen in
 * (1 is first_seen's, so a change is 2 or more) and the value. A number, not the
 * snapshot's time: it repeats across lifetimes and compresses to a fraction of a
 * timestamp; lt_expand_sql gives the time back from the covered snapshots. */
#define LT_CHANGES_TYPE(name, type) "STRUCT(sighting INTEGER, " name " " type ")[]"

/* The columns of a format 2 file, in order: the relation's (LIFETIME_COLUMNS) without
 * last_seen (the house's sightings-th covered snapshot from first_seen), the changes
 * numbered by sighting. */
#define LT_FILE_COLUMNS                                                                    \
	"region, kind, realm_id, house_id, auction_id, item_id, pet_species_id, context, " \
	"bonus_lists, modifiers, pet_breed_id, pet_level, pet_quality_id, rand, seed, "    \
	"unit_price, buyout, first_seen, sightings, quantity_first, quantity_last, "       \
	"quantity_changes, bid, bid_changes, time_left_first, time_left_last, "            \
	"time_left_changes, bonus_order_changes"
#define LT_Q_TYPE  LT_CHANGES_TYPE("quantity", "INTEGER")
#define LT_B_TYPE  LT_CHANGES_TYPE("bid", "BIGINT")
#define LT_TL_TYPE LT_CHANGES_TYPE("time_left", "VARCHAR")
#define LT_BO_TYPE LT_CHANGES_TYPE("bonus_order", "BIGINT")

/* A format 2 file's columns over no file. */
extern const char *const lt_file_empty_sql;

/* Appends to out "(WITH ... SELECT ...)": the lifetimes of the format 2 files (a
 * read_parquet list) with the relation's columns (LIFETIME_COLUMNS), last_seen and the
 * changes' times found in the covered snapshots of snaps (a read_parquet list of the same
 * groups'); where: a condition on the files' columns (alias l), or NULL. */
void lt_expand_sql(struct buf *out, const char *files, const char *snaps, const char *where);

/* Writes name (in gdir) from the format 1 lifetime file old (in gdir) in format 2, its
 * sightings numbered from snaps (a read_parquet list of the group's covered snapshots),
 * with the COPY options given, crash-safe. A lifetime whose times are not covered snapshots is
 * refused (WOWAH_EPARSE): its file was changed by hand. */
int lt_convert_file(struct duck *d, const char *gdir, const char *old, const char *snaps,
                    const char *name, const char *options, struct err *e);

/* The options of the lifetime files. Parquet V1: its dictionaries beat V2's delta
 * encodings on item keys and prices, which repeat across lifetimes (5% smaller on the
 * bench history, docs/storage.md); readers take both, so files written as V2 stay. */
#define LT_PARQUET "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 9, PARQUET_VERSION V1"

/* A past day's closed file, written once more when no lifetime can end on that day any
 * more (every house of its group has a later snapshot): zstd 19 is 0.3-1 s more CPU a
 * write, too much for the files each load rewrites, not for one write a day. */
#define LT_PARQUET_FINAL \
	"FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 19, PARQUET_VERSION V1"

/* The day before which no lifetime of the snapshots of cov (a relation of realm_id,
 * house_id, snapshot_ts) can end any more: the earliest of its houses' newest days, as
 * YYYY-MM-DD in out ("" when cov is empty). */
int lt_final_before(struct duck *d, const char *cov, char out[LIFETIME_DATE_LEN], struct err *e);

/* The real API keeps an auction's bonus_lists in one order (docs/sim.md), but nothing
 * promises it and the rebuild must be exact whatever it sends (docs/storage.md): a
 * lifetime keys on the sorted list and keeps each snapshot's order as a code, the position
 * of each id in the sorted list as one base-16 digit (lists of 2 to 12 ids; a longer list
 * keys on its order as sent, so an order change starts a new lifetime). A repeated id
 * gets its first position, which decodes to the same id. */
#define LT_POW16                                                                            \
	"[1, 16, 256, 4096, 65536, 1048576, 16777216, 268435456, 4294967296, 68719476736, " \
	"1099511627776, 17592186044416]"
#define LT_CODED(l)     "len(" l ") BETWEEN 2 AND 12"
#define LT_BONUS_KEY(l) "CASE WHEN len(" l ") <= 12 THEN list_sort(" l ") ELSE " l " END"
#define LT_ORDER_CODE(l)                                                                           \
	"CASE WHEN " LT_CODED(l) " THEN list_sum(list_transform(range(len(" l ")), lambda i: "     \
	                         "(list_position(list_sort(" l "), " l "[i + 1]) - 1) * " LT_POW16 \
	                         "[i + 1]))::BIGINT END"
#define LT_ORDER_DECODE(l, code)                                                              \
	"list_transform(range(len(" l ")), lambda i: list_sort(" l ")[(" code " // " LT_POW16 \
	"[i + 1]) %% 16 + 1])"

#endif
