/* rows.c - a snapshot's batch as a DuckDB table function, in sorted order.
 *
 * wowah_auction_rows() hands the batch's columns to DuckDB vector by vector through a
 * row permutation (store_sort_rows, store/sort.c), so `COPY (SELECT ... FROM
 * wowah_auction_rows()) TO 'x.parquet'` writes a sorted file without the rows ever being
 * copied into a DuckDB table first (the appender route materializes them twice and then
 * sorts in SQL).
 */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/buf.h"

/* ---- the table function ---- */

/* The columns of wowah_auction_rows(), in the order of model/auction.h's row columns (the
 * order of enum batch_col): what follows the key columns in every auction file. */
static const char *const col_names[BCOL_NCOLS] = {
#define COL_NAME(NAME, name, kind, type, nullable, json) #name,
        MODEL_AUCTION_ROW_COLUMNS(COL_NAME)};

enum col_kind { K_I64, K_I32, K_TIME_LEFT, K_BONUS, K_MODIFIERS };

static const enum col_kind col_kinds[BCOL_NCOLS] = {
#define COL_KIND(NAME, name, kind, type, nullable, json) K_##kind,
        MODEL_AUCTION_ROW_COLUMNS(COL_KIND)};

static duckdb_logical_type col_type(enum col_kind k)
{
	switch (k) {
	case K_I64:
		return duckdb_create_logical_type(DUCKDB_TYPE_BIGINT);
	case K_TIME_LEFT:
		return duckdb_create_enum_type((const char **)batch_time_left_names, 4);
	case K_BONUS: {
		duckdb_logical_type i = duckdb_create_logical_type(DUCKDB_TYPE_INTEGER);
		duckdb_logical_type l = duckdb_create_list_type(i);
		duckdb_destroy_logical_type(&i);
		return l;
	}
	case K_MODIFIERS: {
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

	for (int c = 0; c < BCOL_NCOLS; c++) {
		duckdb_logical_type t = col_type(col_kinds[c]);
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

/* A list column whose row r holds the values off[r] .. off[r + 1]: the parent's entries,
 * validity and size, for the caller to copy the values into the child after. Returns the
 * number of child values (0 also when no row has the column). */
static size_t fill_list(duckdb_vector v, const struct store_feed *f, size_t from, size_t n,
                        const uint32_t *off, enum batch_col col)
{
	duckdb_list_entry *ent = duckdb_vector_get_data(v);
	uint64_t *valid;
	size_t total = 0, at = 0;

	if (all_null(v, f, n, col)) {
		memset(ent, 0, n * sizeof(*ent));
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t r = f->perm[from + i];
		total += off[r + 1] - off[r];
	}
	duckdb_list_vector_reserve(v, total);
	duckdb_vector_ensure_validity_writable(v);
	valid = duckdb_vector_get_validity(v);
	for (size_t i = 0; i < n; i++) {
		uint32_t r = f->perm[from + i], len = off[r + 1] - off[r];
		ent[i].offset = at;
		ent[i].length = len;
		if (!batch_has(f->b, r, col))
			duckdb_validity_set_row_invalid(valid, i);
		at += len;
	}
	duckdb_list_vector_set_size(v, total);
	return total;
}

static void fill_bonus(duckdb_vector v, const struct store_feed *f, size_t from, size_t n)
{
	const struct batch *b = f->b;
	const duckdb_list_entry *ent = duckdb_vector_get_data(v);
	int32_t *out;

	if (!fill_list(v, f, from, n, b->bonus_off, BCOL_BONUS_LISTS))
		return;
	out = duckdb_vector_get_data(duckdb_list_vector_get_child(v));
	for (size_t i = 0; i < n; i++)
		if (ent[i].length) /* an empty list may have no storage behind it at all */
			memcpy(out + ent[i].offset, b->bonus + b->bonus_off[f->perm[from + i]],
			       ent[i].length * sizeof(int32_t));
}

static void fill_modifiers(duckdb_vector v, const struct store_feed *f, size_t from, size_t n)
{
	const struct batch *b = f->b;
	const duckdb_list_entry *ent = duckdb_vector_get_data(v);
	duckdb_vector child = duckdb_list_vector_get_child(v);
	int32_t *types;
	int64_t *values;

	if (!fill_list(v, f, from, n, b->mod_off, BCOL_MODIFIERS))
		return;
	types = duckdb_vector_get_data(duckdb_struct_vector_get_child(child, 0));
	values = duckdb_vector_get_data(duckdb_struct_vector_get_child(child, 1));
	for (size_t i = 0; i < n; i++) {
		size_t at = ent[i].offset, len = ent[i].length;
		uint32_t o = b->mod_off[f->perm[from + i]];
		if (len) {
			memcpy(types + at, b->mod_type + o, len * sizeof(int32_t));
			memcpy(values + at, b->mod_value + o, len * sizeof(int64_t));
		}
	}
}

/* The scalar columns of a chunk gathered ahead (store/gather.c) into out's vectors. */
static void copy_chunk(duckdb_data_chunk out, const struct store_feed *f,
                       const struct store_chunk *ch)
{
	for (int c = 0; c < BCOL_NCOLS; c++) {
		duckdb_vector v = duckdb_data_chunk_get_vector(out, c);
		if (!store_col_width(c))
			continue;
		if (!ch->val[c]) { /* no row has it */
			all_null(v, f, ch->n, c);
			continue;
		}
		memcpy(duckdb_vector_get_data(v), ch->val[c], ch->n * store_col_width(c));
		if (ch->valid[c]) {
			duckdb_vector_ensure_validity_writable(v);
			memcpy(duckdb_vector_get_validity(v), ch->valid[c],
			       (ch->n + 63) / 64 * sizeof(uint64_t));
		}
	}
}

/* The scalar columns of rows from .. from + n gathered straight into out's vectors. */
static void fill_in_place(duckdb_data_chunk out, const struct store_feed *f, size_t from, size_t n)
{
	struct store_chunk ch = {.from = from, .n = n};

	for (int c = 0; c < BCOL_NCOLS; c++) {
		duckdb_vector v = duckdb_data_chunk_get_vector(out, c);
		int nullable = store_col_nullable(c);
		if (!store_col_width(c) || all_null(v, f, n, nullable ? c : -1))
			continue;
		ch.val[c] = duckdb_vector_get_data(v);
		if (nullable) {
			duckdb_vector_ensure_validity_writable(v);
			ch.valid[c] = duckdb_vector_get_validity(v);
		}
	}
	store_chunk_fill(f, &ch);
}

static void rows_function(duckdb_function_info info, duckdb_data_chunk out)
{
	struct store *s = duckdb_function_get_extra_info(info);
	size_t *pos = duckdb_function_get_init_data(info);
	const struct store_feed *f = &s->feed;
	size_t from = *pos, n = f->n - from;

	if (n > duckdb_vector_size())
		n = duckdb_vector_size();
	if (n && f->gather) {
		copy_chunk(out, f, store_gather_next(f->gather));
		store_gather_done(f->gather);
	} else if (n) {
		fill_in_place(out, f, from, n);
	}
	fill_bonus(duckdb_data_chunk_get_vector(out, BCOL_BONUS_LISTS), f, from, n);
	fill_modifiers(duckdb_data_chunk_get_vector(out, BCOL_MODIFIERS), f, from, n);
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
