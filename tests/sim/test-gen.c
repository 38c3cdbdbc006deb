/* test-gen.c - the generated world's item names: one name per good in every locale, as on
 * the real API, except the crafting-quality tiers of a reagent, which share theirs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "sim/gen.h"

struct named {
	char *name;
	const struct sim_item *it;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->it->id > y->it->id) - (x->it->id < y->it->id);
}

/* Two items may share a name only as tiers of one reagent: consecutive ids, tiers 1-3. */
static int same_reagent(const struct sim_item *a, const struct sim_item *b)
{
	return a->tier > 0 && b->tier > a->tier && b->id - a->id == b->tier - a->tier;
}

/* The number of names shared by a whole reagent's tiers. */
static size_t check_names(const struct sim_gen *c, int locale)
{
	struct named *v = calloc(c->nitems, sizeof(*v));
	size_t shared = 0;

	for (size_t i = 0; i < c->nitems; i++) {
		struct buf b = BUF_INIT;
		sim_item_name(c, &c->items[i], locale, &b);
		v[i].name = buf_detach(&b, NULL);
		v[i].it = &c->items[i];
	}
	qsort(v, c->nitems, sizeof(*v), cmp_named);
	for (size_t i = 1; i < c->nitems; i++) {
		if (strcmp(v[i - 1].name, v[i].name) != 0)
			continue;
		if (!same_reagent(v[i - 1].it, v[i].it))
			fail_msg("%s: items %d and %d are both '%s'", sim_locales[locale],
			         (int)v[i - 1].it->id, (int)v[i].it->id, v[i].name);
		shared++;
	}
	for (size_t i = 0; i < c->nitems; i++)
		free(v[i].name);
	free(v);
	return shared;
}

static void names_are_unique_but_for_tiers(void **state)
{
	static const uint64_t seeds[] = {1, 7, 42, 1234567};
	static const char *const regions[] = {"eu", "us", "kr", "tw"};
	(void)state;

	for (size_t s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
		struct sim_gen *c = NULL;
		struct err e = {0};
		size_t tiered = 0;

		assert_int_equal(
		        sim_gen_new(seeds[s], regions[s % 4], (int[SIM_NFLAVORS]){4}, &c, &e), 0);
		for (size_t i = 0; i < c->nitems; i++)
			tiered += c->items[i].tier > 1;
		for (int l = 0; l < SIM_NLOCALES; l++)
			/* every tier past the first shares its reagent's name, nothing else does */
			assert_int_equal(check_names(c, l), tiered);
		assert_true(tiered > 100);
		sim_gen_free(c);
	}
}

/* The names are the world's: the same seed names the same goods the same way. */
static void names_follow_the_seed(void **state)
{
	struct sim_gen *a = NULL, *b = NULL;
	struct err e = {0};
	(void)state;

	assert_int_equal(sim_gen_new(9, "eu", (int[SIM_NFLAVORS]){3}, &a, &e), 0);
	assert_int_equal(sim_gen_new(9, "eu", (int[SIM_NFLAVORS]){3}, &b, &e), 0);
	assert_int_equal(a->nitems, b->nitems);
	for (size_t i = 0; i < a->nitems; i++) {
		assert_int_equal(a->items[i].adj, b->items[i].adj);
		assert_int_equal(a->items[i].suffix, b->items[i].suffix);
	}
	sim_gen_free(a);
	sim_gen_free(b);
}

/* Each flavour has the connected realms asked for, under ids of its own: only the last
 * Era realm shares one, with the first retail realm. The retail and Classic progression
 * realms of a seed are those it made before the other flavours came. */
static void flavours_have_their_own_realms(void **state)
{
	static const char *const regions[] = {"eu", "us", "kr", "tw"};
	(void)state;

	for (size_t r = 0; r < 4; r++) {
		struct sim_gen *c = NULL, *old = NULL;
		struct err e = {0};
		size_t n[SIM_NFLAVORS] = {0}, shared = 0;

		assert_int_equal(sim_gen_new(5, regions[r], (int[]){300, 60, 60, 60}, &c, &e), 0);
		assert_int_equal(sim_gen_new(5, regions[r], (int[]){300, 0, 0, 0}, &old, &e), 0);
		for (size_t i = 0; i < c->ncrealms; i++) {
			const struct sim_crealm *x = &c->crealms[i];
			n[x->flavor]++;
			assert_ptr_equal(sim_gen_crealm(c, x->id, x->flavor), x);
			for (size_t j = 0; j < i; j++)
				if (c->crealms[j].id == x->id) {
					assert_int_equal(x->flavor, SIM_CLASSIC1X);
					assert_int_equal(c->crealms[j].flavor, SIM_RETAIL);
					assert_int_equal(j, 0);
					assert_int_equal(i, 300 + 60 + 59);
					shared++;
				}
		}
		assert_int_equal(shared, 1);
		assert_int_equal(n[SIM_RETAIL], 300);
		for (int f = SIM_CLASSIC; f < SIM_NFLAVORS; f++)
			assert_int_equal(n[f], 60);
		/* a fifth of the retail ones by default; the same retail and Classic realms */
		assert_int_equal(old->ncrealms, 300 + 3 * 60);
		for (size_t i = 0; i < 360; i++)
			assert_int_equal(old->crealms[i].id, c->crealms[i].id);
		sim_gen_free(c);
		sim_gen_free(old);
	}
}

static void realm_counts_default_none_and_bounds(void **state)
{
	struct sim_gen *c = NULL;
	struct err e = {0};
	(void)state;

	assert_int_equal(sim_gen_new(1, "eu", (int[]){1, 0, 0, 0}, &c, &e), 0);
	assert_int_equal(c->ncrealms, 1 + 1 + 2 + 1); /* the defaults' least */
	assert_int_equal(c->crealms[3].id, c->crealms[0].id);
	sim_gen_free(c);
	c = NULL;
	assert_int_equal(sim_gen_new(1, "eu", (int[]){1, SIM_NO_REALMS, SIM_NO_REALMS, 2}, &c, &e),
	                 0);
	assert_int_equal(c->ncrealms, 1 + 2); /* no Classic, no Era */
	assert_int_equal(c->crealms[1].flavor, SIM_CLASSICANN);
	sim_gen_free(c);
	c = NULL;
	assert_int_equal(sim_gen_new(1, "eu", (int[]){5, 0, 61, 0}, &c, &e), WOWAH_EUSAGE);
	assert_non_null(strstr(e.msg, "classic1x realms must be 0 to 60"));
	assert_null(c);
}

/* Consumables have a "Use:" spell, as real ones do; materials none. */
static void consumables_have_spells(void **state)
{
	struct sim_gen *c = NULL;
	struct err e = {0};
	size_t use = 0, gear = 0;
	(void)state;

	assert_int_equal(sim_gen_new(3, "eu", (int[SIM_NFLAVORS]){2}, &c, &e), 0);
	for (size_t i = 0; i < c->nitems; i++) {
		const struct sim_item *it = &c->items[i];
		struct sim_item_kind k;
		struct sim_item_spell sp;
		int has = sim_item_spell(it, &sp) == 0;
		sim_item_kind(it, &k);
		if (it->nature == SIM_COMMODITY)
			assert_int_equal(has, k.class_id == 0);
		if (has && k.class_id == 0) {
			assert_int_equal(strncmp(sp.description, "Use: ", 5), 0);
			use++;
		}
		if (has && it->nature == SIM_GEAR) {
			assert_true(it->quality >= 4);
			gear++;
		}
	}
	assert_true(use > 20);
	assert_true(gear > 10);
	sim_gen_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(names_are_unique_but_for_tiers),
	        cmocka_unit_test(names_follow_the_seed),
	        cmocka_unit_test(flavours_have_their_own_realms),
	        cmocka_unit_test(realm_counts_default_none_and_bounds),
	        cmocka_unit_test(consumables_have_spells),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
