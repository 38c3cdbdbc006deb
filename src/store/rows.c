/* rows.c - a snapshot's batch as a DuckDB table function, in sorted order.
 *
 * wowah_auction_rows() hands the batch's columns to DuckDB vector by vector through a
 * row permutation computed here, so `COPY (SELECT ... FROM wowah_auction_rows()) TO
 * 'x.parquet'` writes a sorted file without the rows ever being copied into a DuckDB
 * table first (the appender route materializes them twice and then sorts in SQL).
 */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/buf.h"

/* ---- sort order ---- */

struct sort_key {
	int32_t item_id;
	uint32_t row;
	int64_t price;
	int64_t auction_id;
};

static inline int key_less(const struct sort_key *x, const struct sort_key *y)
{
	if (x->item_id != y->item_id)
		return x->item_id < y->item_id;
	if (x->price != y->price)
		return x->price < y->price;
	if (x->auction_id != y->auction_id)
		return x->auction_id < y->auction_id;
	return x->row < y->row;
}

/* Merge sort of a[0..n) with tmp[0..n) as scratch and an inlined comparison: qsort's
 * indirect calls cost a third of a commodities write. */
static void sort_keys(struct sort_key *a, struct sort_key *tmp, size_t n)
{
	size_t half = n / 2, i = 0, j = half, k = 0;

	if (n <= 16) {
		for (size_t x = 1; x < n; x++) {
			struct sort_key v = a[x];
			size_t y = x;
			for (; y > 0 && key_less(&v, &a[y - 1]); y--)
				a[y] = a[y - 1];
			a[y] = v;
		}
		return;
	}
	sort_keys(a, tmp, half);
	sort_keys(a + half, tmp, n - half);
	if (!key_less(&a[half], &a[half - 1]))
		return; /* already in order: common for commodities of one item */
	while (i < half && j < n)
		tmp[k++] = key_less(&a[j], &a[i]) ? a[j++] : a[i++];
	while (i < half)
		tmp[k++] = a[i++];
	memcpy(a, tmp, k * sizeof(*a));
}

uint32_t *store_sort_rows(const struct batch *b)
{
	size_t n = b->n ? b->n : 1;
	struct sort_key *k = xmalloc(n * sizeof(*k)), *tmp = xmalloc(n * sizeof(*tmp));
	uint32_t *perm = xmalloc(n * sizeof(*perm));

	for (size_t i = 0; i < b->n; i++) {
		k[i].item_id = b->item_id[i];
		k[i].row = (uint32_t)i;
		k[i].price = batch_unit_buyout(b, i);
		k[i].auction_id = b->auction_id[i];
	}
	sort_keys(k, tmp, b->n);
	for (size_t i = 0; i < b->n; i++)
		perm[i] = k[i].row;
	free(k);
	free(tmp);
	return perm;
}

/* ---- the table function ---- */

enum col {
	C_AUCTION_ID,
	C_ITEM_ID,
	C_QUANTITY,
	C_UNIT_PRICE,
	C_BUYOUT,
	C_BID,
	C_TIME_LEFT,
	C_CONTEXT,
	C_BONUS_LISTS,
	C_MODIFIERS,
	C_PET_SPECIES_ID,
	C_PET_BREED_ID,
	C_PET_LEVEL,
	C_PET_QUALITY_ID,
	C_RAND,
	C_SEED,
	C_NCOLS
};

static const char *const col_names[C_NCOLS] = {
        "auction_id", "item_id",        "quantity",
        "unit_price", "buyout",         "bid",
        "time_left",  "context",        "bonus_lists",
        "modifiers",  "pet_species_id", "pet_breed_id",
        "pet_level",  "pet_quality_id", "rand",
        "seed",
};

static duckdb_logical_type col_type(enum col c)
{
	switch (c) {
	case C_AUCTION_ID:
	case C_UNIT_PRICE:
	case C_BUYOUT:
	case C_BID:
	case C_RAND:
	case C_SEED:
		return duckdb_create_logical_type(DUCKDB_TYPE_BIGINT);
	case C_TIME_LEFT:
		return duckdb_create_enum_type((const char **)batch_time_left_names, 4);
	case C_BONUS_LISTS: {
		duckdb_logical_type i = duckdb_create_logical_type(DUCKDB_TYPE_INTEGER);
		duckdb_logical_type l = duckdb_create_list_type(i);
		duckdb_destroy_logical_type(&i);
		return l;
	}
	case C_MODIFIERS: {
		duckdb_logical_type m[2] = {duckdb_create_logical_type(DUCKDB_TYPE_INTEGER),
		                            duckdb_create_logical_type(DUCKDB_TYPE_BIGINT)};
		const char *names[2] = {"type", "value"};
		duckdb_logical_type st = duckdb_create_struct_type(m, names, 2);
		duckdb_logical_type l = duckdb_create_list_type(st);
		duckdb_destroy_logical_type(&m[0]);
		duckdb_destroy_logical_type(&m[1]);
		duckdb_destroy_logical_type(&st);
		return l;
	}
	default:
		return duckdb_create_logical_type(DUCKDB_TYPE_INTEGER);
	}
}

static void rows_bind(duckdb_bind_info info)
{
	struct store *s = duckdb_bind_get_extra_info(info);

	for (int c = 0; c < C_NCOLS; c++) {
		duckdb_logical_type t = col_type((enum col)c);
		duckdb_bind_add_result_column(info, col_names[c], t);
		duckdb_destroy_logical_type(&t);
	}
	duckdb_bind_set_cardinality(info, s->feed.n, true);
}

static void rows_init(duckdb_init_info info)
{
	size_t *pos = xcalloc(1, sizeof(*pos));

	duckdb_init_set_init_data(info, pos, free);
	duckdb_init_set_max_threads(info, 1);
}

/* A column no row of the snapshot has (most of them, for commodities): all NULL, without
 * touching the rows. */
static int all_null(duckdb_vector v, const struct store_feed *f, size_t n, int nullable)
{
	uint64_t *valid;

	if (nullable < 0 || (f->present_any >> nullable) & 1u)
		return 0;
	duckdb_vector_ensure_validity_writable(v);
	valid = duckdb_vector_get_validity(v);
	memset(valid, 0, (n + 63) / 64 * sizeof(uint64_t));
	return 1;
}

static void fill_i64(duckdb_vector v, const int64_t *col, const struct store_feed *f, size_t from,
                     size_t n, int nullable)
{
	int64_t *out = duckdb_vector_get_data(v);
	uint64_t *valid = NULL;

	if (all_null(v, f, n, nullable))
		return;
	if (nullable >= 0) {
		duckdb_vector_ensure_validity_writable(v);
		valid = duckdb_vector_get_validity(v);
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t r = f->perm[from + i];
		out[i] = col[r];
		if (valid && !batch_has(f->b, r, (enum batch_col)nullable))
			duckdb_validity_set_row_invalid(valid, i);
	}
}

static void fill_i32(duckdb_vector v, const int32_t *col, const struct store_feed *f, size_t from,
                     size_t n, int nullable)
{
	int32_t *out = duckdb_vector_get_data(v);
	uint64_t *valid = NULL;

	if (all_null(v, f, n, nullable))
		return;
	if (nullable >= 0) {
		duckdb_vector_ensure_validity_writable(v);
		valid = duckdb_vector_get_validity(v);
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t r = f->perm[from + i];
		out[i] = col[r];
		if (valid && !batch_has(f->b, r, (enum batch_col)nullable))
			duckdb_validity_set_row_invalid(valid, i);
	}
}

static void fill_time_left(duckdb_vector v, const struct store_feed *f, size_t from, size_t n)
{
	uint8_t *out = duckdb_vector_get_data(v);

	for (size_t i = 0; i < n; i++)
		out[i] = f->b->time_left[f->perm[from + i]];
}

/* A list column from per-row offsets: entries in the parent, values in the child. */
static void fill_bonus(duckdb_vector v, const struct store_feed *f, size_t from, size_t n)
{
	const struct batch *b = f->b;
	duckdb_list_entry *ent = duckdb_vector_get_data(v);
	duckdb_vector child = duckdb_list_vector_get_child(v);
	uint64_t *valid;
	size_t total = 0, at = 0;
	int32_t *out;

	if (all_null(v, f, n, BCOL_BONUS_LISTS)) {
		memset(ent, 0, n * sizeof(*ent));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t r = f->perm[from + i];
		total += b->bonus_off[r + 1] - b->bonus_off[r];
	}
	duckdb_list_vector_reserve(v, total);
	out = duckdb_vector_get_data(child);
	duckdb_vector_ensure_validity_writable(v);
	valid = duckdb_vector_get_validity(v);
	for (size_t i = 0; i < n; i++) {
		uint32_t r = f->perm[from + i], len = b->bonus_off[r + 1] - b->bonus_off[r];
		ent[i].offset = at;
		ent[i].length = len;
		if (!batch_has(b, r, BCOL_BONUS_LISTS))
			duckdb_validity_set_row_invalid(valid, i);
		if (len) /* an empty list may have no storage behind it at all */
			memcpy(out + at, b->bonus + b->bonus_off[r], len * sizeof(int32_t));
		at += len;
	}
	duckdb_list_vector_set_size(v, total);
}

static void fill_modifiers(duckdb_vector v, const struct store_feed *f, size_t from, size_t n)
{
	const struct batch *b = f->b;
	duckdb_list_entry *ent = duckdb_vector_get_data(v);
	duckdb_vector child = duckdb_list_vector_get_child(v);
	uint64_t *valid;
	size_t total = 0, at = 0;
	int32_t *types;
	int64_t *values;

	if (all_null(v, f, n, BCOL_MODIFIERS)) {
		memset(ent, 0, n * sizeof(*ent));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t r = f->perm[from + i];
		total += b->mod_off[r + 1] - b->mod_off[r];
	}
	duckdb_list_vector_reserve(v, total);
	types = duckdb_vector_get_data(duckdb_struct_vector_get_child(child, 0));
	values = duckdb_vector_get_data(duckdb_struct_vector_get_child(child, 1));
	duckdb_vector_ensure_validity_writable(v);
	valid = duckdb_vector_get_validity(v);
	for (size_t i = 0; i < n; i++) {
		uint32_t r = f->perm[from + i], len = b->mod_off[r + 1] - b->mod_off[r];
		ent[i].offset = at;
		ent[i].length = len;
		if (!batch_has(b, r, BCOL_MODIFIERS))
			duckdb_validity_set_row_invalid(valid, i);
		if (len) {
			memcpy(types + at, b->mod_type + b->mod_off[r], len * sizeof(int32_t));
			memcpy(values + at, b->mod_value + b->mod_off[r], len * sizeof(int64_t));
		}
		at += len;
	}
	duckdb_list_vector_set_size(v, total);
}

static void rows_function(duckdb_function_info info, duckdb_data_chunk out)
{
	struct store *s = duckdb_function_get_extra_info(info);
	size_t *pos = duckdb_function_get_init_data(info);
	const struct store_feed *f = &s->feed;
	const struct batch *b = f->b;
	size_t from = *pos, n = f->n - from;

	if (n > duckdb_vector_size())
		n = duckdb_vector_size();
#define V(c) duckdb_data_chunk_get_vector(out, c)
	fill_i64(V(C_AUCTION_ID), b->auction_id, f, from, n, -1);
	fill_i32(V(C_ITEM_ID), b->item_id, f, from, n, -1);
	fill_i32(V(C_QUANTITY), b->quantity, f, from, n, -1);
	fill_i64(V(C_UNIT_PRICE), b->unit_price, f, from, n, BCOL_UNIT_PRICE);
	fill_i64(V(C_BUYOUT), b->buyout, f, from, n, BCOL_BUYOUT);
	fill_i64(V(C_BID), b->bid, f, from, n, BCOL_BID);
	fill_time_left(V(C_TIME_LEFT), f, from, n);
	fill_i32(V(C_CONTEXT), b->context, f, from, n, BCOL_CONTEXT);
	fill_bonus(V(C_BONUS_LISTS), f, from, n);
	fill_modifiers(V(C_MODIFIERS), f, from, n);
	fill_i32(V(C_PET_SPECIES_ID), b->pet_species_id, f, from, n, BCOL_PET_SPECIES_ID);
	fill_i32(V(C_PET_BREED_ID), b->pet_breed_id, f, from, n, BCOL_PET_BREED_ID);
	fill_i32(V(C_PET_LEVEL), b->pet_level, f, from, n, BCOL_PET_LEVEL);
	fill_i32(V(C_PET_QUALITY_ID), b->pet_quality_id, f, from, n, BCOL_PET_QUALITY_ID);
	fill_i64(V(C_RAND), b->rand, f, from, n, BCOL_RAND);
	fill_i64(V(C_SEED), b->seed, f, from, n, BCOL_SEED);
#undef V
	duckdb_data_chunk_set_size(out, n);
	*pos = from + n;
}

int store_register_rows(struct store *s, duckdb_connection conn, struct err *e)
{
	duckdb_table_function tf = duckdb_create_table_function();
	duckdb_state st;

	duckdb_table_function_set_name(tf, "wowah_auction_rows");
	duckdb_table_function_set_extra_info(tf, s, NULL);
	duckdb_table_function_set_bind(tf, rows_bind);
	duckdb_table_function_set_init(tf, rows_init);
	duckdb_table_function_set_function(tf, rows_function);
	st = duckdb_register_table_function(conn, tf);
	duckdb_destroy_table_function(&tf);
	if (st == DuckDBError)
		return err_set(e, WOWAH_EDB, "cannot register wowah_auction_rows()");
	return WOWAH_OK;
}
