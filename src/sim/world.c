/* world.c - markets under locks, the clock, and the snapshot body cache. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "httpd/httpd.h"
#include "sim/render.h"
#include "sim/rng.h"
#include "sim/world.h"

struct sim_body *sim_body_new(struct buf *from)
{
	struct sim_body *b = xcalloc(1, sizeof(*b));
	b->refs = 1;
	b->data = buf_detach(from, &b->len);
	return b;
}

void sim_body_ref(struct sim_body *b)
{
	__atomic_add_fetch(&b->refs, 1, __ATOMIC_RELAXED);
}

void sim_body_unref(struct sim_body *b)
{
	if (b && __atomic_sub_fetch(&b->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		free(b->data);
		free(b);
	}
}

static void house_init(struct sim_house *h, struct sim_world *w, enum sim_market_kind kind,
                       int flavor, int32_t realm_id, int house, int32_t offset, size_t target)
{
	pthread_mutex_init(&h->lock, NULL);
	sim_market_init(&h->m, w->gen, w->cfg.seed, kind, flavor, realm_id, house, offset, target);
	h->m.truth_keep = w->cfg.truth_hours * 3600;
	h->cached = -1;
}

static void house_drop_cache(struct sim_house *h)
{
	sim_body_unref(h->plain);
	sim_body_unref(h->gzip);
	h->plain = h->gzip = NULL;
	h->cached = -1;
}

int sim_world_new(const struct sim_config *cfg, struct sim_world **out, struct err *e)
{
	struct sim_world *w;
	int realms[SIM_NFLAVORS] = {(int)cfg->realms};
	size_t nclassic, k = 0;
	int rc;

	if (cfg->max_clock_hours && cfg->history_hours > cfg->max_clock_hours)
		return err_set(
		        e, WOWAH_ECONFIG,
		        "--history-hours %lld is past --max-clock-hours %lld: raise the limit "
		        "or start the clock earlier",
		        (long long)cfg->history_hours, (long long)cfg->max_clock_hours);
	w = xcalloc(1, sizeof(*w));
	w->cfg = *cfg;
	for (int f = SIM_CLASSIC; f < SIM_NFLAVORS; f++)
		realms[f] = (int)cfg->classic_realms[f];
	rc = sim_gen_new(cfg->seed, cfg->region, realms, &w->gen, e);
	if (rc) {
		free(w);
		return rc;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	w->clock = w->gen->epoch + cfg->history_hours * 3600;
	nclassic = w->gen->ncrealms - w->gen->nretail;
	w->nhouses = 1 + w->gen->nretail + 3 * nclassic;
	w->houses = xcalloc(w->nhouses, sizeof(*w->houses));
	/* The commodity house refreshes at its own minute, as the realms do. */
	house_init(&w->houses[k++], w, SIM_MARKET_COMMODITY, SIM_RETAIL, 0, 0,
	           (int32_t)(sim_hash(cfg->seed, 0xc0) % 3600), (size_t)cfg->commodities);
	for (size_t i = 0; i < w->gen->ncrealms; i++) {
		const struct sim_crealm *cr = &w->gen->crealms[i];
		if (cr->flavor == SIM_RETAIL) {
			house_init(&w->houses[k++], w, SIM_MARKET_REALM, SIM_RETAIL, cr->id, 0,
			           cr->offset, (size_t)cfg->auctions_per_realm);
			continue;
		}
		static const int houses[] = {2, 6, 7};
		for (int j = 0; j < 3; j++)
			house_init(&w->houses[k++], w, SIM_MARKET_CLASSIC, cr->flavor, cr->id,
			           houses[j], cr->offset,
			           (size_t)(cfg->auctions_per_realm / 4 + 1));
	}
	*out = w;
	return WOWAH_OK;
}

void sim_world_free(struct sim_world *w)
{
	if (!w)
		return;
	if (w->warming) {
		pthread_mutex_lock(&w->lock);
		__atomic_store_n(&w->stop, 1, __ATOMIC_RELAXED);
		pthread_cond_broadcast(&w->wake);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->warmer, NULL);
	}
	for (size_t i = 0; i < w->nhouses; i++) {
		house_drop_cache(&w->houses[i]);
		sim_market_release(&w->houses[i].m);
		pthread_mutex_destroy(&w->houses[i].lock);
	}
	free(w->houses);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	sim_gen_free(w->gen);
	free(w);
}

int64_t sim_world_clock(struct sim_world *w)
{
	pthread_mutex_lock(&w->lock);
	int64_t t = w->clock;
	pthread_mutex_unlock(&w->lock);
	return t;
}

int sim_world_advance(struct sim_world *w, int64_t hours, struct err *e)
{
	int64_t limit = w->gen->epoch + w->cfg.max_clock_hours * 3600, left;

	pthread_mutex_lock(&w->lock);
	left = (limit - w->clock) / 3600;
	if (w->cfg.max_clock_hours && hours > left) {
		pthread_mutex_unlock(&w->lock);
		return err_set(e, WOWAH_ECONFIG,
		               "the clock may not pass %lld hours after the market's birth "
		               "(wowah sim --max-clock-hours): at most %lld more",
		               (long long)w->cfg.max_clock_hours, (long long)left);
	}
	w->clock += hours * 3600;
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
	return WOWAH_OK;
}

struct sim_house *sim_world_house(struct sim_world *w, int flavor, int32_t realm_id, int house)
{
	for (size_t i = 0; i < w->nhouses; i++)
		if (w->houses[i].m.realm_id == realm_id && w->houses[i].m.house == house &&
		    w->houses[i].m.flavor == flavor)
			return &w->houses[i];
	return NULL;
}

/* Brings a house (locked by the caller) to the clock's snapshot. */
static int64_t house_catch_up(struct sim_house *h, int64_t clock)
{
	int64_t k = sim_market_snapshot_at(&h->m, clock);
	sim_market_advance(&h->m, k);
	return k;
}

/* Renders (and gzips when asked) the house's snapshot k unless cached; house locked. */
static void house_bodies(struct sim_house *h, int64_t k, int gzip)
{
	if (h->cached != k) {
		struct buf body = BUF_INIT;
		house_drop_cache(h);
		sim_render_auctions(&body, &h->m, sim_market_snapshot_time(&h->m, k));
		h->plain = sim_body_new(&body);
		h->cached = k;
	}
	if (gzip && !h->gzip) {
		struct buf z = BUF_INIT;
		if (httpd_gzip(h->plain->data, h->plain->len, &z, NULL) == WOWAH_OK)
			h->gzip = sim_body_new(&z);
		buf_release(&z);
	}
}

struct sim_body *sim_world_auctions(struct sim_world *w, struct sim_house *h, int gzip,
                                    int64_t *out_snapshot)
{
	int64_t clock = sim_world_clock(w), k;
	struct sim_body *b;

	pthread_mutex_lock(&h->lock);
	k = house_catch_up(h, clock);
	house_bodies(h, k, gzip);
	b = gzip && h->gzip ? h->gzip : h->plain;
	sim_body_ref(b);
	*out_snapshot = sim_market_snapshot_time(&h->m, k);
	pthread_mutex_unlock(&h->lock);
	return b;
}

static void *warm_loop(void *arg)
{
	struct sim_world *w = arg;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		int64_t clock = w->clock;
		if (w->warmed == clock) {
			pthread_cond_wait(&w->wake, &w->lock);
			continue;
		}
		pthread_mutex_unlock(&w->lock);
		for (size_t i = 0; i < w->nhouses && !__atomic_load_n(&w->stop, __ATOMIC_RELAXED);
		     i++) {
			struct sim_house *h = &w->houses[i];
			pthread_mutex_lock(&h->lock);
			house_bodies(h, house_catch_up(h, clock), 1);
			pthread_mutex_unlock(&h->lock);
		}
		pthread_mutex_lock(&w->lock);
		w->warmed = clock;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int sim_world_warm(struct sim_world *w, struct err *e)
{
	int rc = pthread_create(&w->warmer, NULL, warm_loop, w);
	if (rc)
		return err_errno(e, WOWAH_ENOMEM, rc, "cannot start the simulator's warmer thread");
	w->warming = 1;
	return WOWAH_OK;
}

void sim_world_token(struct sim_world *w, int classic, int64_t *out_updated, int64_t *out_price)
{
	int64_t clock = sim_world_clock(w), k = (clock - w->gen->epoch) / 1200;
	double logp = 0;
	/* Classic's token is its own market, at a fraction of retail's gold */
	uint64_t stream = w->cfg.seed ^ (classic ? 0xc1a55170c3ULL : 0x70c3);
	double base = classic ? 4.6e7 : 2.8e9;

	/* A walk that needs no state: each 20-minute step's move is a hash of the seed and
	 * the step, so any k is computed the same way. */
	for (int64_t i = 1; i <= k; i++) {
		double u = (double)(sim_hash(stream, (uint64_t)i) >> 11) * 0x1.0p-53;
		logp = 0.995 * logp + 0.01 * (u - 0.5);
	}
	*out_updated = w->gen->epoch + k * 1200;
	*out_price = (int64_t)(base * exp(logp) / 10000) * 10000;
}

int64_t sim_world_truth_horizon(struct sim_world *w)
{
	return w->cfg.truth_hours ? sim_world_clock(w) - w->cfg.truth_hours * 3600 : INT64_MIN;
}

/* The flavour named in truth lines: none for retail and Classic progression, whose lines
 * are as they were before Era and Anniversary. */
static const char *truth_flavor(int flavor)
{
	return flavor > SIM_CLASSIC ? sim_flavor_names[flavor] : NULL;
}

int sim_world_truth(struct sim_world *w, struct sim_truth_cursor *cur, struct buf *out, size_t max)
{
	size_t start = out->len;

	if (!cur->started) {
		cur->started = 1;
		int64_t clock = sim_world_clock(w);
		if (cur->until == 0 || cur->until > clock)
			cur->until = clock;
	}
	for (; cur->house < w->nhouses; cur->house++, cur->ev = 0) {
		struct sim_house *h = &w->houses[cur->house];
		const struct sim_truth *t = &h->m.truth;
		if ((cur->realm_id >= 0 && h->m.realm_id != cur->realm_id) ||
		    (cur->flavor >= 0 && h->m.flavor != cur->flavor))
			continue;
		pthread_mutex_lock(&h->lock);
		house_catch_up(h, cur->until);
		/* a house's first call starts at since; a later one where the last stopped,
		 * counted from first: the catch-up may have dropped old events since */
		size_t i = cur->ev == 0         ? sim_truth_after(t, cur->since)
		           : cur->ev > t->first ? (size_t)(cur->ev - t->first)
		                                : 0;
		for (; i < t->n; i++) {
			const struct sim_event *ev = &t->ev[i];
			if (ev->at > cur->until)
				break;
			if (ev->at > cur->since)
				sim_truth_render(out, truth_flavor(h->m.flavor), h->m.realm_id,
				                 h->m.house, ev);
			if (out->len - start >= max) {
				cur->ev = t->first + i + 1;
				pthread_mutex_unlock(&h->lock);
				return 1;
			}
		}
		pthread_mutex_unlock(&h->lock);
	}
	return out->len > start;
}
