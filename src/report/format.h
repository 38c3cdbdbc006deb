/* format.h - result sets (rset/rset.h) as text: aligned tables, CSV, JSON lines,
 * sparklines.
 *
 * The one place where wowah turns rows into text (reports and `wowah sql` both use it).
 * Values come raw; each column's kind says how to write them: copper as gold
 * ("1234g 56s 78c") in tables and CSV and as an integer in JSON; times as
 * "YYYY-MM-DD HH:MM" UTC (JSON: "YYYY-MM-DDTHH:MM:SSZ"); dates as "YYYY-MM-DD";
 * percentages with one decimal. Plain columns (`wowah sql`) as DuckDB writes them.
 * Output goes to a struct buf; the caller decides where it is written.
 *  - table: a header, a rule, one line per row; numbers and gold amounts right-aligned,
 *    the rest left; when the lines would be wider than width, the widest text columns
 *    are cut (ending in "~") until they fit, numbers last. NULL is blank.
 *  - csv: RFC 4180 quoting, "\n" line ends, a header line, NULL as an empty field.
 *  - json: one object per row and line; numbers and booleans bare, NULL as null.
 */
#ifndef WOWAH_REPORT_FORMAT_H
#define WOWAH_REPORT_FORMAT_H

#include <stddef.h>

#include "rset/rset.h"
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

/* Appends r in kind; width limits table lines (0: no limit). */
void fmt_result(const struct rset *r, enum fmt_kind kind, int width, struct buf *out);

/* Appends v[0..n) as one line of ▁▂▃▄▅▆▇█, at most width blocks (buckets averaged). */
void fmt_sparkline(const double *v, size_t n, int width, struct buf *out);

/* The table width for output on fd: the terminal's when fd is one, else $COLUMNS, else
 * FMT_DEFAULT_WIDTH, so that piped output is the same everywhere. */
int fmt_width(int fd);

/* Display columns of UTF-8 text (East Asian wide characters count 2). */
size_t fmt_text_width(const char *s);

#endif
