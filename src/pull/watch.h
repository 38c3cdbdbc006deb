/* watch.h - wowah watch: pull for ever, each realm shortly before its next snapshot.
 *
 * The scheduler (watch_sched_*) is pure bookkeeping over an explicit clock, so it can be
 * tested without waiting: each unit (a realm's auctions, the commodities, a Classic
 * realm's houses, the WoW Token) keeps the snapshot times it has seen, learns its update
 * interval as the median gap between them, and is asked `lead` seconds before the next
 * one is due. A unit that is late (an
 * ask that found nothing new, or a failure) is asked again after a backoff that doubles
 * from `floor` up to `ceiling`. No ask is ever sooner than `floor` after the last one or
 * later than `ceiling`: those two bounds make the watcher testable against a simulator
 * whose clock only moves when told to.
 *
 * watch_run() drives pulls with it until *stop, one pull at a time (so no realm is ever
 * pulled twice at once); the store's lock keeps a second watcher off the same data dir.
 * The metadata of new item ids is fetched between auction pulls, a chunk at a time and
 * within a share of the hourly request budget, so it never holds one back for long.
 */
#ifndef WOWAH_PULL_WATCH_H
#define WOWAH_PULL_WATCH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "pull/pull.h"
#include "store/store.h"
#include "util/err.h"

#define WATCH_HISTORY        8    /* Last-Modified times kept per unit */
#define WATCH_TOKEN_INTERVAL 1200 /* the token's price changes every 20 minutes */

enum watch_kind {
	WATCH_REALM = 0,     /* a connected realm's auctions */
	WATCH_COMMODITY = 1, /* the region's commodities */
	WATCH_CLASSIC,       /* every auction house of a Classic connected realm */
	WATCH_TOKEN,         /* the WoW Token price */
};

/* A unit is a kind in one flavour of WoW (enum model_flavor): a realm id, and the token,
 * mean another unit in each flavour's namespace. */
struct watch_unit {
	enum watch_kind kind;
	int flavor;
	int32_t realm_id;            /* 0 for the commodities and the token */
	int64_t seen[WATCH_HISTORY]; /* distinct snapshot times, oldest first */
	int nseen;
	int misses;       /* asks in a row that found nothing new */
	int64_t next_ask; /* seconds */
};

struct watch_sched {
	int64_t floor_s, ceiling_s, lead_s, default_interval_s;
	struct watch_unit *units;
	size_t n, cap;
};

/* floor/ceiling/lead/default interval in seconds (0 each: 60, 3600, 60, 3600). */
void watch_sched_init(struct watch_sched *s, int64_t floor_s, int64_t ceiling_s, int64_t lead_s,
                      int64_t default_interval_s);
void watch_sched_release(struct watch_sched *s);

/* The unit of that kind, flavour and realm, added (due at now) when new. */
struct watch_unit *watch_sched_unit(struct watch_sched *s, enum watch_kind kind, int flavor,
                                    int32_t realm_id, int64_t now);

/* Records what an ask found: the snapshot time it saw (0 when none: a failure). */
void watch_sched_observe(struct watch_sched *s, struct watch_unit *u, int64_t now,
                         int64_t snapshot_ts);

/* The learnt interval: the median gap between the unit's snapshots, else the default
 * (WATCH_TOKEN_INTERVAL for the token). */
int64_t watch_sched_interval(const struct watch_sched *s, const struct watch_unit *u);

/* The earliest next_ask of all units (INT64_MAX when there are none). */
int64_t watch_sched_next(const struct watch_sched *s);

struct watch_config {
	const int32_t *realm_ids; /* NULL: every realm of the index */
	size_t nrealms;
	/* The flavours to watch, a bit each (1u << enum model_flavor; 0: retail): each one's
	 * realms, houses and token, in its own namespace (commodities: retail only). */
	unsigned flavors;
	int commodities, items, token;
	int64_t floor_s, ceiling_s, lead_s;
	/* How often the indexes are read again (new realms, the realms table); 0: 6 hours. */
	int64_t index_refresh_s;
	volatile sig_atomic_t *stop;
};

/* Runs until *stop; returns WOWAH_OK then. Failed units are retried on their backoff;
 * only errors no retry can fix (refused credentials, the store) end it early.
 * pc->on_event sees every unit's outcome, as in pull_run. */
int watch_run(const struct pull_config *pc, struct store *st, const struct watch_config *wc,
              struct err *e);

#endif
