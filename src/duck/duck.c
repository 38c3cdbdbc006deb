/* duck.c - opening DuckDB with wowah's functions, and error conversion. */
#include "duck/duck.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "duck/functions.h"
#include "util/buf.h"
#include "util/fs.h"

int duck_error(struct err *e, const char *what, const char *duck_msg)
{
	const char *msg = duck_msg ? duck_msg : "unknown DuckDB error";
	/* DuckDB follows the message with a blank line and the query context (twice, for
	 * parser errors): on one line that context is noise, so only the message is kept. */
	const char *para = strstr(msg, "\n\n");
	int len = para ? (int)(para - msg) : (int)strlen(msg);
	int rc = err_set(e, WOWAH_EDB, "%s%s%.*s", what ? what : "", what ? ": " : "", len, msg);

	if (e)
		for (char *p = e->msg; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
	return rc;
}

enum open_flags { OPEN_READ_ONLY = 1, OPEN_SERIAL = 2 };

static int open_mode(struct duck *d, const char *path, int flags, struct err *e)
{
	duckdb_config config = NULL;
	char *open_err = NULL;
	int rc;

	d->db = NULL;
	d->conn = NULL;
	d->confined = 0;
	if (path && strcmp(path, ":memory:") == 0)
		path = NULL;
	if (duckdb_create_config(&config) == DuckDBError)
		return err_set(e, WOWAH_ENOMEM, "cannot create a DuckDB configuration");
	/* wowah's files must open in any DuckDB 1.4 client, and nothing may be fetched. */
	duckdb_set_config(config, "autoinstall_known_extensions", "false");
	duckdb_set_config(config, "autoload_known_extensions", "false");
	/* A read-only connection takes a shared lock: readers do not block one another. */
	if (flags & OPEN_READ_ONLY)
		duckdb_set_config(config, "access_mode", "READ_ONLY");
	if (flags & OPEN_SERIAL)
		duckdb_set_config(config, "threads", "1");
	if (duckdb_open_ext(path, &d->db, config, &open_err) == DuckDBError) {
		rc = duck_error(e, path ? path : "in-memory database", open_err);
		duckdb_free(open_err);
		duckdb_destroy_config(&config);
		d->db = NULL;
		return rc;
	}
	duckdb_destroy_config(&config);
	if (duckdb_connect(d->db, &d->conn) == DuckDBError) {
		duck_close(d);
		return err_set(e, WOWAH_EDB, "cannot connect to DuckDB database");
	}
	rc = duck_functions_register(d->conn, e);
	if (rc)
		duck_close(d);
	return rc;
}

int duck_open(struct duck *d, const char *path, struct err *e)
{
	return open_mode(d, path, 0, e);
}

int duck_open_read_only(struct duck *d, const char *path, struct err *e)
{
	return open_mode(d, path, OPEN_READ_ONLY, e);
}

int duck_open_serial(struct duck *d, const char *path, struct err *e)
{
	return open_mode(d, path, OPEN_SERIAL, e);
}

void duck_close(struct duck *d)
{
	if (d->conn)
		duckdb_disconnect(&d->conn);
	if (d->db)
		duckdb_close(&d->db);
	d->conn = NULL;
	d->db = NULL;
}

static void put_list(struct buf *sql, const char *setting, const char *const *v, size_t n)
{
	buf_printf(sql, "SET %s = [", setting);
	for (size_t i = 0; i < n; i++) {
		char *q = duck_quote(v[i]);
		buf_printf(sql, "%s%s", i ? ", " : "", q);
		free(q);
	}
	buf_puts(sql, "]; ");
}

int duck_confine(struct duck *d, const char *const *dirs, size_t ndirs, const char *const *paths,
                 size_t npaths, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	/* Only before external access is off: afterwards DuckDB refuses to widen them. */
	put_list(&sql, "allowed_directories", dirs, ndirs);
	put_list(&sql, "allowed_paths", paths, npaths);
	buf_puts(&sql, "SET enable_external_access = false; SET lock_configuration = true");
	rc = duck_exec(d, sql.data, e);
	buf_release(&sql);
	if (!rc)
		d->confined = 1;
	return rc;
}

/* What confined SQL may not run: each writes files or reaches past allowed_paths by
 * other means (EXECUTE runs a statement PREPAREd under another type; CALL reaches
 * enable_logging's file storage). */
static const struct {
	duckdb_statement_type type;
	const char *name;
} refused[] = {
        {DUCKDB_STATEMENT_TYPE_COPY, "COPY"},
        {DUCKDB_STATEMENT_TYPE_EXPORT, "EXPORT"},
        {DUCKDB_STATEMENT_TYPE_ATTACH, "ATTACH"},
        {DUCKDB_STATEMENT_TYPE_DETACH, "DETACH"},
        {DUCKDB_STATEMENT_TYPE_LOAD, "INSTALL and LOAD"},
        {DUCKDB_STATEMENT_TYPE_EXTENSION, "extension statements"},
        {DUCKDB_STATEMENT_TYPE_PREPARE, "PREPARE"},
        {DUCKDB_STATEMENT_TYPE_EXECUTE, "EXECUTE"},
        {DUCKDB_STATEMENT_TYPE_CALL, "CALL"},
        {DUCKDB_STATEMENT_TYPE_MULTI, "this statement"},
        {DUCKDB_STATEMENT_TYPE_LOGICAL_PLAN, "this statement"},
        {DUCKDB_STATEMENT_TYPE_RELATION, "this statement"},
        {DUCKDB_STATEMENT_TYPE_INVALID, "this statement"},
};

int duck_statement_allowed(const struct duck *d, duckdb_statement_type t, const char *sql,
                           struct err *e)
{
	if (!d->confined)
		return WOWAH_OK;
	/* A SELECT can call enable_logging(), whose file storage writes below the allowed
	 * directories whatever lock_configuration says; an identifier cannot be split or
	 * escaped in DuckDB's SQL, so its name in the text is the test. */
	if (strcasestr(sql, "enable_logging"))
		return err_set(e, WOWAH_EDB,
		               "enable_logging is not allowed: this SQL may only read the loaded "
		               "data (docs/sql.md says why, and how to lift it)");
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (refused[i].type == t)
			return err_set(e, WOWAH_EDB,
			               "%s is not allowed: this SQL may only read the loaded data "
			               "(docs/sql.md says why, and how to lift it)",
			               refused[i].name);
	return WOWAH_OK;
}

int duck_connect(duckdb_database db, struct duck *out, struct err *e)
{
	/* wowah's functions are the database's once its first connection registered them
	 * (a second registration is refused) */
	out->db = db;
	out->conn = NULL;
	out->confined = 0;
	if (duckdb_connect(db, &out->conn) == DuckDBError)
		return err_set(e, WOWAH_EDB, "cannot connect to DuckDB database");
	return WOWAH_OK;
}

void duck_disconnect(struct duck *d)
{
	if (d->conn)
		duckdb_disconnect(&d->conn);
	d->conn = NULL;
	d->db = NULL;
}

int duck_query(struct duck *d, const char *sql, duckdb_result *out, struct err *e)
{
	if (duckdb_query(d->conn, sql, out) == DuckDBError) {
		int rc = duck_error(e, NULL, duckdb_result_error(out));
		duckdb_destroy_result(out);
		return rc;
	}
	return WOWAH_OK;
}

int duck_exec(struct duck *d, const char *sql, struct err *e)
{
	duckdb_result res;
	int rc = duck_query(d, sql, &res, e);
	if (rc == WOWAH_OK)
		duckdb_destroy_result(&res);
	return rc;
}

/* Adds the non-NULL BIGINTs of chunk's first column to *sum. */
static void add_chunk(duckdb_data_chunk chunk, int64_t *sum)
{
	duckdb_vector v = duckdb_data_chunk_get_vector(chunk, 0);
	const int64_t *x = duckdb_vector_get_data(v);
	uint64_t *valid = duckdb_vector_get_validity(v);
	idx_t n = duckdb_data_chunk_get_size(chunk);

	for (idx_t i = 0; i < n; i++)
		if (duckdb_validity_row_is_valid(valid, i))
			*sum += x[i];
}

static int stream_error(struct err *e, duckdb_prepared_statement ps, duckdb_pending_result p,
                        duckdb_result *r)
{
	const char *msg = r ? duckdb_result_error(r) : p ? duckdb_pending_error(p) : NULL;

	return duck_error(e, NULL, msg ? msg : duckdb_prepare_error(ps));
}

int duck_sum_reaches(struct duck *d, const char *sql, int64_t bound, int *out, struct err *e)
{
	duckdb_prepared_statement ps = NULL;
	duckdb_pending_result p = NULL;
	duckdb_result r;
	duckdb_data_chunk chunk;
	int64_t sum = 0;
	int rc = WOWAH_OK;

	*out = 0;
	if (duckdb_prepare(d->conn, sql, &ps) == DuckDBError)
		rc = stream_error(e, ps, NULL, NULL);
	else if (duckdb_pending_prepared_streaming(ps, &p) == DuckDBError)
		rc = stream_error(e, ps, p, NULL);
	else if (duckdb_execute_pending(p, &r) == DuckDBError) {
		rc = stream_error(e, ps, p, &r);
		duckdb_destroy_result(&r);
	} else {
		while (sum < bound && (chunk = duckdb_fetch_chunk(r)) != NULL) {
			add_chunk(chunk, &sum);
			duckdb_destroy_data_chunk(&chunk);
		}
		*out = sum >= bound;
		duckdb_destroy_result(&r); /* the rest of the rows is never made */
	}
	duckdb_destroy_pending(&p);
	duckdb_destroy_prepare(&ps);
	return rc;
}

char *duck_quote(const char *s)
{
	struct buf b = BUF_INIT;
	buf_putc(&b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_putc(&b, '\'');
		buf_putc(&b, *s);
	}
	buf_putc(&b, '\'');
	return buf_detach(&b, NULL);
}

int duck_copy_staged(struct duck *d, const char *query, const char *options, const char *path,
                     char **tmp_out, struct err *e)
{
	struct buf sql = BUF_INIT;
	char *tmp = fs_tmp_path(path), *q = duck_quote(tmp);
	int rc;

	buf_printf(&sql, "COPY (\n%s\n) TO %s (%s)", query, q, options);
	rc = duck_exec(d, sql.data, e);
	if (!rc)
		rc = fs_fsync_path(tmp, e);
	free(q);
	buf_release(&sql);
	if (rc) {
		unlink(tmp);
		free(tmp);
		tmp = NULL;
	}
	*tmp_out = tmp;
	return rc;
}

int duck_copy_to(struct duck *d, const char *query, const char *options, const char *path,
                 struct err *e)
{
	char *tmp;
	int rc = duck_copy_staged(d, query, options, path, &tmp, e);

	if (!rc && (rc = fs_commit(tmp, path, e)))
		unlink(tmp);
	free(tmp);
	return rc;
}
