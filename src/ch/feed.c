/* feed.c - the feeder: ledger, parts, verification, retries.
 *
 * One snapshot goes as: a ledger row "started" (state 0); its parts, each an INSERT
 * ... SELECT-free RowBinary stream of at most CH_INSERT_ROWS rows, which ClickHouse
 * commits as one block or not at all; a ledger row "finished" (state 1). A part is sent
 * blind the first time; after a failure, or for a snapshot an earlier run left started,
 * its rows are counted first: all there is done, none is sent, a partial count (a body
 * cut at a row boundary by a killed feeder) is deleted and sent again. So whatever
 * stopped a run, the next one ends with each part exactly once.
 */
#include "ch/feed.h"

#include <glob.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "ch/cluster.h"
#include "ch/rowbinary.h"
#include "ch/schema.h"
#include "duck/duck.h"
#include "model/catalog.h"
#include "model/keys.h"
#include "model/layout.h"
#include "util/fs.h"
#include "util/ts.h"
#include "warehouse/summary.h"
#include "warehouse/warehouse.h"

#define DELETE_WAIT_MS  60000
#define DDL_WAIT_S      30
#define FINISH_EVERY_MS 1000

struct entry {
	struct model_catalog_entry en;
	char key[96]; /* region, flavor, kind, realm_id, house_id, snapshot_ts, tab-separated */
};

struct ledger_row {
	char key[96];
	int state;
};

struct feeder {
	const struct ch_feed_opts *o;
	struct ch_feed_stats *st;
	struct ch_client *c;
	struct ch_schema s;
	struct duck d;
	struct ch_rb_table auctions, items, tokens, realms_rb, items_rb, pets_rb;
	struct ch_rb_table sales_rb[3]; /* sales_metas' */
	struct entry *entries;
	size_t n, cap;
	struct ledger_row *ledger;
	size_t nledger;
	char qid_prefix[96]; /* "wowah-feed-DB-": every insert's query_id starts so */
	unsigned long nqueries;
};

/* Names the next request "wowah-feed-DB-PID-N", so a later run can see it still running. */
static void name_query(struct feeder *f)
{
	char id[160];

	snprintf(id, sizeof(id), "%s%ld-%lu", f->qid_prefix, (long)getpid(), ++f->nqueries);
	ch_client_set_query_id(f->c, id);
}

/* A feeder killed mid-insert leaves the server finishing (or failing) that insert after
 * the feeder is gone: its rows must not be counted before it ends. Waits until no insert
 * of an earlier feed of this database runs (system.processes, by query_id). */
static int wait_for_earlier_feeds(struct feeder *f, struct err *e)
{
	struct buf sql = BUF_INIT;
	int64_t start = ts_now_ms(), running = 0;
	int rc;

	buf_printf(&sql,
	           "SELECT count() FROM system.processes WHERE query_id LIKE '%s%%' "
	           "FORMAT TabSeparated",
	           f->qid_prefix);
	while ((rc = ch_query_i64(f->c, sql.data, &running, e)) == WOWAH_OK && running > 0) {
		if (ts_now_ms() - start > DELETE_WAIT_MS) {
			rc = err_set(e, WOWAH_ETIMEOUT,
			             "an earlier feed's insert still runs in ClickHouse after %d s",
			             DELETE_WAIT_MS / 1000);
			break;
		}
		usleep(100 * 1000);
	}
	buf_release(&sql);
	return rc;
}

/* The kind a house is fed as: its market (model_market_name), as in its path and in
 * wowah.duckdb, so that an Era house is not Classic progression's of the same realm id
 * (retail and progression kinds are what they were); a token's is "token". */
static const char *feed_kind(const struct model_catalog_entry *en)
{
	int kind = model_kind_parse(en->kind);

	if (kind == MODEL_KIND_TOKEN)
		return en->kind;
	return model_market_name(model_flavor_parse(en->flavor), kind);
}

static void entry_key(char *out, size_t cap, const struct model_catalog_entry *en)
{
	snprintf(out, cap, "%s\t%s\t%s\t%" PRId32 "\t%" PRId32 "\t%" PRId64, en->region, en->flavor,
	         feed_kind(en), en->realm_id, en->house_id, en->snapshot_ts);
}

static int collect(const struct model_catalog_entry *en, void *ud)
{
	struct feeder *f = ud;
	struct entry *x;

	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 256;
		f->entries = xrealloc(f->entries, f->cap * sizeof(*f->entries));
	}
	x = &f->entries[f->n++];
	x->en = *en;
	x->en.path = xstrdup(en->path);
	entry_key(x->key, sizeof(x->key), en);
	return WOWAH_OK;
}

static int by_time(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->en.snapshot_ts != y->en.snapshot_ts)
		return x->en.snapshot_ts < y->en.snapshot_ts ? -1 : 1;
	return strcmp(x->en.path, y->en.path);
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct ledger_row *)a)->key, ((const struct ledger_row *)b)->key);
}

/* The ledger's state of each snapshot it names: "key<TAB>state" lines. */
static int read_ledger(struct feeder *f, struct err *e)
{
	struct buf sql = BUF_INIT, out = BUF_INIT;
	char *line, *save = NULL;
	size_t cap = 0;
	int rc;

	buf_printf(&sql,
	           "SELECT region, flavor, kind, realm_id, house_id, toUInt32(snapshot_ts), "
	           "max(state) FROM %s.fed_snapshots GROUP BY region, flavor, kind, realm_id, "
	           "house_id, snapshot_ts FORMAT TabSeparated",
	           f->s.database);
	rc = ch_query(f->c, sql.data, &out, e);
	for (line = rc || !out.data ? NULL : strtok_r(out.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *tab = strrchr(line, '\t');

		if (!tab)
			continue;
		*tab = '\0';
		if (f->nledger == cap) {
			cap = cap ? cap * 2 : 256;
			f->ledger = xrealloc(f->ledger, cap * sizeof(*f->ledger));
		}
		snprintf(f->ledger[f->nledger].key, sizeof(f->ledger[0].key), "%s", line);
		f->ledger[f->nledger++].state = atoi(tab + 1);
	}
	if (f->nledger)
		qsort(f->ledger, f->nledger, sizeof(*f->ledger), by_key);
	buf_release(&sql);
	buf_release(&out);
	return rc;
}

/* -1: the ledger does not name it; 0: started; 1: finished. */
static int ledger_state(const struct feeder *f, const char *key)
{
	struct ledger_row k, *r;

	if (!f->nledger)
		return -1;
	snprintf(k.key, sizeof(k.key), "%s", key);
	r = bsearch(&k, f->ledger, f->nledger, sizeof(*f->ledger), by_key);
	return r ? r->state : -1;
}

/* Catalog values are plain (regions, kinds, relative paths), but quote them anyway. */
/* Serves a buffer to ch_insert. */
struct reader {
	const char *p;
	size_t left;
};

static size_t read_buf(void *ctx, char *dst, size_t n)
{
	struct reader *r = ctx;
	size_t take = r->left < n ? r->left : n;

	memcpy(dst, r->p, take);
	r->p += take;
	r->left -= take;
	return take;
}

/* Appends x's ledger row in TabSeparated (DateTime as unix seconds, which ClickHouse
 * reads as such). Catalog values hold no tab, newline or backslash (model/catalog.h). */
static void ledger_line(struct buf *b, const struct entry *x, int state, int64_t now)
{
	const struct model_catalog_entry *en = &x->en;

	buf_printf(b,
	           "%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%08" PRIx32 "\t%s\t%d\t%" PRId64
	           "\n",
	           x->key, en->fetched_at, en->rows, en->bytes, en->crc32, en->path, state, now);
}

/* Writes the ledger rows of the entries idx[0..n) with state, in one insert. */
static int write_ledger(struct feeder *f, const size_t *idx, size_t n, int state, struct err *e)
{
	struct buf sql = BUF_INIT, body = BUF_INIT;
	struct reader r;
	int64_t now = (int64_t)time(NULL);
	int rc;

	if (n == 0)
		return WOWAH_OK;
	for (size_t i = 0; i < n; i++)
		ledger_line(&body, &f->entries[idx[i]], state, now);
	buf_printf(&sql,
	           "INSERT INTO %s.fed_snapshots (region, flavor, kind, realm_id, house_id, "
	           "snapshot_ts, fetched_at, rows, bytes, crc32, path, state, fed_at) FORMAT "
	           "TabSeparated",
	           f->s.database);
	r.p = body.data;
	r.left = body.len;
	name_query(f);
	rc = ch_insert(f->c, sql.data, read_buf, &r, e);
	buf_release(&sql);
	buf_release(&body);
	return rc;
}

/* The settings of every request. A Distributed insert answers once every shard has its
 * rows, so a 200 means stored. With replicas, a count must not come from a replica that
 * lags (it would make a stored part look missing): reads avoid any replica more than a
 * second behind, and fail rather than fall back to one. A part sent again must not be
 * taken for a duplicate of an earlier sending (ReplicatedMergeTree drops a block it saw
 * among its last 100, even when a delete took its rows since): resend turns that off.
 * Every send that follows a count is one: a count of 0 can follow an earlier run's or
 * attempt's delete as well as a part never sent. */
static const char *feed_settings(const struct feeder *f, int resend)
{
	if (!f->s.cluster)
		return NULL;
	if (f->s.replicas < 2)
		return "insert_distributed_sync=1";
	return resend ? "insert_distributed_sync=1&max_replica_delay_for_distributed_queries=1&"
	                "fallback_to_stale_replicas_for_distributed_queries=0&insert_deduplicate=0"
	              : "insert_distributed_sync=1&max_replica_delay_for_distributed_queries=1&"
	                "fallback_to_stale_replicas_for_distributed_queries=0";
}

/* One part of a snapshot: which rows of which table. */
struct part {
	const char *table;
	const struct ch_rb_table *rb;
	struct buf where;  /* ClickHouse: the part's rows */
	struct buf select; /* DuckDB: the same rows, the table's columns in order */
	int64_t expected;  /* rows; -1: count_sql says */
	const char *count_sql;
	duckdb_connection conn; /* where select runs; NULL: the feeder's own DuckDB */
	duckdb_result *ready;   /* select's rows computed ahead (ahead_start): the first send's */
};

static int count_rows(struct feeder *f, const struct part *p, int64_t *out, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_printf(&sql, "SELECT count() FROM %s.%s WHERE %s FORMAT TabSeparated", f->s.database,
	           p->table, p->where.data);
	rc = ch_query_i64(f->c, sql.data, out, e);
	buf_release(&sql);
	return rc;
}

/* Deletes the part's rows (a mutation: ClickHouse applies it in the background) and
 * waits until they are gone. On a cluster the ALTER ON CLUSTER waits for every host, at
 * most DDL_WAIT_S: a host that is down, or a replica that lost 18.16's race with its
 * partner to execute it ("Node exists" on the shard's executed mark), never reports it
 * done, which held the feed for the default 180 s. The timeout fails the attempt and the
 * next counts again (ensure_part). Not asynchronous (0): the count could then reach 0 by
 * an earlier run's delete that a returning host replays while this one is still queued
 * there, and this one would delete the rows sent again. */
static int delete_rows(struct feeder *f, const struct part *p, struct err *e)
{
	struct buf sql = BUF_INIT, settings = BUF_INIT;
	int64_t left = 1, start = ts_now_ms();
	int rc;

	buf_printf(&sql, "ALTER TABLE %s.%s%s", f->s.database, p->table,
	           f->s.cluster ? "_local" : "");
	if (f->s.cluster) {
		buf_printf(&sql, " ON CLUSTER %s", f->s.cluster);
		buf_printf(&settings, "%s&distributed_ddl_task_timeout=%d", feed_settings(f, 0),
		           DDL_WAIT_S);
		ch_client_set_settings(f->c, settings.data);
	}
	buf_printf(&sql, " DELETE WHERE %s", p->where.data);
	rc = ch_exec(f->c, sql.data, e);
	ch_client_set_settings(f->c, feed_settings(f, 0));
	while (rc == WOWAH_OK && (rc = count_rows(f, p, &left, e)) == WOWAH_OK && left > 0) {
		if (ts_now_ms() - start > DELETE_WAIT_MS) {
			rc = err_set(e, WOWAH_ETIMEOUT,
			             "ClickHouse did not delete a partial part of %s.%s in %d s",
			             f->s.database, p->table, DELETE_WAIT_MS / 1000);
			break;
		}
		usleep(100 * 1000);
	}
	buf_release(&sql);
	buf_release(&settings);
	return rc;
}

/* Streams a DuckDB result as RowBinary to ch_insert's reader. */
struct stream {
	struct feeder *f;
	duckdb_result res;
	const struct ch_rb_table *rb;
	struct buf out;
	size_t off;
	int64_t rows;
	int done, failed;
	struct err err;
};

static size_t stream_read(void *ctx, char *dst, size_t n)
{
	struct stream *s = ctx;
	size_t take;

	if (s->f->o->stop && *s->f->o->stop)
		return (size_t)-1;
	while (s->off == s->out.len && !s->done) {
		duckdb_data_chunk chunk = duckdb_fetch_chunk(s->res);
		struct ch_rb_chunk k;

		buf_reset(&s->out);
		s->off = 0;
		if (!chunk) {
			s->done = 1;
			if (duckdb_result_error(&s->res)) {
				duck_error(&s->err, "reading a snapshot",
				           duckdb_result_error(&s->res));
				s->failed = 1;
				return (size_t)-1;
			}
			break;
		}
		if (ch_rb_chunk_init(&k, s->rb, chunk, &s->err)) {
			duckdb_destroy_data_chunk(&chunk);
			s->failed = 1;
			return (size_t)-1;
		}
		for (idx_t r = 0; r < k.rows; r++)
			ch_rb_put_row(&s->out, &k, r);
		s->rows += (int64_t)k.rows;
		duckdb_destroy_data_chunk(&chunk);
	}
	take = s->out.len - s->off < n ? s->out.len - s->off : n;
	memcpy(dst, s->out.data + s->off, take);
	s->off += take;
	return take;
}

static int send_part(struct feeder *f, struct part *p, int64_t *out_rows, struct err *e)
{
	struct stream s = {.f = f, .rb = p->rb, .out = BUF_INIT};
	duckdb_prepared_statement stmt = NULL;
	struct buf sql = BUF_INIT;
	int rc;

	if (p->ready) {
		s.res = *p->ready;
		p->ready = NULL;
	} else if (duckdb_prepare(p->conn ? p->conn : f->d.conn, p->select.data, &stmt) ==
	           DuckDBError) {
		rc = duck_error(e, "preparing a snapshot's rows", duckdb_prepare_error(stmt));
		duckdb_destroy_prepare(&stmt);
		return rc;
	} else if (duckdb_execute_prepared_streaming(stmt, &s.res) == DuckDBError) {
		rc = duck_error(e, "reading a snapshot", duckdb_result_error(&s.res));
		duckdb_destroy_result(&s.res);
		duckdb_destroy_prepare(&stmt);
		return rc;
	}
	buf_printf(&sql, "INSERT INTO %s.%s (%s) FORMAT RowBinary", f->s.database, p->table,
	           p->rb->names);
	name_query(f);
	rc = ch_insert(f->c, sql.data, stream_read, &s, e);
	if (s.failed) {
		*e = s.err;
		rc = s.err.code;
	} else if (rc == WOWAH_EINTERRUPTED && f->o->stop && *f->o->stop) {
		rc = err_set(e, WOWAH_EINTERRUPTED, "stopped");
	}
	*out_rows = s.rows;
	duckdb_destroy_result(&s.res);
	duckdb_destroy_prepare(&stmt);
	buf_release(&s.out);
	buf_release(&sql);
	return s.failed ? -rc : rc; /* negative: DuckDB's side, not worth a retry */
}

static int expected_rows(struct feeder *f, struct part *p, struct err *e)
{
	duckdb_result r;
	int rc;

	if (p->expected >= 0)
		return WOWAH_OK;
	if ((rc = duck_query(&f->d, p->count_sql, &r, e)))
		return rc;
	p->expected = duckdb_value_int64(&r, 0, 0);
	duckdb_destroy_result(&r);
	return WOWAH_OK;
}

static void backoff(int attempt)
{
	usleep((useconds_t)(200000 << (attempt < 5 ? attempt : 5)));
}

/* Makes the part's rows be in ClickHouse exactly once. verify: an earlier run may have
 * sent some of them. */
static int ensure_part(struct feeder *f, struct part *p, int verify, int64_t *sent, struct err *e)
{
	int max = f->o->max_attempts > 0 ? f->o->max_attempts : 4;
	int rc = WOWAH_OK;

	*sent = 0;
	for (int attempt = 0; attempt < max; attempt++) {
		int64_t have = 0, rows = 0;

		if (attempt > 0) {
			f->st->retries++;
			backoff(attempt - 1);
		}
		if (f->o->stop && *f->o->stop)
			return err_set(e, WOWAH_EINTERRUPTED, "stopped");
		if (verify || attempt > 0) {
			if ((rc = expected_rows(f, p, e)) || (rc = count_rows(f, p, &have, e)))
				continue;
			if (have == p->expected)
				return WOWAH_OK;
			if (have > 0 && (rc = delete_rows(f, p, e)))
				continue;
		}
		ch_client_set_settings(f->c, feed_settings(f, verify || attempt > 0));
		rc = send_part(f, p, &rows, e);
		ch_client_set_settings(f->c, feed_settings(f, 0));
		if (rc == WOWAH_OK) {
			*sent = rows;
			return WOWAH_OK;
		}
		if (rc < 0 || rc == WOWAH_EINTERRUPTED)
			return rc < 0 ? -rc : rc;
	}
	return rc;
}

static void part_init(struct part *p, const char *table, const struct ch_rb_table *rb)
{
	memset(p, 0, sizeof(*p));
	p->table = table;
	p->rb = rb;
	p->expected = -1;
}

static void part_release(struct part *p)
{
	buf_release(&p->where);
	buf_release(&p->select);
}

static void house_where(struct buf *w, const struct model_catalog_entry *en, const char *ts_col)
{
	buf_puts(w, "region = ");
	ch_put_quoted(w, en->region);
	buf_puts(w, " AND flavor = ");
	ch_put_quoted(w, en->flavor);
	if (strcmp(ts_col, "snapshot_ts") == 0) {
		buf_puts(w, " AND kind = ");
		ch_put_quoted(w, feed_kind(en));
		buf_printf(w, " AND realm_id = %" PRId32 " AND house_id = %" PRId32, en->realm_id,
		           en->house_id);
	}
	buf_printf(w, " AND %s = toDateTime(%" PRId64 ")", ts_col, en->snapshot_ts);
}

static int feed_token(struct feeder *f, const struct entry *x, const char *file, int verify,
                      struct err *e)
{
	struct part p;
	char *q = duck_quote(file), *flavor = duck_quote(x->en.flavor);
	int64_t sent;
	int rc;

	part_init(&p, "tokens", &f->tokens);
	p.expected = x->en.rows;
	house_where(&p.where, &x->en, "last_updated");
	buf_printf(&p.select,
	           "SELECT region, last_updated, price, fetched_at, %s FROM read_parquet(%s, "
	           "hive_partitioning = false)",
	           flavor, q);
	rc = ensure_part(f, &p, verify, &sent, e);
	f->st->tokens += sent;
	part_release(&p);
	free(q);
	free(flavor);
	return rc;
}

/* The filter that picks the snapshot's rows out of its file: the whole file for an
 * hourly one, the snapshot's run of rows for a daily one (compaction). */
static void snapshot_filter(struct buf *out, const struct model_catalog_entry *en)
{
	buf_printf(out,
	           "snapshot_ts = to_timestamp(%" PRId64 ") AND realm_id = %" PRId32
	           " AND coalesce(auction_house_id, 0) = %" PRId32,
	           en->snapshot_ts, en->realm_id, en->house_id);
}

/* The file row of the snapshot's first row. A separate aggregate over the filter columns
 * alone, not min() OVER () beside the rows: a window holds every column of the snapshot
 * in memory before its first row comes out, which made the feeder's peak RSS and most of
 * its time. */
static int first_row(struct feeder *f, const char *q, const struct model_catalog_entry *en,
                     int64_t *out, struct err *e)
{
	struct buf sql = BUF_INIT;
	duckdb_result r;
	int rc;

	buf_printf(&sql,
	           "SELECT coalesce(min(file_row_number), 0) FROM read_parquet(%s, "
	           "hive_partitioning = false, file_row_number = true) WHERE ",
	           q);
	snapshot_filter(&sql, en);
	rc = duck_query(&f->d, sql.data, &r, e);
	buf_release(&sql);
	if (rc)
		return rc;
	*out = duckdb_value_int64(&r, 0, 0);
	duckdb_destroy_result(&r);
	return WOWAH_OK;
}

/* The snapshot's rows of its file, numbered from 0 in the file's order (feed_row). */
static int snapshot_rows(struct feeder *f, struct buf *out, const struct model_catalog_entry *en,
                         const char *q, struct err *e)
{
	int64_t first;
	int rc;

	if ((rc = first_row(f, q, en, &first, e)))
		return rc;
	buf_printf(out,
	           "(SELECT *, file_row_number - %" PRId64 " AS feed_row FROM read_parquet(%s, "
	           "hive_partitioning = false, file_row_number = true) WHERE ",
	           first, q);
	snapshot_filter(out, en);
	buf_putc(out, ')');
	return WOWAH_OK;
}

/* A small part's rows (a snapshot's item summaries) computed on a connection of their own
 * while the auctions stream: that reading and grouping was a tenth of a snapshot's time,
 * during which the server had nothing to do. */
struct ahead {
	pthread_t thread;
	duckdb_connection conn;
	const char *sql;
	duckdb_result res;
	int started, ok;
};

static void *compute_ahead(void *ud)
{
	struct ahead *a = ud;

	a->ok = duckdb_query(a->conn, a->sql, &a->res) == DuckDBSuccess;
	return NULL;
}

/* Starts computing sql; when no thread or connection can be had, the part is read as any
 * other when it is sent. */
static void ahead_start(struct feeder *f, struct ahead *a, const char *sql)
{
	a->sql = sql;
	if (duckdb_connect(f->d.db, &a->conn) == DuckDBError) {
		a->conn = NULL;
		return;
	}
	a->started = pthread_create(&a->thread, NULL, compute_ahead, a) == 0;
}

/* Waits for the rows: NULL when they are not there (the part then reads them itself, and
 * says an error if there is one). */
static duckdb_result *ahead_wait(struct ahead *a)
{
	if (!a->started)
		return NULL;
	pthread_join(a->thread, NULL);
	a->started = 0;
	if (a->ok)
		return &a->res;
	duckdb_destroy_result(&a->res);
	return NULL;
}

/* Stops and waits for the thread, frees the rows no send took, closes the connection. */
static void ahead_end(struct ahead *a, struct part *p)
{
	duckdb_result *unsent;

	if (a->started)
		duckdb_interrupt(a->conn);
	unsent = ahead_wait(a);
	if (unsent)
		duckdb_destroy_result(unsent);
	if (p->ready)
		duckdb_destroy_result(p->ready);
	p->ready = NULL;
	if (a->conn)
		duckdb_disconnect(&a->conn);
}

/* p (of item_snapshots): the snapshot's item summaries, grouped by wowah's own aggregates
 * (warehouse/summary.h); count: the SQL of how many there are. */
static void summary_part(struct part *p, const struct model_catalog_entry *en, const char *rows,
                         struct buf *count)
{
	char *kind = duck_quote(feed_kind(en)), *region = duck_quote(en->region),
	     *flavor = duck_quote(en->flavor);

	house_where(&p->where, en, "snapshot_ts");
	buf_printf(&p->select,
	           "SELECT %s, %s, %" PRId32 "::INTEGER, %" PRId32 "::INTEGER, "
	           "to_timestamp(%" PRId64 "), item_id, sp, auctions, units::BIGINT, "
	           "min_buyout, market_value, median, gold_listed::BIGINT, %s FROM (SELECT "
	           "a.item_id, a.sp, " WAREHOUSE_ITEM_AGGREGATES
	           " FROM (SELECT " WAREHOUSE_ITEM_INPUT
	           " FROM %s) a GROUP BY a.item_id, a.sp) ORDER BY item_id, sp",
	           region, kind, en->realm_id, en->house_id, en->snapshot_ts, flavor, rows);
	buf_printf(count,
	           "SELECT count(*) FROM (SELECT DISTINCT item_id, coalesce(pet_species_id, "
	           "0) FROM %s)",
	           rows);
	p->count_sql = count->data;
	free(kind);
	free(region);
	free(flavor);
}

/* The auctions in parts of at most CH_INSERT_ROWS, then the item summaries, computed
 * meanwhile. */
static int feed_auctions(struct feeder *f, const struct entry *x, const char *file, int verify,
                         struct err *e)
{
	const struct model_catalog_entry *en = &x->en;
	char *q = duck_quote(file), *kind = duck_quote(feed_kind(en)),
	     *flavor = duck_quote(en->flavor);
	int64_t chunks = (en->rows + CH_INSERT_ROWS - 1) / CH_INSERT_ROWS, sent;
	struct buf rows = BUF_INIT, count = BUF_INIT;
	struct part p, sum;
	struct ahead ahead = {.conn = NULL};
	int rc = snapshot_rows(f, &rows, en, q, e);

	part_init(&sum, "item_snapshots", &f->items);
	if (rc == WOWAH_OK && en->rows > 0) {
		summary_part(&sum, en, rows.data, &count);
		ahead_start(f, &ahead, sum.select.data);
	}
	for (int64_t k = 0; k < chunks && rc == WOWAH_OK; k++) {
		part_init(&p, "auctions", &f->auctions);
		p.expected = en->rows - k * CH_INSERT_ROWS < CH_INSERT_ROWS
		                     ? en->rows - k * CH_INSERT_ROWS
		                     : CH_INSERT_ROWS;
		house_where(&p.where, en, "snapshot_ts");
		buf_printf(&p.where, " AND feed_chunk = %" PRId64, k);
		buf_printf(
		        &p.select,
		        "SELECT snapshot_ts, region, realm_id, auction_house_id, auction_id, "
		        "item_id, quantity, unit_price, buyout, bid, time_left::VARCHAR, context, "
		        "bonus_lists, list_transform(modifiers, lambda m: m.type), "
		        "list_transform(modifiers, lambda m: m.value), pet_species_id, "
		        "pet_breed_id, pet_level, pet_quality_id, rand, seed, %s, %s, "
		        "%" PRId32 "::INTEGER, (feed_row // %d)::UINTEGER, %s FROM %s WHERE "
		        "feed_row // %d = %" PRId64,
		        MODEL_UNIT_BUYOUT_SQL, kind, en->house_id, CH_INSERT_ROWS, flavor,
		        rows.data, CH_INSERT_ROWS, k);
		rc = ensure_part(f, &p, verify, &sent, e);
		f->st->rows += sent;
		part_release(&p);
	}
	if (rc == WOWAH_OK && en->rows > 0) {
		sum.ready = ahead_wait(&ahead);
		rc = ensure_part(f, &sum, verify, &sent, e);
	}
	ahead_end(&ahead, &sum);
	part_release(&sum);
	buf_release(&count);
	free(q);
	free(kind);
	free(flavor);
	buf_release(&rows);
	return rc;
}

static int feed_one(struct feeder *f, const struct entry *x, int resume, struct err *e)
{
	char *file = fs_join(f->o->data_dir, x->en.path);
	int rc;

	if (strcmp(x->en.kind, model_kind_name(MODEL_KIND_TOKEN)) == 0)
		rc = feed_token(f, x, file, resume, e);
	else
		rc = feed_auctions(f, x, file, resume, e);
	free(file);
	return rc;
}

/* Feeds what the ledger does not have finished. Every new snapshot is recorded as started
 * (one insert) before any of its rows is sent; the finished rows go in batches, at most
 * FINISH_EVERY_MS apart: a snapshot whose finished row a kill lost is only counted again
 * by the next run, never sent twice. */
static int feed_all(struct feeder *f, struct err *e)
{
	size_t *fresh = xcalloc(f->n + 1, sizeof(size_t)),
	       *done = xcalloc(f->n + 1, sizeof(size_t));
	size_t nfresh = 0, ndone = 0, stopped_at = f->n;
	int64_t last = ts_now_ms();
	int rc = WOWAH_OK, rc2;

	for (size_t i = 0; i < f->n; i++) {
		int state = ledger_state(f, f->entries[i].key);

		if (state == 1)
			f->st->already++;
		else if (state < 0)
			fresh[nfresh++] = i;
	}
	if (nfresh + f->st->already < f->n)
		rc = wait_for_earlier_feeds(f, e);
	if (!rc)
		rc = write_ledger(f, fresh, nfresh, 0, e);
	if (rc)
		stopped_at = 0;
	for (size_t i = 0; i < f->n && rc == WOWAH_OK; i++) {
		int state = ledger_state(f, f->entries[i].key);

		if (state == 1)
			continue;
		if ((rc = feed_one(f, &f->entries[i], state == 0, e))) {
			stopped_at = i;
			break;
		}
		done[ndone++] = i;
		f->st->fed++;
		f->st->resumed += state == 0;
		if (ts_now_ms() - last >= FINISH_EVERY_MS) {
			if ((rc = write_ledger(f, done, ndone, 1, e)))
				stopped_at = i + 1;
			ndone = 0;
			last = ts_now_ms();
		}
		if (f->o->on_progress)
			f->o->on_progress(f->o->progress_ud, f->st);
	}
	/* entries are oldest first: what waits is the unfinished from where the run stopped */
	for (size_t i = stopped_at; i < f->n; i++)
		f->st->waiting += ledger_state(f, f->entries[i].key) != 1;
	/* what finished before a failure is still finished */
	rc2 = write_ledger(f, done, ndone, 1, rc ? NULL : e);
	free(fresh);
	free(done);
	return rc ? rc : rc2;
}

/* The current realms, items and pets: read whole from their files and swapped in (RENAME of a
 * complete copy, so a reader sees the old table or the new one), when the files changed
 * since the last swap (fed_files: a fingerprint of their paths, sizes and mtimes). A
 * realm's flavour is its file's (realms-<flavour>.parquet; realms.parquet is retail's), an
 * item's its file's directory's (items/flavor=F/; the top of items/ is retail's). */
struct meta {
	const char *table, *pattern, *select; /* select: %s is the list of files */
	const char *pattern2;                 /* more of its files (NULL: none) */
};

static const struct meta metas[] = {
        {"realms", MODEL_REALMS_GLOB,
         "SELECT region, connected_realm_id, realm_id, coalesce(name, ''), map_keys(names), "
         "map_values(names), coalesce(slug, ''), coalesce(locale, ''), coalesce(timezone, ''), "
         "coalesce(type, ''), coalesce(category, ''), population, coalesce(status, ''), "
         "coalesce(has_queue, false), coalesce(is_tournament, false), fetched_at, "
         "coalesce(nullif(regexp_extract(filename, 'realms-([a-z0-9]+)\\.parquet$', 1), ''), "
         "'retail') FROM read_parquet(%s, hive_partitioning = false, filename = true, "
         "union_by_name = true)",
         NULL},
        /* a later items file replaces an earlier one's items of its flavour, as wowah
         * load does */
        {"items", MODEL_ITEMS_GLOB,
         "SELECT item_id, coalesce(name, ''), map_keys(names), map_values(names), quality, "
         "level, required_level, item_class_id, item_class, item_subclass_id, item_subclass, "
         "inventory_type, purchase_price, sell_price, max_count, is_stackable, is_equippable, "
         "fetched_at, fl FROM (SELECT *, coalesce(nullif(regexp_extract(filename, "
         "'/items/flavor=([a-z0-9]+)/[^/]*$', 1), ''), 'retail') AS fl FROM read_parquet(%s, "
         "hive_partitioning = false, filename = true)) "
         "QUALIFY row_number() OVER (PARTITION BY fl, item_id ORDER BY filename DESC) = 1",
         MODEL_FLAVOR_ITEMS_GLOB},
        /* a species is in one pets file only (store_write_pets) */
        {"pets", MODEL_PETS_GLOB,
         "SELECT species_id, coalesce(name, ''), map_keys(names), map_values(names), "
         "battle_pet_type, is_tradable, is_battlepet, fetched_at FROM read_parquet(%s, "
         "hive_partitioning = false)",
         NULL},
};

/* The files of m as a DuckDB list literal, and their fingerprint; *n: how many. */
static void meta_files(struct feeder *f, const struct meta *m, struct buf *list, char *fp,
                       size_t fp_size, size_t *n)
{
	char *pat = fs_join(f->o->data_dir, m->pattern);
	uLong crc = crc32(0L, Z_NULL, 0);
	glob_t g = {0};
	int found = glob(pat, 0, NULL, &g) == 0;

	if (m->pattern2) {
		free(pat);
		pat = fs_join(f->o->data_dir, m->pattern2);
		found |= glob(pat, found ? GLOB_APPEND : 0, NULL, &g) == 0;
	}
	/* what fills the table counts too: a wowah that reads the files otherwise (realms'
	 * flavour, since schema 3) fills it again */
	crc = crc32(crc, (const Bytef *)m->select, (uInt)strlen(m->select));
	*n = 0;
	buf_putc(list, '[');
	if (found) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			struct stat sb;
			char line[64];
			char *q = duck_quote(g.gl_pathv[i]);

			if (stat(g.gl_pathv[i], &sb) == 0) {
				snprintf(line, sizeof(line), " %lld %lld;", (long long)sb.st_size,
				         (long long)sb.st_mtime);
				crc = crc32(crc, (const Bytef *)g.gl_pathv[i],
				            (uInt)strlen(g.gl_pathv[i]));
				crc = crc32(crc, (const Bytef *)line, (uInt)strlen(line));
			}
			buf_printf(list, "%s%s", i ? ", " : "", q);
			free(q);
		}
		*n = g.gl_pathc;
		globfree(&g);
	}
	buf_putc(list, ']');
	free(pat);
	snprintf(fp, fp_size, "%08lx-%zu", (unsigned long)crc, *n);
}

static int meta_fed(struct feeder *f, const struct meta *m, const char *fp, int *out, struct err *e)
{
	struct buf sql = BUF_INIT, res = BUF_INIT;
	int rc;

	/* an empty table was made again since (ch_schema_ensure): its files are not in it */
	buf_printf(&sql,
	           "SELECT if((SELECT count() FROM %s.%s) > 0, argMax(fingerprint, fed_at), '') "
	           "FROM %s.fed_files WHERE name = '%s' FORMAT TabSeparated",
	           f->s.database, m->table, f->s.database, m->table);
	rc = ch_query(f->c, sql.data, &res, e);
	buf_putc(&res, '\0');
	*out = rc == WOWAH_OK && strncmp(res.data, fp, strlen(fp)) == 0;
	buf_release(&sql);
	buf_release(&res);
	return rc;
}

/* Runs "STMT [ON CLUSTER c]": sql holds the statement, emptied after. */
static int exec_everywhere(struct feeder *f, struct buf *sql, struct err *e)
{
	int rc;

	if (f->s.cluster)
		buf_printf(sql, " ON CLUSTER %s", f->s.cluster);
	rc = ch_exec(f->c, sql->data, e);
	buf_reset(sql);
	return rc;
}

/* The tables a swap leaves behind when cut short: the copy (and its Distributed table on
 * a cluster) and the table it replaced. */
static int drop_swap_tables(struct feeder *f, const char *t, struct err *e)
{
	const char *db = f->s.database, *sfx = f->s.cluster ? "_local" : "";
	struct buf sql = BUF_INIT;
	int rc = WOWAH_OK;

	if (f->s.cluster) {
		buf_printf(&sql, "DROP TABLE IF EXISTS %s.%s_new", db, t);
		rc = exec_everywhere(f, &sql, e);
	}
	if (!rc) {
		buf_printf(&sql, "DROP TABLE IF EXISTS %s.%s_new%s", db, t, sfx);
		rc = exec_everywhere(f, &sql, e);
	}
	if (!rc) {
		buf_printf(&sql, "DROP TABLE IF EXISTS %s.%s_old%s", db, t, sfx);
		rc = exec_everywhere(f, &sql, e);
	}
	buf_release(&sql);
	return rc;
}

/* A complete copy made beside the table, then renamed over it. On a cluster the copy is
 * NAME_new_local on every node, filled through its own Distributed table, and the local
 * tables are renamed ON CLUSTER: the Distributed NAME reads NAME_local by name, so it reads
 * the copy from then on. A replicated copy gets a ZooKeeper path of its own (the
 * fingerprint and the time), as the table it replaces still holds its path. */
static int swap_meta(struct feeder *f, const struct meta *m, const struct ch_rb_table *rb,
                     duckdb_connection conn, const char *list, const char *fp, struct err *e)
{
	const char *db = f->s.database, *t = m->table, *sfx = f->s.cluster ? "_local" : "";
	char new_name[64], zk[128];
	struct part p;
	struct buf sql = BUF_INIT, dist = BUF_INIT;
	int64_t rows;
	int rc;

	snprintf(new_name, sizeof(new_name), "%s_new", t);
	snprintf(zk, sizeof(zk), "%s_%s_%" PRId64, t, fp, ts_now_ms());
	part_init(&p, new_name, rb);
	p.conn = conn;
	buf_printf(&p.select, m->select, list);
	ch_schema_copy_ddl(&f->s, t, new_name, zk, &sql, &dist);
	rc = drop_swap_tables(f, t, e);
	if (!rc)
		rc = ch_exec(f->c, sql.data, e);
	if (!rc && dist.len)
		rc = ch_exec(f->c, dist.data, e);
	if (!rc && (rc = send_part(f, &p, &rows, e)) < 0)
		rc = -rc;
	buf_reset(&sql);
	buf_printf(&sql, "RENAME TABLE %s.%s%s TO %s.%s_old%s, %s.%s_new%s TO %s.%s%s", db, t, sfx,
	           db, t, sfx, db, t, sfx, db, t, sfx);
	if (!rc)
		rc = exec_everywhere(f, &sql, e);
	if (!rc)
		rc = drop_swap_tables(f, t, e);
	buf_reset(&sql);
	buf_printf(&sql, "INSERT INTO %s.fed_files SELECT '%s', '%s', now()", db, t, fp);
	if (!rc)
		rc = ch_exec(f->c, sql.data, e);
	buf_release(&sql);
	buf_release(&dist);
	part_release(&p);
	return rc;
}

static int feed_metadata(struct feeder *f, struct err *e)
{
	const struct ch_rb_table *rbs[] = {&f->realms_rb, &f->items_rb, &f->pets_rb};
	int rc = WOWAH_OK;

	for (size_t i = 0; i < sizeof(metas) / sizeof(metas[0]) && rc == WOWAH_OK; i++) {
		struct buf list = BUF_INIT;
		char fp[64];
		size_t n;
		int fed = 0;

		meta_files(f, &metas[i], &list, fp, sizeof(fp), &n);
		if (n > 0 && (rc = meta_fed(f, &metas[i], fp, &fed, e)) == WOWAH_OK && !fed)
			rc = swap_meta(f, &metas[i], rbs[i], NULL, list.data, fp, e);
		buf_release(&list);
	}
	return rc;
}

/* The estimated sales (docs/sales.md): wowah.duckdb's relations as the reports read them,
 * swapped in whole like realms and items when the database changed since their last swap
 * (a load changes its identity). No database yet: nothing to send. */
static const struct meta sales_metas[] = {
        {.table = "item_sales_days",
         .select =
                 "SELECT region, kind, realm_id, house_id, day, item_id, pet_species_id, "
                 "auctions_ended::BIGINT, auctions_sold::BIGINT, sale_rate::DOUBLE, "
                 "units_seen::BIGINT, units_unseen::DOUBLE, units_sold::DOUBLE, avg_price::DOUBLE, "
                 "" MODEL_MARKET_FLAVOR_SQL("kind") " FROM item_sales_days"},
        {.table = "sale_windows",
         .select = "SELECT region, kind, realm_id, house_id, item_id, pet_species_id, "
                   "window_days::INTEGER, days_watched::DOUBLE, auctions_ended::BIGINT, "
                   "auctions_sold::BIGINT, sale_rate::DOUBLE, units_sold::DOUBLE, "
                   "sold_per_day::DOUBLE, "
                   "sale_avg::DOUBLE, " MODEL_MARKET_FLAVOR_SQL("kind") " FROM sale_windows"},
        {.table = "region_sale_windows",
         .select = "SELECT region, kind, item_id, pet_species_id, window_days::INTEGER, "
                   "houses::BIGINT, "
                   "sale_rate::DOUBLE, sold_per_day::DOUBLE, sale_avg::DOUBLE, "
                   "" MODEL_MARKET_FLAVOR_SQL("kind") " FROM region_sale_windows"},
};

#define NSALES (sizeof(sales_metas) / sizeof(sales_metas[0]))

/* The fingerprint of the database's contents as m copies them. */
static void sales_fingerprint(const struct warehouse_ident *id, const struct meta *m, char *fp,
                              size_t fp_size)
{
	uLong crc = crc32(0L, Z_NULL, 0);

	crc = crc32(crc, (const Bytef *)id, (uInt)sizeof(*id));
	crc = crc32(crc, (const Bytef *)m->select, (uInt)strlen(m->select));
	snprintf(fp, fp_size, "%08lx-db", (unsigned long)crc);
}

static int feed_sales(struct feeder *f, struct err *e)
{
	struct warehouse_ident id = {0};
	struct duck db = {0};
	int rc = warehouse_ident(f->o->data_dir, &id, e);

	if (rc == WOWAH_ENOTFOUND)
		return WOWAH_OK;
	for (size_t i = 0; i < NSALES && rc == WOWAH_OK; i++) {
		char fp[64];
		int fed = 0;

		sales_fingerprint(&id, &sales_metas[i], fp, sizeof(fp));
		if ((rc = meta_fed(f, &sales_metas[i], fp, &fed, e)) || fed)
			continue;
		if (!db.db && (rc = warehouse_open(f->o->data_dir, &db, e)))
			break;
		rc = swap_meta(f, &sales_metas[i], &f->sales_rb[i], db.conn, "", fp, e);
	}
	if (db.db)
		duck_close(&db);
	return rc;
}

/* The data dir's feed lock, waiting while another feed holds it. */
static int lock_data_dir(struct feeder *f, int *out_fd, struct err *e)
{
	char *path = fs_join(f->o->data_dir, CH_FEED_LOCK_FILE);
	int64_t start = ts_now_ms();
	int fd;

	while ((fd = fs_lock(path, e)) < 0 && e->code == WOWAH_ELOCKED) {
		if (f->o->stop && *f->o->stop)
			break;
		usleep(100 * 1000);
	}
	f->st->waited_ms = ts_now_ms() - start;
	free(path);
	*out_fd = fd;
	return fd < 0 ? e->code : WOWAH_OK;
}

static int prepare(struct feeder *f, struct err *e)
{
	char *cat = fs_join(f->o->data_dir, MODEL_CATALOG_FILE);
	struct ch_opts ch = f->o->ch;
	int created, rc;

	rc = model_catalog_read(cat, collect, f, e);
	free(cat);
	if (rc)
		return rc;
	if (f->n)
		qsort(f->entries, f->n, sizeof(*f->entries), by_time);
	f->st->catalogued = (int64_t)f->n;
	if ((rc = ch_rb_table_parse(ch_schema_columns("auctions"), &f->auctions, e)) ||
	    (rc = ch_rb_table_parse(ch_schema_columns("item_snapshots"), &f->items, e)) ||
	    (rc = ch_rb_table_parse(ch_schema_columns("tokens"), &f->tokens, e)) ||
	    (rc = ch_rb_table_parse(ch_schema_columns("realms"), &f->realms_rb, e)) ||
	    (rc = ch_rb_table_parse(ch_schema_columns("items"), &f->items_rb, e)) ||
	    (rc = ch_rb_table_parse(ch_schema_columns("pets"), &f->pets_rb, e)))
		return rc;
	for (size_t i = 0; i < NSALES; i++)
		if ((rc = ch_rb_table_parse(ch_schema_columns(sales_metas[i].table),
		                            &f->sales_rb[i], e)))
			return rc;
	/* the statements name the database: the server need not have it yet */
	ch.database = NULL;
	if (!(f->c = ch_client_new(&ch, e)))
		return e->code;
	if ((rc = ch_schema_ensure(f->c, &f->s, &created, e)))
		return rc;
	ch_client_set_settings(f->c, feed_settings(f, 0));
	if ((rc = read_ledger(f, e)))
		return rc;
	if ((rc = duck_open(&f->d, NULL, e)))
		return rc;
	/* The feeder's side is light (about a third of the server's CPU per row): a second
	 * DuckDB thread only contends with the server for the cores, and costs more CPU and
	 * memory in handing chunks between threads (2 M rows: 2.0-2.5 s of CPU and 141-148 MB
	 * peak RSS with 2 threads, 1.4-1.9 s and 110 MB with 1).
	 * DuckDB 1.3 on also keeps the bytes of every file it read in its buffer pool
	 * (external file cache), which made the RSS grow with the history (20 snapshots of 4
	 * MB: 175 MB, against 110 MB for 2): the reads of a file here are back to back. */
	return duck_exec(&f->d, "SET threads = 1; SET enable_external_file_cache = false", e);
}

/* A feed that failed on a cluster because a whole shard is down says which shard and what
 * to do: ClickHouse's own first line ("All connection tries failed") names no host. None
 * of that shard's snapshots can have been marked fed: their ledger rows live on it too. */
static void name_down_shards(struct feeder *f, struct err *e)
{
	struct buf down = BUF_INIT;
	struct err ignored;

	if (e->code != WOWAH_EDB && e->code != WOWAH_EHTTP && e->code != WOWAH_ETIMEOUT)
		return;
	if (ch_cluster_down_shards(f->c, f->o->cluster, &down, &ignored) == WOWAH_OK && down.len)
		err_set(e, WOWAH_EDB,
		        "ClickHouse cluster %s: no replica answers in %s: start one, then run "
		        "wowah feed again to send what this run could not",
		        f->o->cluster, down.data);
	buf_release(&down);
}

int ch_feed(const struct ch_feed_opts *o, struct ch_feed_stats *st, struct err *e)
{
	struct feeder f = {.o = o, .st = st};
	int fd = -1, rc;

	memset(st, 0, sizeof(*st));
	f.s.database = o->ch.database ? o->ch.database : "wowah";
	snprintf(f.qid_prefix, sizeof(f.qid_prefix), "wowah-feed-%.64s-", f.s.database);
	f.s.cluster = o->cluster;
	if (!fs_exists(o->data_dir))
		return err_set(e, WOWAH_ENOTFOUND,
		               "no data dir at '%s': pull or import snapshots first, or give "
		               "--data-dir",
		               o->data_dir);
	rc = lock_data_dir(&f, &fd, e);
	if (!rc)
		rc = prepare(&f, e);
	if (!rc)
		rc = feed_all(&f, e);
	if (!rc)
		rc = feed_metadata(&f, e);
	if (!rc)
		rc = feed_sales(&f, e);
	if (rc && o->cluster && f.c)
		name_down_shards(&f, e);
	if (f.d.db)
		duck_close(&f.d);
	ch_client_free(f.c);
	for (size_t i = 0; i < f.n; i++)
		free(f.entries[i].en.path);
	free(f.entries);
	free(f.ledger);
	if (fd >= 0)
		close(fd);
	return rc;
}
