/* db.c - generations of the data serve answers from, each with its connections. A source
 * says what the data is now (an identity that changes with it) and opens a generation's
 * connections: a private copy of wowah.duckdb with its DuckDB connections, or read-only
 * ClickHouse clients. Lending, waiting and retiring are the same for both. */
#include "web/db.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "ch/engine.h"
#include "ch/schema.h"
#include "duck/engine.h"
#include "util/buf.h"
#include "util/ts.h"
#include "warehouse/warehouse.h"

#define IDENT_MAX 128

struct gen {
	uint64_t id;
	int64_t taken_at;
	char ident[IDENT_MAX]; /* the source's identity of the data it serves */
	size_t ident_len;
	struct rset_engine *engs; /* n connections */
	int *lent;                /* per connection */
	unsigned n, out;          /* connections, and how many are lent */
	void *impl;               /* the source's: the copy, or the clients */
	int retired;              /* a newer generation serves: free when out is 0 */
	struct gen *next;         /* retired generations still lent */
};

struct source {
	const char *engine; /* the dialect */
	/* The identity of the data now: at most IDENT_MAX bytes into out, *len of them. */
	int (*ident)(struct web_db *db, char *out, size_t *len, struct err *e);
	/* Opens g's connections (g->engs, g->n, g->impl); may replace g->ident by that of
	 * what it opened. On failure g is freed by the caller, with close(). */
	int (*open)(struct web_db *db, struct gen *g, struct err *e);
	void (*close)(struct gen *g);
};

struct web_db {
	const struct source *src;
	char *data_dir, *dir;    /* DuckDB: the data dir, the copies' directory */
	struct ch_opts ch;       /* ClickHouse: the server (its strings owned) */
	struct ch_client *probe; /* ClickHouse: asks what the feed wrote */
	unsigned nconns;
	pthread_mutex_t lock;
	pthread_cond_t freed;
	struct gen *cur;
	struct gen *retired;
	uint64_t next_id;
	char why[512]; /* why there is no generation yet */
	/* The last copy the disk had no room for: its data, the room left after it was
	 * removed, and what was said. The same data is not copied again until there is more
	 * room: each try would write (and drop) a partial copy of up to the whole database. */
	char full_ident[IDENT_MAX];
	size_t full_len;
	uint64_t full_room;
	char full_msg[sizeof(((struct err *)0)->msg)];
};

/* ---- DuckDB: a private copy per generation ---- */

struct copy {
	char *path;
	struct duck base;   /* the database and its first connection */
	struct duck *conns; /* base's first */
};

static int copy_ident(struct web_db *db, char *out, size_t *len, struct err *e)
{
	struct warehouse_ident now;
	int rc = warehouse_ident(db->data_dir, &now, e);

	*len = 0;
	if (!rc) {
		memcpy(out, &now, sizeof(now));
		*len = sizeof(now);
	}
	return rc;
}

static void copy_close(struct gen *g)
{
	struct copy *c = g->impl;
	struct buf wal = BUF_INIT;

	if (!c)
		return;
	for (unsigned i = 1; i < g->n; i++)
		duck_disconnect(&c->conns[i]);
	duck_close(&c->base);
	buf_printf(&wal, "%s.wal", c->path);
	unlink(c->path);
	unlink(wal.data);
	buf_release(&wal);
	free(c->path);
	free(c->conns);
	free(c);
}

static int copy_open(struct web_db *db, struct gen *g, struct err *e)
{
	struct copy *c = xcalloc(1, sizeof(*c));
	struct warehouse_ident ident;
	struct buf path = BUF_INIT;
	int rc;

	buf_printf(&path, "%s/wowah-%llu.duckdb", db->dir, (unsigned long long)g->id);
	c->path = buf_detach(&path, NULL);
	c->conns = xcalloc(db->nconns, sizeof(*c->conns));
	g->impl = c;
	rc = warehouse_copy(db->data_dir, c->path, &ident, e);
	if (!rc) {
		memcpy(g->ident, &ident, sizeof(ident));
		g->ident_len = sizeof(ident);
		rc = warehouse_open_copy(c->path, db->data_dir, &c->base, e);
	}
	if (!rc) {
		c->conns[0] = c->base;
		g->n = 1;
	}
	while (!rc && g->n < db->nconns) {
		rc = warehouse_connect(&c->base, db->data_dir, &c->conns[g->n], e);
		if (!rc)
			g->n++;
	}
	for (unsigned i = 0; i < g->n; i++)
		duck_engine(&c->conns[i], &g->engs[i]);
	return rc;
}

static const struct source copies = {"duckdb", copy_ident, copy_open, copy_close};

/* ---- ClickHouse: read-only clients per generation ---- */

static int fed_ident(struct web_db *db, char *out, size_t *len, struct err *e)
{
	struct buf b = BUF_INIT;
	int rc = ch_fed_version(db->probe, &b, e);

	*len = 0;
	if (!rc && b.len) {
		*len = b.len < IDENT_MAX ? b.len : IDENT_MAX;
		memcpy(out, b.data, *len);
	}
	buf_release(&b);
	if (rc == WOWAH_EDB) {
		char msg[sizeof(e->msg)];
		snprintf(msg, sizeof(msg), "%s", e->msg);
		rc = err_set(e, rc, "%.400s (has 'wowah feed' filled database %s?)", msg,
		             db->ch.database ? db->ch.database : "default");
	}
	return rc;
}

static void clients_close(struct gen *g)
{
	struct ch_client **c = g->impl;

	if (!c)
		return;
	for (unsigned i = 0; i < g->n; i++)
		ch_client_free(c[i]);
	free(c);
}

static int clients_open(struct web_db *db, struct gen *g, struct err *e)
{
	struct ch_client **c = xcalloc(db->nconns, sizeof(*c));
	/* a database of another schema version would fail in the middle of each page's SQL */
	int rc = ch_schema_check(db->probe, db->ch.database, e);

	g->impl = c;
	while (!rc && g->n < db->nconns) {
		rc = ch_engine_open(&db->ch, &c[g->n], &g->engs[g->n], e);
		if (!rc)
			g->n++;
	}
	return rc;
}

static const struct source clients = {"clickhouse", fed_ident, clients_open, clients_close};

/* ---- generations ---- */

static void gen_free(struct web_db *db, struct gen *g)
{
	if (!g)
		return;
	db->src->close(g);
	free(g->engs);
	free(g->lent);
	free(g);
}

static struct web_db *db_new(const struct source *src, unsigned conns)
{
	struct web_db *db = xcalloc(1, sizeof(*db));

	db->src = src;
	db->nconns = conns ? conns : 1;
	pthread_mutex_init(&db->lock, NULL);
	pthread_cond_init(&db->freed, NULL);
	snprintf(db->why, sizeof(db->why), "the database is not open yet");
	return db;
}

int web_db_new(const char *data_dir, const char *tmp_dir, unsigned conns, struct web_db **out,
               struct err *e)
{
	struct web_db *db;
	struct buf dir = BUF_INIT;

	if (!tmp_dir)
		tmp_dir = getenv("TMPDIR");
	buf_printf(&dir, "%s/wowah-serve-XXXXXX", tmp_dir && *tmp_dir ? tmp_dir : "/tmp");
	if (!mkdtemp(dir.data)) {
		int rc = err_errno(e, WOWAH_EIO, errno, "cannot make a directory %s", dir.data);
		buf_release(&dir);
		return rc;
	}
	db = db_new(&copies, conns);
	db->data_dir = xstrdup(data_dir);
	db->dir = buf_detach(&dir, NULL);
	*out = db;
	return WOWAH_OK;
}

int web_db_new_clickhouse(const struct ch_opts *o, unsigned conns, struct web_db **out,
                          struct err *e)
{
	struct web_db *db = db_new(&clients, conns);

	db->ch = *o;
	db->ch.url = xstrdup_or_null(o->url);
	db->ch.user = xstrdup_or_null(o->user);
	db->ch.password = xstrdup_or_null(o->password);
	db->ch.database = xstrdup_or_null(o->database);
	db->ch.readonly = 1;
	db->probe = ch_client_new(&db->ch, e);
	if (!db->probe) {
		int rc = e->code ? e->code : WOWAH_ECONFIG;
		web_db_free(db);
		return rc;
	}
	*out = db;
	return WOWAH_OK;
}

void web_db_free(struct web_db *db)
{
	if (!db)
		return;
	gen_free(db, db->cur);
	while (db->retired) {
		struct gen *g = db->retired;
		db->retired = g->next;
		gen_free(db, g);
	}
	if (db->dir)
		rmdir(db->dir);
	ch_client_free(db->probe);
	free((char *)db->ch.url);
	free((char *)db->ch.user);
	if (db->ch.password)
		explicit_bzero((char *)db->ch.password, strlen(db->ch.password));
	free((char *)db->ch.password);
	free((char *)db->ch.database);
	pthread_mutex_destroy(&db->lock);
	pthread_cond_destroy(&db->freed);
	free(db->data_dir);
	free(db->dir);
	free(db);
}

/* A new generation of the data whose identity is ident: the source's connections. */
static int gen_open(struct web_db *db, uint64_t id, const char *ident, size_t len, struct gen **out,
                    struct err *e)
{
	struct gen *g = xcalloc(1, sizeof(*g));
	int rc;

	g->id = id;
	g->taken_at = ts_now();
	memcpy(g->ident, ident, len);
	g->ident_len = len;
	g->engs = xcalloc(db->nconns, sizeof(*g->engs));
	g->lent = xcalloc(db->nconns, sizeof(int));
	rc = db->src->open(db, g, e);
	if (rc) {
		gen_free(db, g);
		return rc;
	}
	*out = g;
	return WOWAH_OK;
}

static int ident_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

static int same_ident(const struct gen *g, const char *ident, size_t len)
{
	return ident_eq(g->ident, g->ident_len, ident, len);
}

/* Retires db->cur (under the lock): freed now when nothing is lent, else by the last
 * web_db_release. */
static void retire(struct web_db *db)
{
	struct gen *g = db->cur;

	db->cur = NULL;
	if (!g)
		return;
	if (g->out == 0) {
		gen_free(db, g);
		return;
	}
	g->retired = 1;
	g->next = db->retired;
	db->retired = g;
}

/* Bytes free to us where the copies go; UINT64_MAX when that cannot be told. */
static uint64_t room(const struct web_db *db)
{
	struct statvfs v;

	if (!db->dir || statvfs(db->dir, &v) != 0)
		return UINT64_MAX;
	return (uint64_t)v.f_bavail * v.f_frsize;
}

/* Whether the copy of `now` failed for room that has not grown since (under the lock). */
static int still_full(const struct web_db *db, const char *now, size_t len)
{
	return db->full_len && ident_eq(db->full_ident, db->full_len, now, len) &&
	       room(db) <= db->full_room;
}

static void note_full(struct web_db *db, const char *now, size_t len, const struct err *e)
{
	db->full_room = room(db);
	if (db->full_room == UINT64_MAX)
		return; /* no telling when there is more: try each time */
	memcpy(db->full_ident, now, len);
	db->full_len = len;
	snprintf(db->full_msg, sizeof(db->full_msg), "%s", e ? e->msg : "");
}

int web_db_refresh(struct web_db *db, int *changed, struct err *e)
{
	char now[IDENT_MAX];
	size_t len = 0;
	struct gen *g = NULL;
	uint64_t id;
	int rc;

	*changed = 0;
	rc = db->src->ident(db, now, &len, e);
	pthread_mutex_lock(&db->lock);
	if (!rc && db->cur && same_ident(db->cur, now, len)) {
		pthread_mutex_unlock(&db->lock);
		return WOWAH_OK;
	}
	if (!rc && still_full(db, now, len)) {
		if (e) {
			e->code = WOWAH_ENOSPACE;
			snprintf(e->msg, sizeof(e->msg), "%s", db->full_msg);
		}
		pthread_mutex_unlock(&db->lock);
		return WOWAH_ENOSPACE;
	}
	/* no data, no generation number spent; a failed copy's number is taken again: its
	 * error names the same file each time */
	id = rc ? 0 : db->next_id + 1;
	pthread_mutex_unlock(&db->lock);
	if (!rc)
		rc = gen_open(db, id, now, len, &g, e);
	pthread_mutex_lock(&db->lock);
	if (rc && !db->cur)
		snprintf(db->why, sizeof(db->why), "%s", e ? e->msg : "no database");
	if (rc == WOWAH_ENOSPACE && db->cur && e) {
		size_t n = strlen(e->msg);
		snprintf(e->msg + n, sizeof(e->msg) - n, " (generation %llu keeps serving)",
		         (unsigned long long)db->cur->id);
	}
	if (rc == WOWAH_ENOSPACE)
		note_full(db, now, len, e);
	if (!rc)
		db->full_len = 0;
	if (!rc) {
		retire(db);
		db->next_id = id;
		db->cur = g;
		*changed = 1;
	}
	pthread_mutex_unlock(&db->lock);
	return rc;
}

const char *web_db_engine(const struct web_db *db)
{
	return db->src->engine;
}

uint64_t web_db_generation(struct web_db *db, int64_t *taken_at)
{
	uint64_t id = 0;

	pthread_mutex_lock(&db->lock);
	if (db->cur)
		id = db->cur->id;
	if (taken_at)
		*taken_at = db->cur ? db->cur->taken_at : 0;
	pthread_mutex_unlock(&db->lock);
	return id;
}

static int free_conn(const struct gen *g)
{
	for (unsigned i = 0; i < g->n; i++)
		if (!g->lent[i])
			return (int)i;
	return -1;
}

static void deadline_after(unsigned ms, struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

int web_db_acquire(struct web_db *db, unsigned wait_ms, struct web_conn *out, struct err *e)
{
	struct timespec deadline;
	int i = -1;

	deadline_after(wait_ms, &deadline);
	pthread_mutex_lock(&db->lock);
	while (db->cur && (i = free_conn(db->cur)) < 0)
		if (pthread_cond_timedwait(&db->freed, &db->lock, &deadline) == ETIMEDOUT)
			break;
	if (!db->cur || i < 0) {
		int rc = db->cur ? err_set(e, WOWAH_ETIMEOUT, "every query slot is busy; try again")
		                 : err_set(e, WOWAH_ENOTFOUND, "%s", db->why);
		pthread_mutex_unlock(&db->lock);
		return rc;
	}
	db->cur->lent[i] = 1;
	db->cur->out++;
	out->eng = db->cur->engs[i];
	out->generation = db->cur->id;
	out->impl = &db->cur->engs[i];
	pthread_mutex_unlock(&db->lock);
	return WOWAH_OK;
}

/* The generation that lent c, current or retired. */
static struct gen *owner(struct web_db *db, const struct web_conn *c, struct gen ***link)
{
	*link = NULL;
	if (db->cur && db->cur->id == c->generation)
		return db->cur;
	for (struct gen **p = &db->retired; *p; p = &(*p)->next)
		if ((*p)->id == c->generation) {
			*link = p;
			return *p;
		}
	return NULL;
}

void web_db_release(struct web_db *db, struct web_conn *c)
{
	struct gen **link, *g;

	pthread_mutex_lock(&db->lock);
	g = owner(db, c, &link);
	if (g) {
		g->lent[(struct rset_engine *)c->impl - g->engs] = 0;
		g->out--;
		if (g->retired && g->out == 0) {
			*link = g->next;
			gen_free(db, g);
		}
	}
	pthread_cond_broadcast(&db->freed);
	pthread_mutex_unlock(&db->lock);
}
