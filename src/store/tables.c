/* tables.c - the small tables: realms, items, battle pet species and WoW Token prices.
 *
 * A few hundred rows at most per write, so each is one SELECT over a VALUES list built
 * as SQL text (every string quoted by duck_quote) and written by store_copy_parquet; the
 * column types are the contract's (docs/storage.md), set by casts in the outer SELECT.
 */
#include <errno.h>
#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/buf.h"
#include "util/fs.h"

static void put_str(struct buf *b, const char *s)
{
	char *q;

	if (!s) {
		buf_puts(b, "NULL");
		return;
	}
	q = duck_quote(s);
	buf_puts(b, q);
	free(q);
}

static void put_map(struct buf *b, const struct meta_text *t)
{
	buf_puts(b, "map([");
	for (size_t i = 0; i < t->n; i++) {
		if (i)
			buf_putc(b, ',');
		put_str(b, t->locale[i]);
	}
	buf_puts(b, "]::VARCHAR[], [");
	for (size_t i = 0; i < t->n; i++) {
		if (i)
			buf_putc(b, ',');
		put_str(b, t->value[i]);
	}
	buf_puts(b, "]::VARCHAR[])");
}

static void put_bool(struct buf *b, int present, int v)
{
	buf_puts(b, !present ? "NULL" : v ? "true" : "false");
}

/* ---- realms ---- */

int store_write_realms(struct store *s, const char *region, int flavor,
                       const struct meta_connected_realm *crs, size_t n, int64_t fetched_at,
                       struct store_result *out, struct err *e)
{
	char rel[MODEL_PATH_MAX];
	struct buf q = BUF_INIT;
	uint32_t crc;
	size_t rows = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = model_region_check(region, e);
	if (rc)
		return rc;
	buf_printf(&q,
	           "SELECT region::VARCHAR AS region, '%s'::VARCHAR AS flavor, "
	           "crid::INTEGER AS connected_realm_id, "
	           "rid::INTEGER AS realm_id, name::VARCHAR AS name, "
	           "names::MAP(VARCHAR, VARCHAR) AS names, slug::VARCHAR AS slug, "
	           "locale::VARCHAR AS locale, timezone::VARCHAR AS timezone, "
	           "type::VARCHAR AS type, category::VARCHAR AS category, "
	           "population::VARCHAR AS population, status::VARCHAR AS status, "
	           "has_queue::BOOLEAN AS has_queue, is_tournament::BOOLEAN AS is_tournament, "
	           "to_timestamp(fetched)::TIMESTAMPTZ AS fetched_at FROM (VALUES ",
	           model_flavor_name(flavor));
	for (size_t i = 0; i < n; i++) {
		const struct meta_connected_realm *cr = &crs[i];
		for (size_t j = 0; j < cr->nrealms; j++) {
			const struct meta_realm *r = &cr->realms[j];
			buf_puts(&q, rows++ ? ", (" : "(");
			put_str(&q, region);
			buf_printf(&q, ", %" PRId32 ", %" PRId32 ", ", cr->id, r->id);
			put_str(&q, r->name.text);
			buf_puts(&q, ", ");
			put_map(&q, &r->name);
			buf_puts(&q, ", ");
			put_str(&q, r->slug);
			buf_puts(&q, ", ");
			put_str(&q, r->locale);
			buf_puts(&q, ", ");
			put_str(&q, r->timezone);
			buf_puts(&q, ", ");
			put_str(&q, r->type);
			buf_puts(&q, ", ");
			put_str(&q, r->category.text);
			buf_puts(&q, ", ");
			put_str(&q, cr->population);
			buf_puts(&q, ", ");
			put_str(&q, cr->status);
			buf_printf(&q, ", %s, %s, %" PRId64 ")", cr->has_queue ? "true" : "false",
			           r->is_tournament ? "true" : "false", fetched_at);
		}
	}
	buf_puts(&q, ") t(region, crid, rid, name, names, slug, locale, timezone, type, category, "
	             "population, status, has_queue, is_tournament, fetched) "
	             "ORDER BY connected_realm_id, realm_id");
	if (rows == 0) {
		buf_release(&q);
		return err_set(e, WOWAH_EUSAGE, "no realms to store for region %s", region);
	}
	model_realms_path(rel, sizeof(rel), region, flavor);
	out->rows = (int64_t)rows;
	rc = store_copy_parquet(s, q.data, rel, 0, out, &crc, e);
	buf_release(&q);
	return rc;
}

/* ---- items ---- */

static int id_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* 1 when some file matches the glob pattern: DuckDB fails on a glob matching nothing. */
static int glob_matches(const char *pattern)
{
	glob_t g;
	int found;

	if (glob(pattern, 0, NULL, &g) != 0)
		return 0;
	found = g.gl_pathc > 0;
	globfree(&g);
	return found;
}

/* Reads the ids (column col) of the files matching rel (a glob under the data dir) into
 * set, once per store. */
static int load_ids(struct store *s, struct store_item_ids *set, const char *rel, const char *col,
                    struct err *e)
{
	char *pattern, *quoted;
	struct buf q = BUF_INIT;
	duckdb_result res;
	struct duck *d;
	int rc = WOWAH_OK;

	pattern = fs_join(s->dir, rel);
	if (set->loaded || !glob_matches(pattern))
		goto done;
	quoted = duck_quote(pattern);
	buf_printf(&q, "SELECT DISTINCT %s FROM read_parquet(%s, hive_partitioning = false)", col,
	           quoted);
	free(quoted);
	rc = store_duck(s, &d, e);
	if (rc == WOWAH_OK)
		rc = duck_query(d, q.data, &res, e);
	if (rc == WOWAH_OK) {
		idx_t n = duckdb_row_count(&res);
		set->ids = xrealloc(set->ids, (n ? n : 1) * sizeof(int32_t));
		for (idx_t i = 0; i < n; i++)
			set->ids[i] = duckdb_value_int32(&res, 0, i);
		set->n = n;
		qsort(set->ids, set->n, sizeof(int32_t), id_cmp);
		duckdb_destroy_result(&res);
	}
done:
	if (rc == WOWAH_OK)
		set->loaded = 1;
	buf_release(&q);
	free(pattern);
	return rc;
}

/* Reads the ids of a flavour's stored items once per store. */
static int load_items(struct store *s, int flavor, struct err *e)
{
	char rel[MODEL_PATH_MAX];

	model_items_glob(rel, sizeof(rel), flavor);
	return load_ids(s, &s->items[flavor], rel, "item_id", e);
}

static int item_stored(const struct store_item_ids *set, int32_t id)
{
	return set->n && bsearch(&id, set->ids, set->n, sizeof(int32_t), id_cmp) != NULL;
}

struct id_pos {
	int32_t id;
	uint32_t pos;
};

static int id_pos_cmp(const void *a, const void *b)
{
	const struct id_pos *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

static int pos_cmp(const void *a, const void *b)
{
	const struct id_pos *x = a, *y = b;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* ids[0..n) minus the stored ones and the repeats, in first-seen order. */
static size_t new_ids(const struct store_item_ids *set, const int32_t *ids, size_t n, int32_t *out)
{
	struct id_pos *v = xmalloc((n ? n : 1) * sizeof(*v));
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		v[i].id = ids[i];
		v[i].pos = (uint32_t)i;
	}
	qsort(v, n, sizeof(*v), id_pos_cmp);
	for (size_t i = 0; i < n; i++)
		if ((i == 0 || v[i].id != v[i - 1].id) && !item_stored(set, v[i].id))
			v[k++] = v[i];
	qsort(v, k, sizeof(*v), pos_cmp);
	for (size_t i = 0; i < k; i++)
		out[i] = v[i].id;
	free(v);
	return k;
}

/* The store_missing_* answer once set is loaded (rc: how loading it went). */
static int missing_of(int rc, const struct store_item_ids *set, const int32_t *ids, size_t n,
                      int32_t **out_missing, size_t *out_n)
{
	*out_missing = NULL;
	*out_n = 0;
	if (rc)
		return rc;
	*out_missing = xmalloc((n ? n : 1) * sizeof(int32_t));
	*out_n = new_ids(set, ids, n, *out_missing);
	return WOWAH_OK;
}

int store_missing_items(struct store *s, int flavor, const int32_t *ids, size_t n,
                        int32_t **out_missing, size_t *out_n, struct err *e)
{
	if (flavor < 0 || flavor >= MODEL_NFLAVORS)
		return err_set(e, WOWAH_EUSAGE, "no flavour %d of WoW", flavor);
	return missing_of(load_items(s, flavor, e), &s->items[flavor], ids, n, out_missing, out_n);
}

/* Adds the ids just written to set. */
static void remember_ids(struct store_item_ids *set, const int32_t *fresh, size_t n)
{
	set->ids = xrealloc(set->ids, (set->n + n) * sizeof(int32_t));
	memcpy(set->ids + set->n, fresh, n * sizeof(int32_t));
	set->n += n;
	qsort(set->ids, set->n, sizeof(int32_t), id_cmp);
}

static void put_item(struct buf *q, const struct meta_item *it, int64_t fetched_at)
{
#define NUM(bit, fmt, v)                            \
	do {                                        \
		if (meta_item_has(it, bit))         \
			buf_printf(q, ", " fmt, v); \
		else                                \
			buf_puts(q, ", NULL");      \
	} while (0)
	buf_printf(q, "(%" PRId32 ", ", it->id);
	put_str(q, it->name.text);
	buf_puts(q, ", ");
	put_map(q, &it->name);
	buf_puts(q, ", ");
	put_str(q, it->quality);
	NUM(META_ITEM_LEVEL, "%" PRId32, it->level);
	NUM(META_ITEM_REQUIRED_LEVEL, "%" PRId32, it->required_level);
	NUM(META_ITEM_CLASS_ID, "%" PRId32, it->item_class_id);
	buf_puts(q, ", ");
	put_str(q, it->item_class.text);
	NUM(META_ITEM_SUBCLASS_ID, "%" PRId32, it->item_subclass_id);
	buf_puts(q, ", ");
	put_str(q, it->item_subclass.text);
	buf_puts(q, ", ");
	put_str(q, it->inventory_type);
	NUM(META_ITEM_PURCHASE_PRICE, "%" PRId64, it->purchase_price);
	NUM(META_ITEM_SELL_PRICE, "%" PRId64, it->sell_price);
	NUM(META_ITEM_MAX_COUNT, "%" PRId32, it->max_count);
	buf_puts(q, ", ");
	put_bool(q, meta_item_has(it, META_ITEM_IS_STACKABLE), it->is_stackable);
	buf_puts(q, ", ");
	put_bool(q, meta_item_has(it, META_ITEM_IS_EQUIPPABLE), it->is_equippable);
	buf_printf(q, ", %" PRId64 ")", fetched_at);
#undef NUM
}

/* The path name(k) gives for k = 1 (items-TS.parquet), or for k = 2, 3 ... when a pull in
 * the same second already wrote that one (items-TS-2.parquet). */
static void free_path(const struct store *s, void (*name)(char *, size_t, int, int64_t, int),
                      int flavor, int64_t fetched_at, char *out, size_t cap)
{
	name(out, cap, flavor, fetched_at, 1);
	for (int k = 2;; k++) {
		char *abs = fs_join(s->dir, out);
		int taken = fs_exists(abs);
		free(abs);
		if (!taken)
			return;
		name(out, cap, flavor, fetched_at, k);
	}
}

/* A file of the records whose ids set does not hold yet (items of a flavour, pets): the
 * SELECT head, one VALUES row per new record (put), the tail; written to rel. */
struct id_file {
	struct store_item_ids *set;
	const void *recs;
	size_t size, n; /* each record's size, how many */
	int32_t (*id)(const void *rec);
	void (*put)(struct buf *q, const void *rec, int64_t fetched_at);
	const char *head, *tail;
};

static int write_new_ids(struct store *s, const struct id_file *f, const char *rel,
                         int64_t fetched_at, struct store_result *out, struct err *e)
{
	int32_t *ids = xmalloc((f->n ? f->n : 1) * sizeof(int32_t)), *fresh;
	const char *rec = f->recs;
	struct buf q = BUF_INIT;
	size_t nfresh, rows = 0;
	uint32_t crc;
	int rc;

	for (size_t i = 0; i < f->n; i++)
		ids[i] = f->id(rec + i * f->size);
	fresh = xmalloc((f->n ? f->n : 1) * sizeof(int32_t));
	nfresh = new_ids(f->set, ids, f->n, fresh);
	free(ids);
	if (nfresh == 0) {
		free(fresh);
		return WOWAH_OK;
	}
	buf_puts(&q, f->head);
	/* fresh[] is in first-seen order, so the first record with each fresh id is written */
	for (size_t i = 0, k = 0; i < f->n && k < nfresh; i++) {
		if (f->id(rec + i * f->size) != fresh[k])
			continue;
		if (rows++)
			buf_puts(&q, ", ");
		f->put(&q, rec + i * f->size, fetched_at);
		k++;
	}
	buf_puts(&q, f->tail);
	out->rows = (int64_t)rows;
	rc = store_copy_parquet(s, q.data, rel, 0, out, &crc, e);
	buf_release(&q);
	if (rc == WOWAH_OK)
		remember_ids(f->set, fresh, nfresh);
	free(fresh);
	return rc;
}

static int32_t item_id_of(const void *rec)
{
	return ((const struct meta_item *)rec)->id;
}

static void put_item_rec(struct buf *q, const void *rec, int64_t fetched_at)
{
	put_item(q, rec, fetched_at);
}

int store_write_items(struct store *s, int flavor, const struct meta_item *items, size_t n,
                      int64_t fetched_at, struct store_result *out, struct err *e)
{
	struct id_file f = {
	        .recs = items,
	        .size = sizeof(*items),
	        .n = n,
	        .id = item_id_of,
	        .put = put_item_rec,
	        .head = "SELECT id::INTEGER AS item_id, name::VARCHAR AS name, "
	                "names::MAP(VARCHAR, VARCHAR) AS names, quality::VARCHAR AS quality, "
	                "level::INTEGER AS level, required_level::INTEGER AS required_level, "
	                "class_id::INTEGER AS item_class_id, class::VARCHAR AS item_class, "
	                "subclass_id::INTEGER AS item_subclass_id, subclass::VARCHAR AS "
	                "item_subclass, inventory_type::VARCHAR AS inventory_type, "
	                "purchase_price::BIGINT AS purchase_price, sell_price::BIGINT AS "
	                "sell_price, max_count::INTEGER AS max_count, is_stackable::BOOLEAN AS "
	                "is_stackable, is_equippable::BOOLEAN AS is_equippable, "
	                "to_timestamp(fetched)::TIMESTAMPTZ AS fetched_at FROM (VALUES ",
	        .tail = ") t(id, name, names, quality, level, required_level, class_id, class, "
	                "subclass_id, subclass, inventory_type, purchase_price, sell_price, "
	                "max_count, is_stackable, is_equippable, fetched) ORDER BY item_id",
	};
	char rel[MODEL_PATH_MAX];
	int rc;

	memset(out, 0, sizeof(*out));
	if (flavor < 0 || flavor >= MODEL_NFLAVORS)
		return err_set(e, WOWAH_EUSAGE, "no flavour %d of WoW", flavor);
	if ((rc = load_items(s, flavor, e)))
		return rc;
	f.set = &s->items[flavor];
	free_path(s, model_items_path, flavor, fetched_at, rel, sizeof(rel));
	return write_new_ids(s, &f, rel, fetched_at, out, e);
}

/* ---- battle pet species ---- */

static int load_pets(struct store *s, struct err *e)
{
	return load_ids(s, &s->pets, MODEL_PETS_GLOB, "species_id", e);
}

int store_missing_pets(struct store *s, const int32_t *ids, size_t n, int32_t **out_missing,
                       size_t *out_n, struct err *e)
{
	return missing_of(load_pets(s, e), &s->pets, ids, n, out_missing, out_n);
}

/* model_pets_path with free_path's signature: pets are retail's alone. */
static void pets_path(char *out, size_t cap, int flavor, int64_t fetched_at, int k)
{
	(void)flavor;
	model_pets_path(out, cap, fetched_at, k);
}

static void put_pet(struct buf *q, const struct meta_pet *pet, int64_t fetched_at)
{
	buf_printf(q, "(%" PRId32 ", ", pet->id);
	put_str(q, pet->name.text);
	buf_puts(q, ", ");
	put_map(q, &pet->name);
	buf_puts(q, ", ");
	put_str(q, pet->battle_pet_type);
	buf_puts(q, ", ");
	put_bool(q, pet->present & 1u, pet->is_tradable);
	buf_puts(q, ", ");
	put_bool(q, pet->present & 2u, pet->is_battlepet);
	buf_printf(q, ", %" PRId64 ")", fetched_at);
}

static int32_t pet_id_of(const void *rec)
{
	return ((const struct meta_pet *)rec)->id;
}

static void put_pet_rec(struct buf *q, const void *rec, int64_t fetched_at)
{
	put_pet(q, rec, fetched_at);
}

int store_write_pets(struct store *s, const struct meta_pet *pets, size_t n, int64_t fetched_at,
                     struct store_result *out, struct err *e)
{
	struct id_file f = {
	        .set = &s->pets,
	        .recs = pets,
	        .size = sizeof(*pets),
	        .n = n,
	        .id = pet_id_of,
	        .put = put_pet_rec,
	        .head = "SELECT id::INTEGER AS species_id, name::VARCHAR AS name, "
	                "names::MAP(VARCHAR, VARCHAR) AS names, type::VARCHAR AS "
	                "battle_pet_type, tradable::BOOLEAN AS is_tradable, battlepet::BOOLEAN "
	                "AS is_battlepet, to_timestamp(fetched)::TIMESTAMPTZ AS fetched_at FROM "
	                "(VALUES ",
	        .tail = ") t(id, name, names, type, tradable, battlepet, fetched) ORDER BY "
	                "species_id",
	};
	char rel[MODEL_PATH_MAX];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = load_pets(s, e)))
		return rc;
	free_path(s, pets_path, MODEL_FLAVOR_RETAIL, fetched_at, rel, sizeof(rel));
	return write_new_ids(s, &f, rel, fetched_at, out, e);
}

/* ---- WoW Token ---- */

int store_write_token(struct store *s, const char *region, int flavor, const struct meta_token *t,
                      int64_t fetched_at, struct store_result *out, struct err *e)
{
	struct model_catalog_entry key;
	char rel[MODEL_PATH_MAX];
	struct buf q = BUF_INIT;
	uint32_t crc;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = model_region_check(region, e);
	if (rc)
		return rc;
	if (!model_flavor_has_token(flavor))
		return err_set(e, WOWAH_EUSAGE, "flavour %s has no WoW Token",
		               model_flavor_name(flavor));
	key = store_catalog_key(region, model_flavor_name(flavor), "token", 0, 0, t->last_updated);
	if (store_known(s, &key, out))
		return WOWAH_OK;
	model_token_path(rel, sizeof(rel), region, flavor, t->last_updated);
	buf_printf(&q,
	           "SELECT '%s'::VARCHAR AS region, '%s'::VARCHAR AS flavor, "
	           "to_timestamp(%" PRId64 ") AS last_updated, %" PRId64 "::BIGINT AS price, "
	           "to_timestamp(%" PRId64 ") AS fetched_at",
	           region, model_flavor_name(flavor), t->last_updated, t->price, fetched_at);
	out->rows = 1;
	rc = store_copy_parquet(s, q.data, rel, 0, out, &crc, e);
	buf_release(&q);
	if (rc == WOWAH_OK)
		rc = store_record_file(s, &key, fetched_at, out, crc, e);
	return rc;
}
