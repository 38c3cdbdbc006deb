/* functions.c - wowah's SQL functions on DuckDB: market_value, unit_median,
 * weighted_market_value, gold. A thin adapter: the math is price/price.h; this file keeps
 * the aggregate states, skips rows without a usable price or quantity, and registers.
 */
#include "duck/functions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

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
	struct price_lot *v;
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
			out[offset + i] = price_market_value(s->v, s->n);
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
			out[offset + i] = price_unit_median(s->v, s->n);
	}
}

/* weighted_market_value: per day ago, the sum and count of the scans' values. */
static idx_t days_size(duckdb_function_info info)
{
	(void)info;
	return sizeof(struct price_days);
}

static void days_init(duckdb_function_info info, duckdb_aggregate_state state)
{
	(void)info;
	memset(state, 0, sizeof(struct price_days));
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
		if ((vvalid && !duckdb_validity_row_is_valid(vvalid, i)) ||
		    (dvalid && !duckdb_validity_row_is_valid(dvalid, i)))
			continue;
		price_days_add((struct price_days *)states[i], days[i], value[i]);
	}
}

static void days_combine(duckdb_function_info info, duckdb_aggregate_state *source,
                         duckdb_aggregate_state *target, idx_t count)
{
	(void)info;
	for (idx_t i = 0; i < count; i++)
		price_days_merge((struct price_days *)target[i], (struct price_days *)source[i]);
}

static void days_finalize(duckdb_function_info info, duckdb_aggregate_state *source,
                          duckdb_vector result, idx_t count, idx_t offset)
{
	double *out = duckdb_vector_get_data(result);
	(void)info;

	for (idx_t i = 0; i < count; i++) {
		out[offset + i] = price_days_weighted((struct price_days *)source[i]);
		if (isnan(out[offset + i]))
			set_null(result, offset + i);
	}
}

/* gold(): NULL stays NULL; a DOUBLE is rounded half away from zero. */
static void gold_emit(duckdb_vector out, idx_t row, int64_t copper)
{
	char text[PRICE_GOLD_LEN];
	price_format_gold(copper, text);
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
