/* query.h - running the user's SQL for `wowah sql`.
 *
 * Text is split into statements (quotes, identifiers, comments and $$ strings kept
 * whole); each runs in turn and the rows of those that return rows are formatted
 * (format.h). Columns that format.h cannot read as they are (lists, structs, maps,
 * enums, UUIDs, zoned times) are cast to VARCHAR by wrapping the statement; statements
 * run once only. The first error stops the run with DuckDB's message on one line.
 */
#ifndef WOWAH_REPORT_QUERY_H
#define WOWAH_REPORT_QUERY_H

#include "duck/duck.h"
#include "report/format.h"
#include "util/buf.h"
#include "util/err.h"

/* Runs every statement of text, appending the formatted results to out. */
int query_run(struct duck *d, const char *text, enum fmt_kind kind, int width, struct buf *out,
              struct err *e);

/* Runs the one query in text and writes its rows to path as Parquet, atomically (a
 * temporary file in the same directory, renamed into place). */
int query_to_parquet(struct duck *d, const char *text, const char *path, struct err *e);

/* 1 when text holds a complete statement (ends in ';' outside quotes and comments):
 * the REPL reads lines until then. */
int query_complete(const char *text);

#endif
