/* server.h - `wowah serve`: the web app and its JSON API over HTTP (httpd.h).
 *
 * Routes (GET and HEAD only; anything else is 405):
 *   /api/<name>        the API (api.h)
 *   /static/<file>     an embedded asset (assets.h); no path reaches the file system
 *   /, /item, /realm, /deals, /arbitrage, /data   the app's page (index.html; the app
 *                      reads the path and the query, so every view is a bookmarkable URL)
 *   anything else      404
 * Every answer carries a strict Content-Security-Policy (scripts, styles and data only
 * from this origin, no inline script, no framing) and the other headers a careful
 * server sends (nosniff, no referrer, same-origin isolation). A thread checks the
 * database about every second (web_db_refresh) and clears the answer cache when a new
 * generation serves (a new copy of wowah.duckdb, or ClickHouse after a feed).
 */
#ifndef WOWAH_WEB_SERVER_H
#define WOWAH_WEB_SERVER_H

#include <stddef.h>

#include "ch/client.h"
#include "util/err.h"

struct web_server_config {
	const char *data_dir;             /* absolute; NULL with clickhouse */
	const struct ch_opts *clickhouse; /* not NULL: serve the ClickHouse `wowah feed` fills */
	const char *host;                 /* NULL: 127.0.0.1 */
	int port;                         /* 0: any free port */
	unsigned queries;                 /* at most this many reports run at once; 0: 2 */
	size_t cache_bytes;               /* 0: 64 MiB */
	const char *tmp_dir;              /* where the database copies go; NULL: $TMPDIR or /tmp */
};

struct web_server;

/* Starts serving (the database may not exist yet: the API says so until a load makes
 * it). On failure nothing is left running. */
int web_server_start(const struct web_server_config *cfg, struct web_server **out, struct err *e);
int web_server_port(const struct web_server *s);
/* Stops serving, waits for running requests, removes the database copies. */
void web_server_stop(struct web_server *s);

#endif
