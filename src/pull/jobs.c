/* jobs.c - the job graph of a pull: index -> realms and auctions (retail) or houses ->
 * auctions (a Classic flavour), the token, the items; one job per request, in the
 * namespaces of the run's flavour (items: its static one).
 *
 * Every request is a job that lives from its queueing to its final on_done. Auction jobs
 * own a batch and a streaming parser that on_start rebuilds, so a retried body starts
 * from nothing; once whole, the batch goes to the writer (writer.c), which frees the job.
 * Small bodies are collected (bounded) and parsed whole; the realm details and items feed
 * their tables (tables.c).
 */
#include "pull/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bnet/api.h"
#include "util/ts.h"

#define SMALL_BODY_MAX (16u << 20)

const char *const pull_kind_names[] = {"realm", "commodity", "classic"};

static int on_done(void *ud, const struct bnet_http_result *r, struct err *e);

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
	else if (j->kind == JOB_PET)
		snprintf(out, n, "pet species %d", (int)j->id);
	else if (j->kind == JOB_TOKEN)
		snprintf(out, n, "token");
	else
		snprintf(out, n, "the %s realm index", model_flavor_name(j->p->what->flavor));
}

/* Records a failed unit: a summary line, an event, the counters. */
void pull_unit_failed(struct pull *p, const struct job *j, const char *why)
{
	char what[96];
	struct pull_event ev = {0};

	describe(j, what, sizeof(what));
	buf_printf(&p->rep->failures, "%s: %s\n", what, why);
	if (j->kind == JOB_AUCTIONS || j->kind == JOB_TOKEN) {
		p->rep->failed++;
		if (j->kind == JOB_AUCTIONS)
			p->rep->units_done++;
		ev.kind = j->kind == JOB_TOKEN ? "token" : pull_kind_names[j->bkind];
		ev.realm_id = j->kind == JOB_AUCTIONS && j->bkind != BATCH_COMMODITY ? j->id : 0;
		ev.house_id = j->house_id;
		ev.outcome = PULL_FAILED;
		ev.error = why;
		pull_event(p, &ev);
	}
}

void pull_halt(struct pull *p, const struct err *why)
{
	if (p->fatal)
		return;
	p->fatal = 1;
	p->fatal_err = *why;
	bnet_http_cancel(p->http);
}

void pull_job_free(struct job *j)
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

void pull_queue_ims(struct pull *p, enum job_kind kind, enum batch_kind bkind, int32_t id,
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
	case JOB_HOUSES:
		bnet_path_classic_houses(&path, id);
		break;
	case JOB_TOKEN:
		bnet_path_token(&path);
		break;
	case JOB_ITEM:
		bnet_path_item(&path, id);
		ns = BNET_NS_STATIC;
		break;
	case JOB_PET:
		bnet_path_pet(&path, id);
		ns = BNET_NS_STATIC;
		break;
	case JOB_AUCTIONS: {
		struct batch_meta *m;
		int64_t latest;
		j->batch = batch_new();
		if (p->cfg.max_rows)
			j->batch->max_rows = p->cfg.max_rows;
		m = &j->batch->meta;
		m->kind = bkind;
		m->flavor = p->what->flavor;
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
		p->rep->units_total++;
		break;
	}
	}
	if (ims)
		req.if_modified_since = ims;
	bnet_url(&url, p->api_url.data, p->region, ns, p->what->flavor, path.data);
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

void pull_queue(struct pull *p, enum job_kind kind, enum batch_kind bkind, int32_t id,
                int16_t house_id)
{
	pull_queue_ims(p, kind, bkind, id, house_id, 0);
}

static int auctions_done(struct job *j, const struct bnet_http_result *r, struct err *e)
{
	struct pull *p = j->p;
	struct pull_event ev = {0};
	int rc;

	ev.kind = pull_kind_names[j->bkind];
	ev.realm_id = j->batch->meta.realm_id;
	ev.house_id = j->house_id;
	if (r->status == 304) {
		p->rep->unchanged++;
		p->rep->units_done++;
		ev.outcome = PULL_UNCHANGED;
		pthread_mutex_lock(&p->store_lock);
		store_latest(p->store, &j->batch->meta, &ev.snapshot_ts);
		pthread_mutex_unlock(&p->store_lock);
		pull_event(p, &ev);
		return WOWAH_OK;
	}
	if (r->status != 200) {
		char why[160];
		snprintf(why, sizeof(why), "HTTP %ld %.100s", r->status, r->error_body);
		pull_unit_failed(p, j, why);
		return WOWAH_OK;
	}
	if ((rc = parse_auctions_finish(j->parser, e)))
		return rc; /* truncated or malformed: fetch it again */
	if (r->last_modified <= 0) {
		pull_unit_failed(p, j,
		                 "the answer has no Last-Modified, so the snapshot has no time");
		return WOWAH_OK;
	}
	j->batch->meta.snapshot_ts = r->last_modified;
	pull_note_items(p, j->batch);
	parse_auctions_free(j->parser);
	j->parser = NULL;
	j->fetched_at = ts_now();
	j->snapshot_ts = r->last_modified;
	j->handed = 1;
	pull_writer_hand(p, j);
	return WOWAH_OK;
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
	if (p->realms_mtime && r->last_modified > 0 && r->last_modified <= p->realms_mtime)
		ims = p->realms_mtime;
	p->rep->realms_listed = (int)n;
	p->details_pending = (int)n;
	p->crs = xcalloc(n ? n : 1, sizeof(*p->crs));
	p->details_same = xcalloc(n ? n : 1, sizeof(*p->details_same));
	p->capcrs = n;
	for (size_t i = 0; i < n; i++) {
		pull_queue_ims(p, JOB_REALM, BATCH_REALM, ids[i], 0, ims);
		if (p->what->realm_ids) /* the listed ones are queued already */
			continue;
		if (p->what->flavor == MODEL_FLAVOR_RETAIL)
			pull_queue(p, JOB_AUCTIONS, BATCH_REALM, ids[i], 0);
		else
			pull_queue(p, JOB_HOUSES, BATCH_CLASSIC, ids[i], 0);
	}
	free(ids);
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
		pull_queue(j->p, JOB_AUCTIONS, BATCH_CLASSIC, j->id, h[i].id);
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
	int src = store_write_token(p->store, p->region, p->what->flavor, &t, ts_now(), &sr, &werr);
	pthread_mutex_unlock(&p->store_lock);
	if (src) {
		pull_unit_failed(p, j, werr.msg);
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
	pull_event(p, &ev);
	return WOWAH_OK;
}

/* An index the run cannot do without: the realms to pull come from it. The retail index
 * of a run of listed realms only feeds the realms table. */
static int vital_index(const struct job *j)
{
	return j->kind == JOB_INDEX && !j->p->what->realm_ids;
}

static int small_done(struct job *j, const struct bnet_http_result *r, struct err *e)
{
	if (j->kind == JOB_REALM)
		return pull_realm_done(j, r, e);
	if (r->status == 404 && (j->kind == JOB_ITEM || j->kind == JOB_PET))
		return WOWAH_OK; /* an item or species the API does not know: nothing to store */
	if (r->status != 200) {
		char why[160];
		snprintf(why, sizeof(why), "HTTP %ld %.100s", r->status, r->error_body);
		if (vital_index(j)) {
			struct err fatal;
			describe(j, why + 80, 80);
			err_set(&fatal, WOWAH_EHTTP, "cannot read %s: HTTP %ld", why + 80,
			        r->status);
			pull_halt(j->p, &fatal);
		}
		if (j->kind == JOB_ITEM)
			j->p->items_failed++;
		pull_unit_failed(j->p, j, why);
		return WOWAH_OK;
	}
	switch (j->kind) {
	case JOB_INDEX:
		return index_done(j, r, e);
	case JOB_HOUSES:
		return houses_done(j, e);
	case JOB_TOKEN:
		return token_done(j, e);
	case JOB_ITEM:
		return pull_item_done(j, e);
	case JOB_PET:
		return pull_pet_done(j, e);
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
			pull_halt(p, e);
		if (vital_index(j) && r->rc != WOWAH_EINTERRUPTED)
			pull_halt(p, e);
		if (j->kind == JOB_REALM)
			pull_detail_finished(p, 0);
		if (j->kind == JOB_ITEM)
			p->items_failed++;
		if (r->rc != WOWAH_EINTERRUPTED)
			pull_unit_failed(p, j, e->msg);
		pull_job_free(j);
		return 0;
	}
	rc = j->kind == JOB_AUCTIONS ? auctions_done(j, r, e) : small_done(j, r, e);
	if (rc == WOWAH_OK && !j->handed)
		pull_job_free(j);
	return rc;
}
