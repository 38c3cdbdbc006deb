/* batch.h - `wowah report --batch FILE`: many report requests, one a line, answered by one
 * process on one open engine, each answer in a frame a script can split exactly.
 *
 * One process opens the database (DuckDB, or a ClickHouse client) and checks its schema
 * once; each request then costs its own queries only. A frame is a header line
 *
 *   wowah-report LINE STATUS LENGTH REQUEST
 *
 * (LINE the request's line number in FILE, STATUS the exit status `wowah report` would
 * have given it, LENGTH the bytes that follow, REQUEST the line without its outer blanks)
 * and then exactly LENGTH bytes: the report as `wowah report` prints it when not on a
 * terminal, or, when STATUS is not 0, its one error line "wowah: ...\n". Blank lines and
 * lines whose first non-blank is # get no frame. Each frame is flushed as it is written,
 * so a dashboard may keep the process as a coprocess, one line in, one frame out.
 */
#ifndef WOWAH_REPORT_BATCH_H
#define WOWAH_REPORT_BATCH_H

#include <stdio.h>

#include "rset/engine.h"
#include "util/err.h"

/* Answers the requests of in on eng (data_dir: the absolute data dir the reports may read),
 * framed on out, tables width columns wide. Returns WOWAH_OK when every request answered,
 * WOWAH_EPARTIAL when some did not (e: how many, and the first one's line), WOWAH_EIO when
 * in or out fails (no request is answered after that). */
int report_batch_run(const struct rset_engine *eng, const char *data_dir, int width, FILE *in,
                     FILE *out, struct err *e);

#endif
