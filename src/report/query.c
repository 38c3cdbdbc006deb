/* query.c - statements of `wowah sql`: split, made printable, run, or written as Parquet. */
#include "report/query.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fs.h"

/* Returns the end of the statement starting at s: its ';' or the final NUL. */
static const char *statement_end(const char *s)
{
	while (*s && *s != ';') {
		if (*s == '\'' || *s == '"') {
			char q = *s++;
			while (*s && !(*s == q && s[1] != q))
				s += (*s == q) ? 2 : 1;
			if (*s)
				s++;
		} else if (s[0] == '-' && s[1] == '-') {
			while (*s && *s != '\n')
				s++;
		} else if (s[0] == '/' && s[1] == '*') {
			const char *end = strstr(s + 2, "*/");
			s = end ? end + 2 : s + strlen(s);
		} else if (s[0] == '$' && s[1] == '$') {
			const char *end = strstr(s + 2, "$$");
			s = end ? end + 2 : s + strlen(s);
		} else {
			s++;
		}
	}
	return s;
}

int query_complete(const char *text)
{
	const char *end = statement_end(text);
	return *end == ';';
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-' && i + 1 < n && s[i + 1] == '-') {
			while (i < n && s[i] != '\n')
				i++;
			continue;
		}
		if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			for (i += 2; i + 1 < n && !(s[i] == '*' && s[i + 1] == '/');)
				i++;
			i++; /* on the '/' (or past the end, unterminated) */
			continue;
		}
		if (!isspace((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

static int prepare(struct duck *d, const char *sql, duckdb_prepared_statement *st, struct err *e)
{
	if (duckdb_prepare(d->conn, sql, st) == DuckDBError) {
		int rc = duck_error(e, NULL, duckdb_prepare_error(*st));
		duckdb_destroy_prepare(st);
		return rc;
	}
	return WOWAH_OK;
}

/* For a SELECT with columns format.h cannot read: "SELECT #1, CAST(#2 AS VARCHAR) ..." */
static int printable(struct duck *d, const char *sql, duckdb_prepared_statement *st, struct err *e)
{
	idx_t n = duckdb_prepared_statement_column_count(*st);
	struct buf w = BUF_INIT;
	int wrap = 0, rc;

	if (duckdb_prepared_statement_type(*st) != DUCKDB_STATEMENT_TYPE_SELECT)
		return WOWAH_OK;
	buf_puts(&w, "SELECT ");
	for (idx_t c = 0; c < n; c++) {
		const char *name = duckdb_prepared_statement_column_name(*st, c);
		int ok = fmt_type_ok(duckdb_prepared_statement_column_type(*st, c));
		struct buf id = BUF_INIT;
		buf_putc(&id, '"');
		for (const char *p = name ? name : ""; *p; p++) {
			if (*p == '"')
				buf_putc(&id, '"');
			buf_putc(&id, *p);
		}
		buf_putc(&id, '"');
		buf_printf(&w, "%s%s#%llu%s AS %s", c ? ", " : "", ok ? "" : "CAST(",
		           (unsigned long long)c + 1, ok ? "" : " AS VARCHAR)", id.data);
		buf_release(&id);
		duckdb_free((void *)name);
		wrap |= !ok;
	}
	buf_printf(&w, " FROM (%s) AS wowah_q", sql);
	rc = WOWAH_OK;
	if (wrap) {
		duckdb_destroy_prepare(st);
		rc = prepare(d, w.data, st, e);
	}
	buf_release(&w);
	return rc;
}

static int run_one(struct duck *d, const char *sql, enum fmt_kind kind, int width, struct buf *out,
                   struct err *e)
{
	duckdb_prepared_statement st;
	duckdb_result r;
	int rc = prepare(d, sql, &st, e);

	if (!rc)
		rc = printable(d, sql, &st, e);
	if (rc)
		return rc;
	if (duckdb_execute_prepared(st, &r) == DuckDBError) {
		rc = duck_error(e, NULL, duckdb_result_error(&r));
	} else if (duckdb_result_return_type(r) == DUCKDB_RESULT_TYPE_QUERY_RESULT) {
		fmt_result(&r, kind, width, out);
	}
	duckdb_destroy_result(&r);
	duckdb_destroy_prepare(&st);
	return rc;
}

int query_run(struct duck *d, const char *text, enum fmt_kind kind, int width, struct buf *out,
              struct err *e)
{
	const char *s = text;
	int rc = WOWAH_OK;

	while (*s && rc == WOWAH_OK) {
		const char *end = statement_end(s);
		size_t n = (size_t)(end - s);
		if (!blank(s, n)) {
			char *one = strndup(s, n);
			rc = run_one(d, one, kind, width, out, e);
			free(one);
		}
		s = *end ? end + 1 : end;
	}
	return rc;
}

int query_to_parquet(struct duck *d, const char *text, const char *path, struct err *e)
{
	const char *end = statement_end(text);
	struct buf sql = BUF_INIT, tmp = BUF_INIT;
	char *q, *one;
	int rc;

	if (*end && !blank(end + 1, strlen(end + 1)))
		return err_set(e, WOWAH_EUSAGE, "--out takes one query, not several statements");
	one = strndup(text, (size_t)(end - text));
	buf_printf(&tmp, "%s.%ld%s", path, (long)getpid(), FS_TMP_SUFFIX);
	q = duck_quote(tmp.data);
	buf_printf(&sql, "COPY (%s) TO %s (FORMAT parquet, COMPRESSION zstd)", one, q);
	rc = duck_exec(d, sql.data, e);
	if (!rc)
		rc = fs_fsync_path(tmp.data, e);
	if (!rc)
		rc = fs_commit(tmp.data, path, e);
	if (rc)
		unlink(tmp.data);
	free(q);
	free(one);
	buf_release(&sql);
	buf_release(&tmp);
	return rc;
}
