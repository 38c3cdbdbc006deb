/* pull.c - one pull: the request graph (index -> realms -> auctions, Classic index ->
 * houses -> auctions, token, then items) over the bnet engine, into the store.
 *
 * Every request is a job that lives from its queueing to its final on_done. Auction
 * jobs own a batch and a streaming parser that on_start rebuilds, so a retried body
 * starts from nothing; small bodies are collected (bounded) and parsed whole.
 *
 * Writing Parquet (DuckDB's zstd, fsyncs) costs as much as parsing, so a whole batch is
 * handed to a writer thread through a short queue and the loop goes back to downloading
 * and parsing: the two overlap on two cores (bench/bench-pull.sh measures it). The
 * store is used by one thread at a time (store_lock). Results come back to the loop's
 * thread, which alone touches the report and calls the caller's callbacks.
 */
#include "pull/pull.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch/batch.h"
#include "bnet/api.h"
#include "bnet/http.h"
#include "bnet/oauth.h"
#include "model/layout.h"
#include "parse/auctions.h"
#include "parse/meta.h"
#include "util/fs.h"
#include "util/ts.h"

#define SMALL_BODY_MAX (16u << 20)
#define WRITE_QUEUE    3 /* whole batches waiting for the writer: bounds memory */

enum job_kind {
	JOB_INDEX,         /* connected-realm index */
	JOB_REALM,         /* one connected realm's details */
	JOB_AUCTIONS,      /* realm, commodities or Classic house auctions */
	JOB_CLASSIC_INDEX, /* Classic connected-realm index */
	JOB_HOUSES,        /* one Classic realm's auction houses */
	JOB_TOKEN,
	JOB_ITEM,
};

struct pull {
	struct pull_config cfg;
	char *region;
	struct buf api_url;
	struct bnet_oauth oauth;
	struct bnet_http *http;
	struct store *store;
	pthread_mutex_t store_lock;

	/* the writer thread; wq and done are guarded by wlock */
	pthread_t writer;
	pthread_mutex_t wlock;
	pthread_cond_t wcond;
	struct job *wq[WRITE_QUEUE];
	size_t wq_head, wq_n;
	struct job *done_head, *done_tail;
	int writing, quit, writer_started;

	/* per run */
	const struct pull_what *what;
	struct pull_report *rep;
	int64_t started_ms;
	int fatal;
	struct err fatal_err;
	struct meta_connected_realm *crs;
	size_t ncrs, capcrs;
	int details_pending, details_failed, details_changed;
	int64_t realms_mtime;  /* when the realms table was last written, 0: never */
	int32_t *details_same; /* realms whose details answered 304 */
	size_t ndetails_same;
	int32_t *item_ids;
	size_t nitem_ids, capitem_ids;
	struct meta_item *items;
	size_t nitems, capitems;
	int items_failed;
};

struct job {
	struct pull *p;
	enum job_kind kind;
	enum batch_kind bkind;
	int32_t id; /* realm or item id */
	int16_t house_id;
	struct buf body;
	struct batch *batch;
	struct parse_auctions *parser;
	/* filled by the writer */
	int64_t fetched_at, snapshot_ts;
	int handed, wrc;
	struct store_result sr;
	struct err werr;
	struct job *next;
};

static const char *const kind_names[] = {"realm", "commodity", "classic"};

static void drain_written(struct pull *p);
static void *writer_main(void *ud);

static void progress(void *ud)
{
	struct pull *p = ud;
	const struct bnet_http_stats *hs = bnet_http_stats(p->http);

	drain_written(p);
	p->rep->body_bytes = hs->body_bytes;
	p->rep->requests = hs->requests;
	p->rep->retries = hs->retries;
	p->rep->elapsed_ms = ts_now_ms() - p->started_ms;
	if (p->cfg.on_progress)
		p->cfg.on_progress(p->cfg.ud, p->rep);
}

int pull_new(const struct pull_config *cfg, struct store *st, struct pull **out, struct err *e)
{
	struct pull *p;
	struct bnet_http_opts ho = {0};
	struct buf oauth_url = BUF_INIT;
	char *cache;
	int rc;

	if ((rc = bnet_region_check(cfg->region, e)))
		return rc;
	if (!cfg->client_id || !cfg->client_secret)
		return err_set(e, WOWAH_ECONFIG, "no client credentials");
	p = xcalloc(1, sizeof(*p));
	p->cfg = *cfg;
	p->region = xstrdup(cfg->region);
	p->cfg.region = p->region;
	p->store = st;
	if (cfg->api_url)
		buf_puts(&p->api_url, cfg->api_url);
	else
		bnet_default_api_url(&p->api_url, cfg->region);
	if (cfg->oauth_url)
		buf_puts(&oauth_url, cfg->oauth_url);
	else
		bnet_default_oauth_url(&oauth_url, cfg->region);
	cache = fs_join(store_dir(st), MODEL_OAUTH_FILE);
	bnet_oauth_init(&p->oauth, oauth_url.data, cfg->client_id, cfg->client_secret, cache);
	free(cache);
	buf_release(&oauth_url);
	ho.concurrency = cfg->concurrency;
	ho.per_second = cfg->per_second;
	ho.per_hour = cfg->per_hour;
	ho.low_speed_time_s = cfg->low_speed_time_s;
	ho.oauth = &p->oauth;
	ho.stop = cfg->stop;
	ho.on_tick = progress;
	ho.tick_ud = p;
	pthread_mutex_init(&p->store_lock, NULL);
	pthread_mutex_init(&p->wlock, NULL);
	pthread_cond_init(&p->wcond, NULL);
	if ((rc = bnet_http_new(&p->http, &ho, e))) {
		pull_free(p);
		return rc;
	}
	if (pthread_create(&p->writer, NULL, writer_main, p) != 0) {
		pull_free(p);
		return err_set(e, WOWAH_ENOMEM, "cannot start the writer thread");
	}
	p->writer_started = 1;
	*out = p;
	return WOWAH_OK;
}

void pull_free(struct pull *p)
{
	if (!p)
		return;
	if (p->writer_started) {
		pthread_mutex_lock(&p->wlock);
		p->quit = 1;
		pthread_cond_broadcast(&p->wcond);
		pthread_mutex_unlock(&p->wlock);
		pthread_join(p->writer, NULL);
	}
	pthread_cond_destroy(&p->wcond);
	pthread_mutex_destroy(&p->wlock);
	pthread_mutex_destroy(&p->store_lock);
	bnet_http_free(p->http);
	bnet_oauth_release(&p->oauth);
	buf_release(&p->api_url);
	free(p->region);
	free(p);
}

void pull_report_release(struct pull_report *rep)
{
	buf_release(&rep->failures);
	free(rep->item_ids);
	rep->item_ids = NULL;
	rep->nitem_ids = 0;
}

int pull_parse_realms(const char *s, int32_t **out, size_t *n, struct err *e)
{
	int32_t *ids = NULL;
	size_t count = 0;
	const char *q = s;

	*out = NULL;
	*n = 0;
	if (!s || strcmp(s, "all") == 0)
		return WOWAH_OK;
	while (*q) {
		char *end;
		long v;
		errno = 0;
		v = strtol(q, &end, 10);
		if (end == q || errno || v <= 0 || v > INT32_MAX || (*end && *end != ',')) {
			free(ids);
			return err_set(
			        e, WOWAH_EUSAGE,
			        "--realms: '%s' is not 'all' or a list of realm ids like 1305,1403",
			        s);
		}
		ids = xrealloc(ids, (count + 1) * sizeof(*ids));
		ids[count++] = (int32_t)v;
		q = *end ? end + 1 : end;
	}
	if (!count)
		return err_set(e, WOWAH_EUSAGE, "--realms: give 'all' or realm ids");
	*out = ids;
	*n = count;
	return WOWAH_OK;
}

/* ---- reporting ---- */

static void event(struct pull *p, const struct pull_event *ev)
{
	if (p->cfg.on_event)
		p->cfg.on_event(p->cfg.ud, ev);
}

static void describe(const struct job *j, char *out, size_t n)
{
	if (j->kind == JOB_AUCTIONS && j->bkind == BATCH_COMMODITY)
		snprintf(out, n, "commodities");
	else if (j->kind == JOB_AUCTIONS && j->bkind == BATCH_CLASSIC)
		snprintf(out, n, "classic realm %d house %d", (int)j->id, (int)j->house_id);
	else if (j->kind == JOB_AUCTIONS)
		snprintf(out, n, "realm %d", (int)j->id);
	else if (j->kind == JOB_REALM)
		snprintf(out, n, "realm %d details", (int)j->id);
	else if (j->kind == JOB_HOUSES)
		snprintf(out, n, "classic realm %d houses", (int)j->id);
	else if (j->kind == JOB_ITEM)
		snprintf(out, n, "item %d", (int)j->id);
	else if (j->kind == JOB_TOKEN)
		snprintf(out, n, "token");
	else
		snprintf(out, n, "%s realm index",
		         j->kind == JOB_CLASSIC_INDEX ? "classic" : "the");
}

/* Records a failed unit: a summary line, an event, the counters. */
static void unit_failed(struct pull *p, const struct job *j, const char *why)
{
	char what[96];
	struct pull_event ev = {0};

	describe(j, what, sizeof(what));
	buf_printf(&p->rep->failures, "%s: %s\n", what, why);
	if (j->kind == JOB_AUCTIONS || j->kind == JOB_TOKEN) {
		p->rep->failed++;
		if (j->kind == JOB_AUCTIONS)
			p->rep->units_done++;
		ev.kind = j->kind == JOB_TOKEN ? "token" : kind_names[j->bkind];
		ev.realm_id = j->kind == JOB_AUCTIONS && j->bkind != BATCH_COMMODITY ? j->id : 0;
		ev.house_id = j->house_id;
		ev.outcome = PULL_FAILED;
		ev.error = why;
		event(p, &ev);
	}
}

/* An error that makes the rest of the run pointless (refused credentials). */
static void halt(struct pull *p, const struct err *why)
{
	if (p->fatal)
		return;
	p->fatal = 1;
	p->fatal_err = *why;
	bnet_http_cancel(p->http);
}

/* ---- jobs ---- */

static void job_free(struct job *j)
{
	buf_release(&j->body);
	parse_auctions_free(j->parser);
	batch_free(j->batch);
	free(j);
}

static void on_start(void *ud)
{
	struct job *j = ud;

	buf_reset(&j->body);
	if (j->kind != JOB_AUCTIONS)
		return;
	parse_auctions_free(j->parser);
	batch_clear(j->batch);
	j->parser = parse_auctions_new(j->batch);
}

static int on_body(void *ud, const char *data, size_t len, struct err *e)
{
	struct job *j = ud;

	if (j->kind == JOB_AUCTIONS)
		return parse_auctions_feed(j->parser, data, len, e);
	if (j->body.len + len > SMALL_BODY_MAX)
		return err_set(e, WOWAH_EPARSE, "body larger than %u bytes", SMALL_BODY_MAX);
	buf_append(&j->body, data, len);
	return WOWAH_OK;
}

static int on_done(void *ud, const struct bnet_http_result *r, struct err *e);

static void queue_ims(struct pull *p, enum job_kind kind, enum batch_kind bkind, int32_t id,
                      int16_t house_id, int64_t ims)
{
	struct job *j = xcalloc(1, sizeof(*j));
	struct bnet_http_request req = {0};
	struct buf path = BUF_INIT, url = BUF_INIT;
	enum bnet_ns ns = BNET_NS_DYNAMIC;

	j->p = p;
	j->kind = kind;
	j->bkind = bkind;
	j->id = id;
	j->house_id = house_id;
	switch (kind) {
	case JOB_INDEX:
		bnet_path_realm_index(&path);
		break;
	case JOB_REALM:
		bnet_path_realm(&path, id);
		break;
	case JOB_CLASSIC_INDEX:
		bnet_path_realm_index(&path);
		ns = BNET_NS_CLASSIC;
		break;
	case JOB_HOUSES:
		bnet_path_classic_houses(&path, id);
		ns = BNET_NS_CLASSIC;
		break;
	case JOB_TOKEN:
		bnet_path_token(&path);
		break;
	case JOB_ITEM:
		bnet_path_item(&path, id);
		ns = BNET_NS_STATIC;
		break;
	case JOB_AUCTIONS: {
		struct batch_meta *m;
		int64_t latest;
		j->batch = batch_new();
		m = &j->batch->meta;
		m->kind = bkind;
		snprintf(m->region, sizeof(m->region), "%s", p->region);
		m->realm_id = bkind == BATCH_COMMODITY ? 0 : id;
		m->house_id = house_id;
		pthread_mutex_lock(&p->store_lock);
		if (store_latest(p->store, m, &latest))
			req.if_modified_since = latest;
		pthread_mutex_unlock(&p->store_lock);
		if (bkind == BATCH_COMMODITY)
			bnet_path_commodities(&path);
		else if (bkind == BATCH_CLASSIC)
			bnet_path_classic_auctions(&path, id, house_id);
		else
			bnet_path_auctions(&path, id);
		ns = bkind == BATCH_CLASSIC ? BNET_NS_CLASSIC : BNET_NS_DYNAMIC;
		p->rep->units_total++;
		break;
	}
	}
	if (ims)
		req.if_modified_since = ims;
	bnet_url(&url, p->api_url.data, p->region, ns, path.data);
	req.url = url.data;
	req.auth = 1;
	req.ud = j;
	req.on_start = on_start;
	req.on_body = on_body;
	req.on_done = on_done;
	bnet_http_get(p->http, &req);
	buf_release(&path);
	buf_release(&url);
}

static void queue(struct pull *p, enum job_kind kind, enum batch_kind bkind, int32_t id,
                  int16_t house_id)
{
	queue_ims(p, kind, bkind, id, house_id, 0);
}

/* Remembers the batch's distinct item ids, for --items. */
static void note_items(struct pull *p, const struct batch *b)
{
	if (!p->what->items && !p->what->collect_items)
		return;
	for (size_t i = 0; i < b->n; i++) {
		if (i > 0 && b->item_id[i] == b->item_id[i - 1])
			continue;
		if (p->nitem_ids == p->capitem_ids) {
			p->capitem_ids = p->capitem_ids ? p->capitem_ids * 2 : 4096;
			p->item_ids = xrealloc(p->item_ids, p->capitem_ids * sizeof(*p->item_ids));
		}
		p->item_ids[p->nitem_ids++] = b->item_id[i];
	}
}

/* ---- the writer thread ---- */

static void *writer_main(void *ud)
{
	struct pull *p = ud;
	struct job *j;

	pthread_mutex_lock(&p->wlock);
	for (;;) {
		while (!p->wq_n && !p->quit)
			pthread_cond_wait(&p->wcond, &p->wlock);
		if (!p->wq_n)
			break;
		j = p->wq[p->wq_head];
		p->wq_head = (p->wq_head + 1) % WRITE_QUEUE;
		p->wq_n--;
		p->writing = 1;
		pthread_cond_broadcast(&p->wcond);
		pthread_mutex_unlock(&p->wlock);

		pthread_mutex_lock(&p->store_lock);
		j->wrc = store_write_auctions(p->store, j->batch, j->fetched_at, &j->sr, &j->werr);
		pthread_mutex_unlock(&p->store_lock);
		batch_free(j->batch);
		j->batch = NULL;

		pthread_mutex_lock(&p->wlock);
		if (p->done_tail)
			p->done_tail->next = j;
		else
			p->done_head = j;
		p->done_tail = j;
		p->writing = 0;
		pthread_cond_broadcast(&p->wcond);
	}
	pthread_mutex_unlock(&p->wlock);
	return NULL;
}

/* Queues a parsed batch for the writer, waiting while the queue is full. */
static void hand_to_writer(struct pull *p, struct job *j)
{
	pthread_mutex_lock(&p->wlock);
	while (p->wq_n == WRITE_QUEUE)
		pthread_cond_wait(&p->wcond, &p->wlock);
	p->wq[(p->wq_head + p->wq_n) % WRITE_QUEUE] = j;
	p->wq_n++;
	pthread_cond_broadcast(&p->wcond);
	pthread_mutex_unlock(&p->wlock);
	drain_written(p);
}

/* What the writer finished: counters and events, on the loop's thread. */
static void report_written(struct pull *p, struct job *j)
{
	struct pull_event ev = {0};

	if (j->wrc) {
		unit_failed(p, j, j->werr.msg);
		return;
	}
	p->rep->units_done++;
	ev.kind = kind_names[j->bkind];
	ev.realm_id = j->bkind == BATCH_COMMODITY ? 0 : j->id;
	ev.house_id = j->house_id;
	ev.snapshot_ts = j->snapshot_ts;
	if (j->sr.duplicate) {
		p->rep->unchanged++;
		ev.outcome = PULL_UNCHANGED;
	} else {
		p->rep->stored++;
		p->rep->rows += j->sr.rows;
		ev.outcome = PULL_STORED;
		ev.rows = j->sr.rows;
		ev.bytes = j->sr.bytes;
		ev.path = j->sr.path;
	}
	event(p, &ev);
}

static void drain_written(struct pull *p)
{
	struct job *j, *next;

	pthread_mutex_lock(&p->wlock);
	j = p->done_head;
	p->done_head = p->done_tail = NULL;
	pthread_mutex_unlock(&p->wlock);
	for (; j; j = next) {
		next = j->next;
		report_written(p, j);
		job_free(j);
	}
}

/* Waits until every handed batch is written, and reports them. */
static void flush_writer(struct pull *p)
{
	pthread_mutex_lock(&p->wlock);
	while (p->wq_n || p->writing)
		pthread_cond_wait(&p->wcond, &p->wlock);
	pthread_mutex_unlock(&p->wlock);
	drain_written(p);
}

static int auctions_done(struct job *j, const struct bnet_http_result *r, struct err *e)
{
	struct pull *p = j->p;
	struct pull_event ev = {0};
	int rc;

	ev.kind = kind_names[j->bkind];
	ev.realm_id = j->batch->meta.realm_id;
	ev.house_id = j->house_id;
	if (r->status == 304) {
		p->rep->unchanged++;
		p->rep->units_done++;
		ev.outcome = PULL_UNCHANGED;
		pthread_mutex_lock(&p->store_lock);
		store_latest(p->store, &j->batch->meta, &ev.snapshot_ts);
		pthread_mutex_unlock(&p->store_lock);
		event(p, &ev);
		return WOWAH_OK;
	}
	if (r->status != 200) {
		char why[160];
		snprintf(why, sizeof(why), "HTTP %ld %.100s", r->status, r->error_body);
		unit_failed(p, j, why);
		return WOWAH_OK;
	}
	if ((rc = parse_auctions_finish(j->parser, e)))
		return rc; /* truncated or malformed: fetch it again */
	if (r->last_modified <= 0) {
		unit_failed(p, j, "the answer has no Last-Modified, so the snapshot has no time");
		return WOWAH_OK;
	}
	j->batch->meta.snapshot_ts = r->last_modified;
	note_items(p, j->batch);
	parse_auctions_free(j->parser);
	j->parser = NULL;
	j->fetched_at = ts_now();
	j->snapshot_ts = r->last_modified;
	j->handed = 1;
	hand_to_writer(p, j);
	return WOWAH_OK;
}

static int in_list(const int32_t *ids, size_t n, int32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* The realms table is rewritten only when something in it changed: when the index is
 * no newer than the table, each realm's details are asked If-Modified-Since the table's
 * time, and only if one of them changed are the others fetched whole. */
static int index_done(struct job *j, const struct bnet_http_result *r, struct err *e)
{
	struct pull *p = j->p;
	int32_t *ids;
	size_t n;
	int rc = meta_parse_connected_realm_index(j->body.data, j->body.len, &ids, &n, e);
	int64_t ims = 0;

	if (rc)
		return rc;
	if (j->kind == JOB_INDEX && p->realms_mtime && r->last_modified > 0 &&
	    r->last_modified <= p->realms_mtime)
		ims = p->realms_mtime;
	if (j->kind == JOB_INDEX) {
		p->rep->realms_listed = (int)n;
		p->details_pending = (int)n;
		p->crs = xcalloc(n ? n : 1, sizeof(*p->crs));
		p->details_same = xcalloc(n ? n : 1, sizeof(*p->details_same));
		p->capcrs = n;
	}
	for (size_t i = 0; i < n; i++) {
		if (j->kind == JOB_CLASSIC_INDEX) {
			queue(p, JOB_HOUSES, BATCH_CLASSIC, ids[i], 0);
			continue;
		}
		queue_ims(p, JOB_REALM, BATCH_REALM, ids[i], 0, ims);
		if (!p->what->realm_ids) /* else the listed ones are queued already */
			queue(p, JOB_AUCTIONS, BATCH_REALM, ids[i], 0);
	}
	free(ids);
	return WOWAH_OK;
}

/* The outcome of writing a whole table (realms, items) into ev: a failure line and
 * PULL_FAILED, or PULL_STORED with what was written. */
static void table_written(struct pull *p, struct pull_event *ev, const char *what, int rc,
                          const struct store_result *sr, const struct err *werr)
{
	if (rc) {
		buf_printf(&p->rep->failures, "%s: %s\n", what, werr->msg);
		ev->outcome = PULL_FAILED;
		ev->error = werr->msg;
		return;
	}
	ev->outcome = PULL_STORED;
	ev->rows = sr->rows;
	ev->bytes = sr->bytes;
	ev->path = sr->path;
}

/* Once every realm's details are in, the realms table is replaced as a whole; with any
 * missing it is left as it was rather than shrunk. */
static void realms_table(struct pull *p)
{
	struct store_result sr = {0};
	struct pull_event ev = {0};
	struct err werr = {0};

	ev.kind = "realms";
	if (!p->details_failed && !p->details_changed && p->ndetails_same) {
		ev.outcome = PULL_UNCHANGED;
		event(p, &ev);
		return;
	}
	if (p->details_failed) {
		buf_printf(&p->rep->failures,
		           "realms table: not replaced, %d realm details failed\n",
		           p->details_failed);
		return;
	}
	pthread_mutex_lock(&p->store_lock);
	int src = store_write_realms(p->store, p->region, p->crs, p->ncrs, ts_now(), &sr, &werr);
	pthread_mutex_unlock(&p->store_lock);
	table_written(p, &ev, "realms table", src, &sr, &werr);
	event(p, &ev);
}

static void detail_finished(struct pull *p, int ok)
{
	if (!ok)
		p->details_failed++;
	if (--p->details_pending > 0)
		return;
	if (p->details_changed && p->ndetails_same && !p->details_failed) {
		/* something changed: the table needs every realm, so fetch the others whole */
		p->details_pending = (int)p->ndetails_same;
		for (size_t i = 0; i < p->ndetails_same; i++)
			queue(p, JOB_REALM, BATCH_REALM, p->details_same[i], 0);
		p->ndetails_same = 0;
		return;
	}
	realms_table(p);
}

static int realm_done(struct job *j, const struct bnet_http_result *r, struct err *e)
{
	struct pull *p = j->p;
	struct meta_connected_realm cr = {0};
	int rc;

	if (r->status == 304) {
		p->details_same[p->ndetails_same++] = j->id;
		detail_finished(p, 1);
		return WOWAH_OK;
	}
	if (r->status != 200) {
		char why[160];
		snprintf(why, sizeof(why), "HTTP %ld %.100s", r->status, r->error_body);
		unit_failed(p, j, why);
		detail_finished(p, 0);
		return WOWAH_OK;
	}
	if ((rc = meta_parse_connected_realm(j->body.data, j->body.len, &cr, e)))
		return rc;
	p->details_changed++;
	p->crs[p->ncrs++] = cr;
	detail_finished(p, 1);
	return WOWAH_OK;
}

static int houses_done(struct job *j, struct err *e)
{
	struct meta_house *h;
	size_t n;
	int rc = meta_parse_classic_index(j->body.data, j->body.len, &h, &n, e);

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		queue(j->p, JOB_AUCTIONS, BATCH_CLASSIC, j->id, h[i].id);
	meta_houses_free(h, n);
	return WOWAH_OK;
}

static int token_done(struct job *j, struct err *e)
{
	struct pull *p = j->p;
	struct meta_token t;
	struct store_result sr = {0};
	struct pull_event ev = {0};
	struct err werr = {0};
	int rc = meta_parse_token(j->body.data, j->body.len, &t, e);

	if (rc)
		return rc;
	pthread_mutex_lock(&p->store_lock);
	int src = store_write_token(p->store, p->region, &t, ts_now(), &sr, &werr);
	pthread_mutex_unlock(&p->store_lock);
	if (src) {
		unit_failed(p, j, werr.msg);
		return WOWAH_OK;
	}
	ev.kind = "token";
	ev.snapshot_ts = t.last_updated;
	ev.outcome = sr.duplicate ? PULL_UNCHANGED : PULL_STORED;
	ev.rows = sr.rows;
	ev.bytes = sr.bytes;
	ev.path = sr.duplicate ? NULL : sr.path;
	if (sr.duplicate)
		p->rep->unchanged++;
	else
		p->rep->stored++;
	event(p, &ev);
	return WOWAH_OK;
}

static int item_done(struct job *j, struct err *e)
{
	struct pull *p = j->p;
	struct meta_item it = {0};
	int rc = meta_parse_item(j->body.data, j->body.len, &it, e);

	if (rc)
		return rc;
	if (p->nitems == p->capitems) {
		p->capitems = p->capitems ? p->capitems * 2 : 256;
		p->items = xrealloc(p->items, p->capitems * sizeof(*p->items));
	}
	p->items[p->nitems++] = it;
	return WOWAH_OK;
}

/* An index the run cannot do without: the realms to pull come from it. The retail index
 * of a run of listed realms only feeds the realms table. */
static int vital_index(const struct job *j)
{
	return j->kind == JOB_CLASSIC_INDEX || (j->kind == JOB_INDEX && !j->p->what->realm_ids);
}

static int small_done(struct job *j, const struct bnet_http_result *r, struct err *e)
{
	if (j->kind == JOB_REALM)
		return realm_done(j, r, e);
	if (r->status == 404 && j->kind == JOB_ITEM)
		return WOWAH_OK; /* an item the API does not know: nothing to store */
	if (r->status != 200) {
		char why[160];
		snprintf(why, sizeof(why), "HTTP %ld %.100s", r->status, r->error_body);
		if (vital_index(j)) {
			struct err fatal;
			describe(j, why + 80, 80);
			err_set(&fatal, WOWAH_EHTTP, "cannot read %s: HTTP %ld", why + 80,
			        r->status);
			halt(j->p, &fatal);
		}
		if (j->kind == JOB_ITEM)
			j->p->items_failed++;
		unit_failed(j->p, j, why);
		return WOWAH_OK;
	}
	switch (j->kind) {
	case JOB_INDEX:
	case JOB_CLASSIC_INDEX:
		return index_done(j, r, e);
	case JOB_HOUSES:
		return houses_done(j, e);
	case JOB_TOKEN:
		return token_done(j, e);
	case JOB_ITEM:
		return item_done(j, e);
	default:
		return WOWAH_OK;
	}
}

static int on_done(void *ud, const struct bnet_http_result *r, struct err *e)
{
	struct job *j = ud;
	struct pull *p = j->p;
	int rc;

	if (r->rc) {
		if (r->rc == WOWAH_EAUTH)
			halt(p, e);
		if (vital_index(j) && r->rc != WOWAH_EINTERRUPTED)
			halt(p, e);
		if (j->kind == JOB_REALM)
			detail_finished(p, 0);
		if (j->kind == JOB_ITEM)
			p->items_failed++;
		if (r->rc != WOWAH_EINTERRUPTED)
			unit_failed(p, j, e->msg);
		job_free(j);
		return 0;
	}
	rc = j->kind == JOB_AUCTIONS ? auctions_done(j, r, e) : small_done(j, r, e);
	if (rc == WOWAH_OK && !j->handed)
		job_free(j);
	return rc;
}

/* ---- items ---- */

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Sorts the run's item ids and drops the repeats. */
static void unique_items(struct pull *p)
{
	size_t n = 0;

	if (p->nitem_ids > 1)
		qsort(p->item_ids, p->nitem_ids, sizeof(*p->item_ids), cmp_i32);
	for (size_t i = 0; i < p->nitem_ids; i++)
		if (n == 0 || p->item_ids[i] != p->item_ids[n - 1])
			p->item_ids[n++] = p->item_ids[i];
	p->nitem_ids = n;
}

/* Fetches the metadata of the ids no items file holds yet, and stores it. */
static void fetch_items(struct pull *p, const int32_t *ids, size_t n, struct err *e)
{
	int32_t *missing = NULL;
	size_t nmissing = 0;
	struct store_result sr = {0};
	struct pull_event ev = {0};
	struct err werr = {0};

	pthread_mutex_lock(&p->store_lock);
	int src = store_missing_items(p->store, ids, n, &missing, &nmissing, &werr);
	pthread_mutex_unlock(&p->store_lock);
	if (src) {
		buf_printf(&p->rep->failures, "items: %s\n", werr.msg);
		return;
	}
	for (size_t i = 0; i < nmissing; i++)
		queue(p, JOB_ITEM, BATCH_REALM, missing[i], 0);
	free(missing);
	if (bnet_http_run(p->http, e) || p->fatal)
		return;
	ev.kind = "items";
	if (!p->nitems)
		return;
	pthread_mutex_lock(&p->store_lock);
	src = store_write_items(p->store, p->items, p->nitems, ts_now(), &sr, &werr);
	pthread_mutex_unlock(&p->store_lock);
	table_written(p, &ev, "items", src, &sr, &werr);
	if (!src) {
		p->rep->items_new = (int)sr.rows;
		if (!sr.rows) /* no new item: no file */
			ev.path = NULL;
	}
	event(p, &ev);
}

/* ---- the run ---- */

static int64_t realms_mtime(const struct pull *p)
{
	char rel[MODEL_PATH_MAX], *path;
	struct stat st;
	int64_t t = 0;

	model_realms_path(rel, sizeof(rel), p->region);
	path = fs_join(store_dir(p->store), rel);
	if (stat(path, &st) == 0)
		t = (int64_t)st.st_mtime;
	free(path);
	return t;
}

static void reset_run(struct pull *p)
{
	for (size_t i = 0; i < p->ncrs; i++)
		meta_connected_realm_release(&p->crs[i]);
	free(p->crs);
	for (size_t i = 0; i < p->nitems; i++)
		meta_item_release(&p->items[i]);
	free(p->items);
	free(p->item_ids);
	free(p->details_same);
	p->details_same = NULL;
	p->ndetails_same = 0;
	p->details_changed = 0;
	p->crs = NULL;
	p->items = NULL;
	p->item_ids = NULL;
	p->ncrs = p->capcrs = p->nitems = p->capitems = p->nitem_ids = p->capitem_ids = 0;
	p->details_pending = p->details_failed = p->items_failed = 0;
	p->fatal = 0;
	err_clear(&p->fatal_err);
}

static int outcome(struct pull *p, int rc, struct err *e)
{
	int lines = 0;

	progress(p);
	if (p->fatal) {
		*e = p->fatal_err;
		return e->code ? e->code : WOWAH_EHTTP;
	}
	if (rc)
		return rc;
	if (p->cfg.stop && *p->cfg.stop)
		return err_set(e, WOWAH_EINTERRUPTED, "interrupted");
	for (size_t i = 0; i < p->rep->failures.len; i++)
		lines += p->rep->failures.data[i] == '\n';
	if (p->rep->failed)
		return err_set(e, WOWAH_EPARTIAL, "%d of %d snapshots failed", p->rep->failed,
		               p->rep->units_total + (p->what->token ? 1 : 0));
	if (lines)
		return err_set(e, WOWAH_EPARTIAL, "%d part%s of the pull failed (listed above)",
		               lines, lines == 1 ? "" : "s");
	return WOWAH_OK;
}

int pull_run(struct pull *p, const struct pull_what *what, struct pull_report *rep, struct err *e)
{
	const char *token;
	int rc;

	memset(rep, 0, sizeof(*rep));
	buf_init(&rep->failures);
	reset_run(p);
	p->what = what;
	p->rep = rep;
	p->started_ms = ts_now_ms();
	p->realms_mtime = realms_mtime(p);
	/* Credentials first: refused ones are one clear error, not one per realm. */
	if ((rc = bnet_oauth_token(&p->oauth, ts_now(), &token, e)))
		return rc;
	if (what->commodities)
		queue(p, JOB_AUCTIONS, BATCH_COMMODITY, 0, 0);
	if (what->realm_ids) {
		for (size_t i = 0; i < what->nrealms; i++)
			if (!in_list(what->realm_ids, i, what->realm_ids[i]))
				queue(p, JOB_AUCTIONS, BATCH_REALM, what->realm_ids[i], 0);
	}
	if (!what->realm_ids || what->realms_table)
		queue(p, JOB_INDEX, BATCH_REALM, 0, 0);
	if (what->classic && what->classic_ids) {
		for (size_t i = 0; i < what->nclassic; i++)
			if (!in_list(what->classic_ids, i, what->classic_ids[i]))
				queue(p, JOB_HOUSES, BATCH_CLASSIC, what->classic_ids[i], 0);
	} else if (what->classic) {
		queue(p, JOB_CLASSIC_INDEX, BATCH_CLASSIC, 0, 0);
	}
	if (what->token)
		queue(p, JOB_TOKEN, BATCH_REALM, 0, 0);
	rc = bnet_http_run(p->http, e);
	flush_writer(p); /* even when stopped: what was downloaded whole is written */
	unique_items(p);
	if (!rc && !p->fatal && !(p->cfg.stop && *p->cfg.stop)) {
		if (what->items)
			fetch_items(p, p->item_ids, p->nitem_ids, e);
		if (what->item_ids)
			fetch_items(p, what->item_ids, what->nitem_ids, e);
	}
	if (what->collect_items) {
		rep->item_ids = p->item_ids;
		rep->nitem_ids = p->nitem_ids;
		p->item_ids = NULL;
		p->nitem_ids = p->capitem_ids = 0;
	}
	rc = outcome(p, rc, e);
	reset_run(p);
	return rc;
}
