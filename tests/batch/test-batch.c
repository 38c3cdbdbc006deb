/* test-batch.c - columnar rows: growth, lists, absent keys, unit prices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "batch/batch.h"
#include "model/keys.h"

static void rows_and_lists(void **state)
{
	struct batch *b = batch_new();
	(void)state;

	for (int i = 0; i < 5000; i++) {
		size_t r = batch_add_row(b);
		b->auction_id[r] = i;
		b->quantity[r] = 1 + i % 3;
		if (i % 2) {
			b->buyout[r] = 300;
			batch_mark(b, r, BCOL_BUYOUT);
			batch_push_bonus(b, i);
			batch_push_bonus(b, i + 1);
		} else {
			batch_push_modifier(b, 28, 5000000000LL + i);
		}
	}
	assert_int_equal(b->n, 5000);
	assert_int_equal(b->nbonus, 5000);
	assert_int_equal(b->nmod, 2500);
	assert_int_equal(b->bonus_off[1], 0);
	assert_int_equal(b->bonus_off[2], 2);
	assert_int_equal(b->bonus[b->bonus_off[4999]], 4999);
	assert_true(batch_has(b, 1, BCOL_BONUS_LISTS));
	assert_false(batch_has(b, 0, BCOL_BONUS_LISTS));
	assert_true(batch_has(b, 0, BCOL_MODIFIERS));
	assert_int_equal(b->mod_value[b->mod_off[4998]], 5000004998LL);
	assert_int_equal(batch_unit_buyout(b, 1), 150); /* 300 / quantity 2 */
	assert_int_equal(batch_unit_buyout(b, 0), -1);
	batch_drop_last(b);
	assert_int_equal(b->n, 4999);
	assert_int_equal(b->nbonus, 4998);
	batch_clear(b);
	assert_int_equal(b->n, 0);
	batch_free(b);
}

static void names(void **state)
{
	(void)state;
	assert_int_equal(batch_time_left_parse("VERY_LONG", 9), BATCH_TL_VERY_LONG);
	assert_int_equal(batch_time_left_parse("LONGER", 6), -1);
	/* the batch kinds are the model's */
	assert_int_equal(model_kind_parse("commodity"), BATCH_COMMODITY);
	assert_int_equal(model_kind_parse("classic"), BATCH_CLASSIC);
}

/* batch_append: src's rows after dst's, their lists' offsets moved past dst's lists, a
 * nullable column only where src has it; n of 16,384 rows and more are copied on two
 * threads, each taking some of the columns and lists. */
static void check_append(int n)
{
	struct batch *dst = batch_new(), *src = batch_new();
	size_t r;

	r = batch_add_row(dst);
	dst->auction_id[r] = 1;
	batch_push_bonus(dst, 10);
	batch_push_bonus(dst, 11);
	batch_push_modifier(dst, 9, 60);
	batch_append(dst, src); /* nothing to append */
	assert_int_equal(dst->n, 1);
	for (int i = 0; i < n; i++) {
		r = batch_add_row(src);
		src->auction_id[r] = 2 + i;
		src->quantity[r] = i;
		if (i % 2) {
			src->bid[r] = 100 + i;
			batch_mark(src, r, BCOL_BID);
			batch_push_bonus(src, i);
		}
		if (i == n - 1)
			batch_push_modifier(src, 28, 8 + n);
	}
	batch_append(dst, src);
	assert_int_equal(dst->n, (size_t)n + 1);
	assert_int_equal(dst->nbonus, 2 + (size_t)n / 2);
	assert_int_equal(dst->nmod, 2);
	assert_int_equal(dst->auction_id[0], 1);
	assert_int_equal(dst->bonus_off[1], 2);
	assert_int_equal(dst->mod_off[1], 1);
	for (int i = 0; i < n; i++) {
		size_t row = (size_t)i + 1;
		assert_int_equal(dst->auction_id[row], 2 + i);
		assert_int_equal(dst->quantity[row], i);
		assert_int_equal(batch_has(dst, row, BCOL_BID), i % 2);
		if (i % 2) {
			assert_int_equal(dst->bid[row], 100 + i);
			assert_int_equal(dst->bonus_off[row + 1] - dst->bonus_off[row], 1);
			assert_int_equal(dst->bonus[dst->bonus_off[row]], i);
		}
	}
	assert_int_equal(dst->mod_off[(size_t)n + 1] - dst->mod_off[n], 1);
	assert_int_equal(dst->mod_value[dst->mod_off[n]], 8 + n);
	batch_free(src);
	batch_free(dst);
}

static void append(void **state)
{
	(void)state;
	check_append(3000);
	check_append(40000); /* on two threads */
}

/* A reservation holds its rows without growing, stops at max_rows, never shrinks, and
 * rows past it still grow the batch. */
static void reserve(void **state)
{
	struct batch *b = batch_new();
	int64_t *ids;
	size_t row;
	(void)state;

	b->max_rows = 10000;
	batch_reserve(b, 3000);
	assert_int_equal(b->cap, 3000);
	ids = b->auction_id;
	for (int i = 0; i < 3000; i++) {
		size_t r = batch_add_row(b);
		b->auction_id[r] = i;
	}
	assert_ptr_equal(b->auction_id, ids);
	batch_reserve(b, 100);
	assert_int_equal(b->cap, 3000);
	row = batch_add_row(b); /* past the reservation: the columns grow */
	b->auction_id[row] = 3000;
	assert_true(b->cap > 3000);
	for (int i = 0; i <= 3000; i++)
		assert_int_equal(b->auction_id[i], i);
	assert_int_equal(b->bonus_off[3001], 0);
	batch_reserve(b, 50000);
	assert_int_equal(b->cap, 10000);
	batch_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(rows_and_lists),
	        cmocka_unit_test(names),
	        cmocka_unit_test(append),
	        cmocka_unit_test(reserve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
