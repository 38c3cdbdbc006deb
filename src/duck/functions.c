/* functions.c - wowah's SQL functions: market_value, unit_median, weighted_market_value, gold.
 *
 * The market value follows TradeSkillMaster's AuctionDB. With N units sorted by price:
 *  (1) units of 0-based rank r < 0.15 N are always kept; after them a unit is kept while
 *      r + 1 <= max(1, floor(0.3 N)) and its price < 1.2 x the previous unit's; the first
 *      unit that fails ends the selection;
 *  (2) mean and sample standard deviation (n - 1) of the kept units; units further than
 *      1.5 standard deviations from the mean are dropped;
 *  (3) the market value is the mean of the rest.
 * Decisions on the edges:
 *  - one kept unit: the standard deviation is undefined and the unit is the answer;
 *  - all kept prices equal: the deviation is 0, every unit is within it, all are kept;
 *  - nothing left after (2) cannot happen (if every unit were more than 1.5 s away, the
 *    squared deviations would sum to more than 2.25 n s^2 > (n - 1) s^2); should rounding
 *    ever make it so, the mean of the kept units is returned;
 *  - the price test is exact integer arithmetic (5 p < 6 prev in 128 bits), rank limits
 *    are exact (r < 0.15 N is 20 r < 3 N), unit counts are 128-bit, price sums are exact
 *    128-bit integers and fall back to long double only if even those would overflow.
 * Auctions are never expanded into units: an auction is one (price, quantity) lot, and
 * every step walks the sorted lots with cumulative quantities.
 */
#include "duck/functions.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

const int duck_day_weights[DUCK_WEIGHT_DAYS] = {132, 125, 100, 75, 45, 34, 33, 38,
                                                28,  21,  15,  10, 7,  5,  4};

/* ---- the computations ---- */

static int lot_cmp(const void *a, const void *b)
{
	const struct duck_lot *x = a, *y = b;
	return (x->price > y->price) - (x->price < y->price);
}

/* Sum of price x units, exact while it fits 128 bits. */
struct acc {
	__int128 exact;
	long double approx;
	__int128 units;
	int overflow;
};

static void acc_add(struct acc *a, int64_t price, __int128 units)
{
	__int128 prod;

	a->units += units;
	a->approx += (long double)price * (long double)units;
	if (a->overflow)
		return;
	if (__builtin_mul_overflow((__int128)price, units, &prod) ||
	    __builtin_add_overflow(a->exact, prod, &a->exact))
		a->overflow = 1;
}

static long double acc_mean(const struct acc *a)
{
	long double sum = a->overflow ? a->approx : (long double)a->exact;
	return sum / (long double)a->units;
}

static __int128 min128(__int128 a, __int128 b)
{
	return a < b ? a : b;
}

/* Step (1): how many of the cheapest units are kept. */
static __int128 kept_units(const struct duck_lot *lots, __int128 total)
{
	__int128 always = (3 * total + 19) / 20; /* ranks r with 20 r < 3 N */
	__int128 cap = 3 * total / 10, kept = always, start = 0;
	size_t j = 0;

	if (cap < 1)
		cap = 1;
	while (kept < total && kept < cap) {
		while (start + lots[j].qty <= kept)
			start += lots[j++].qty;
		/* inside a lot the previous unit has the same price, which passes the test */
		if (kept == start &&
		    !((__int128)lots[j].price * 5 < (__int128)lots[j - 1].price * 6))
			break;
		kept = min128(start + lots[j].qty, cap);
	}
	return kept;
}

double duck_market_value(struct duck_lot *lots, size_t n)
{
	struct acc all = {0}, rest = {0};
	__int128 total = 0, kept, start = 0;
	long double mean, var = 0, limit;

	qsort(lots, n, sizeof(*lots), lot_cmp);
	for (size_t i = 0; i < n; i++)
		total += lots[i].qty;
	kept = kept_units(lots, total);
	if (kept == 1)
		return (double)lots[0].price;

	for (size_t i = 0; i < n && start < kept; start += lots[i++].qty)
		acc_add(&all, lots[i].price, min128(lots[i].qty, kept - start));
	mean = acc_mean(&all);
	start = 0;
	for (size_t i = 0; i < n && start < kept; start += lots[i++].qty) {
		long double d = (long double)lots[i].price - mean;
		var += d * d * (long double)min128(lots[i].qty, kept - start);
	}
	limit = 1.5L * sqrtl(var / (long double)(kept - 1));

	start = 0;
	for (size_t i = 0; i < n && start < kept; start += lots[i++].qty)
		if (fabsl((long double)lots[i].price - mean) <= limit)
			acc_add(&rest, lots[i].price, min128(lots[i].qty, kept - start));
	return (double)(rest.units ? acc_mean(&rest) : mean);
}

int64_t duck_unit_median(struct duck_lot *lots, size_t n)
{
	__int128 total = 0, rank, start = 0;
	size_t i;

	qsort(lots, n, sizeof(*lots), lot_cmp);
	for (i = 0; i < n; i++)
		total += lots[i].qty;
	rank = (total - 1) / 2;
	for (i = 0; start + lots[i].qty <= rank; i++)
		start += lots[i].qty;
	return lots[i].price;
}

double duck_weighted_value(const double day_value[DUCK_WEIGHT_DAYS],
                           const int has_day[DUCK_WEIGHT_DAYS])
{
	long double sum = 0;
	int weight = 0;

	for (int d = 0; d < DUCK_WEIGHT_DAYS; d++)
		if (has_day[d]) {
			sum += (long double)duck_day_weights[d] * day_value[d];
			weight += duck_day_weights[d];
		}
	return weight ? (double)(sum / weight) : NAN;
}

void duck_format_gold(int64_t copper, char out[32])
{
	uint64_t c = copper < 0 ? -(uint64_t)copper : (uint64_t)copper;

	snprintf(out, 32, "%s%llug %us %uc", copper < 0 ? "-" : "", (unsigned long long)(c / 10000),
	         (unsigned)(c / 100 % 100), (unsigned)(c % 100));
}

/* ---- DuckDB glue: states, callbacks, registration ---- */

static int64_t *column(duckdb_data_chunk chunk, idx_t col, uint64_t **validity)
{
	duckdb_vector v = duckdb_data_chunk_get_vector(chunk, col);
	*validity = duckdb_vector_get_validity(v);
	return duckdb_vector_get_data(v);
}

static void set_null(duckdb_vector result, idx_t row)
{
	duckdb_vector_ensure_validity_writable(result);
	duckdb_validity_set_row_invalid(duckdb_vector_get_validity(result), row);
}

/* market_value and unit_median: the lots of one group. */
struct lots_state {
	struct duck_lot *v;
	size_t n, cap;
};

static void lots_push(struct lots_state *s, int64_t price, int64_t qty)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n].price = price;
	s->v[s->n++].qty = qty;
}

static idx_t lots_size(duckdb_function_info info)
{
	(void)info;
	return sizeof(struct lots_state);
}

static void lots_init(duckdb_function_info info, duckdb_aggregate_state state)
{
	(void)info;
	memset(state, 0, sizeof(struct lots_state));
}

static void lots_update(duckdb_function_info info, duckdb_data_chunk input,
                        duckdb_aggregate_state *states)
{
	uint64_t *pvalid, *qvalid;
	int64_t *price = column(input, 0, &pvalid), *qty = column(input, 1, &qvalid);
	idx_t n = duckdb_data_chunk_get_size(input);
	(void)info;

	for (idx_t i = 0; i < n; i++) {
		if ((pvalid && !duckdb_validity_row_is_valid(pvalid, i)) ||
		    (qvalid && !duckdb_validity_row_is_valid(qvalid, i)) || price[i] <= 0 ||
		    qty[i] <= 0)
			continue;
		lots_push((struct lots_state *)states[i], price[i], qty[i]);
	}
}

/* Copies rather than steals: a window's segment tree combines the same source twice. */
static void lots_combine(duckdb_function_info info, duckdb_aggregate_state *source,
                         duckdb_aggregate_state *target, idx_t count)
{
	(void)info;
	for (idx_t i = 0; i < count; i++) {
		struct lots_state *s = (struct lots_state *)source[i];
		struct lots_state *t = (struct lots_state *)target[i];
		for (size_t k = 0; k < s->n; k++)
			lots_push(t, s->v[k].price, s->v[k].qty);
	}
}

static void lots_destroy(duckdb_aggregate_state *states, idx_t count)
{
	for (idx_t i = 0; i < count; i++) {
		struct lots_state *s = (struct lots_state *)states[i];
		free(s->v);
		s->v = NULL;
		s->n = s->cap = 0;
	}
}

static void market_value_finalize(duckdb_function_info info, duckdb_aggregate_state *source,
                                  duckdb_vector result, idx_t count, idx_t offset)
{
	double *out = duckdb_vector_get_data(result);
	(void)info;

	for (idx_t i = 0; i < count; i++) {
		struct lots_state *s = (struct lots_state *)source[i];
		if (s->n == 0)
			set_null(result, offset + i);
		else
			out[offset + i] = duck_market_value(s->v, s->n);
	}
}

static void unit_median_finalize(duckdb_function_info info, duckdb_aggregate_state *source,
                                 duckdb_vector result, idx_t count, idx_t offset)
{
	int64_t *out = duckdb_vector_get_data(result);
	(void)info;

	for (idx_t i = 0; i < count; i++) {
		struct lots_state *s = (struct lots_state *)source[i];
		if (s->n == 0)
			set_null(result, offset + i);
		else
			out[offset + i] = duck_unit_median(s->v, s->n);
	}
}

/* weighted_market_value: per day ago, the sum and count of the scans' values. */
struct days_state {
	double sum[DUCK_WEIGHT_DAYS];
	int64_t count[DUCK_WEIGHT_DAYS];
};

static idx_t days_size(duckdb_function_info info)
{
	(void)info;
	return sizeof(struct days_state);
}

static void days_init(duckdb_function_info info, duckdb_aggregate_state state)
{
	(void)info;
	memset(state, 0, sizeof(struct days_state));
}

static void days_update(duckdb_function_info info, duckdb_data_chunk input,
                        duckdb_aggregate_state *states)
{
	duckdb_vector vv = duckdb_data_chunk_get_vector(input, 0);
	duckdb_vector dv = duckdb_data_chunk_get_vector(input, 1);
	double *value = duckdb_vector_get_data(vv);
	int32_t *days = duckdb_vector_get_data(dv);
	uint64_t *vvalid = duckdb_vector_get_validity(vv), *dvalid = duckdb_vector_get_validity(dv);
	idx_t n = duckdb_data_chunk_get_size(input);
	(void)info;

	for (idx_t i = 0; i < n; i++) {
		struct days_state *s = (struct days_state *)states[i];
		if ((vvalid && !duckdb_validity_row_is_valid(vvalid, i)) ||
		    (dvalid && !duckdb_validity_row_is_valid(dvalid, i)) || !isfinite(value[i]) ||
		    days[i] < 0 || days[i] >= DUCK_WEIGHT_DAYS)
			continue;
		s->sum[days[i]] += value[i];
		s->count[days[i]]++;
	}
}

static void days_combine(duckdb_function_info info, duckdb_aggregate_state *source,
                         duckdb_aggregate_state *target, idx_t count)
{
	(void)info;
	for (idx_t i = 0; i < count; i++) {
		struct days_state *s = (struct days_state *)source[i];
		struct days_state *t = (struct days_state *)target[i];
		for (int d = 0; d < DUCK_WEIGHT_DAYS; d++) {
			t->sum[d] += s->sum[d];
			t->count[d] += s->count[d];
		}
	}
}

static void days_finalize(duckdb_function_info info, duckdb_aggregate_state *source,
                          duckdb_vector result, idx_t count, idx_t offset)
{
	double *out = duckdb_vector_get_data(result);
	(void)info;

	for (idx_t i = 0; i < count; i++) {
		struct days_state *s = (struct days_state *)source[i];
		double mean[DUCK_WEIGHT_DAYS];
		int has[DUCK_WEIGHT_DAYS];
		for (int d = 0; d < DUCK_WEIGHT_DAYS; d++) {
			has[d] = s->count[d] > 0;
			mean[d] = has[d] ? s->sum[d] / (double)s->count[d] : 0;
		}
		out[offset + i] = duck_weighted_value(mean, has);
		if (isnan(out[offset + i]))
			set_null(result, offset + i);
	}
}

/* gold(): NULL stays NULL; a DOUBLE is rounded half away from zero. */
static void gold_emit(duckdb_vector out, idx_t row, int64_t copper)
{
	char text[32];
	duck_format_gold(copper, text);
	duckdb_vector_assign_string_element(out, row, text);
}

static void gold_bigint(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector out)
{
	uint64_t *valid;
	int64_t *copper = column(input, 0, &valid);
	idx_t n = duckdb_data_chunk_get_size(input);
	(void)info;

	for (idx_t i = 0; i < n; i++) {
		if (valid && !duckdb_validity_row_is_valid(valid, i))
			set_null(out, i);
		else
			gold_emit(out, i, copper[i]);
	}
}

static void gold_double(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector out)
{
	duckdb_vector v = duckdb_data_chunk_get_vector(input, 0);
	double *copper = duckdb_vector_get_data(v);
	uint64_t *valid = duckdb_vector_get_validity(v);
	idx_t n = duckdb_data_chunk_get_size(input);
	(void)info;

	for (idx_t i = 0; i < n; i++) {
		double r = isfinite(copper[i]) ? round(copper[i]) : NAN;
		if ((valid && !duckdb_validity_row_is_valid(valid, i)) || isnan(r) ||
		    fabs(r) >= 9.2e18) {
			set_null(out, i);
			continue;
		}
		gold_emit(out, i, (int64_t)r);
	}
}

struct agg_def {
	const char *name;
	duckdb_type arg0, arg1, ret;
	duckdb_aggregate_state_size size;
	duckdb_aggregate_init_t init;
	duckdb_aggregate_update_t update;
	duckdb_aggregate_combine_t combine;
	duckdb_aggregate_finalize_t finalize;
	duckdb_aggregate_destroy_t destroy;
};

static const struct agg_def aggregates[] = {
        {"market_value", DUCKDB_TYPE_BIGINT, DUCKDB_TYPE_BIGINT, DUCKDB_TYPE_DOUBLE, lots_size,
         lots_init, lots_update, lots_combine, market_value_finalize, lots_destroy},
        {"unit_median", DUCKDB_TYPE_BIGINT, DUCKDB_TYPE_BIGINT, DUCKDB_TYPE_BIGINT, lots_size,
         lots_init, lots_update, lots_combine, unit_median_finalize, lots_destroy},
        {"weighted_market_value", DUCKDB_TYPE_DOUBLE, DUCKDB_TYPE_INTEGER, DUCKDB_TYPE_DOUBLE,
         days_size, days_init, days_update, days_combine, days_finalize, NULL},
};

static void add_param(duckdb_aggregate_function f, duckdb_type t)
{
	duckdb_logical_type lt = duckdb_create_logical_type(t);
	duckdb_aggregate_function_add_parameter(f, lt);
	duckdb_destroy_logical_type(&lt);
}

static int register_aggregate(duckdb_connection conn, const struct agg_def *d, struct err *e)
{
	duckdb_aggregate_function f = duckdb_create_aggregate_function();
	duckdb_logical_type ret = duckdb_create_logical_type(d->ret);
	duckdb_state st;

	duckdb_aggregate_function_set_name(f, d->name);
	add_param(f, d->arg0);
	add_param(f, d->arg1);
	duckdb_aggregate_function_set_return_type(f, ret);
	duckdb_destroy_logical_type(&ret);
	duckdb_aggregate_function_set_functions(f, d->size, d->init, d->update, d->combine,
	                                        d->finalize);
	if (d->destroy)
		duckdb_aggregate_function_set_destructor(f, d->destroy);
	st = duckdb_register_aggregate_function(conn, f);
	duckdb_destroy_aggregate_function(&f);
	if (st == DuckDBError)
		return err_set(e, WOWAH_EDB, "cannot register SQL function %s", d->name);
	return WOWAH_OK;
}

static duckdb_scalar_function gold_overload(duckdb_type arg, duckdb_scalar_function_t fn)
{
	duckdb_scalar_function f = duckdb_create_scalar_function();
	duckdb_logical_type in = duckdb_create_logical_type(arg);
	duckdb_logical_type out = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);

	duckdb_scalar_function_set_name(f, "gold");
	duckdb_scalar_function_add_parameter(f, in);
	duckdb_scalar_function_set_return_type(f, out);
	duckdb_scalar_function_set_function(f, fn);
	duckdb_destroy_logical_type(&in);
	duckdb_destroy_logical_type(&out);
	return f;
}

static int register_gold(duckdb_connection conn, struct err *e)
{
	duckdb_scalar_function_set set = duckdb_create_scalar_function_set("gold");
	duckdb_scalar_function big = gold_overload(DUCKDB_TYPE_BIGINT, gold_bigint);
	duckdb_scalar_function dbl = gold_overload(DUCKDB_TYPE_DOUBLE, gold_double);
	duckdb_state st = DuckDBError;

	if (duckdb_add_scalar_function_to_set(set, big) == DuckDBSuccess &&
	    duckdb_add_scalar_function_to_set(set, dbl) == DuckDBSuccess)
		st = duckdb_register_scalar_function_set(conn, set);
	duckdb_destroy_scalar_function(&big);
	duckdb_destroy_scalar_function(&dbl);
	duckdb_destroy_scalar_function_set(&set);
	if (st == DuckDBError)
		return err_set(e, WOWAH_EDB, "cannot register SQL function gold");
	return WOWAH_OK;
}

int duck_functions_register(duckdb_connection conn, struct err *e)
{
	for (size_t i = 0; i < sizeof(aggregates) / sizeof(aggregates[0]); i++) {
		int rc = register_aggregate(conn, &aggregates[i], e);
		if (rc)
			return rc;
	}
	return register_gold(conn, e);
}
