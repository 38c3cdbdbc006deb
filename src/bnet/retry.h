/* retry.h - when to try a failed request again.
 *
 * Exponential backoff with "equal jitter": attempt k waits a random time in
 * [d/2, d], d = min(base * 2^k, cap), so concurrent clients that failed together do not
 * retry together, yet no wait collapses to zero. A server's Retry-After is a floor: the
 * wait is never shorter than what the server asked for. The random draw is an argument,
 * so the bounds can be tested without luck.
 */
#ifndef WOWAH_BNET_RETRY_H
#define WOWAH_BNET_RETRY_H

#include <stdint.h>

struct bnet_retry_policy {
	int max_attempts;     /* tries in all, the first included */
	int64_t base_ms;      /* d for the first retry */
	int64_t cap_ms;       /* d never grows beyond this */
	int64_t max_after_ms; /* a Retry-After beyond this is clamped (a stuck run helps nobody) */
};

#define BNET_RETRY_POLICY_DEFAULT     \
	{                             \
		6, 500, 30000, 120000 \
	}

/* Wait before retry number `retry` (0 for the first retry). retry_after_ms is the
 * server's Retry-After in ms, or -1 when it sent none; u is uniform in [0, 1). */
int64_t bnet_retry_delay_ms(const struct bnet_retry_policy *p, int retry, int64_t retry_after_ms,
                            double u);

/* Parses a Retry-After value: delta-seconds, or an HTTP date (relative to now_s).
 * Returns the wait in ms (0 for a date in the past), or -1 when value is neither. */
int64_t bnet_retry_parse_after(const char *value, int64_t now_s);

/* A uniform draw in [0, 1) from a xorshift state (seed it with anything but 0). */
double bnet_retry_uniform(uint64_t *state);

#endif
