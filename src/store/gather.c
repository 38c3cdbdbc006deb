/* gather.c - a COPY's rows in file order, gathered ahead on a thread of their own.
 *
 * The Parquet write is one stream on one core: DuckDB encodes what wowah_auction_rows()
 * (store/rows.c) hands it, chunk after chunk, while the other core has nothing to do.
 * Reading the scalar columns through the sort's permutation (a random read of every value)
 * was about 15 ms of that stream on the bench's 420k commodities. Here a thread gathers
 * the next chunks into a small ring while DuckDB encodes the current one, and the table
 * function only copies a chunk's values, already in order, into its vectors. Chunks come
 * out in order, one at a time (the table function has one thread).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/buf.h"

/* Chunks gathered ahead: enough that DuckDB never waits once the thread has a lead. */
#define SLOTS 4
/* Below this many chunks the thread costs more than it saves: the caller gathers. */
#define MIN_CHUNKS 4

/* The bytes of a value of each scalar column; 0 for the lists, which rows.c copies. */
#define WIDTH_I64       8
#define WIDTH_I32       4
#define WIDTH_TIME_LEFT 1
#define WIDTH_BONUS     0
#define WIDTH_MODIFIERS 0
static const size_t col_width[BCOL_NCOLS] = {
#define COL_WIDTH(NAME, name, kind, type, nullable, json) WIDTH_##kind,
        MODEL_AUCTION_ROW_COLUMNS(COL_WIDTH)};
static const int col_nullable[BCOL_NCOLS] = {
#define COL_NULLABLE(NAME, name, kind, type, nullable, json) nullable,
        MODEL_AUCTION_ROW_COLUMNS(COL_NULLABLE)};

struct store_gather {
	const struct store_feed *f;
	size_t chunk, nchunks;
	struct store_chunk slot[SLOTS];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t head, tail; /* chunks gathered, chunks handed over and done with */
	int stop;          /* the COPY ended early: gather no further */
	pthread_t th;
};

static void gather_values(void *out, const void *col, size_t width, const uint32_t *perm, size_t n)
{
	switch (width) {
	case 8:
		for (size_t i = 0; i < n; i++)
			((int64_t *)out)[i] = ((const int64_t *)col)[perm[i]];
		break;
	case 4:
		for (size_t i = 0; i < n; i++)
			((int32_t *)out)[i] = ((const int32_t *)col)[perm[i]];
		break;
	default:
		for (size_t i = 0; i < n; i++)
			((uint8_t *)out)[i] = ((const uint8_t *)col)[perm[i]];
	}
}

/* Validity words of column c: bit i set when row perm[i] has it (DuckDB's layout). */
static void gather_valid(uint64_t *out, const uint16_t *present, int c, const uint32_t *perm,
                         size_t n)
{
	memset(out, 0, (n + 63) / 64 * sizeof(uint64_t));
	for (size_t i = 0; i < n; i++)
		out[i / 64] |= (uint64_t)((present[perm[i]] >> c) & 1u) << (i % 64);
}

size_t store_col_width(int c)
{
	return col_width[c];
}

int store_col_nullable(int c)
{
	return col_nullable[c];
}

/* The batch's array of scalar column c (NULL for the lists). */
static const void *col_data(const struct batch *b, int c)
{
	switch (c) {
#define DATA_I64(NAME, name) \
	case BCOL_##NAME:    \
		return b->name;
#define DATA_I32(NAME, name) \
	case BCOL_##NAME:    \
		return b->name;
#define DATA_TIME_LEFT(NAME, name) \
	case BCOL_##NAME:          \
		return b->name;
#define DATA_BONUS(NAME, name)
#define DATA_MODIFIERS(NAME, name)
#define COL_DATA(NAME, name, kind, type, nullable, json) DATA_##kind(NAME, name)
		MODEL_AUCTION_ROW_COLUMNS(COL_DATA)
	default:
		return NULL;
	}
}

void store_chunk_fill(const struct store_feed *f, struct store_chunk *ch)
{
	const uint32_t *perm = f->perm + ch->from;

	for (int c = 0; c < BCOL_NCOLS; c++) {
		if (ch->val[c])
			gather_values(ch->val[c], col_data(f->b, c), col_width[c], perm, ch->n);
		if (ch->valid[c])
			gather_valid(ch->valid[c], f->b->present, c, perm, ch->n);
	}
}

static void fill_chunk(struct store_gather *g, struct store_chunk *ch, size_t k)
{
	ch->from = k * g->chunk;
	ch->n = g->f->n - ch->from < g->chunk ? g->f->n - ch->from : g->chunk;
	store_chunk_fill(g->f, ch);
}

static void *gatherer(void *arg)
{
	struct store_gather *g = arg;

	for (size_t k = 0; k < g->nchunks; k++) {
		int stop;

		pthread_mutex_lock(&g->mu);
		while (g->head - g->tail == SLOTS && !g->stop)
			pthread_cond_wait(&g->cv, &g->mu);
		stop = g->stop;
		pthread_mutex_unlock(&g->mu);
		if (stop)
			break;
		fill_chunk(g, &g->slot[k % SLOTS], k);
		pthread_mutex_lock(&g->mu);
		g->head++;
		pthread_cond_broadcast(&g->cv);
		pthread_mutex_unlock(&g->mu);
	}
	return NULL;
}

/* The slots' arrays: values of every scalar column some row has, validity words of the
 * nullable ones among them. */
static void alloc_slots(struct store_gather *g)
{
	const struct store_feed *f = g->f;

	for (int s = 0; s < SLOTS; s++)
		for (int c = 0; c < BCOL_NCOLS; c++) {
			int has = !col_nullable[c] || ((f->present_any >> c) & 1u);
			if (!col_width[c] || !has)
				continue;
			g->slot[s].val[c] = xmalloc(g->chunk * col_width[c]);
			if (col_nullable[c])
				g->slot[s].valid[c] =
				        xmalloc((g->chunk + 63) / 64 * sizeof(uint64_t));
		}
}

struct store_gather *store_gather_start(const struct store_feed *f, size_t chunk)
{
	struct store_gather *g;

	if (chunk == 0 || f->n < MIN_CHUNKS * chunk)
		return NULL;
	g = xcalloc(1, sizeof(*g));
	g->f = f;
	g->chunk = chunk;
	g->nchunks = (f->n + chunk - 1) / chunk;
	alloc_slots(g);
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	if (pthread_create(&g->th, NULL, gatherer, g) != 0) {
		g->nchunks = 0; /* nothing to join */
		store_gather_free(g);
		return NULL;
	}
	return g;
}

const struct store_chunk *store_gather_next(struct store_gather *g)
{
	const struct store_chunk *ch;

	pthread_mutex_lock(&g->mu);
	while (g->head == g->tail)
		pthread_cond_wait(&g->cv, &g->mu);
	ch = &g->slot[g->tail % SLOTS];
	pthread_mutex_unlock(&g->mu);
	return ch;
}

void store_gather_done(struct store_gather *g)
{
	pthread_mutex_lock(&g->mu);
	g->tail++;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

void store_gather_free(struct store_gather *g)
{
	if (!g)
		return;
	if (g->nchunks) {
		pthread_mutex_lock(&g->mu);
		g->stop = 1;
		pthread_cond_broadcast(&g->cv);
		pthread_mutex_unlock(&g->mu);
		pthread_join(g->th, NULL);
	}
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->cv);
	for (int s = 0; s < SLOTS; s++)
		for (int c = 0; c < BCOL_NCOLS; c++) {
			free(g->slot[s].val[c]);
			free(g->slot[s].valid[c]);
		}
	free(g);
}
