/* tables.c - the realms, items and pets tables of a pull: realms are rewritten as a whole,
 * and only when something in them changed; items and pets grow by new ids.
 *
 * The realms table comes from every connected realm's details; when the index is no
 * newer than the table, the details are asked If-Modified-Since the table's time and
 * the table is left alone if none changed. The items table grows by the metadata of item
 * ids no items file holds yet: the ids the auctions showed, fetched after them; the pets
 * table likewise by the battle pet species the retail auctions listed.
 */
#include "pull/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "model/keys.h"
#include "model/layout.h"
#include "util/fs.h"
#include "util/ts.h"

int64_t pull_realms_mtime(const struct pull *p)
{
	char rel[MODEL_PATH_MAX], *path;
	struct stat st;
	int64_t t = 0;

	model_realms_path(rel, sizeof(rel), p->region, p->what->flavor);
	path = fs_join(store_dir(p->store), rel);
	if (stat(path, &st) == 0)
		t = (int64_t)st.st_mtime;
	free(path);
	return t;
}

/* The outcome of writing a whole table (realms, items) into ev: a failure line and
 * PULL_FAILED, or PULL_STORED with what was written. */
static void table_written(struct pull *p, struct pull_event *ev, const char *what, int rc,
                          const struct store_result *sr, const struct err *werr)
{
	if (rc) {
		buf_printf(&p->rep->failures, "%s: %s\n", what, werr->msg);
		ev->outcome = PULL_FAILED;
		ev->error = werr->msg;
		return;
	}
	ev->outcome = PULL_STORED;
	ev->rows = sr->rows;
	ev->bytes = sr->bytes;
	ev->path = sr->path[0] ? sr->path : NULL; /* items or pets with no new id: no file */
}

/* Once every realm's details are in, the realms table is replaced as a whole; with any
 * missing it is left as it was rather than shrunk. */
static void realms_table(struct pull *p)
{
	struct store_result sr = {0};
	struct pull_event ev = {0};
	struct err werr = {0};

	ev.kind = "realms";
	if (!p->details_failed && !p->details_changed && p->ndetails_same) {
		ev.outcome = PULL_UNCHANGED;
		pull_event(p, &ev);
		return;
	}
	if (p->details_failed) {
		buf_printf(&p->rep->failures,
		           "realms table: not replaced, %d realm details failed\n",
		           p->details_failed);
		return;
	}
	pthread_mutex_lock(&p->store_lock);
	int src = store_write_realms(p->store, p->region, p->what->flavor, p->crs, p->ncrs,
	                             ts_now(), &sr, &werr);
	pthread_mutex_unlock(&p->store_lock);
	table_written(p, &ev, "realms table", src, &sr, &werr);
	pull_event(p, &ev);
}

void pull_detail_finished(struct pull *p, int ok)
{
	if (!ok)
		p->details_failed++;
	if (--p->details_pending > 0)
		return;
	if (p->details_changed && p->ndetails_same && !p->details_failed) {
		/* something changed: the table needs every realm, so fetch the others whole */
		p->details_pending = (int)p->ndetails_same;
		for (size_t i = 0; i < p->ndetails_same; i++)
			pull_queue(p, JOB_REALM, BATCH_REALM, p->details_same[i], 0);
		p->ndetails_same = 0;
		return;
	}
	realms_table(p);
}

int pull_realm_done(struct job *j, const struct bnet_http_result *r, struct err *e)
{
	struct pull *p = j->p;
	struct meta_connected_realm cr = {0};
	int rc;

	if (r->status == 304) {
		p->details_same[p->ndetails_same++] = j->id;
		pull_detail_finished(p, 1);
		return WOWAH_OK;
	}
	if (r->status != 200) {
		char why[160];
		snprintf(why, sizeof(why), "HTTP %ld %.100s", r->status, r->error_body);
		pull_unit_failed(p, j, why);
		pull_detail_finished(p, 0);
		return WOWAH_OK;
	}
	if ((rc = meta_parse_connected_realm(j->body.data, j->body.len, &cr, e)))
		return rc;
	p->details_changed++;
	p->crs[p->ncrs++] = cr;
	pull_detail_finished(p, 1);
	return WOWAH_OK;
}

/* Appends id to the growing array *ids. */
static void push_id(int32_t **ids, size_t *n, size_t *cap, int32_t id)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4096;
		*ids = xrealloc(*ids, *cap * sizeof(**ids));
	}
	(*ids)[(*n)++] = id;
}

/* Remembers the battle pet species a retail batch lists (rows sorted by item: the cages'
 * are together, but their species are not sorted). */
static void note_species(struct pull *p, const struct batch *b)
{
	if (p->what->flavor != MODEL_FLAVOR_RETAIL)
		return;
	for (size_t i = 0; i < b->n; i++)
		if (b->present[i] & (1u << BCOL_PET_SPECIES_ID))
			push_id(&p->species_ids, &p->nspecies_ids, &p->capspecies_ids,
			        b->pet_species_id[i]);
}

/* Remembers the batch's distinct item ids and pet species, for --items. */
void pull_note_items(struct pull *p, const struct batch *b)
{
	if (!p->what->items && !p->what->collect_items)
		return;
	note_species(p, b);
	for (size_t i = 0; i < b->n; i++) {
		if (i > 0 && b->item_id[i] == b->item_id[i - 1])
			continue;
		push_id(&p->item_ids, &p->nitem_ids, &p->capitem_ids, b->item_id[i]);
	}
}

int pull_item_done(struct job *j, struct err *e)
{
	struct pull *p = j->p;
	struct meta_item it = {0};
	int rc = meta_parse_item(j->body.data, j->body.len, &it, e);

	if (rc)
		return rc;
	if (p->nitems == p->capitems) {
		p->capitems = p->capitems ? p->capitems * 2 : 256;
		p->items = xrealloc(p->items, p->capitems * sizeof(*p->items));
	}
	p->items[p->nitems++] = it;
	return WOWAH_OK;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Sorts ids[0..*n) and drops the repeats. */
static void unique_ids(int32_t *ids, size_t *n)
{
	size_t k = 0;

	if (*n > 1)
		qsort(ids, *n, sizeof(*ids), cmp_i32);
	for (size_t i = 0; i < *n; i++)
		if (k == 0 || ids[i] != ids[k - 1])
			ids[k++] = ids[i];
	*n = k;
}

/* Sorts the run's item ids and pet species and drops the repeats. */
void pull_unique_items(struct pull *p)
{
	unique_ids(p->item_ids, &p->nitem_ids);
	unique_ids(p->species_ids, &p->nspecies_ids);
}

/* Fetches the metadata of the ids no items file of the run's flavour holds yet, from its
 * static namespace, and stores it as that flavour's. */
void pull_fetch_items(struct pull *p, const int32_t *ids, size_t n, struct err *e)
{
	int32_t *missing = NULL;
	size_t nmissing = 0;
	struct store_result sr = {0};
	struct pull_event ev = {0};
	struct err werr = {0};

	pthread_mutex_lock(&p->store_lock);
	int src =
	        store_missing_items(p->store, p->what->flavor, ids, n, &missing, &nmissing, &werr);
	pthread_mutex_unlock(&p->store_lock);
	if (src) {
		buf_printf(&p->rep->failures, "items: %s\n", werr.msg);
		return;
	}
	for (size_t i = 0; i < nmissing; i++)
		pull_queue(p, JOB_ITEM, BATCH_REALM, missing[i], 0);
	free(missing);
	if (bnet_http_run(p->http, e) || p->fatal)
		return;
	ev.kind = "items";
	if (!p->nitems)
		return;
	pthread_mutex_lock(&p->store_lock);
	src = store_write_items(p->store, p->what->flavor, p->items, p->nitems, ts_now(), &sr,
	                        &werr);
	pthread_mutex_unlock(&p->store_lock);
	table_written(p, &ev, "items", src, &sr, &werr);
	if (!src)
		p->rep->items_new = (int)sr.rows;
	pull_event(p, &ev);
}

int pull_pet_done(struct job *j, struct err *e)
{
	struct pull *p = j->p;
	struct meta_pet pet = {0};
	int rc = meta_parse_pet(j->body.data, j->body.len, &pet, e);

	if (rc)
		return rc;
	if (p->npets == p->cappets) {
		p->cappets = p->cappets ? p->cappets * 2 : 64;
		p->pets = xrealloc(p->pets, p->cappets * sizeof(*p->pets));
	}
	p->pets[p->npets++] = pet;
	return WOWAH_OK;
}

/* Species are few (a region's auctions list a few hundred), so a run asks for its new ones
 * at once, within the engine's rate limits, rather than a few at a time as watch does items. */
void pull_fetch_pets(struct pull *p, struct err *e)
{
	int32_t *missing = NULL;
	size_t nmissing = 0;
	struct store_result sr = {0};
	struct pull_event ev = {0};
	struct err werr = {0};

	if (!p->nspecies_ids || p->fatal)
		return;
	pthread_mutex_lock(&p->store_lock);
	int src = store_missing_pets(p->store, p->species_ids, p->nspecies_ids, &missing, &nmissing,
	                             &werr);
	pthread_mutex_unlock(&p->store_lock);
	if (src) {
		buf_printf(&p->rep->failures, "pets: %s\n", werr.msg);
		return;
	}
	for (size_t i = 0; i < nmissing; i++)
		pull_queue(p, JOB_PET, BATCH_REALM, missing[i], 0);
	free(missing);
	if (!nmissing || bnet_http_run(p->http, e) || p->fatal || !p->npets)
		return;
	ev.kind = "pets";
	pthread_mutex_lock(&p->store_lock);
	src = store_write_pets(p->store, p->pets, p->npets, ts_now(), &sr, &werr);
	pthread_mutex_unlock(&p->store_lock);
	table_written(p, &ev, "pets", src, &sr, &werr);
	if (!src)
		p->rep->pets_new = (int)sr.rows;
	pull_event(p, &ev);
}
