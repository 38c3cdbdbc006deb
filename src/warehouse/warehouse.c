/* warehouse.c - wowah load: the registry's tables brought up to date in one transaction,
 * and the database opened for the readers (report, sql).
 */
#include "warehouse/warehouse.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "model/datadir.h"
#include "lifetime/lifetime.h"
#include "model/layout.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/ts.h"
#include "warehouse/internal.h"
#include "warehouse/registry.h"

/* Auctions (stored, and named by the catalog lines this load read) from which a load
 * runs on DuckDB's default threads. The load opens with one (duck_open_serial): below
 * this its statements are mostly planning and scans of a row group or two, where
 * workers' hand-offs cost more CPU than they save (a first load of 6 auctions: about a
 * third of its CPU, docs/load.md). Far past it, bench-scale's histories run parallel. */
#define PARALLEL_ROWS 1000000

/* The sum stops at PARALLEL_ROWS: a year's snapshots are not summed on every load. */
static int size_threads(struct warehouse_run *w, struct err *e)
{
	int big = 0;
	int rc = duck_sum_reaches(
	        w->d, "SELECT rows FROM catalog_in UNION ALL SELECT rows FROM snapshots",
	        PARALLEL_ROWS, &big, e);

	if (rc || !big)
		return rc;
	return duck_exec(w->d, "RESET threads", e);
}

/* The process's CPU time (user + sys, DuckDB's threads included), in milliseconds. */
static int64_t cpu_ms(void)
{
	struct rusage u;

	if (getrusage(RUSAGE_SELF, &u))
		return 0;
	return (int64_t)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000 +
	       (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000;
}

/* Where a step of the load began, for the step callback (warehouse_opts). */
struct step_clock {
	int64_t cpu, wall;
};

static void step_start(struct step_clock *c)
{
	c->cpu = cpu_ms();
	c->wall = ts_now_ms();
}

/* Reports the step since c to the caller, and starts the next one. */
static void step_done(struct warehouse_run *w, struct step_clock *c, const char *name)
{
	struct step_clock now;

	if (!w->o->step)
		return;
	step_start(&now);
	w->o->step(w->o->ud, name, now.cpu - c->cpu, now.wall - c->wall);
	*c = now;
}

/* Versions first (rebuilding what changed), then the catalog, then every refresh in
 * registry order. */
static int load_all(struct warehouse_run *w, const char *db_path, struct err *e)
{
	int rebuilt[WAREHOUSE_NTABLES];
	int from_start = 0;
	struct step_clock c;
	int rc;

	step_start(&c);
	rc = warehouse_schema_prepare(w->d, db_path, rebuilt, e);
	step_done(w, &c, "schema");
	for (int i = 0; i < WAREHOUSE_NTABLES && rc == WOWAH_OK; i++)
		from_start |= rebuilt[i] && warehouse_tables[i]->reads_catalog;
	if (!rc)
		rc = warehouse_catalog_read(w->d, w->dir, from_start, &w->catalog_whole, e);
	if (!rc)
		rc = size_threads(w, e);
	step_done(w, &c, "catalog");
	for (int i = 0; i < WAREHOUSE_NTABLES && rc == WOWAH_OK; i++)
		if (warehouse_tables[i]->refresh) {
			rc = warehouse_tables[i]->refresh(w, rebuilt[i], e);
			step_done(w, &c, warehouse_tables[i]->name);
		}
	if (!rc)
		rc = warehouse_query_i64(w->d, "SELECT count(*) FROM snapshots", &w->st->snapshots,
		                         e);
	return rc;
}

/* UTC, and relative paths (the auctions view's glob) resolved in the data dir dir
 * (absolute; NULL: none), wherever the command runs and wherever the data dir was moved. */
int warehouse_session(struct duck *d, const char *dir, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_puts(&sql, "SET TimeZone = 'UTC'");
	if (dir) {
		char *q = duck_quote(dir);
		buf_printf(&sql, "; SET file_search_path = %s", q);
		free(q);
	}
	rc = duck_exec(d, sql.data, e);
	buf_release(&sql);
	return rc;
}

/* Where this load writes: the database itself or, when there is none (any more: a file
 * that is no DuckDB database is moved aside), a new one under a temporary name (*fresh),
 * renamed into place once complete, so that a failed first load leaves no database. */
static int target(const char *db_path, struct buf *tmp, int *fresh, struct warehouse_stats *st,
                  struct err *e)
{
	long pid;
	int rc;

	*fresh = 0;
	if (fs_exists(db_path) && !warehouse_db_is_duckdb(db_path)) {
		rc = warehouse_db_move_aside(db_path, e);
		if (rc)
			return rc;
		st->moved_aside = 1;
	}
	if (fs_exists(db_path))
		return WOWAH_OK;
	buf_printf(tmp, "%s%s", db_path, FS_TMP_SUFFIX);
	pid = warehouse_db_locker(tmp->data, 0);
	if (pid)
		return err_set(e, WOWAH_ELOCKED,
		               "wowah load (process %ld) is building %s; try again when it is done",
		               pid, db_path);
	warehouse_db_remove(tmp->data); /* a killed load's leftover */
	*fresh = 1;                     /* from here on the temporary file is this load's */
	return WOWAH_OK;
}

/* One transaction; a new file is also checkpointed, so that it holds everything in itself
 * (no WAL) before it takes the database's name. */
static int update(struct warehouse_run *w, const char *db_path, int fresh, struct err *e)
{
	struct step_clock c;
	int rc = warehouse_session(w->d, w->dir, e);

	if (!rc)
		rc = duck_exec(w->d, "BEGIN TRANSACTION", e);
	if (rc)
		return rc;
	rc = load_all(w, db_path, e);
	if (rc) {
		duck_exec(w->d, "ROLLBACK", NULL);
		return rc;
	}
	step_start(&c);
	rc = duck_exec(w->d, "COMMIT", e);
	if (!rc && fresh)
		rc = duck_exec(w->d, "CHECKPOINT", e);
	step_done(w, &c, "commit");
	return rc;
}

/* Bytes of aggregate state one summarised auction costs at most: market_value and
 * unit_median keep its (price, quantity) lot each, in arrays that start at 16 lots (272
 * bytes with malloc's header) and grow by doubling, and a group may hold one auction
 * (bench-scale's 300-auction realms: about 650 bytes of RSS per auction, in one batch). */
#define STATE_BYTES_PER_ROW 640

int warehouse_load(const char *data_dir, struct warehouse_stats *out, struct err *e)
{
	const struct warehouse_opts o = {.memory_mb = WAREHOUSE_MEMORY_MB_DEFAULT};

	return warehouse_load_opts(data_dir, &o, out, e);
}

/* DuckDB's share of the memory bound; the states' share sets the batch size. */
static int bound_memory(struct warehouse_run *w, const struct warehouse_opts *o,
                        struct warehouse_opts *run, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	*run = *o;
	if (run->memory_mb <= 0)
		run->memory_mb = WAREHOUSE_MEMORY_MB_DEFAULT;
	if (run->batch_rows <= 0)
		run->batch_rows = run->memory_mb * 1024 * 1024 / 4 / STATE_BYTES_PER_ROW;
	buf_printf(&sql, "SET memory_limit = '%lldMB'", (long long)(run->memory_mb / 2));
	rc = duck_exec(w->d, sql.data, e);
	buf_release(&sql);
	return rc;
}

int warehouse_load_opts(const char *data_dir, const struct warehouse_opts *o,
                        struct warehouse_stats *out, struct err *e)
{
	char dir[PATH_MAX];
	char *db_path;
	struct buf tmp = BUF_INIT;
	struct duck d;
	struct warehouse_opts run;
	struct warehouse_run w = {&d, dir, out, &run, INT64_MAX, 0};
	int rc, fresh;

	memset(out, 0, sizeof(*out));
	if ((rc = model_data_dir_check(data_dir, MODEL_DIR_WRITE, e)))
		return rc;
	if (!realpath(data_dir, dir))
		return err_errno(e, errno == ENOENT ? WOWAH_ENOTFOUND : WOWAH_EIO, errno,
		                 "data dir %s (pull or import some snapshots first)", data_dir);
	db_path = fs_join(dir, MODEL_DB_FILE);
	rc = target(db_path, &tmp, &fresh, out, e);
	if (!rc)
		rc = warehouse_db_open(&d, fresh ? tmp.data : db_path, 0, e);
	if (!rc) {
		rc = bound_memory(&w, o, &run, e);
		if (!rc)
			rc = update(&w, db_path, fresh, e);
		duck_close(&d);
	}
	if (fresh && !rc)
		rc = fs_commit(tmp.data, db_path, e);
	if (!rc) /* the database no longer names the lifetime files this load replaced */
		rc = lifetime_sweep(dir, e);
	if (fresh && rc)
		warehouse_db_remove(tmp.data);
	buf_release(&tmp);
	free(db_path);
	return rc;
}

/* No database yet: a first load may be building it under its temporary name. */
static int missing(const char *db_path, struct err *e)
{
	struct buf tmp = BUF_INIT;
	long pid;

	buf_printf(&tmp, "%s%s", db_path, FS_TMP_SUFFIX);
	pid = warehouse_db_locker(tmp.data, 1);
	buf_release(&tmp);
	if (pid)
		return err_set(e, WOWAH_ELOCKED,
		               "wowah load (process %ld) is building %s; try again in a moment",
		               pid, db_path);
	return err_set(e, WOWAH_ENOTFOUND, "no %s: run 'wowah load' first", db_path);
}

int warehouse_reader_open(const char *dir, const char *db_path, struct duck *d, struct err *e)
{
	int rc;

	if (!fs_exists(db_path))
		return missing(db_path, e);
	if (!warehouse_db_is_duckdb(db_path))
		return err_set(e, WOWAH_EDB,
		               "%s is no DuckDB database (a load cut short?): run 'wowah load', "
		               "which builds it again from the data dir",
		               db_path);
	rc = warehouse_db_open(d, db_path, 1, e);
	if (rc)
		return rc;
	rc = warehouse_session(d, dir, e);
	if (!rc)
		rc = warehouse_schema_check(d, db_path, e);
	if (rc)
		duck_close(d);
	return rc;
}

/* What SQL reads is the raw auction files below auctions/ (the auctions view's glob and
 * the reports' Parquet route) and the lifetime files (auction_lifetimes), by the data dir's real
 * path. A directory, not each file: a list of every snapshot cost DuckDB ~8 us a path on every
 * open, growing with history (issue 10), and the view's glob must list directories.
 * allowed_directories would also let SQL write below it; duck_run()'s statement gate refuses every
 * statement that writes files (COPY, EXPORT, ATTACH, CALL, ...), so nothing SQL sends can. */
static int confine(struct duck *d, const char *real_dir, const char *write_path, struct err *e)
{
	char *auctions = fs_join(real_dir, MODEL_AUCTIONS_DIR "/");
	char *lifetimes = fs_join(real_dir, MODEL_LIFETIMES_DIR "/");
	/* The view's glob is relative (found through file_search_path, so that a moved data
	 * dir needs no rebuild), and DuckDB checks a path as written before it resolves it. */
	const char *dirs[] = {auctions, MODEL_AUCTIONS_DIR "/", lifetimes};
	int rc = duck_confine(d, dirs, 3, &write_path, write_path != NULL, e);

	free(lifetimes);
	free(auctions);
	return rc;
}

int warehouse_open_access(const char *data_dir, const struct warehouse_access *a, struct duck *d,
                          struct err *e)
{
	char dir[PATH_MAX];
	char *db_path;
	int rc = model_data_dir_check(data_dir, MODEL_DIR_READ, e);

	if (rc)
		return rc;
	db_path = fs_join(data_dir, MODEL_DB_FILE);
	rc = realpath(data_dir, dir) ? warehouse_reader_open(dir, db_path, d, e)
	                             : missing(db_path, e);
	free(db_path);
	if (rc || (a && a->unrestricted))
		return rc;
	rc = confine(d, dir, a ? a->write_path : NULL, e);
	if (rc)
		duck_close(d);
	return rc;
}

int warehouse_open(const char *data_dir, struct duck *d, struct err *e)
{
	return warehouse_open_access(data_dir, NULL, d, e);
}
