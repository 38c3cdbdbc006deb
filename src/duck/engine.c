/* engine.c - DuckDB's prepared statements, named parameters and results as rset. */
#include "duck/engine.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* The rset type of a DuckDB column; -1 when it must be cast to VARCHAR first (DuckDB's
 * value accessors crash or give NULL on nested, enum, UUID and zoned types). */
static int rset_type_of(duckdb_type t)
{
	switch (t) {
	case DUCKDB_TYPE_BOOLEAN:
		return RSET_BOOL;
	case DUCKDB_TYPE_TINYINT:
	case DUCKDB_TYPE_SMALLINT:
	case DUCKDB_TYPE_INTEGER:
	case DUCKDB_TYPE_BIGINT:
	case DUCKDB_TYPE_UTINYINT:
	case DUCKDB_TYPE_USMALLINT:
	case DUCKDB_TYPE_UINTEGER:
		return RSET_INT;
	case DUCKDB_TYPE_DOUBLE:
		return RSET_DOUBLE;
	case DUCKDB_TYPE_UBIGINT:
	case DUCKDB_TYPE_HUGEINT:
	case DUCKDB_TYPE_UHUGEINT:
	case DUCKDB_TYPE_FLOAT: /* as a double it would print digits a float does not have */
	case DUCKDB_TYPE_DECIMAL:
		return RSET_NUMBER;
	case DUCKDB_TYPE_VARCHAR:
		return RSET_TEXT;
	case DUCKDB_TYPE_TIMESTAMP:
		return RSET_TIME;
	case DUCKDB_TYPE_DATE:
		return RSET_DATE;
	case DUCKDB_TYPE_TIME:
	case DUCKDB_TYPE_INTERVAL:
	case DUCKDB_TYPE_BLOB:
		return RSET_OTHER;
	default:
		return -1;
	}
}

static int prepare(struct duck *d, const char *sql, duckdb_prepared_statement *st, struct err *e)
{
	int rc;

	if (duckdb_prepare(d->conn, sql, st) == DuckDBError) {
		rc = duck_error(e, NULL, duckdb_prepare_error(*st));
		duckdb_destroy_prepare(st);
		return rc;
	}
	rc = duck_statement_allowed(d, duckdb_prepared_statement_type(*st), sql, e);
	if (rc)
		duckdb_destroy_prepare(st);
	return rc;
}

/* Appends column c of a query's select list to w: "#c AS name", cast to VARCHAR unless
 * ok (a type rset holds). */
static void put_column(struct buf *w, idx_t c, const char *name, int ok)
{
	buf_printf(w, "%s%s#%llu%s AS \"", c ? ", " : "", ok ? "" : "CAST(",
	           (unsigned long long)c + 1, ok ? "" : " AS VARCHAR)");
	for (const char *p = name ? name : ""; *p; p++) {
		if (*p == '"')
			buf_putc(w, '"');
		buf_putc(w, *p);
	}
	buf_putc(w, '"');
}

/* For a SELECT with columns rset cannot hold: "SELECT #1, CAST(#2 AS VARCHAR) ...". Only
 * without parameters: DuckDB knows the columns of a statement with parameters only once
 * they are bound (the reports' SQL, whose columns report.c checks). */
static int printable(struct duck *d, const char *sql, duckdb_prepared_statement *st, struct err *e)
{
	idx_t n = duckdb_prepared_statement_column_count(*st);
	struct buf w = BUF_INIT;
	int wrap = 0, rc;

	if (duckdb_prepared_statement_type(*st) != DUCKDB_STATEMENT_TYPE_SELECT ||
	    duckdb_nparams(*st) > 0)
		return WOWAH_OK;
	buf_puts(&w, "SELECT ");
	for (idx_t c = 0; c < n; c++) {
		const char *name = duckdb_prepared_statement_column_name(*st, c);
		int ok = rset_type_of(duckdb_prepared_statement_column_type(*st, c)) >= 0;
		put_column(&w, c, name, ok);
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

static duckdb_value param_value(const struct rset_param *p)
{
	if (p->is_list) {
		duckdb_logical_type t = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
		duckdb_value *items = xcalloc(p->nlist + 1, sizeof(*items));
		duckdb_value list;
		for (size_t i = 0; i < p->nlist; i++)
			items[i] = duckdb_create_varchar(p->list[i]);
		list = duckdb_create_list_value(t, items, p->nlist);
		for (size_t i = 0; i < p->nlist; i++)
			duckdb_destroy_value(&items[i]);
		free(items);
		duckdb_destroy_logical_type(&t);
		return list;
	}
	switch (p->type) {
	case RSET_BOOL:
		return duckdb_create_bool(p->i != 0);
	case RSET_INT:
		return duckdb_create_int64(p->i);
	case RSET_DOUBLE:
		return duckdb_create_double(p->d);
	case RSET_TIME:
		return duckdb_create_timestamp((duckdb_timestamp){p->i});
	default:
		return duckdb_create_varchar(p->s);
	}
}

static int bind(duckdb_prepared_statement st, const struct rset_params *p, struct err *e)
{
	idx_t n = duckdb_nparams(st);

	for (idx_t i = 1; i <= n; i++) {
		const char *name = duckdb_parameter_name(st, i);
		const struct rset_param *v = name ? rset_param_find(p, name) : NULL;
		duckdb_value val;
		duckdb_state s;
		if (!v) {
			int rc = err_set(e, WOWAH_EDB, "no value for SQL parameter $%s",
			                 name ? name : "?");
			duckdb_free((void *)name);
			return rc;
		}
		duckdb_free((void *)name);
		/* a NULL takes the type DuckDB infers, as in "$realm IS NULL OR realm_id = $realm"
		 */
		if (v->null) {
			s = duckdb_bind_null(st, i);
		} else {
			val = param_value(v);
			s = duckdb_bind_value(st, i, val);
			duckdb_destroy_value(&val);
		}
		if (s == DuckDBError)
			return err_set(e, WOWAH_EDB, "cannot bind SQL parameter $%s", v->name);
	}
	return WOWAH_OK;
}

static void fill_cell(duckdb_result *r, idx_t col, idx_t row, enum rset_type t, struct rset_cell *c)
{
	char *s;

	if (duckdb_value_is_null(r, col, row))
		return;
	c->null = 0;
	switch (t) {
	case RSET_BOOL:
		c->v.i = duckdb_value_boolean(r, col, row);
		break;
	case RSET_INT:
		c->v.i = duckdb_value_int64(r, col, row);
		break;
	case RSET_DOUBLE:
		c->v.d = duckdb_value_double(r, col, row);
		break;
	case RSET_TIME:
		c->v.i = duckdb_value_timestamp(r, col, row).micros;
		break;
	case RSET_DATE:
		c->v.i = duckdb_value_date(r, col, row).days;
		break;
	default:
		s = duckdb_value_varchar(r, col, row);
		rset_cell_text(c, s ? s : "", s ? strlen(s) : 0);
		duckdb_free(s);
	}
}

/* A column printable() could not cast (a statement with parameters) is RSET_OTHER and
 * all NULL: its values are never read. */
static struct rset *to_rset(duckdb_result *r)
{
	idx_t cols = duckdb_column_count(r), rows = duckdb_row_count(r);
	struct rset *out = rset_new(cols);
	int *ok = xcalloc(cols + 1, sizeof(int));

	for (idx_t c = 0; c < cols; c++) {
		int t = rset_type_of(duckdb_column_type(r, c));
		ok[c] = t >= 0;
		rset_column(out, c, duckdb_column_name(r, c),
		            ok[c] ? (enum rset_type)t : RSET_OTHER);
	}
	for (idx_t i = 0; i < rows; i++) {
		struct rset_cell *row = rset_add_row(out);
		for (idx_t c = 0; c < cols; c++)
			if (ok[c])
				fill_cell(r, c, i, out->cols[c].type, &row[c]);
	}
	free(ok);
	return out;
}

/* DuckDB binds a prepared statement that reads Parquet files again when it runs it (a
 * multi-file scan is never cached with the statement), and a bind lists every file its
 * globs match: every file of the auctions view, twice a query (issue 10; docs/load.md). A
 * statement without parameters runs unprepared when it is one SELECT, which DuckDB's
 * parser tells without binding it (json_serialize_sql serializes nothing else). */
static int one_select(struct duck *d, const char *sql)
{
	static const char q[] = "SELECT coalesce(json_array_length(j, '$.statements') = 1 AND "
	                        "NOT (j->>'$.error')::BOOLEAN, false) FROM (SELECT "
	                        "json_serialize_sql($1::VARCHAR) AS j)";
	duckdb_prepared_statement st;
	duckdb_result r;
	int yes = 0;

	if (duckdb_prepare(d->conn, q, &st) == DuckDBSuccess &&
	    duckdb_bind_varchar(st, 1, sql) == DuckDBSuccess) {
		if (duckdb_execute_prepared(st, &r) == DuckDBSuccess)
			yes = duckdb_value_boolean(&r, 0, 0);
		duckdb_destroy_result(&r);
	}
	duckdb_destroy_prepare(&st);
	return yes;
}

/* Runs the SELECT sql unprepared into *out. A result with columns rset cannot hold (the
 * types only show once it ran) runs again with them cast to VARCHAR: such a query runs
 * twice, where prepared it was bound three times and run once. */
static int run_select(struct duck *d, const char *sql, struct rset **out, struct err *e)
{
	struct buf w = BUF_INIT;
	duckdb_result r;
	int wrap = 0, rc = WOWAH_OK;

	if (duckdb_query(d->conn, sql, &r) == DuckDBSuccess) {
		buf_puts(&w, "SELECT ");
		for (idx_t c = 0; c < duckdb_column_count(&r); c++) {
			int ok = rset_type_of(duckdb_column_type(&r, c)) >= 0;
			put_column(&w, c, duckdb_column_name(&r, c), ok);
			wrap |= !ok;
		}
		buf_printf(&w, " FROM (%s) AS wowah_q", sql);
	}
	if (wrap) {
		duckdb_destroy_result(&r);
		duckdb_query(d->conn, w.data, &r);
	}
	if (duckdb_result_error(&r))
		rc = duck_error(e, NULL, duckdb_result_error(&r));
	else
		*out = to_rset(&r);
	duckdb_destroy_result(&r);
	buf_release(&w);
	return rc;
}

int duck_run(struct duck *d, const char *sql, const struct rset_params *p, struct rset **out,
             struct err *e)
{
	duckdb_prepared_statement st;
	duckdb_result r;
	int rc;

	if (out)
		*out = NULL;
	if (out && (!p || !p->n) && one_select(d, sql)) {
		rc = duck_statement_allowed(d, DUCKDB_STATEMENT_TYPE_SELECT, sql, e);
		return rc ? rc : run_select(d, sql, out, e);
	}
	rc = prepare(d, sql, &st, e);
	if (!rc && out)
		rc = printable(d, sql, &st, e);
	if (rc)
		return rc;
	rc = bind(st, p, e);
	if (rc) {
		duckdb_destroy_prepare(&st);
		return rc;
	}
	if (duckdb_execute_prepared(st, &r) == DuckDBError)
		rc = duck_error(e, NULL, duckdb_result_error(&r));
	else if (out && duckdb_result_return_type(r) == DUCKDB_RESULT_TYPE_QUERY_RESULT)
		*out = to_rset(&r);
	duckdb_destroy_result(&r);
	duckdb_destroy_prepare(&st);
	return rc;
}

int duck_check_query(struct duck *d, const char *sql, struct err *e)
{
	duckdb_prepared_statement st;
	int rc = prepare(d, sql, &st, e);

	if (rc)
		return rc;
	if (duckdb_prepared_statement_type(st) != DUCKDB_STATEMENT_TYPE_SELECT)
		rc = err_set(e, WOWAH_EUSAGE,
		             "only a query (SELECT, FROM, WITH ...) can be written to a file");
	duckdb_destroy_prepare(&st);
	return rc;
}

static int run(void *impl, const char *sql, const struct rset_params *p, struct rset **out,
               struct err *e)
{
	return duck_run(impl, sql, p, out, e);
}

void duck_engine(struct duck *d, struct rset_engine *out)
{
	out->dialect = "duckdb";
	out->impl = d;
	out->run = run;
}
