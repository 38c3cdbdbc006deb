/* follow.h - a feed that follows a growing data dir: wowah watch --clickhouse.
 *
 * A thread of its own runs ch_feed (ch/feed.h) whenever it is told a snapshot was stored,
 * and again after a failure: the catalog is the queue, so a ClickHouse that is down or
 * slow never holds the pulling back, and the feed catches up once it is reachable. Each
 * pass is reported to a callback (from the follower's thread) with what is still waiting
 * and since when the feed has been behind: the lag.
 */
#ifndef WOWAH_CH_FOLLOW_H
#define WOWAH_CH_FOLLOW_H

#include <stdint.h>

#include "ch/feed.h"

struct ch_follow_pass {
	int rc;            /* WOWAH_OK, or why the pass stopped */
	const char *error; /* the one-line message when rc != 0 */
	struct ch_feed_stats st;
	int64_t lag_s;   /* seconds since a pass last left nothing waiting (0: this one) */
	int64_t retry_s; /* a failed pass: seconds until the next try */
};

struct ch_follow;

/* Starts the thread. o (copied, with what it points to kept alive by the caller) says
 * where to feed; o->stop and o->on_progress are the follower's own. on_pass may be NULL. */
int ch_follow_start(struct ch_follow **out, const struct ch_feed_opts *o, int64_t retry_s,
                    void (*on_pass)(void *ud, const struct ch_follow_pass *p), void *ud,
                    struct err *e);

/* A snapshot was stored: feed soon. Cheap; never blocks on ClickHouse. */
void ch_follow_poke(struct ch_follow *fl);

/* Stops the thread (a pass in flight is abandoned where it stands, which the next feed
 * takes up exactly once) and frees fl. */
void ch_follow_stop(struct ch_follow *fl);

#endif
