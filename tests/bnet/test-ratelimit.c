/* test-ratelimit.c - the request budget never lets more than N through in any window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "bnet/ratelimit.h"

/* Largest number of grants in any half-open window [t, t + window) of sorted times. */
static int max_in_window(const int64_t *t, int n, int64_t window)
{
	int best = 0, lo = 0;
	for (int hi = 0; hi < n; hi++) {
		while (t[hi] - t[lo] >= window)
			lo++;
		if (hi - lo + 1 > best)
			best = hi - lo + 1;
	}
	return best;
}

static void per_second_is_exact(void **state)
{
	struct bnet_ratelimit rl;
	int64_t *grants = calloc(10000, sizeof(*grants));
	int n = 0;
	(void)state;

	bnet_rl_init(&rl, 0, 0);
	/* A caller that asks every millisecond for 5 seconds, as fast as allowed. */
	for (int64_t now = 0; now < 5000; now++)
		while (bnet_rl_acquire(&rl, now) == 0)
			grants[n++] = now;
	assert_int_equal(max_in_window(grants, n, 1000), BNET_RL_PER_SECOND);
	assert_int_equal(n, 5 * BNET_RL_PER_SECOND);
	bnet_rl_release(&rl);
	free(grants);
}

static void wait_says_when(void **state)
{
	struct bnet_ratelimit rl;
	(void)state;

	bnet_rl_init(&rl, 3, 1000);
	assert_int_equal(bnet_rl_acquire(&rl, 100), 0);
	assert_int_equal(bnet_rl_acquire(&rl, 400), 0);
	assert_int_equal(bnet_rl_acquire(&rl, 700), 0);
	/* the oldest grant (100) leaves the window at 1100 */
	assert_int_equal(bnet_rl_wait_ms(&rl, 800), 300);
	assert_int_equal(bnet_rl_acquire(&rl, 800), 300);
	assert_int_equal(bnet_rl_acquire(&rl, 1099), 1);
	assert_int_equal(bnet_rl_acquire(&rl, 1100), 0);
	assert_int_equal(bnet_rl_wait_ms(&rl, 1100), 300);
	bnet_rl_release(&rl);
}

static void per_hour_caps_bursts(void **state)
{
	struct bnet_ratelimit rl;
	int64_t *grants = calloc(1000, sizeof(*grants));
	int n = 0;
	(void)state;

	bnet_rl_init(&rl, 10, 50);
	/* Two and a half hours in 100 ms steps. */
	for (int64_t now = 0; now < 9000 * 1000; now += 100)
		while (bnet_rl_acquire(&rl, now) == 0)
			grants[n++] = now;
	assert_int_equal(max_in_window(grants, n, 3600 * 1000), 50);
	assert_int_equal(max_in_window(grants, n, 1000), 10);
	assert_int_equal(n, 150); /* 50 at t=0, 1 h and 2 h */
	bnet_rl_release(&rl);
	free(grants);
}

static void random_arrivals(void **state)
{
	struct bnet_ratelimit rl;
	int64_t *grants = calloc(200000, sizeof(*grants)), now = 0;
	int n = 0;
	(void)state;

	srand(42);
	bnet_rl_init(&rl, 0, 0);
	/* Bursty callers for 30 simulated minutes; whatever they do, both limits hold. */
	while (now < 30 * 60 * 1000 && n < 200000) {
		int64_t wait = bnet_rl_acquire(&rl, now);
		if (wait == 0)
			grants[n++] = now;
		else
			now += rand() % 3 ? wait : rand() % 50;
		if (rand() % 10 == 0)
			now += rand() % 20;
	}
	assert_true(max_in_window(grants, n, 1000) <= BNET_RL_PER_SECOND);
	assert_true(max_in_window(grants, n, 3600 * 1000) <= BNET_RL_PER_HOUR);
	assert_int_equal(n, BNET_RL_PER_HOUR); /* 100/s reaches the hourly cap within 6 minutes */
	bnet_rl_release(&rl);
	free(grants);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(per_second_is_exact),
	        cmocka_unit_test(wait_says_when),
	        cmocka_unit_test(per_hour_caps_bursts),
	        cmocka_unit_test(random_arrivals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
