/* pull.c - one pull: the struct pull that lives across runs (the HTTP engine, the OAuth
 * token, the writer thread), and each run: what it queues, how it ends, what it reports.
 *
 * A run queues the jobs it was asked for (jobs.c), lets the engine run them on the
 * caller's thread while the writer thread stores the auction batches (writer.c), then
 * fetches the items the run saw (tables.c) and sums up. The store is used by one thread
 * at a time (store_lock). Results come back to the loop's thread, which alone touches the
 * report and calls the caller's callbacks.
 */
#include "pull/pull.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bnet/api.h"
#include "model/keys.h"
#include "model/layout.h"
#include "pull/internal.h"
#include "util/fs.h"
#include "util/ts.h"

static struct pull_http_counts http_counts(const struct pull *p)
{
	const struct bnet_http_stats *hs = bnet_http_stats(p->http);
	return (struct pull_http_counts){hs->body_bytes, hs->requests, hs->retries, hs->status_429};
}

static void progress(void *ud)
{
	struct pull *p = ud;
	struct pull_http_counts now = http_counts(p), *before = &p->http_before;

	pull_writer_drain(p);
	p->rep->total = now;
	p->rep->run = (struct pull_http_counts){
	        now.body_bytes - before->body_bytes, now.requests - before->requests,
	        now.retries - before->retries, now.status_429 - before->status_429};
	p->rep->token_expires_at = p->oauth.token ? p->oauth.expires_at : 0;
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

	if ((rc = model_region_check(cfg->region, e)))
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
	p->oauth.cacert = cfg->cacert;
	ho.cacert = cfg->cacert;
	ho.oauth = &p->oauth;
	ho.stop = cfg->stop;
	ho.on_tick = progress;
	ho.tick_ud = p;
	pthread_mutex_init(&p->store_lock, NULL);
	pull_writer_init(p);
	if ((rc = bnet_http_new(&p->http, &ho, e)) || (rc = pull_writer_start(p, e))) {
		pull_free(p);
		return rc;
	}
	*out = p;
	return WOWAH_OK;
}

void pull_free(struct pull *p)
{
	if (!p)
		return;
	pull_writer_release(p);
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

void pull_event(struct pull *p, const struct pull_event *ev)
{
	struct pull_event with = *ev;

	with.flavor = p->what->flavor;
	if (p->cfg.on_event)
		p->cfg.on_event(p->cfg.ud, &with);
}

static int in_list(const int32_t *ids, size_t n, int32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
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
	for (size_t i = 0; i < p->npets; i++)
		meta_pet_release(&p->pets[i]);
	free(p->pets);
	free(p->species_ids);
	p->pets = NULL;
	p->species_ids = NULL;
	p->npets = p->cappets = p->nspecies_ids = p->capspecies_ids = 0;
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
		               p->rep->units_total +
		                       (p->what->token && model_flavor_has_token(p->what->flavor)));
	if (lines)
		return err_set(e, WOWAH_EPARTIAL, "%d part%s of the pull failed (listed above)",
		               lines, lines == 1 ? "" : "s");
	return WOWAH_OK;
}

int pull_run(struct pull *p, const struct pull_what *what, struct pull_report *rep, struct err *e)
{
	const char *token;
	int retail = what->flavor == MODEL_FLAVOR_RETAIL, rc;

	memset(rep, 0, sizeof(*rep));
	buf_init(&rep->failures);
	reset_run(p);
	p->what = what;
	p->rep = rep;
	p->started_ms = ts_now_ms();
	p->http_before = http_counts(p);
	p->realms_mtime = pull_realms_mtime(p);
	/* Credentials first: refused ones are one clear error, not one per realm. */
	if ((rc = bnet_oauth_token(&p->oauth, ts_now(), &token, e)))
		return rc;
	if (what->commodities && retail)
		pull_queue(p, JOB_AUCTIONS, BATCH_COMMODITY, 0, 0);
	for (size_t i = 0; what->realm_ids && i < what->nrealms; i++) {
		if (in_list(what->realm_ids, i, what->realm_ids[i]))
			continue;
		if (retail)
			pull_queue(p, JOB_AUCTIONS, BATCH_REALM, what->realm_ids[i], 0);
		else
			pull_queue(p, JOB_HOUSES, BATCH_CLASSIC, what->realm_ids[i], 0);
	}
	if (!what->realm_ids || what->realms_table)
		pull_queue(p, JOB_INDEX, BATCH_REALM, 0, 0);
	if (what->token && model_flavor_has_token(what->flavor))
		pull_queue(p, JOB_TOKEN, BATCH_REALM, 0, 0);
	rc = bnet_http_run(p->http, e);
	pull_writer_flush(p); /* even when stopped: what was downloaded whole is written */
	pull_unique_items(p);
	if (!rc && !p->fatal && !(p->cfg.stop && *p->cfg.stop)) {
		if (what->items)
			pull_fetch_items(p, p->item_ids, p->nitem_ids, e);
		if (what->item_ids)
			pull_fetch_items(p, what->item_ids, what->nitem_ids, e);
		pull_fetch_pets(p, e);
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
