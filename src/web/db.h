/* db.h - the database `wowah serve` answers from, in generations, each with a bounded
 * set of connections: private copies of wowah.duckdb (warehouse_copy), or the ClickHouse
 * that `wowah feed` fills.
 *
 * A load must never wait on the server for long, and the server must keep answering
 * while a load runs: queries run on a copy, never on DATA_DIR/wowah.duckdb itself.
 * web_db_refresh() (called about every second) compares the database's identity with
 * the copy's and, when a load has changed it and no writer holds it, takes a new copy,
 * which becomes the current generation; queries still running on the old one finish
 * there, and the old copy is removed when its last connection comes back. A generation
 * has `conns` connections: at most that many queries run at once; others wait their
 * turn (up to a deadline), so one visitor cannot starve the others of CPU.
 */
#ifndef WOWAH_WEB_DB_H
#define WOWAH_WEB_DB_H

#include <stdint.h>

#include "ch/client.h"
#include "rset/engine.h"
#include "util/err.h"

struct web_db;

/* A connection lent by web_db_acquire(): run reports on eng until web_db_release(). */
struct web_conn {
	struct rset_engine eng;
	uint64_t generation;
	void *impl; /* web_db's */
};

/* Copies go in a new private directory under tmp_dir (NULL: $TMPDIR, else /tmp), removed
 * by web_db_free. Does not copy yet: the first web_db_refresh does. */
int web_db_new(const char *data_dir, const char *tmp_dir, unsigned conns, struct web_db **out,
               struct err *e);
/* ClickHouse instead (o as `wowah report --clickhouse` takes it; libcurl's global set-up
 * is the caller's): a generation is conns read-only clients (readonly=1 on every request,
 * ch/engine.h), and a new one begins when what the feed wrote changes (ch_fed_version);
 * nothing is copied. */
int web_db_new_clickhouse(const struct ch_opts *o, unsigned conns, struct web_db **out,
                          struct err *e);
void web_db_free(struct web_db *db);

/* Takes a new copy when the database changed (and no load holds it right now), or on
 * ClickHouse opens new clients when the feed changed it. *changed says whether a new
 * generation began. Errors (a database missing, broken, held by a load for over
 * WAREHOUSE_LOCK_WAIT_MS, a server down) leave the current generation serving. */
int web_db_refresh(struct web_db *db, int *changed, struct err *e);

/* "duckdb" or "clickhouse": the dialect of the connections lent. */
const char *web_db_engine(const struct web_db *db);

/* The current generation (0: no copy yet) and the Unix time it was taken. */
uint64_t web_db_generation(struct web_db *db, int64_t *taken_at);

/* Lends a connection of the current generation, waiting up to wait_ms for a free one:
 * WOWAH_ETIMEOUT when none came, WOWAH_ENOTFOUND (with the reason, e.g. run 'wowah
 * load') when there is no copy yet. */
int web_db_acquire(struct web_db *db, unsigned wait_ms, struct web_conn *out, struct err *e);
void web_db_release(struct web_db *db, struct web_conn *c);

#endif
