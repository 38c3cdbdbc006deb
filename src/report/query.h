/* query.h - SQL text as statements: the splitter, and running the user's SQL for
 * `wowah sql` through an engine (rset/engine.h).
 *
 * Text is split into statements at ';' (quotes, identifiers, comments and $$ strings
 * kept whole); each runs in turn and the rows of those that return rows are formatted
 * (format.h). The first error stops the run with the engine's message on one line. The
 * reports' SQL files are split the same way (report.c).
 */
#ifndef WOWAH_REPORT_QUERY_H
#define WOWAH_REPORT_QUERY_H

#include "duck/duck.h"
#include "report/format.h"
#include "rset/engine.h"
#include "util/buf.h"
#include "util/err.h"

/* The end of the statement starting at s: its ';' or the final NUL. */
const char *report_sql_end(const char *s);

/* 1 when text holds a complete statement (ends in ';' outside quotes and comments):
 * the REPL reads lines until then. */
int report_sql_complete(const char *text);

/* Calls fn on each statement of text that is not blank (nor only comments), in order,
 * without its ';'; stops at the first nonzero return, which it returns. */
int report_sql_each(const char *text, int (*fn)(const char *sql, void *arg), void *arg);

/* Runs every statement of text on eng, appending the formatted results to out. */
int report_sql_run(const struct rset_engine *eng, const char *text, enum fmt_kind kind, int width,
                   struct buf *out, struct err *e);

/* Runs the one query in text on DuckDB and writes its rows to path as Parquet,
 * atomically (duck_copy_to: fs_tmp_path(path), renamed into place). text must be one query
 * (a statement that returns rows, as DuckDB parses it). */
int report_sql_to_parquet(struct duck *d, const char *text, const char *path, struct err *e);

/* Where --out goes: path resolved (fs_resolve), refused when that is in the data dir,
 * whose files are wowah's own (WOWAH_EUSAGE). *out gets the resolved path to free. */
int report_sql_out_path(const char *data_dir, const char *path, char **out, struct err *e);

/* Writes rows already fetched (from an engine without Parquet output: ClickHouse) to path
 * as Parquet through an in-memory DuckDB, atomically as report_sql_to_parquet. Column
 * types follow the rset types (NUMBER and OTHER as VARCHAR). */
int report_rset_to_parquet(const struct rset *r, const char *path, struct err *e);

#endif
