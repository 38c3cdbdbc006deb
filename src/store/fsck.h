/* fsck.h - a data dir checked against its catalog, and the catalog rebuilt from the files.
 *
 * What `wowah fsck` does (docs/fsck.md). The check reads only: every catalogued file is
 * there with its catalogued size and crc32, every Parquet file under auctions/ and tokens/
 * has a catalog line, every catalog line parses. The repair (under the data dir's lock)
 * sets corrupt files aside under quarantine/, catalogues the files the catalog lost from
 * their path, their columns and their Parquet metadata, and writes catalog.tsv again
 * atomically, keeping the old one beside it. Nothing is ever deleted.
 */
#ifndef WOWAH_STORE_FSCK_H
#define WOWAH_STORE_FSCK_H

#include <stddef.h>

#include "util/err.h"

enum fsck_kind {
	FSCK_HEADER,    /* catalog.tsv does not start with the header */
	FSCK_CRLF,      /* lines end in CR LF (read as LF, but not what the store writes) */
	FSCK_MALFORMED, /* a catalog line that does not parse */
	FSCK_DUPLICATE, /* a line for a snapshot or a path an earlier line has */
	FSCK_TORN,      /* a last line without its newline (a killed write) */
	FSCK_MISSING,   /* a catalogued file that is not there */
	FSCK_CORRUPT,   /* a catalogued file whose size or crc32 is not the catalogued one */
	FSCK_ORPHAN,    /* a Parquet file under auctions/ or tokens/ without a catalog line */
	FSCK_NKINDS
};

/* What --repair did about a problem. */
enum fsck_fix {
	FSCK_FIX_NONE,        /* not repaired (check only, or could not be: see detail) */
	FSCK_FIX_REWRITTEN,   /* the line was written again as it should be */
	FSCK_FIX_DROPPED,     /* the line was left out of the new catalog (kept in the backup) */
	FSCK_FIX_QUARANTINED, /* the file was moved to moved_to, its line dropped */
	FSCK_FIX_CATALOGUED,  /* the file got a catalog line */
};

struct fsck_problem {
	enum fsck_kind kind;
	enum fsck_fix fix;
	size_t line;      /* catalog.tsv line (the header is 1); 0 when none */
	char *path;       /* relative to the data dir; NULL for a line that does not parse */
	char *moved_to;   /* FSCK_FIX_QUARANTINED: where the file went, relative */
	char detail[192]; /* what was found, or why it was not repaired */
};

struct fsck_report {
	size_t lines;     /* catalog lines after the header */
	size_t checked;   /* catalogued files checked */
	size_t ok;        /* ... found whole */
	size_t files;     /* Parquet files under auctions/ and tokens/ */
	int locked;       /* another process held the lock during a check */
	int rewritten;    /* --repair wrote catalog.tsv again */
	size_t new_lines; /* ... with this many lines after the header */
	char *backup;     /* ... keeping the old one here (relative), or NULL */
	struct fsck_problem *v;
	size_t n, cap;
};

/* Checks data_dir (and with repair, repairs it under its lock: WOWAH_ELOCKED when a
 * writer holds it). *out lists what was found; free it with fsck_report_free(). Errors are
 * for what stops the check itself (an unreadable directory, a failed write). */
int fsck_run(const char *data_dir, int repair, struct fsck_report **out, struct err *e);
void fsck_report_free(struct fsck_report *r);

/* Problems of kind k in r; and problems --repair left (fix FSCK_FIX_NONE). */
size_t fsck_count(const struct fsck_report *r, enum fsck_kind k);
size_t fsck_unrepaired(const struct fsck_report *r);

/* "malformed", "orphan", ...: the word that starts each problem's line in the output. */
const char *fsck_kind_name(enum fsck_kind k);

#endif
