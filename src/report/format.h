/* format.h - query results as text: aligned tables, CSV, JSON lines, sparklines.
 *
 * The one place where wowah turns rows into text (reports and `wowah sql` both use it).
 * Output goes to a struct buf; the caller decides where it is written.
 *  - table: a header, a rule, one line per row; numbers and gold amounts right-aligned,
 *    the rest left; when the lines would be wider than width, the widest text columns
 *    are cut (ending in "~") until they fit, numbers last. NULL is blank.
 *  - csv: RFC 4180 quoting, "\n" line ends, a header line, NULL as an empty field.
 *  - json: one object per row and line; numbers and booleans bare, NULL as null.
 * Only the types of fmt_type_ok() can be read: cast other columns to VARCHAR first.
 */
#ifndef WOWAH_REPORT_FORMAT_H
#define WOWAH_REPORT_FORMAT_H

#include <duckdb.h>
#include <stddef.h>

#include "util/buf.h"

enum fmt_kind {
	FMT_TABLE = 0,
	FMT_CSV,
	FMT_JSON,
};

#define FMT_CHOICES       "table|csv|json"
#define FMT_DEFAULT_WIDTH 160 /* table width when not on a terminal and no COLUMNS */

/* "table" -> FMT_TABLE ...; -1 for anything else. */
int fmt_kind_parse(const char *s);

/* 1 when values of type t can be rendered as they are. */
int fmt_type_ok(duckdb_type t);

/* Appends r in kind; width limits table lines (0: no limit). */
void fmt_result(duckdb_result *r, enum fmt_kind kind, int width, struct buf *out);

/* Appends v[0..n) as one line of ▁▂▃▄▅▆▇█, at most width blocks (buckets averaged). */
void fmt_sparkline(const double *v, size_t n, int width, struct buf *out);

/* The table width for output on fd: the terminal's when fd is one, else $COLUMNS, else
 * FMT_DEFAULT_WIDTH, so that piped output is the same everywhere. */
int fmt_width(int fd);

/* Display columns of UTF-8 text (East Asian wide characters count 2). */
size_t fmt_text_width(const char *s);

#endif
