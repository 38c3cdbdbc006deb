/* db.c - generations of private copies of wowah.duckdb, each with its connections. */
#include "web/db.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "duck/engine.h"
#include "util/buf.h"
#include "util/ts.h"
#include "warehouse/warehouse.h"

struct gen {
	uint64_t id;
	int64_t taken_at;
	char *path;
	struct warehouse_ident ident;
	struct duck base;   /* the database and its first connection */
	struct duck *conns; /* n connections, base's first */
	int *lent;          /* per connection */
	unsigned n, out;    /* connections, and how many are lent */
	int retired;        /* a newer generation serves: free when out is 0 */
	struct gen *next;   /* retired generations still lent */
};

struct web_db {
	char *data_dir, *dir;
	unsigned nconns;
	pthread_mutex_t lock;
	pthread_cond_t freed;
	struct gen *cur;
	struct gen *retired;
	uint64_t next_id;
	char why[512]; /* why there is no generation yet */
};

static void gen_free(struct gen *g)
{
	if (!g)
		return;
	for (unsigned i = 1; i < g->n; i++)
		duck_disconnect(&g->conns[i]);
	duck_close(&g->base);
	if (g->path) {
		struct buf wal = BUF_INIT;
		buf_printf(&wal, "%s.wal", g->path);
		unlink(g->path);
		unlink(wal.data);
		buf_release(&wal);
	}
	free(g->path);
	free(g->conns);
	free(g->lent);
	free(g);
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
	db = xcalloc(1, sizeof(*db));
	db->data_dir = xstrdup(data_dir);
	db->dir = buf_detach(&dir, NULL);
	db->nconns = conns ? conns : 1;
	pthread_mutex_init(&db->lock, NULL);
	pthread_cond_init(&db->freed, NULL);
	snprintf(db->why, sizeof(db->why), "the database is not open yet");
	*out = db;
	return WOWAH_OK;
}

void web_db_free(struct web_db *db)
{
	if (!db)
		return;
	gen_free(db->cur);
	while (db->retired) {
		struct gen *g = db->retired;
		db->retired = g->next;
		gen_free(g);
	}
	rmdir(db->dir);
	pthread_mutex_destroy(&db->lock);
	pthread_cond_destroy(&db->freed);
	free(db->data_dir);
	free(db->dir);
	free(db);
}

/* A new generation: the copy, its database, its connections. */
static int gen_open(struct web_db *db, uint64_t id, struct gen **out, struct err *e)
{
	struct gen *g = xcalloc(1, sizeof(*g));
	struct buf path = BUF_INIT;
	int rc;

	buf_printf(&path, "%s/wowah-%llu.duckdb", db->dir, (unsigned long long)id);
	g->id = id;
	g->taken_at = ts_now();
	g->path = buf_detach(&path, NULL);
	g->conns = xcalloc(db->nconns, sizeof(*g->conns));
	g->lent = xcalloc(db->nconns, sizeof(int));
	rc = warehouse_copy(db->data_dir, g->path, &g->ident, e);
	if (!rc)
		rc = warehouse_open_copy(g->path, db->data_dir, &g->base, e);
	if (!rc) {
		g->conns[0] = g->base;
		g->n = 1;
	}
	while (!rc && g->n < db->nconns) {
		rc = warehouse_connect(&g->base, db->data_dir, &g->conns[g->n], e);
		if (!rc)
			g->n++;
	}
	if (rc) {
		gen_free(g);
		return rc;
	}
	*out = g;
	return WOWAH_OK;
}

static int same_ident(const struct warehouse_ident *a, const struct warehouse_ident *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
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
		gen_free(g);
		return;
	}
	g->retired = 1;
	g->next = db->retired;
	db->retired = g;
}

int web_db_refresh(struct web_db *db, int *changed, struct err *e)
{
	struct warehouse_ident now;
	struct gen *g = NULL;
	uint64_t id;
	int rc;

	*changed = 0;
	rc = warehouse_ident(db->data_dir, &now, e);
	pthread_mutex_lock(&db->lock);
	if (!rc && db->cur && same_ident(&now, &db->cur->ident)) {
		pthread_mutex_unlock(&db->lock);
		return WOWAH_OK;
	}
	/* a failed copy's number is taken again: its error names the same file each time */
	id = db->next_id + 1;
	pthread_mutex_unlock(&db->lock);
	if (!rc)
		rc = gen_open(db, id, &g, e);
	pthread_mutex_lock(&db->lock);
	if (rc && !db->cur)
		snprintf(db->why, sizeof(db->why), "%s", e ? e->msg : "no database");
	if (rc == WOWAH_ENOSPACE && db->cur && e) {
		size_t n = strlen(e->msg);
		snprintf(e->msg + n, sizeof(e->msg) - n, " (generation %llu keeps serving)",
		         (unsigned long long)db->cur->id);
	}
	if (!rc) {
		retire(db);
		db->next_id = id;
		db->cur = g;
		*changed = 1;
	}
	pthread_mutex_unlock(&db->lock);
	return rc;
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
	duck_engine(&db->cur->conns[i], &out->eng);
	out->generation = db->cur->id;
	out->impl = &db->cur->conns[i];
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
		g->lent[(struct duck *)c->impl - g->conns] = 0;
		g->out--;
		if (g->retired && g->out == 0) {
			*link = g->next;
			gen_free(g);
		}
	}
	pthread_cond_broadcast(&db->freed);
	pthread_mutex_unlock(&db->lock);
}
