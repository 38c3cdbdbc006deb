/* watch.c - the snapshot scheduler and the watch loop. */
#include "pull/watch.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/ts.h"

#define INDEX_REFRESH_S (6 * 3600)
#define NAP_MS          200

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

struct watch_unit *watch_sched_unit(struct watch_sched *s, int commodity, int32_t realm_id,
                                    int64_t now)
{
	struct watch_unit *u;

	if (commodity)
		realm_id = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->units[i].commodity == commodity && s->units[i].realm_id == realm_id)
			return &s->units[i];
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->units = xrealloc(s->units, s->cap * sizeof(*s->units));
	}
	u = &s->units[s->n++];
	memset(u, 0, sizeof(*u));
	u->commodity = commodity;
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
		return s->default_interval_s;
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

struct watcher {
	struct watch_sched sched;
	const struct pull_config *user;
	int64_t now; /* of the current pull's end, for observe */
};

static void on_event(void *ud, const struct pull_event *ev)
{
	struct watcher *w = ud;
	int commodity = strcmp(ev->kind, "commodity") == 0;

	if (commodity || strcmp(ev->kind, "realm") == 0) {
		struct watch_unit *u =
		        watch_sched_unit(&w->sched, commodity, ev->realm_id, ts_now());
		watch_sched_observe(&w->sched, u, ts_now(),
		                    ev->outcome == PULL_FAILED ? 0 : ev->snapshot_ts);
	}
	if (w->user->on_event)
		w->user->on_event(w->user->ud, ev);
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

/* The realms to ask now (ids into *ids), and whether the commodities are due. */
static size_t due_realms(struct watcher *w, int64_t now, int32_t **ids, int *commodities)
{
	size_t n = 0;

	*ids = xcalloc(w->sched.n + 1, sizeof(**ids));
	*commodities = 0;
	for (size_t i = 0; i < w->sched.n; i++) {
		struct watch_unit *u = &w->sched.units[i];
		if (u->next_ask > now)
			continue;
		if (u->commodity)
			*commodities = 1;
		else
			(*ids)[n++] = u->realm_id;
	}
	return n;
}

int watch_run(const struct pull_config *pc, struct store *st, const struct watch_config *wc,
              struct err *e)
{
	struct watcher w = {0};
	struct pull_config cfg = *pc;
	struct pull *p = NULL;
	int64_t last_full = 0;
	int rc;

	watch_sched_init(&w.sched, wc->floor_s, wc->ceiling_s, wc->lead_s, 0);
	w.user = pc;
	cfg.on_event = on_event;
	cfg.on_progress = on_progress;
	cfg.ud = &w;
	cfg.stop = wc->stop;
	if ((rc = pull_new(&cfg, st, &p, e)))
		goto out;
	for (size_t i = 0; i < wc->nrealms; i++)
		watch_sched_unit(&w.sched, 0, wc->realm_ids[i], ts_now());
	if (wc->commodities)
		watch_sched_unit(&w.sched, 1, 0, ts_now());
	while (!stopped(wc)) {
		struct pull_what what = {0};
		struct pull_report rep;
		struct err perr = {0};
		int32_t *ids = NULL;
		int64_t now = ts_now();
		int full = !wc->realm_ids && (last_full == 0 || now - last_full >= INDEX_REFRESH_S);

		if (!full && watch_sched_next(&w.sched) > now) {
			nap();
			continue;
		}
		what.nrealms = due_realms(&w, now, &ids, &what.commodities);
		what.commodities = wc->commodities && (full || what.commodities);
		what.realm_ids = full ? NULL : ids;
		if (full)
			last_full = now;
		rc = pull_run(p, &what, &rep, &perr);
		pull_report_release(&rep);
		free(ids);
		if (rc == WOWAH_EAUTH || rc == WOWAH_ECONFIG || rc == WOWAH_EIO ||
		    rc == WOWAH_EDB) {
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
	return rc;
}
