/* watch.c - the snapshot scheduler and the watch loop. */
#include "pull/watch.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bnet/ratelimit.h"
#include "model/keys.h"
#include "util/buf.h"
#include "util/ts.h"

#define INDEX_REFRESH_S (6 * 3600)
#define NAP_MS          200
#define ITEM_CHUNK      500 /* item ids per item pull: about 5 s at 100 requests a second */
#define ITEM_SHARE      2   /* items use at most 1/ITEM_SHARE of the hourly request budget */

void watch_sched_init(struct watch_sched *s, int64_t floor_s, int64_t ceiling_s, int64_t lead_s,
                      int64_t default_interval_s)
{
	memset(s, 0, sizeof(*s));
	s->floor_s = floor_s > 0 ? floor_s : 60;
	s->ceiling_s = ceiling_s > 0 ? ceiling_s : 3600;
	if (s->ceiling_s < s->floor_s)
		s->ceiling_s = s->floor_s;
	s->lead_s = lead_s > 0 ? lead_s : 60;
	s->default_interval_s = default_interval_s > 0 ? default_interval_s : 3600;
}

void watch_sched_release(struct watch_sched *s)
{
	free(s->units);
	memset(s, 0, sizeof(*s));
}

struct watch_unit *watch_sched_unit(struct watch_sched *s, enum watch_kind kind, int flavor,
                                    int32_t realm_id, int64_t now)
{
	struct watch_unit *u;

	if (kind == WATCH_COMMODITY || kind == WATCH_TOKEN)
		realm_id = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->units[i].kind == kind && s->units[i].flavor == flavor &&
		    s->units[i].realm_id == realm_id)
			return &s->units[i];
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->units = xrealloc(s->units, s->cap * sizeof(*s->units));
	}
	u = &s->units[s->n++];
	memset(u, 0, sizeof(*u));
	u->kind = kind;
	u->flavor = flavor;
	u->realm_id = realm_id;
	u->next_ask = now;
	return u;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int64_t watch_sched_interval(const struct watch_sched *s, const struct watch_unit *u)
{
	int64_t gaps[WATCH_HISTORY];
	int n = 0;

	for (int i = 1; i < u->nseen; i++)
		gaps[n++] = u->seen[i] - u->seen[i - 1];
	if (n == 0)
		return u->kind == WATCH_TOKEN ? WATCH_TOKEN_INTERVAL : s->default_interval_s;
	qsort(gaps, (size_t)n, sizeof(*gaps), cmp_i64);
	return n % 2 ? gaps[n / 2] : (gaps[n / 2 - 1] + gaps[n / 2]) / 2;
}

static void remember(struct watch_unit *u, int64_t ts)
{
	if (u->nseen == WATCH_HISTORY) {
		memmove(u->seen, u->seen + 1, (WATCH_HISTORY - 1) * sizeof(*u->seen));
		u->nseen--;
	}
	u->seen[u->nseen++] = ts;
}

void watch_sched_observe(struct watch_sched *s, struct watch_unit *u, int64_t now,
                         int64_t snapshot_ts)
{
	int64_t due, next, backoff = s->floor_s;
	int fresh = snapshot_ts > 0 && (u->nseen == 0 || snapshot_ts > u->seen[u->nseen - 1]);

	if (fresh) {
		remember(u, snapshot_ts);
		u->misses = 0;
	}
	due = u->nseen ? u->seen[u->nseen - 1] + watch_sched_interval(s, u) - s->lead_s : now;
	if (due > now && snapshot_ts > 0) {
		next = due;
	} else {
		/* late, or failing: ask again soon, then less and less often */
		for (int i = 0; i < u->misses && backoff < s->ceiling_s; i++)
			backoff *= 2;
		u->misses++;
		next = now + backoff;
	}
	if (next < now + s->floor_s)
		next = now + s->floor_s;
	if (next > now + s->ceiling_s)
		next = now + s->ceiling_s;
	u->next_ask = next;
}

int64_t watch_sched_next(const struct watch_sched *s)
{
	int64_t next = INT64_MAX;
	for (size_t i = 0; i < s->n; i++)
		if (s->units[i].next_ask < next)
			next = s->units[i].next_ask;
	return next;
}

/* ---- the loop ---- */

/* What the current pull told about one unit. */
struct heard {
	size_t unit; /* index into sched.units (they move when it grows) */
	int64_t ts;  /* the newest snapshot time heard */
	int events, failed;
};

/* Requests an item pull made, for the hourly item budget. */
struct spend {
	int64_t at;
	uint64_t requests;
};

/* The item ids of one flavour. */
struct item_ids {
	int32_t *pending; /* to fetch, sorted */
	size_t npending;
	int32_t *asked; /* fetched (or unknown to the API), sorted */
	size_t nasked;
};

struct watcher {
	struct watch_sched sched;
	const struct pull_config *user;
	struct heard *heard;
	size_t nheard, capheard;
	struct item_ids items[MODEL_NFLAVORS]; /* by flavour: each its own static namespace */
	struct spend *spent;
	size_t nspent;
	int64_t items_after; /* no item pull before then (one failed) */
	int item_misses;
};

static int unit_kind(const char *kind)
{
	static const char *const names[] = {"realm", "commodity", "classic", "token"};
	for (int i = 0; i < 4; i++)
		if (strcmp(kind, names[i]) == 0)
			return i;
	return -1;
}

static struct heard *heard_for(struct watcher *w, size_t unit)
{
	for (size_t i = 0; i < w->nheard; i++)
		if (w->heard[i].unit == unit)
			return &w->heard[i];
	if (w->nheard == w->capheard) {
		w->capheard = w->capheard ? w->capheard * 2 : 64;
		w->heard = xrealloc(w->heard, w->capheard * sizeof(*w->heard));
	}
	w->heard[w->nheard] = (struct heard){.unit = unit};
	return &w->heard[w->nheard++];
}

/* A Classic realm's houses come as one event each: the unit keeps the newest. */
static void on_event(void *ud, const struct pull_event *ev)
{
	struct watcher *w = ud;
	int kind = unit_kind(ev->kind);

	if (kind >= 0) {
		struct watch_unit *u =
		        watch_sched_unit(&w->sched, kind, ev->flavor, ev->realm_id, ts_now());
		struct heard *h = heard_for(w, (size_t)(u - w->sched.units));
		h->events++;
		if (ev->outcome == PULL_FAILED)
			h->failed = 1;
		else if (ev->snapshot_ts > h->ts)
			h->ts = ev->snapshot_ts;
	}
	if (w->user->on_event)
		w->user->on_event(w->user->ud, ev);
}

/* Tells the scheduler what the pull found. When the pull ran to its end, a unit asked
 * that no event spoke of (a Classic realm whose houses could not be listed) failed. */
static void settle(struct watcher *w, int ran)
{
	int64_t now = ts_now();

	for (size_t i = 0; i < w->nheard; i++) {
		struct heard *h = &w->heard[i];
		if (!h->events && !ran)
			continue;
		watch_sched_observe(&w->sched, &w->sched.units[h->unit], now,
		                    h->failed || !h->events ? 0 : h->ts);
	}
	w->nheard = 0;
}

static void on_progress(void *ud, const struct pull_report *r)
{
	struct watcher *w = ud;
	if (w->user->on_progress)
		w->user->on_progress(w->user->ud, r);
}

static void nap(void)
{
	struct timespec t = {0, NAP_MS * 1000000L};
	nanosleep(&t, NULL);
}

static int stopped(const struct watch_config *wc)
{
	return wc->stop && *wc->stop;
}

/* The units of one flavour due now: its realms (retail's auction houses, or a Classic
 * flavour's realms of houses), the commodities, the token. */
struct due {
	int32_t *realms;
	size_t nrealms;
	int commodities, token;
};

static void due_units(struct watcher *w, int64_t now, int flavor, struct due *d)
{
	memset(d, 0, sizeof(*d));
	d->realms = xcalloc(w->sched.n + 1, sizeof(*d->realms));
	for (size_t i = 0; i < w->sched.n; i++) {
		struct watch_unit *u = &w->sched.units[i];
		if (u->flavor != flavor || u->next_ask > now)
			continue;
		heard_for(w, i);
		if (u->kind == WATCH_COMMODITY)
			d->commodities = 1;
		else if (u->kind == WATCH_TOKEN)
			d->token = 1;
		else
			d->realms[d->nrealms++] = u->realm_id;
	}
}

static int has_id(const int32_t *ids, size_t n, int32_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] == id)
			return 1;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* *dst (sorted) gets the ids of add (sorted) that are in neither *dst nor skip. */
static void merge_ids(int32_t **dst, size_t *n, const int32_t *add, size_t nadd,
                      const int32_t *skip, size_t nskip)
{
	int32_t *out = xcalloc(*n + nadd + 1, sizeof(*out));
	size_t i = 0, j = 0, k = 0;

	while (i < *n || j < nadd) {
		if (j == nadd || (i < *n && (*dst)[i] < add[j])) {
			out[k++] = (*dst)[i++];
		} else if (i < *n && (*dst)[i] == add[j]) {
			out[k++] = (*dst)[i++];
			j++;
		} else if (!has_id(skip, nskip, add[j])) {
			out[k++] = add[j++];
		} else {
			j++;
		}
	}
	free(*dst);
	*dst = out;
	*n = k;
}

/* Requests item pulls made in the hour before now; older records are dropped. */
static uint64_t items_spent(struct watcher *w, int64_t now)
{
	uint64_t sum = 0;
	size_t keep = 0;

	for (size_t i = 0; i < w->nspent; i++) {
		if (w->spent[i].at <= now - 3600)
			continue;
		w->spent[keep++] = w->spent[i];
		sum += w->spent[i].requests;
	}
	w->nspent = keep;
	return sum;
}

/* One item pull of the first pending ids (of the first flavour that has some), when the
 * budget allows. Returns -1 when there was nothing to do, else the pull's status (*e set
 * when it failed). */
static int items_turn(struct watcher *w, struct pull *p, int per_hour, int64_t now, struct err *e)
{
	static const int32_t no_realms[1];
	uint64_t budget = (uint64_t)(per_hour > 0 ? per_hour : BNET_RL_PER_HOUR) / ITEM_SHARE;
	struct pull_what what = {0};
	struct pull_report rep;
	struct item_ids *q = &w->items[0];
	size_t n;
	int32_t *done;
	int rc;

	while (!q->npending && q + 1 < w->items + MODEL_NFLAVORS)
		q++;
	what.flavor = (int)(q - w->items);
	n = q->npending < ITEM_CHUNK ? q->npending : ITEM_CHUNK;

	if (budget < 1)
		budget = 1;
	if (n > budget)
		n = (size_t)budget;
	if (!n || now < w->items_after || items_spent(w, now) + n > budget)
		return -1;
	what.realm_ids = no_realms;
	what.item_ids = q->pending;
	what.nitem_ids = n;
	rc = pull_run(p, &what, &rep, e);
	w->spent = xrealloc(w->spent, (w->nspent + 1) * sizeof(*w->spent));
	w->spent[w->nspent++] = (struct spend){now, rep.run.requests};
	pull_report_release(&rep);
	if (rc) {
		/* try the same ids again later, less and less often */
		int64_t wait = w->sched.floor_s;
		for (int i = 0; i < w->item_misses && wait < w->sched.ceiling_s; i++)
			wait *= 2;
		w->item_misses++;
		w->items_after = now + (wait < w->sched.ceiling_s ? wait : w->sched.ceiling_s);
		return rc;
	}
	w->item_misses = 0;
	done = q->pending;
	q->pending = xcalloc(q->npending - n + 1, sizeof(*q->pending));
	memcpy(q->pending, done + n, (q->npending - n) * sizeof(*q->pending));
	q->npending -= n;
	merge_ids(&q->asked, &q->nasked, done, n, NULL, 0);
	free(done);
	return rc;
}

/* Errors no retry can fix. */
static int fatal(int rc)
{
	return rc == WOWAH_EAUTH || rc == WOWAH_ECONFIG || rc == WOWAH_EIO || rc == WOWAH_EDB;
}

/* The run of one flavour's due units (or, full, of all of them, the index included): the
 * worse of *rc and its outcome is kept in *rc, and its error in *e. */
static void turn_run(struct watcher *w, struct pull *p, const struct watch_config *wc,
                     struct pull_what *what, int *rc, struct err *e)
{
	struct pull_report rep;
	struct err re = {0};
	int r;

	what->collect_items = wc->items;
	r = pull_run(p, what, &rep, &re);
	if (wc->items) {
		struct item_ids *q = &w->items[what->flavor];
		merge_ids(&q->pending, &q->npending, rep.item_ids, rep.nitem_ids, q->asked,
		          q->nasked);
	}
	pull_report_release(&rep);
	if (r && (*rc == WOWAH_OK || *rc == WOWAH_EPARTIAL)) {
		*rc = r;
		*e = re;
	}
}

static unsigned watched_flavors(const struct watch_config *wc)
{
	return wc->flavors ? wc->flavors : 1u << MODEL_FLAVOR_RETAIL;
}

/* One flavour's share of a turn: its units due now, or on a full turn everything of it,
 * its index and realms table included. */
static void flavor_turn(struct watcher *w, struct pull *p, const struct watch_config *wc,
                        int flavor, int64_t now, int full, int *rc, struct err *e)
{
	struct pull_what what = {.flavor = flavor};
	struct due d;

	due_units(w, now, flavor, &d);
	if (full) {
		what.realm_ids = wc->realm_ids;
		what.nrealms = wc->nrealms;
		what.realms_table = 1;
		what.commodities = wc->commodities;
		what.token = wc->token;
	} else {
		what.realm_ids = d.realms;
		what.nrealms = d.nrealms;
		what.commodities = d.commodities;
		what.token = d.token;
	}
	if (full || d.nrealms || d.commodities || d.token)
		turn_run(w, p, wc, &what, rc, e);
	free(d.realms);
}

/* A pull of every unit due now, or on a full turn of everything, the indexes included:
 * one run per flavour watched, retail first. */
static int auctions_turn(struct watcher *w, struct pull *p, const struct watch_config *wc,
                         int64_t now, int full, struct err *e)
{
	int rc = WOWAH_OK;

	for (int fl = 0; fl < MODEL_NFLAVORS && !fatal(rc) && !stopped(wc); fl++)
		if (watched_flavors(wc) & (1u << fl))
			flavor_turn(w, p, wc, fl, now, full, &rc, e);
	settle(w, rc == WOWAH_OK || rc == WOWAH_EPARTIAL);
	return rc;
}

/* The units known before the first index is read: the realms asked for, in each flavour
 * (retail's auction houses, a Classic flavour's realms of houses), the commodities and
 * each token. */
static void first_units(struct watch_sched *s, const struct watch_config *wc, int64_t now)
{
	for (int fl = 0; fl < MODEL_NFLAVORS; fl++) {
		enum watch_kind realm = fl == MODEL_FLAVOR_RETAIL ? WATCH_REALM : WATCH_CLASSIC;
		if (!(watched_flavors(wc) & (1u << fl)))
			continue;
		for (size_t i = 0; i < wc->nrealms; i++)
			watch_sched_unit(s, realm, fl, wc->realm_ids[i], now);
		if (wc->commodities && model_flavor_kind_ok(fl, MODEL_KIND_COMMODITY))
			watch_sched_unit(s, WATCH_COMMODITY, fl, 0, now);
		if (wc->token && model_flavor_has_token(fl))
			watch_sched_unit(s, WATCH_TOKEN, fl, 0, now);
	}
}

int watch_run(const struct pull_config *pc, struct store *st, const struct watch_config *wc,
              struct err *e)
{
	struct watcher w = {0};
	struct pull_config cfg = *pc;
	struct pull *p = NULL;
	int64_t last_full = 0;
	int64_t refresh = wc->index_refresh_s > 0 ? wc->index_refresh_s : INDEX_REFRESH_S;
	int rc;

	watch_sched_init(&w.sched, wc->floor_s, wc->ceiling_s, wc->lead_s, 0);
	w.user = pc;
	cfg.on_event = on_event;
	cfg.on_progress = on_progress;
	cfg.ud = &w;
	cfg.stop = wc->stop;
	if ((rc = pull_new(&cfg, st, &p, e)))
		goto out;
	first_units(&w.sched, wc, ts_now());
	while (!stopped(wc)) {
		struct err perr = {0};
		int64_t now = ts_now();
		int full = last_full == 0 || now - last_full >= refresh;

		if (!full && watch_sched_next(&w.sched) > now) {
			/* nothing due: the time between auction pulls is the items' */
			rc = items_turn(&w, p, pc->per_hour, now, &perr);
			if (rc < 0)
				nap();
			if (fatal(rc)) {
				*e = perr;
				goto out;
			}
			continue;
		}
		if (full)
			last_full = now;
		rc = auctions_turn(&w, p, wc, now, full, &perr);
		if (fatal(rc)) {
			*e = perr;
			goto out;
		}
		if (rc && rc != WOWAH_EPARTIAL && rc != WOWAH_EINTERRUPTED && full)
			last_full = 0; /* the index failed: read it again on the next turn */
		if (rc && rc != WOWAH_EPARTIAL && rc != WOWAH_EINTERRUPTED) {
			/* a whole-run failure (network down): wait a floor before anything else */
			for (int64_t until = ts_now() + w.sched.floor_s;
			     ts_now() < until && !stopped(wc);)
				nap();
		}
	}
	rc = WOWAH_OK;
out:
	pull_free(p);
	watch_sched_release(&w.sched);
	free(w.heard);
	for (int fl = 0; fl < MODEL_NFLAVORS; fl++) {
		free(w.items[fl].pending);
		free(w.items[fl].asked);
	}
	free(w.spent);
	return rc;
}
