/* ratelimit.c - sliding-window request limits (see ratelimit.h for why not a bucket). */
#include "bnet/ratelimit.h"

#include <stdlib.h>

#include "util/buf.h"

static void window_init(struct bnet_rl_window *w, int limit, int64_t window_ms)
{
	w->window_ms = window_ms;
	w->limit = limit;
	w->count = 0;
	w->head = 0;
	w->ring = xcalloc((size_t)limit, sizeof(*w->ring));
}

/* Until the oldest of the last `limit` grants leaves the window. */
static int64_t window_wait(const struct bnet_rl_window *w, int64_t now_ms)
{
	int64_t free_at;

	if (w->count < w->limit)
		return 0;
	free_at = w->ring[w->head] + w->window_ms;
	return free_at > now_ms ? free_at - now_ms : 0;
}

static void window_record(struct bnet_rl_window *w, int64_t now_ms)
{
	if (w->count < w->limit) {
		w->ring[(w->head + w->count) % w->limit] = now_ms;
		w->count++;
		return;
	}
	w->ring[w->head] = now_ms;
	w->head = (w->head + 1) % w->limit;
}

void bnet_rl_init(struct bnet_ratelimit *rl, int per_second, int per_hour)
{
	window_init(&rl->second, per_second > 0 ? per_second : BNET_RL_PER_SECOND, 1000);
	window_init(&rl->hour, per_hour > 0 ? per_hour : BNET_RL_PER_HOUR, 3600 * 1000);
}

void bnet_rl_release(struct bnet_ratelimit *rl)
{
	free(rl->second.ring);
	free(rl->hour.ring);
	rl->second.ring = rl->hour.ring = NULL;
}

int64_t bnet_rl_wait_ms(const struct bnet_ratelimit *rl, int64_t now_ms)
{
	int64_t a = window_wait(&rl->second, now_ms);
	int64_t b = window_wait(&rl->hour, now_ms);
	return a > b ? a : b;
}

int64_t bnet_rl_acquire(struct bnet_ratelimit *rl, int64_t now_ms)
{
	int64_t wait = bnet_rl_wait_ms(rl, now_ms);

	if (wait > 0)
		return wait;
	window_record(&rl->second, now_ms);
	window_record(&rl->hour, now_ms);
	return 0;
}
