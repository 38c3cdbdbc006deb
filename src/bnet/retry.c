/* retry.c - backoff with jitter and Retry-After. */
#include "bnet/retry.h"

#include <ctype.h>
#include <stdlib.h>

#include "util/ts.h"

int64_t bnet_retry_delay_ms(const struct bnet_retry_policy *p, int retry, int64_t retry_after_ms,
                            double u)
{
	int64_t d = p->base_ms, wait;

	for (int i = 0; i < retry && d < p->cap_ms; i++)
		d *= 2;
	if (d > p->cap_ms)
		d = p->cap_ms;
	wait = d / 2 + (int64_t)(u * (double)(d - d / 2));
	if (retry_after_ms > p->max_after_ms)
		retry_after_ms = p->max_after_ms;
	return retry_after_ms > wait ? retry_after_ms : wait;
}

int64_t bnet_retry_parse_after(const char *value, int64_t now_s)
{
	const char *p = value;
	int64_t secs = 0, when;

	while (*p == ' ' || *p == '\t')
		p++;
	if (isdigit((unsigned char)*p)) {
		for (; isdigit((unsigned char)*p); p++) {
			if (secs > 86400 * 365)
				return -1;
			secs = secs * 10 + (*p - '0');
		}
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		return *p ? -1 : secs * 1000;
	}
	if (ts_parse_http(p, &when) != 0)
		return -1;
	return when > now_s ? (when - now_s) * 1000 : 0;
}

double bnet_retry_uniform(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return (double)(x >> 11) * (1.0 / 9007199254740992.0);
}
