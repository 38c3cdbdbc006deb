/* world.h - the whole simulated region: the generated world, markets, the clock, and
 * cached bodies.
 *
 * The clock is simulated time. Each market is simulated up to the snapshot the clock has
 * reached by whoever needs it first: a request, or the warmer thread, which after start
 * and after every advance brings each house to the clock and renders (and gzips) its body
 * ahead of the clients. The body is cached until the clock moves the house on. Each house
 * has its own lock, so two clients fetching two realms use both cores. Thread-safe.
 */
#ifndef WOWAH_SIM_WORLD_H
#define WOWAH_SIM_WORLD_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/gen.h"
#include "sim/market.h"
#include "util/buf.h"
#include "util/err.h"

struct sim_config {
	const char *region;
	uint64_t seed;
	int64_t realms, history_hours, auctions_per_realm, commodities;
	/* connected realms of each Classic flavour (indexed by enum sim_flavor): as
	 * sim_gen_new's realms (0: a fifth of realms; SIM_NO_REALMS: none) */
	int64_t classic_realms[SIM_NFLAVORS];
	int64_t truth_hours; /* truth kept: the events of the last truth_hours before the clock */
	/* The clock never passes this many hours after the market's birth (0: no limit): each
	 * simulated hour costs CPU and truth memory, paid by whoever asks for a house next. */
	int64_t max_clock_hours;
};

/* An immutable response body shared by the cache and the responses sending it. */
struct sim_body {
	int refs; /* atomic */
	size_t len;
	char *data;
};

struct sim_body *sim_body_new(struct buf *from); /* takes the buffer's bytes */
void sim_body_ref(struct sim_body *b);
void sim_body_unref(struct sim_body *b);

struct sim_house {
	pthread_mutex_t lock;
	struct sim_market m;
	int64_t cached; /* snapshot the bodies are of, -1 none */
	struct sim_body *plain, *gzip;
};

struct sim_world {
	struct sim_config cfg;
	struct sim_gen *gen;
	pthread_mutex_t lock; /* guards clock */
	int64_t clock;
	struct sim_house *houses; /* commodities, retail realms, then each Classic flavour's
	                           * realms (3 houses each) */
	size_t nhouses;
	pthread_t warmer;
	pthread_cond_t wake; /* with lock: the clock moved, or stop */
	int warming, stop;
	int64_t warmed; /* clock the warmer last finished */
};

int sim_world_new(const struct sim_config *cfg, struct sim_world **out, struct err *e);
/* Stops the warmer, if started, and frees everything. */
void sim_world_free(struct sim_world *w);

/* Starts the warmer thread. */
int sim_world_warm(struct sim_world *w, struct err *e);

int64_t sim_world_clock(struct sim_world *w);
/* Moves the clock hours on. WOWAH_ECONFIG (and no move) past cfg.max_clock_hours. */
int sim_world_advance(struct sim_world *w, int64_t hours, struct err *e);

/* The market of a flavour's connected realm (realm_id 0: commodities; house 0 on retail),
 * or NULL. */
struct sim_house *sim_world_house(struct sim_world *w, int flavor, int32_t realm_id, int house);

/* Brings a house to the clock and returns its body (a reference the caller unrefs) and
 * its snapshot time. */
struct sim_body *sim_world_auctions(struct sim_world *w, struct sim_house *h, int gzip,
                                    int64_t *out_snapshot);

/* The WoW Token price of retail or Classic as of the clock, and its time (updated every
 * 20 minutes). */
void sim_world_token(struct sim_world *w, int classic, int64_t *out_updated, int64_t *out_price);

/* The start of the truth kept: every event after it is served, older ones may be gone. */
int64_t sim_world_truth_horizon(struct sim_world *w);

/* Ground truth: events with since < at <= until of one flavour's markets (flavor >= 0)
 * or all flavours' (flavor < 0), and of one realm (realm_id >= 0) or all (realm_id < 0),
 * in house order then time. Call with a cursor zeroed and the same
 * filter until it returns 0; each call appends up to about max bytes of NDJSON. A since
 * before sim_world_truth_horizon() misses the events dropped since. */
struct sim_truth_cursor {
	size_t house;
	uint64_t ev; /* the house's event number (struct sim_truth's first + index); 0: start */
	int32_t realm_id;
	int flavor;
	int64_t since, until;
	int started;
};
int sim_world_truth(struct sim_world *w, struct sim_truth_cursor *cur, struct buf *out, size_t max);

#endif
