/* ratelimit.h - the process-wide request budget for the Battle.net API.
 *
 * Blizzard allows 100 requests per second (and answers 429 for the rest of that second)
 * and 36,000 per hour. A token bucket would let a full bucket plus its refill through in
 * one window, so each limit is a sliding-window log instead: the time of each of the
 * last N grants is kept, and a new grant waits until the oldest of them is a whole
 * window old. That makes "never more than N in any window" hold exactly, which is what
 * the server counts. The clock is passed in, so tests can drive time by hand.
 */
#ifndef WOWAH_BNET_RATELIMIT_H
#define WOWAH_BNET_RATELIMIT_H

#include <stdint.h>

#define BNET_RL_PER_SECOND 100
#define BNET_RL_PER_HOUR   36000

/* One limit: at most `limit` grants in any `window_ms`. */
struct bnet_rl_window {
	int64_t window_ms;
	int64_t *ring; /* grant times, oldest at ring[head] once full */
	int limit, count, head;
};

struct bnet_ratelimit {
	struct bnet_rl_window second, hour;
};

/* per_second/per_hour: 0 means the Blizzard limit. Release with bnet_rl_release(). */
void bnet_rl_init(struct bnet_ratelimit *rl, int per_second, int per_hour);
void bnet_rl_release(struct bnet_ratelimit *rl);

/* Milliseconds until a request may go at now_ms (0: it may go now). Changes nothing. */
int64_t bnet_rl_wait_ms(const struct bnet_ratelimit *rl, int64_t now_ms);

/* Takes one grant at now_ms if allowed: returns 0, or the milliseconds to wait. */
int64_t bnet_rl_acquire(struct bnet_ratelimit *rl, int64_t now_ms);

#endif
