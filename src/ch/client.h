/* client.h - one ClickHouse server over its HTTP interface (libcurl).
 *
 * Every call is one HTTP request: the SQL goes in the body (ch_exec, ch_query) or, for an
 * insert, in the URL while the rows stream in the body. Errors carry ClickHouse's own
 * message, first line only, without the stack or the version ("Code: 60. DB::Exception:
 * Table wowah.x doesn't exist."), as WOWAH_EDB; a failed transport is WOWAH_EHTTP and a
 * refused user WOWAH_EAUTH. The password travels in the Authorization header only: it is
 * never put in a URL, a log line or an error message.
 *
 * libcurl's global set-up is the caller's (bnet_global_init(), bnet/bnet.h).
 */
#ifndef WOWAH_CH_CLIENT_H
#define WOWAH_CH_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

struct ch_opts {
	const char *url;      /* http://127.0.0.1:8123 (no credentials in it) */
	const char *user;     /* NULL: default */
	const char *password; /* NULL: none; sent as a header, never in a URL, log or error */
	const char *database; /* NULL: the server's default */
	int readonly;         /* 1: every request carries readonly=1 */
	long timeout_s;       /* 0: library default */
};

struct ch_client;

/* Copies what it needs of o. NULL with e set (WOWAH_ECONFIG for a URL that is not
 * http(s):// or that carries credentials). */
struct ch_client *ch_client_new(const struct ch_opts *o, struct err *e);
void ch_client_free(struct ch_client *c);

/* A statement with no result (DDL, INSERT ... SELECT). */
int ch_exec(struct ch_client *c, const char *sql, struct err *e);

/* A query; out gets the response body in the format the SQL names (FORMAT ...). */
int ch_query(struct ch_client *c, const char *sql, struct buf *out, struct err *e);

/* The error of an answer other than 200: the status and the start of its body, ClickHouse's
 * exception text, as the one line described above (returns the code it set: WOWAH_EDB,
 * WOWAH_EAUTH, WOWAH_ENOSPACE when the server's disk is full, naming url, or WOWAH_EHTTP
 * when the body says nothing). At most the body's first 4 KiB is read; it may hold any
 * bytes, NUL included. */
int ch_reply_error(long status, const char *body, size_t len, const char *url, struct err *e);

/* One number's answer (FORMAT TabSeparated of a single integer value) into *out: its
 * digits, with a sign, and one line end; an empty answer or \N is 0. Anything else is
 * WOWAH_EPARSE (not read as 0). */
int ch_parse_i64(const char *body, size_t len, int64_t *out, struct err *e);

/* ch_query of sql, its answer read by ch_parse_i64. */
int ch_query_i64(struct ch_client *c, const char *sql, int64_t *out, struct err *e);

/* Appends s as a ClickHouse string literal: quoted, with ' and \\ escaped. */
void ch_put_quoted(struct buf *b, const char *s);

/* INSERT ... FORMAT RowBinary with a streamed body: read() fills up to n bytes, returns
 * 0 at the end, or (size_t)-1 to abort (the insert then fails, nothing is committed
 * beyond ClickHouse's own block rules). */
int ch_insert(struct ch_client *c, const char *insert_sql,
              size_t (*read)(void *ctx, char *buf, size_t n), void *ctx, struct err *e);

/* Extra URL settings for the requests that follow ("insert_distributed_sync=1&..."),
 * appended as given (the caller escapes); NULL clears them. */
void ch_client_set_settings(struct ch_client *c, const char *settings);

/* The query_id of the next request (ClickHouse's, visible in system.processes); NULL lets
 * the server pick one. Applies to one request only. */
void ch_client_set_query_id(struct ch_client *c, const char *query_id);

/* The URL the client talks to (never with credentials). */
const char *ch_client_url(const struct ch_client *c);

#endif
