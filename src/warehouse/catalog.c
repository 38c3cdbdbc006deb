/* catalog.c - catalog.tsv into the TEMP table catalog_in, read as a reader.
 *
 * The catalog is read here rather than through store/catalog.h because that module opens
 * the file for appending and repairs it, which only the lock holder may do; load is a
 * reader that may run while `wowah pull` writes. A torn last line (no newline yet) is
 * simply not read. This parser goes when the store's read-only catalog reader exists
 * (issue 7: one catalog parser).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/fs.h"
#include "util/ts.h"
#include "warehouse/internal.h"

#define CATALOG_FIELDS 10

static int parse_i64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return -1;
	*out = v;
	return 0;
}

static int valid_kind(const char *k)
{
	return strcmp(k, "realm") == 0 || strcmp(k, "commodity") == 0 ||
	       strcmp(k, "classic") == 0 || strcmp(k, "token") == 0;
}

/* One complete line into the appender; lineno for the message. */
static int append_line(duckdb_appender app, char *line, int lineno, struct err *e)
{
	char *f[CATALOG_FIELDS];
	int64_t realm, house, ts, fetched, rows, bytes;
	int n = 0;

	for (char *p = line;; p++) {
		if (n == CATALOG_FIELDS)
			return err_set(
			        e, WOWAH_EPARSE,
			        "catalog.tsv line %d: more than %d fields; fix or remove that line",
			        lineno, CATALOG_FIELDS);
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p = '\0';
	}
	if (n != CATALOG_FIELDS)
		return err_set(
		        e, WOWAH_EPARSE,
		        "catalog.tsv line %d: %d fields, expected %d; fix or remove that line",
		        lineno, n, CATALOG_FIELDS);
	if (!f[0][0] || strlen(f[0]) > 7 || !valid_kind(f[1]) || parse_i64(f[2], &realm) ||
	    parse_i64(f[3], &house) || ts_parse_iso(f[4], &ts) || ts_parse_iso(f[5], &fetched) ||
	    parse_i64(f[6], &rows) || parse_i64(f[7], &bytes) || !f[9][0] || f[9][0] == '/' ||
	    strstr(f[9], ".."))
		return err_set(e, WOWAH_EPARSE,
		               "catalog.tsv line %d is malformed; fix or remove that line", lineno);
	duckdb_appender_begin_row(app);
	duckdb_append_varchar(app, f[0]);
	duckdb_append_varchar(app, f[1]);
	duckdb_append_int32(app, (int32_t)realm);
	duckdb_append_int32(app, (int32_t)house);
	duckdb_append_int64(app, ts);
	duckdb_append_int64(app, fetched);
	duckdb_append_int64(app, rows);
	duckdb_append_int64(app, bytes);
	duckdb_append_varchar(app, f[8]);
	duckdb_append_varchar(app, f[9]);
	if (duckdb_appender_end_row(app) == DuckDBError)
		return duck_error(e, "catalog.tsv", duckdb_appender_error(app));
	return WOWAH_OK;
}

static int append_catalog(duckdb_appender app, const char *path, struct err *e)
{
	char *text, *line, *nl;
	size_t len;
	int rc, lineno = 1;

	rc = fs_read_file(path, &text, &len, e);
	if (rc == WOWAH_ENOTFOUND) {
		err_clear(e);
		return WOWAH_OK; /* nothing stored yet */
	}
	if (rc)
		return rc;
	nl = strchr(text, '\n');
	if (!nl || strncmp(text, "region\tkind\t", 12) != 0) {
		free(text);
		return err_set(e, WOWAH_EPARSE, "%s: no catalog header line", path);
	}
	/* only complete lines: the last one may be a write in progress */
	for (line = nl + 1; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		*nl = '\0';
		lineno++;
		if (*line == '\0')
			continue;
		rc = append_line(app, line, lineno, e);
		if (rc)
			break;
	}
	free(text);
	return rc;
}

int warehouse_catalog_read(struct duck *d, const char *data_dir, struct err *e)
{
	duckdb_appender app;
	char *path;
	int rc;

	rc = duck_exec(
	        d,
	        "CREATE OR REPLACE TEMP TABLE catalog_in (region VARCHAR, kind VARCHAR, "
	        "realm_id INTEGER, house_id INTEGER, ts BIGINT, fetched BIGINT, rows BIGINT, "
	        "bytes BIGINT, crc32 VARCHAR, path VARCHAR)",
	        e);
	if (rc)
		return rc;
	if (duckdb_appender_create_ext(d->conn, "temp", "main", "catalog_in", &app) ==
	    DuckDBError) {
		rc = duck_error(e, "catalog", duckdb_appender_error(app));
		duckdb_appender_destroy(&app);
		return rc;
	}
	path = fs_join(data_dir, "catalog.tsv");
	rc = append_catalog(app, path, e);
	free(path);
	if (duckdb_appender_close(app) == DuckDBError && rc == WOWAH_OK)
		rc = duck_error(e, "catalog", duckdb_appender_error(app));
	duckdb_appender_destroy(&app);
	return rc;
}
