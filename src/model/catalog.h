/* catalog.h - the format of catalog.tsv (docs/storage.md), and a read-only reader.
 *
 * The one parser of the catalog: the store's open (which repairs and appends, as the
 * lock holder), load and fsck all read lines through it, so they accept and refuse the
 * same files with the same one-line messages. Tab-separated, one header line, then one
 * line per stored snapshot. Lines end in "\n"; a "\r" before it is accepted (a catalog
 * that went through a Windows editor or unix2dos is still the same catalog), and lines
 * are always written with "\n" alone. An empty line is skipped. A last line without its
 * newline is a write in progress or a torn one: it is not read. A malformed complete line
 * is WOWAH_EPARSE, naming the file, the line and what is wrong.
 */
#ifndef WOWAH_MODEL_CATALOG_H
#define WOWAH_MODEL_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* The header written since flavours (issue 13), and the one before, which is still read.
 * flavor is the last column, so the others keep their places; a line of 10 fields has
 * no flavour, and is flavour classic when its kind is classic,
 * else retail. The writer upgrades an old catalog whole when it opens it (store/catalog.h). */
#define MODEL_CATALOG_HEADER                                                                    \
	"region\tkind\trealm_id\thouse_id\tsnapshot_ts\tfetched_at\trows\tbytes\tcrc32\tpath\t" \
	"flavor\n"
#define MODEL_CATALOG_FIELDS 11
#define MODEL_CATALOG_HEADER_V1 \
	"region\tkind\trealm_id\thouse_id\tsnapshot_ts\tfetched_at\trows\tbytes\tcrc32\tpath\n"
#define MODEL_CATALOG_FIELDS_V1 10

/* One line: a stored file and its snapshot key (region, flavor, kind, realm_id, house_id,
 * snapshot_ts). */
struct model_catalog_entry {
	char region[8];  /* one of model_regions */
	char flavor[12]; /* a name of enum model_flavor */
	char kind[12];   /* a name of enum model_kind */
	int32_t realm_id;
	int32_t house_id;
	int64_t snapshot_ts;
	int64_t fetched_at;
	int64_t rows;
	int64_t bytes;
	uint32_t crc32; /* zlib crc32 of the whole file */
	char *path;     /* relative to the data dir, without ".." or a leading '/' */
};

/* Called for each entry in file order; a nonzero return stops the reading and is
 * returned as is. The entry and its path are only valid during the call. */
typedef int (*model_catalog_each)(const struct model_catalog_entry *en, void *ud);

/* Checks that data[0..len) starts with a header line (either) and sets *out_len to its
 * length (its line end included). A header cut short by a kill (data a prefix of it, empty
 * included) is no error: *out_len is 0. Anything else is WOWAH_EPARSE: not a catalog.
 * file names the file in the message. */
int model_catalog_header(const char *data, size_t len, const char *file, size_t *out_len,
                         struct err *e);

/* 1 when data[0..len) starts with the old header (MODEL_CATALOG_HEADER_V1) whole. */
int model_catalog_is_v1(const char *data, size_t len);

/* Parses one line (NUL-terminated, without its "\n"; it is cut into fields in place, and
 * out->path points into it). lineno and file are for the message. */
int model_catalog_parse_line(char *line, const char *file, size_t lineno,
                             struct model_catalog_entry *out, struct err *e);

/* The header and every complete line of data[0..len) (modified in place), in order.
 * *out_good is the length that the header and the complete lines cover (0 when the header
 * itself is incomplete): what a lock holder keeps when it truncates a torn tail. */
int model_catalog_parse(char *data, size_t len, const char *file, model_catalog_each each, void *ud,
                        size_t *out_good, struct err *e);

/* Reads the catalog at path for a process that does not hold the data dir's lock: only
 * complete lines, the file is never written, repaired or truncated. A missing file is
 * an empty catalog. */
int model_catalog_read(const char *path, model_catalog_each each, void *ud, struct err *e);

/* Where a reader stopped, so that the next one reads only the lines appended since (a load
 * keeps it in wowah.duckdb): the first pos bytes of the file were read, lines lines
 * (header included), and the MODEL_CATALOG_TAIL bytes before pos had crc32 tail_crc. */
#define MODEL_CATALOG_TAIL 4096
struct model_catalog_mark {
	int64_t pos;
	int64_t lines;
	uint32_t tail_crc;
};

/* model_catalog_read() of the complete lines past *mark, which it then advances past them.
 * When the file no longer starts as mark says (shorter, or its bytes before mark->pos
 * changed: `wowah fsck --repair` writes a new catalog), every line is read again and
 * *restarted is 1. A zeroed mark reads the whole file. */
int model_catalog_read_since(const char *path, struct model_catalog_mark *mark, int *restarted,
                             model_catalog_each each, void *ud, struct err *e);

/* Appends en as one line, "\n" included, in the format the parser reads. */
void model_catalog_format(struct buf *out, const struct model_catalog_entry *en);

#endif
