/* query.c - statements of `wowah sql` and of the reports' SQL files: split, run through an
 * engine, formatted; or written as Parquet. */
#include "report/query.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "duck/engine.h"
#include "util/fs.h"

const char *report_sql_end(const char *s)
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

int report_sql_complete(const char *text)
{
	const char *end = report_sql_end(text);
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

static int run_one(const struct rset_engine *eng, const char *sql, enum fmt_kind kind, int width,
                   struct buf *out, struct err *e)
{
	struct rset *r = NULL;
	int rc = eng->run(eng->impl, sql, NULL, &r, e);

	if (!rc && r)
		fmt_result(r, kind, width, out);
	rset_free(r);
	return rc;
}

int report_sql_each(const char *text, int (*fn)(const char *sql, void *arg), void *arg)
{
	const char *s = text;
	int rc = WOWAH_OK;

	while (*s && rc == WOWAH_OK) {
		const char *end = report_sql_end(s);
		size_t n = (size_t)(end - s);
		if (!blank(s, n)) {
			char *one = strndup(s, n);
			rc = fn(one, arg);
			free(one);
		}
		s = *end ? end + 1 : end;
	}
	return rc;
}

struct run_args {
	const struct rset_engine *eng;
	enum fmt_kind kind;
	int width;
	struct buf *out;
	struct err *e;
};

static int run_each(const char *sql, void *arg)
{
	struct run_args *a = arg;
	return run_one(a->eng, sql, a->kind, a->width, a->out, a->e);
}

int report_sql_run(const struct rset_engine *eng, const char *text, enum fmt_kind kind, int width,
                   struct buf *out, struct err *e)
{
	struct run_args a = {eng, kind, width, out, e};
	return report_sql_each(text, run_each, &a);
}
int report_sql_out_path(const char *data_dir, const char *path, char **out, struct err *e)
{
	char *dir = fs_resolve(data_dir, NULL);

	*out = fs_resolve(path, e);
	if (!*out) {
		free(dir);
		return e ? e->code : WOWAH_EIO;
	}
	if (dir && fs_within(*out, dir)) {
		err_set(e, WOWAH_EUSAGE,
		        "--out %s is inside the data dir %s, whose files are wowah's own: write it "
		        "elsewhere",
		        path, dir);
		free(*out);
		*out = NULL;
	}
	free(dir);
	return *out ? WOWAH_OK : WOWAH_EUSAGE;
}

int report_sql_to_parquet(struct duck *d, const char *text, const char *path, struct err *e)
{
	const char *end = report_sql_end(text);
	char *one;
	int rc;

	if (*end && !blank(end + 1, strlen(end + 1)))
		return err_set(e, WOWAH_EUSAGE, "--out takes one query, not several statements");
	one = strndup(text, (size_t)(end - text));
	/* The query goes inside COPY (...): DuckDB must see it as one query of its own, or
	 * its text could close the parentheses and name another target. */
	rc = duck_check_query(d, one, e);
	if (rc) {
		free(one);
		return rc;
	}
	rc = duck_copy_to(d, one, "FORMAT parquet, COMPRESSION zstd", path, e);
	free(one);
	return rc;
}

static const char *duck_type_of(enum rset_type t)
{
	switch (t) {
	case RSET_BOOL:
		return "BOOLEAN";
	case RSET_INT:
		return "BIGINT";
	case RSET_DOUBLE:
		return "DOUBLE";
	case RSET_TIME:
		return "TIMESTAMP";
	case RSET_DATE:
		return "DATE";
	default:
		return "VARCHAR";
	}
}

static void append_cell(duckdb_appender a, enum rset_type t, const struct rset_cell *c)
{
	if (c->null) {
		duckdb_append_null(a);
		return;
	}
	switch (t) {
	case RSET_BOOL:
		duckdb_append_bool(a, c->v.i != 0);
		break;
	case RSET_INT:
		duckdb_append_int64(a, c->v.i);
		break;
	case RSET_DOUBLE:
		duckdb_append_double(a, c->v.d);
		break;
	case RSET_TIME:
		duckdb_append_timestamp(a, (duckdb_timestamp){c->v.i});
		break;
	case RSET_DATE:
		duckdb_append_date(a, (duckdb_date){(int32_t)c->v.i});
		break;
	default:
		duckdb_append_varchar(a, c->v.s);
	}
}

/* The rows of r into table t of d. */
static int rset_into(struct duck *d, const struct rset *r, struct err *e)
{
	struct buf sql = BUF_INIT;
	duckdb_appender a;
	int rc;

	buf_puts(&sql, "CREATE TABLE t (");
	for (size_t c = 0; c < r->ncols; c++) {
		buf_puts(&sql, c ? ", \"" : "\"");
		for (const char *p = r->cols[c].name; *p; p++)
			buf_puts(&sql, *p == '"' ? "\"\"" : (char[]){*p, 0});
		buf_printf(&sql, "\" %s", duck_type_of(r->cols[c].type));
	}
	buf_putc(&sql, ')');
	rc = duck_exec(d, sql.data, e);
	buf_release(&sql);
	if (rc)
		return rc;
	if (duckdb_appender_create(d->conn, NULL, "t", &a) == DuckDBError)
		return err_set(e, WOWAH_EDB, "cannot append the rows to DuckDB");
	for (size_t i = 0; i < r->nrows; i++) {
		for (size_t c = 0; c < r->ncols; c++)
			append_cell(a, r->cols[c].type, rset_at(r, i, c));
		duckdb_appender_end_row(a);
	}
	if (duckdb_appender_close(a) == DuckDBError)
		rc = duck_error(e, NULL, duckdb_appender_error(a));
	duckdb_appender_destroy(&a);
	return rc;
}

int report_rset_to_parquet(const struct rset *r, const char *path, struct err *e)
{
	struct duck d;
	int rc = duck_open(&d, NULL, e);

	if (!rc)
		rc = rset_into(&d, r, e);
	if (!rc)
		rc = report_sql_to_parquet(&d, "SELECT * FROM t", path, e);
	duck_close(&d);
	return rc;
}
