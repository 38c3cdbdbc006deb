/* duck.h - DuckDB connections as wowah opens them.
 *
 * Every connection wowah opens goes through duck_open(), so every connection has wowah's
 * SQL functions (duck/functions.h: market_value, gold, ...) registered, and DuckDB's
 * errors become struct err at this boundary.
 */
#ifndef WOWAH_DUCK_H
#define WOWAH_DUCK_H

#include <duckdb.h>

#include "util/err.h"

struct duck {
	duckdb_database db;
	duckdb_connection conn;
	int confined; /* by duck_confine(): duck_run() refuses statements that write files */
};

/* Opens path (NULL or ":memory:" for an in-memory database) and connects.
 * On failure d is left closed. Release with duck_close() in every case. */
int duck_open(struct duck *d, const char *path, struct err *e);
/* The same for an existing file, read-only: any number of these share it, but not with a
 * writer (DuckDB's fcntl lock on the file). */
int duck_open_read_only(struct duck *d, const char *path, struct err *e);
/* duck_open() with one thread: DuckDB starts no workers, whose hand-offs cost a small
 * database's load more than they save (SET threads widens it later). */
int duck_open_serial(struct duck *d, const char *path, struct err *e);
void duck_close(struct duck *d);

/* Confines what SQL on d may touch to the files below dirs and the files of paths
 * (absolute; read, and written only by wowah's own statements): DuckDB's
 * enable_external_access off with them as allowed_directories and allowed_paths, the
 * configuration locked so no SQL can lift it (no SET, RESET or PRAGMA of any setting
 * afterwards), and duck_run() refusing statement types that write files, attach databases
 * or load extensions (duck_statement_allowed()). Extensions are never installed or loaded
 * automatically on any connection (duck_open). */
int duck_confine(struct duck *d, const char *const *dirs, size_t ndirs, const char *const *paths,
                 size_t npaths, struct err *e);

/* Whether a confined d may run sql, prepared as a statement of type t; e says why not. */
int duck_statement_allowed(const struct duck *d, duckdb_statement_type t, const char *sql,
                           struct err *e);

/* Another connection to db, a database duck_open() made (so it has wowah's functions),
 * into out, whose db is borrowed: release it with duck_disconnect(), and close db only after every
 * one. */
int duck_connect(duckdb_database db, struct duck *out, struct err *e);
void duck_disconnect(struct duck *d);

/* Writes the rows of query with COPY ... (options) to fs_tmp_path(path), synced, and sets
 * *tmp_out to that name for the caller to fs_commit() (and free): several files then go into
 * place together or not at all. On failure nothing is left and *tmp_out is NULL. */
int duck_copy_staged(struct duck *d, const char *query, const char *options, const char *path,
                     char **tmp_out, struct err *e);

/* Writes the rows of query to path with COPY ... (options), atomically: into
 * fs_tmp_path(path), synced, then renamed into place; nothing is left at either name on
 * failure. */
int duck_copy_to(struct duck *d, const char *query, const char *options, const char *path,
                 struct err *e);

/* Runs sql and discards its result. DuckDB's message goes to e on one line. */
int duck_exec(struct duck *d, const char *sql, struct err *e);

/* Runs sql (one BIGINT column) as a stream and sets *out = 1 once the sum of its rows
 * reaches bound, stopping there: a bounded probe, whose cost is the rows up to the bound,
 * not the whole relation's. */
int duck_sum_reaches(struct duck *d, const char *sql, int64_t bound, int *out, struct err *e);

/* Runs sql; on success *out holds the result and the caller calls
 * duckdb_destroy_result(out). On failure nothing needs destroying. */
int duck_query(struct duck *d, const char *sql, duckdb_result *out, struct err *e);

/* Converts a DuckDB error text into e (newlines folded, so it stays one line). */
int duck_error(struct err *e, const char *what, const char *duck_msg);

/* Escapes s as a SQL string literal ('it''s') into out (the caller frees it). */
char *duck_quote(const char *s);

#endif
