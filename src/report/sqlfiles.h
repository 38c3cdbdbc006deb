/* sqlfiles.h - the reports' SQL, one file per report and dialect
 * (src/report/sql/<dialect>/<name>.sql), embedded in the binary at build time by
 * src/report/sql/embed.c. A dialect is a directory: the ClickHouse one goes beside duckdb/.
 */
#ifndef WOWAH_REPORT_SQLFILES_H
#define WOWAH_REPORT_SQLFILES_H

#include <stddef.h>

struct report_sql_file {
	const char *name; /* "duckdb/price" */
	const char *text;
};

/* Ends with {NULL, NULL}. */
extern const struct report_sql_file report_sql_files[];

/* The text of dialect/name, or NULL when the dialect has no such file. */
const char *report_sql_text(const char *dialect, const char *name);

#endif
