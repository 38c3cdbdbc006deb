/* catalog.h - catalog.tsv: the append-only list of stored snapshots (docs/storage.md).
 *
 * Loaded whole at open (a torn last line is truncated away), kept in memory with a hash
 * on the snapshot key and on the path, and appended one fsynced line per stored file.
 * Used by store.c only; the data dir's lock makes the process the only writer.
 */
#ifndef WOWAH_STORE_CATALOG_H
#define WOWAH_STORE_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define CATALOG_HEADER \
	"region\tkind\trealm_id\thouse_id\tsnapshot_ts\tfetched_at\trows\tbytes\tcrc32\tpath\n"

struct catalog_entry {
	char region[8];
	char kind[12]; /* realm, commodity, classic, token */
	int32_t realm_id;
	int32_t house_id;
	int64_t snapshot_ts;
	int64_t fetched_at;
	int64_t rows;
	int64_t bytes;
	uint32_t crc32;
	char *path; /* relative to the data dir */
};

struct catalog {
	int fd;
	struct catalog_entry *v;
	size_t n, cap;
	/* open-addressing tables of entry index + 1 (0 is empty): by snapshot key, by path,
	 * and by series (the key without snapshot_ts) to its newest entry */
	uint32_t *by_key, *by_path, *by_series;
	size_t nslots;
};

/* Opens (creating it with its header) and loads path; repairs a torn last line.
 * A malformed complete line is an error naming the line. */
int catalog_open(struct catalog *c, const char *path, struct err *e);
void catalog_release(struct catalog *c);

/* An entry holding only the snapshot key (region and kind cut to their fields' size). */
struct catalog_entry catalog_key(const char *region, const char *kind, int32_t realm_id,
                                 int32_t house_id, int64_t snapshot_ts);

/* The entry for the snapshot key, or NULL. */
const struct catalog_entry *catalog_find(const struct catalog *c, const char *region,
                                         const char *kind, int32_t realm_id, int32_t house_id,
                                         int64_t snapshot_ts);

/* The newest snapshot_ts of (region, kind, realm_id, house_id); 0 when none. */
int64_t catalog_latest(const struct catalog *c, const char *region, const char *kind,
                       int32_t realm_id, int32_t house_id);

int catalog_has_path(const struct catalog *c, const char *path);

/* Appends en (its path is copied) as one line and fsyncs the file. */
int catalog_append(struct catalog *c, const struct catalog_entry *en, struct err *e);

#endif
