/* test-watch.c - the watch scheduler on a hand-driven clock: learning the interval,
 * asking ahead of the next snapshot, backing off when one is late, floor and ceiling;
 * Classic realms and the token as units of their own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/keys.h"
#include "pull/watch.h"

#define T0 1795000000

static void new_units_are_due_now(void **state)
{
	struct watch_sched s;
	struct watch_unit *a, *b;
	(void)state;

	watch_sched_init(&s, 60, 3600, 60, 3600);
	assert_int_equal(watch_sched_next(&s), INT64_MAX);
	a = watch_sched_unit(&s, 0, MODEL_FLAVOR_RETAIL, 1305, T0);
	b = watch_sched_unit(&s, 1, MODEL_FLAVOR_RETAIL, 77,
	                     T0 + 5); /* commodities ignore the realm id */
	assert_int_equal(a->next_ask, T0);
	assert_int_equal(b->realm_id, 0);
	assert_ptr_equal(watch_sched_unit(&s, 0, MODEL_FLAVOR_RETAIL, 1305, T0 + 9), a);
	assert_ptr_equal(watch_sched_unit(&s, 1, MODEL_FLAVOR_RETAIL, 0, T0 + 9), b);
	assert_int_equal(s.n, 2);
	assert_int_equal(watch_sched_next(&s), T0);
	watch_sched_release(&s);
}

static void learns_the_interval(void **state)
{
	struct watch_sched s;
	struct watch_unit *u;
	(void)state;

	watch_sched_init(&s, 60, 7200, 30, 3600);
	u = watch_sched_unit(&s, 0, MODEL_FLAVOR_RETAIL, 1, T0);
	assert_int_equal(watch_sched_interval(&s, u), 3600); /* nothing seen: the default */
	/* snapshots every 20 minutes, with one odd gap the median ignores */
	int64_t seen[] = {T0, T0 + 1200, T0 + 2400, T0 + 3000, T0 + 4200, T0 + 5400};
	for (size_t i = 0; i < sizeof(seen) / sizeof(seen[0]); i++)
		watch_sched_observe(&s, u, seen[i] + 10, seen[i]);
	assert_int_equal(watch_sched_interval(&s, u), 1200);
	/* asked `lead` seconds before the next one is due */
	assert_int_equal(u->next_ask, T0 + 5400 + 1200 - 30);
	/* seeing the same snapshot again teaches nothing new */
	watch_sched_observe(&s, u, T0 + 5500, T0 + 5400);
	assert_int_equal(u->nseen, 6);
	assert_int_equal(u->next_ask, T0 + 5400 + 1200 - 30);
	watch_sched_release(&s);
}

static void backs_off_when_late(void **state)
{
	struct watch_sched s;
	struct watch_unit *u;
	int64_t now;
	(void)state;

	watch_sched_init(&s, 60, 900, 60, 3600);
	u = watch_sched_unit(&s, 0, MODEL_FLAVOR_RETAIL, 1, T0);
	watch_sched_observe(&s, u, T0 + 3000, T0);
	assert_int_equal(u->next_ask, T0 + 3600 - 60);
	/* due, asked, nothing new: 60, 120, 240, 480, then the ceiling of 900 */
	now = u->next_ask;
	int64_t want[] = {60, 120, 240, 480, 900, 900};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		watch_sched_observe(&s, u, now, T0);
		assert_int_equal(u->next_ask - now, want[i]);
		now = u->next_ask;
	}
	/* the snapshot arrives (seen a while later): back to the learnt rhythm */
	watch_sched_observe(&s, u, T0 + 7500, T0 + 4000);
	assert_int_equal(u->misses, 0);
	assert_int_equal(u->next_ask, T0 + 4000 + 4000 - 60);
	watch_sched_release(&s);
}

static void failures_back_off_too(void **state)
{
	struct watch_sched s;
	struct watch_unit *u;
	(void)state;

	watch_sched_init(&s, 10, 100, 60, 3600);
	u = watch_sched_unit(&s, 1, MODEL_FLAVOR_RETAIL, 0, T0);
	watch_sched_observe(&s, u, T0, 0);
	assert_int_equal(u->next_ask, T0 + 10);
	watch_sched_observe(&s, u, T0 + 10, 0);
	assert_int_equal(u->next_ask, T0 + 30);
	watch_sched_release(&s);
}

static void floor_and_ceiling_bound_every_ask(void **state)
{
	struct watch_sched s;
	struct watch_unit *u;
	(void)state;

	/* A simulator's clock can be anywhere: a snapshot "due" long ago, or far ahead. */
	watch_sched_init(&s, 1, 2, 60, 3600);
	u = watch_sched_unit(&s, 0, MODEL_FLAVOR_RETAIL, 1, T0);
	watch_sched_observe(&s, u, T0, T0 + 86400 * 30);
	assert_int_equal(u->next_ask, T0 + 2);
	watch_sched_observe(&s, u, T0 + 2, T0 - 86400 * 30);
	assert_true(u->next_ask >= T0 + 3 && u->next_ask <= T0 + 4);
	watch_sched_release(&s);
}

static void kinds_are_units_of_their_own(void **state)
{
	struct watch_sched s;
	struct watch_unit *r, *c, *t;
	(void)state;

	watch_sched_init(&s, 60, 3600, 60, 3600);
	r = watch_sched_unit(&s, WATCH_REALM, MODEL_FLAVOR_RETAIL, 4443, T0);
	c = watch_sched_unit(&s, WATCH_CLASSIC, MODEL_FLAVOR_CLASSIC, 4443, T0);
	t = watch_sched_unit(&s, WATCH_TOKEN, MODEL_FLAVOR_RETAIL, 12,
	                     T0); /* the token ignores the realm id */
	assert_int_equal(s.n, 3);
	assert_int_equal(t->realm_id, 0);
	assert_ptr_equal(watch_sched_unit(&s, WATCH_TOKEN, MODEL_FLAVOR_RETAIL, 0, T0), t);
	assert_ptr_equal(watch_sched_unit(&s, WATCH_CLASSIC, MODEL_FLAVOR_CLASSIC, 4443, T0), c);
	assert_int_equal(watch_sched_interval(&s, r), 3600);
	assert_int_equal(watch_sched_interval(&s, c), 3600);
	assert_int_equal(watch_sched_interval(&s, t), WATCH_TOKEN_INTERVAL);
	/* the Classic realm learns its own rhythm, the retail realm of the same id is untouched */
	watch_sched_observe(&s, c, T0 + 10, T0);
	watch_sched_observe(&s, c, T0 + 1810, T0 + 1800);
	assert_int_equal(watch_sched_interval(&s, c), 1800);
	assert_int_equal(c->next_ask, T0 + 3600 - 60);
	assert_int_equal(r->nseen, 0);
	assert_int_equal(r->next_ask, T0);
	/* one token price seen: the next is asked 20 minutes after it, not an hour */
	watch_sched_observe(&s, t, T0 + 30, T0);
	assert_int_equal(t->next_ask, T0 + WATCH_TOKEN_INTERVAL - 60);
	watch_sched_release(&s);
}

/* Issue 13: one realm id, or the token, in two flavours is two units, each with its own
 * rhythm. */
static void flavours_are_units_of_their_own(void **state)
{
	struct watch_sched s;
	struct watch_unit *era, *ann, *prog, *rt, *ct;
	(void)state;

	watch_sched_init(&s, 60, 3600, 60, 3600);
	era = watch_sched_unit(&s, WATCH_CLASSIC, MODEL_FLAVOR_CLASSIC1X, 4001, T0);
	ann = watch_sched_unit(&s, WATCH_CLASSIC, MODEL_FLAVOR_CLASSICANN, 4001, T0);
	prog = watch_sched_unit(&s, WATCH_CLASSIC, MODEL_FLAVOR_CLASSIC, 4001, T0);
	rt = watch_sched_unit(&s, WATCH_TOKEN, MODEL_FLAVOR_RETAIL, 0, T0);
	ct = watch_sched_unit(&s, WATCH_TOKEN, MODEL_FLAVOR_CLASSIC, 0, T0);
	assert_int_equal(s.n, 5);
	assert_int_equal(era->flavor, MODEL_FLAVOR_CLASSIC1X);
	assert_ptr_equal(watch_sched_unit(&s, WATCH_CLASSIC, MODEL_FLAVOR_CLASSICANN, 4001, T0),
	                 ann);
	assert_ptr_equal(watch_sched_unit(&s, WATCH_TOKEN, MODEL_FLAVOR_CLASSIC, 7, T0), ct);
	watch_sched_observe(&s, era, T0 + 10, T0);
	watch_sched_observe(&s, era, T0 + 1810, T0 + 1800);
	assert_int_equal(watch_sched_interval(&s, era), 1800);
	assert_int_equal(ann->nseen, 0);
	assert_int_equal(prog->nseen, 0);
	assert_int_equal(prog->next_ask, T0);
	watch_sched_observe(&s, ct, T0 + 30, T0);
	assert_int_equal(rt->nseen, 0);
	watch_sched_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(new_units_are_due_now),
	        cmocka_unit_test(learns_the_interval),
	        cmocka_unit_test(backs_off_when_late),
	        cmocka_unit_test(failures_back_off_too),
	        cmocka_unit_test(floor_and_ceiling_bound_every_ask),
	        cmocka_unit_test(kinds_are_units_of_their_own),
	        cmocka_unit_test(flavours_are_units_of_their_own),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
