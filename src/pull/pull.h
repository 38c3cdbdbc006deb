/* pull.h - one pull of a region: Battle.net -> parsers -> store.
 *
 * A pull asks the connected-realm index, each realm's details (the realms table), each
 * realm's auctions, the region's commodities and, when asked, the Classic houses, the
 * WoW Token and the metadata of items and battle pet species never seen before. Auction bodies
 * stream through the parser into a batch while they download and are stored when whole; a body cut
 * short or malformed is discarded and fetched again. If-Modified-Since comes from the
 * catalog, so an unchanged snapshot costs a 304 and writes nothing.
 *
 * One unit failing (after retries) never stops the others: it is reported, and the
 * pull returns WOWAH_EPARTIAL. The store makes every write crash-safe, so a pull that
 * is killed leaves whole files only, and the next pull fetches what is missing.
 *
 * A struct pull lives as long as its caller wants (wowah watch keeps one for ever): the
 * HTTP engine, its rate limiter and the OAuth token are shared by all its runs.
 */
#ifndef WOWAH_PULL_H
#define WOWAH_PULL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

enum pull_outcome {
	PULL_STORED = 0, /* a new snapshot was written */
	PULL_UNCHANGED,  /* 304, or a snapshot already in the catalog */
	PULL_FAILED,     /* failed after retries (error says why) */
};

/* What happened to one unit: an auction snapshot, the token, the realms or items table. */
struct pull_event {
	const char *kind; /* "realm", "commodity", "classic", "token", "realms", "items",
	                   * "pets" */
	int flavor;       /* enum model_flavor: the run's */
	int32_t realm_id; /* connected realm (0 for the others) */
	int16_t house_id; /* Classic house, else 0 */
	enum pull_outcome outcome;
	int64_t snapshot_ts; /* Last-Modified (0 when unknown) */
	int64_t rows, bytes; /* what was written */
	const char *path;    /* relative to the data dir, when written */
	const char *error;   /* PULL_FAILED: one line */
};

struct pull_http_counts {
	uint64_t body_bytes, requests, retries, status_429; /* requests: retries included */
};

/* Running totals, for progress and the summary. */
struct pull_report {
	int units_total, units_done; /* auction snapshots (realms, commodities, houses) */
	int stored, unchanged, failed;
	int64_t rows; /* auctions written */
	int items_new, pets_new, realms_listed;
	/* HTTP counts of this run, and of the pull since pull_new (its engine lives as long
	 * as it does: the counters a monitor exports) */
	struct pull_http_counts run, total;
	int64_t token_expires_at; /* the OAuth token's expiry, Unix seconds (0: none yet) */
	int64_t elapsed_ms;
	struct buf failures; /* one "what: why" line per failed unit */
	int32_t *item_ids;   /* pull_what.collect_items: the downloaded ones, sorted, once */
	size_t nitem_ids;
};

struct pull_config {
	const char *region;    /* eu, us, kr, tw, cn */
	const char *api_url;   /* NULL: the region's real host */
	const char *oauth_url; /* NULL: the region's real token URL */
	const char *client_id, *client_secret;
	const char *cacert;       /* CA file to trust instead of the system's (NULL: those) */
	int concurrency;          /* transfers in flight (default 8) */
	size_t max_rows;          /* the most auctions one body may hold (0: BATCH_MAX_ROWS) */
	int per_second, per_hour; /* request limits (0: Blizzard's) */
	long low_speed_time_s;    /* 0: the engine's default */
	volatile sig_atomic_t *stop;
	/* Called about five times a second during a run. May be NULL. */
	void (*on_progress)(void *ud, const struct pull_report *r);
	/* Called once per unit as it ends. May be NULL. */
	void (*on_event)(void *ud, const struct pull_event *ev);
	void *ud;
};

/* What one run fetches. A run is of one flavour of WoW (enum model_flavor), in its
 * namespace: on retail, each realm's auctions and the region's commodities; on a Classic
 * flavour, each realm's auction houses (the index of houses, then each house). */
struct pull_what {
	int flavor;
	const int32_t *realm_ids; /* NULL: every realm of the index, and the realms table */
	size_t nrealms;
	int realms_table; /* with realm_ids: keep the realms table current too */
	int commodities;  /* retail only */
	int items, token; /* token: where the flavour has one (model_flavor_has_token) */
	/* Leave the item ids of the downloaded snapshots in the report instead of fetching
	 * their metadata (wowah watch fetches them later, a few at a time). The battle pet
	 * species they list are fetched in the run with items or collect_items alike. */
	int collect_items;
	const int32_t *item_ids; /* fetch the metadata of those of these not stored yet */
	size_t nitem_ids;
};

struct pull;

/* Copies what it needs from cfg; the store stays the caller's (and must outlive p). */
int pull_new(const struct pull_config *cfg, struct store *st, struct pull **out, struct err *e);
void pull_free(struct pull *p);

/* Runs one pull. WOWAH_OK when every unit was stored or unchanged, WOWAH_EPARTIAL when
 * some failed (rep->failures lists them), WOWAH_EINTERRUPTED when *stop was set, or
 * the error that made the whole run impossible (credentials, the realm index).
 * rep is initialised here; release it with pull_report_release(). */
int pull_run(struct pull *p, const struct pull_what *what, struct pull_report *rep, struct err *e);

void pull_report_release(struct pull_report *rep);

/* Parses "all" (out NULL, n 0) or "ID,ID,..." into a fresh array the caller frees. */
int pull_parse_realms(const char *s, int32_t **out, size_t *n, struct err *e);

#endif
