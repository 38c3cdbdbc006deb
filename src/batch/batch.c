/* batch.c - columnar auction rows. */
#include "batch/batch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util/buf.h"

const char *const batch_time_left_names[4] = {"SHORT", "MEDIUM", "LONG", "VERY_LONG"};

struct batch *batch_new(void)
{
	struct batch *b = xcalloc(1, sizeof(*b));
	b->bonus_off = xcalloc(1, sizeof(uint32_t));
	b->mod_off = xcalloc(1, sizeof(uint32_t));
	b->max_rows = BATCH_MAX_ROWS;
	return b;
}

void batch_free(struct batch *b)
{
	if (!b)
		return;
#define FREE_ARRAY(name, nullable) free(b->name);
#define FREE_COL(NAME, name, kind, type, nullable, json) \
	BATCH_SCALAR_##kind(FREE_ARRAY, name, nullable)
	MODEL_AUCTION_ROW_COLUMNS(FREE_COL)
	free(b->present);
	free(b->bonus_off);
	free(b->bonus);
	free(b->mod_off);
	free(b->mod_type);
	free(b->mod_value);
	free(b);
}

void batch_clear(struct batch *b)
{
	b->n = 0;
	b->nbonus = 0;
	b->nmod = 0;
	b->bonus_off[0] = 0;
	b->mod_off[0] = 0;
}

#define GROW(arr, cap) (arr) = xrealloc((arr), (cap) * sizeof(*(arr)))

static void resize_rows(struct batch *b, size_t cap)
{

#define GROW_ARRAY(name, nullable) GROW(b->name, cap);
#define GROW_COL(NAME, name, kind, type, nullable, json) \
	BATCH_SCALAR_##kind(GROW_ARRAY, name, nullable)
	MODEL_AUCTION_ROW_COLUMNS(GROW_COL)
	GROW(b->present, cap);
	GROW(b->bonus_off, cap + 1);
	GROW(b->mod_off, cap + 1);
	b->cap = cap;
}

static void grow_rows(struct batch *b)
{
	size_t cap = b->cap ? b->cap * 2 : 1024;

	/* a body that stops at max_rows never needs the next doubling */
	if (cap > b->max_rows && b->max_rows > b->cap)
		cap = b->max_rows;
	resize_rows(b, cap);
}

void batch_reserve(struct batch *b, size_t rows)
{
	if (rows > b->max_rows)
		rows = b->max_rows;
	if (rows > b->cap)
		resize_rows(b, rows);
}

size_t batch_add_row(struct batch *b)
{
	size_t i = b->n;

	if (i == b->cap)
		grow_rows(b);
		/* Nullable columns are left as they are: present[] says which hold a value, and a
		 * column no row uses (most of them, for commodities) is never touched, so its pages
		 * never become resident. */
#define ZERO_REQUIRED(name, nullable) \
	if (!(nullable))              \
		b->name[i] = 0;
#define ZERO_COL(NAME, name, kind, type, nullable, json) \
	BATCH_SCALAR_##kind(ZERO_REQUIRED, name, nullable)
	MODEL_AUCTION_ROW_COLUMNS(ZERO_COL)
	b->present[i] = 0;
	b->bonus_off[i + 1] = (uint32_t)b->nbonus;
	b->mod_off[i + 1] = (uint32_t)b->nmod;
	b->n++;
	return i;
}

/* Room for n more rows (and their list offsets), growing as batch_add_row does. */
static void reserve_rows(struct batch *b, size_t n)
{
	while (b->cap < b->n + n)
		grow_rows(b);
}

static void reserve_lists(struct batch *b, size_t nbonus, size_t nmod)
{
	if (b->capbonus < b->nbonus + nbonus) {
		b->capbonus = b->nbonus + nbonus;
		GROW(b->bonus, b->capbonus);
	}
	if (b->capmod < b->nmod + nmod) {
		b->capmod = b->nmod + nmod;
		GROW(b->mod_type, b->capmod);
		GROW(b->mod_value, b->capmod);
	}
}

/* One memcpy of batch_append: the new rows of a column or of a list's values. */
struct append_job {
	void *dst;
	const void *src;
	size_t bytes;
};

/* A share of batch_append's copies. The rows go to pages no row touched yet, and their
 * faults are most of the copy's cost: two threads take them in half the time. */
struct append_part {
	struct batch *dst;
	const struct batch *src;
	const struct append_job *jobs;
	size_t njobs;
	int offsets; /* this share also moves the lists' offsets */
};

static void *append_part(void *arg)
{
	const struct append_part *p = arg;
	struct batch *dst = p->dst;
	const struct batch *src = p->src;

	for (size_t j = 0; j < p->njobs; j++) {
		/* the destination's whole pages faulted in by one call, not page by page (a
		 * hint: an older kernel refuses it and the copy faults them as before) */
		uintptr_t from = (uintptr_t)p->jobs[j].dst & ~(uintptr_t)4095;
		uintptr_t to = ((uintptr_t)p->jobs[j].dst + p->jobs[j].bytes) & ~(uintptr_t)4095;
		if (to > from)
			(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
		memcpy(p->jobs[j].dst, p->jobs[j].src, p->jobs[j].bytes);
	}
	for (size_t i = 1; p->offsets && i <= src->n; i++) {
		dst->bonus_off[dst->n + i] = (uint32_t)dst->nbonus + src->bonus_off[i];
		dst->mod_off[dst->n + i] = (uint32_t)dst->nmod + src->mod_off[i];
	}
	return NULL;
}

/* A copy of bytes to dst_at bytes into dst. The offset is added only when there is
 * something to copy: an empty list array may be NULL, and NULL + 0 is undefined. */
static void add_job(struct append_job *jobs, size_t *njobs, void *dst, size_t dst_at,
                    const void *src, size_t bytes)
{
	if (bytes)
		jobs[(*njobs)++] = (struct append_job){(char *)dst + dst_at, src, bytes};
}

/* Below this many rows one thread appends: a thread costs more than it saves. */
#define APPEND_SPLIT_MIN 16384

void batch_append(struct batch *dst, const struct batch *src)
{
	struct append_job jobs[BCOL_NCOLS + 4];
	struct append_part parts[2];
	uint16_t any = 0;
	size_t n = src->n, njobs = 0, total = 0, first, cut = 0;
	pthread_t th;
	int threaded;

	if (n == 0)
		return;
	reserve_rows(dst, n);
	reserve_lists(dst, src->nbonus, src->nmod);
	for (size_t i = 0; i < n; i++)
		any |= src->present[i];
		/* a nullable column no row of src has stays untouched, as batch_add_row leaves it
		 */
#define APPEND_IF(name, wanted)                                                          \
	if (wanted)                                                                      \
		add_job(jobs, &njobs, dst->name, dst->n * sizeof(*src->name), src->name, \
		        n * sizeof(*src->name));
#define APPEND_COL(NAME, name, kind, type, nullable, json) \
	BATCH_SCALAR_##kind(APPEND_IF, name, (!(nullable) || ((any >> BCOL_##NAME) & 1u)))
	MODEL_AUCTION_ROW_COLUMNS(APPEND_COL)
	add_job(jobs, &njobs, dst->present, dst->n * sizeof(*src->present), src->present,
	        n * sizeof(*src->present));
	add_job(jobs, &njobs, dst->bonus, dst->nbonus * sizeof(*src->bonus), src->bonus,
	        src->nbonus * sizeof(*src->bonus));
	add_job(jobs, &njobs, dst->mod_type, dst->nmod * sizeof(*src->mod_type), src->mod_type,
	        src->nmod * sizeof(*src->mod_type));
	add_job(jobs, &njobs, dst->mod_value, dst->nmod * sizeof(*src->mod_value), src->mod_value,
	        src->nmod * sizeof(*src->mod_value));
	/* the first share: the offsets (8 bytes a row) and the copies up to half the bytes */
	first = n * 2 * sizeof(uint32_t);
	for (size_t j = 0; j < njobs; j++)
		total += jobs[j].bytes;
	while (cut < njobs && 2 * (first + jobs[cut].bytes) <= total + first)
		first += jobs[cut++].bytes;
	parts[0] = (struct append_part){dst, src, jobs, cut, 1};
	parts[1] = (struct append_part){dst, src, jobs + cut, njobs - cut, 0};
	threaded = n >= APPEND_SPLIT_MIN && pthread_create(&th, NULL, append_part, &parts[1]) == 0;
	append_part(&parts[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		append_part(&parts[1]);
	dst->n += n;
	dst->nbonus += src->nbonus;
	dst->nmod += src->nmod;
}

void batch_drop_last(struct batch *b)
{
	if (b->n == 0)
		return;
	b->n--;
	b->nbonus = b->bonus_off[b->n];
	b->nmod = b->mod_off[b->n];
}

void batch_push_bonus(struct batch *b, int32_t bonus_id)
{
	if (b->nbonus == b->capbonus) {
		b->capbonus = b->capbonus ? b->capbonus * 2 : 1024;
		GROW(b->bonus, b->capbonus);
	}
	b->bonus[b->nbonus++] = bonus_id;
	b->bonus_off[b->n] = (uint32_t)b->nbonus;
	batch_mark(b, b->n - 1, BCOL_BONUS_LISTS);
}

void batch_push_modifier(struct batch *b, int32_t type, int64_t value)
{
	if (b->nmod == b->capmod) {
		b->capmod = b->capmod ? b->capmod * 2 : 1024;
		GROW(b->mod_type, b->capmod);
		GROW(b->mod_value, b->capmod);
	}
	b->mod_type[b->nmod] = type;
	b->mod_value[b->nmod] = value;
	b->nmod++;
	b->mod_off[b->n] = (uint32_t)b->nmod;
	batch_mark(b, b->n - 1, BCOL_MODIFIERS);
}

int64_t batch_unit_buyout(const struct batch *b, size_t row)
{
	return model_unit_buyout(batch_has(b, row, BCOL_UNIT_PRICE), b->unit_price[row],
	                         batch_has(b, row, BCOL_BUYOUT), b->buyout[row], b->quantity[row]);
}

/* The four names have four lengths: one compare per auction in the parser's hot path. */
int batch_time_left_parse(const char *s, size_t len)
{
	int i = len == 5   ? BATCH_TL_SHORT
	        : len == 6 ? BATCH_TL_MEDIUM
	        : len == 4 ? BATCH_TL_LONG
	        : len == 9 ? BATCH_TL_VERY_LONG
	                   : -1;

	return i >= 0 && memcmp(batch_time_left_names[i], s, len) == 0 ? i : -1;
}
