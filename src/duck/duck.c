/* duck.c - opening DuckDB with wowah's functions, and error conversion. */
#include "duck/duck.h"

#include <stdlib.h>
#include <string.h>

#include "duck/functions.h"
#include "util/buf.h"

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

static int open_mode(struct duck *d, const char *path, int read_only, struct err *e)
{
	duckdb_config config = NULL;
	char *open_err = NULL;
	int rc;

	d->db = NULL;
	d->conn = NULL;
	if (path && strcmp(path, ":memory:") == 0)
		path = NULL;
	if (duckdb_create_config(&config) == DuckDBError)
		return err_set(e, WOWAH_ENOMEM, "cannot create a DuckDB configuration");
	/* wowah's files must open in any DuckDB 1.4 client, and nothing may be fetched. */
	duckdb_set_config(config, "autoinstall_known_extensions", "false");
	duckdb_set_config(config, "autoload_known_extensions", "false");
	/* A read-only connection takes a shared lock: readers do not block one another. */
	if (read_only)
		duckdb_set_config(config, "access_mode", "READ_ONLY");
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
	return open_mode(d, path, 1, e);
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

int duck_connect(duckdb_database db, struct duck *out, struct err *e)
{
	/* wowah's functions are the database's once its first connection registered them
	 * (a second registration is refused) */
	out->db = db;
	out->conn = NULL;
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
