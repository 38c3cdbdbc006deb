/* sort.c - the row order of a snapshot file: item_id, then unit price, then auction_id.
 *
 * An LSD radix sort of (key, row) items on 11-bit digits. A large batch is sorted as two
 * halves at once, the second on a thread of its own, and the halves are merged: each half
 * is a range of rows sorted stably with the same keys, so taking the first half's row
 * when two rows compare equal gives exactly the one-thread order. The sort was a serial
 * stretch between the parse (two threads) and the Parquet write, and its scratch arrays
 * (32 bytes a row) were a third of an import's page faults: they are asked for as huge
 * pages now, and each thread touches its own half.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "store/internal.h"
#include "util/buf.h"

/* Below this many rows one thread sorts: a thread costs more than it saves. */
#define SORT_SPLIT_MIN 4096

/* A row and its sort key for one radix phase. */
struct sort_item {
	uint64_t key;
	uint32_t row;
};

#define DIGIT_BITS 11
#define DIGITS     (1u << DIGIT_BITS)

/* The key phases of one batch, the same for both halves. */
struct sort_keys {
	const struct batch *b;
	int by_id;     /* rows are not in auction id order: an auction id phase first */
	int one_phase; /* item and price fit one 64-bit key */
	int64_t min_id, min_item, min_price;
	unsigned id_bits, item_bits, price_bits;
};

static unsigned bit_width(uint64_t v)
{
	return v ? 64u - (unsigned)__builtin_clzll(v) : 0u;
}

/* Stable LSD radix sort of (*a)[0..n) on the low `bits` bits of key, with *tmp as
 * scratch: the two are swapped after each scatter, so *a holds the result. A digit
 * every key shares (the high bits of prices and ids mostly) costs one counting pass
 * and no scatter. */
static void radix(struct sort_item **a, struct sort_item **tmp, size_t n, unsigned bits)
{
	size_t *count = xmalloc(DIGITS * sizeof(*count));

	for (unsigned shift = 0; shift < bits; shift += DIGIT_BITS) {
		struct sort_item *in = *a, *out = *tmp;
		size_t sum = 0;
		int trivial = 0;

		memset(count, 0, DIGITS * sizeof(*count));
		for (size_t i = 0; i < n; i++)
			count[(in[i].key >> shift) & (DIGITS - 1)]++;
		for (unsigned d = 0; d < DIGITS; d++) {
			size_t c = count[d];
			trivial |= c == n;
			count[d] = sum;
			sum += c;
		}
		if (trivial)
			continue;
		for (size_t i = 0; i < n; i++)
			out[count[(in[i].key >> shift) & (DIGITS - 1)]++] = in[i];
		*a = out;
		*tmp = in;
	}
	free(count);
}

/* The ranges of the keys, and whether the API sent the rows in auction id order (it
 * does): then row order already breaks the ties and the auction id phase is skipped. */
static void find_keys(const struct batch *b, struct sort_keys *k)
{
	int64_t min_id = INT64_MAX, max_id = INT64_MIN, min_item = INT32_MAX, max_item = INT32_MIN;
	int64_t min_price = INT64_MAX, max_price = -1;

	memset(k, 0, sizeof(*k));
	k->b = b;
	for (size_t i = 0; i < b->n; i++) {
		int64_t p = batch_unit_buyout(b, i), item = b->item_id[i], id = b->auction_id[i];
		min_price = p < min_price ? p : min_price;
		max_price = p > max_price ? p : max_price;
		min_item = item < min_item ? item : min_item;
		max_item = item > max_item ? item : max_item;
		k->by_id |= i > 0 && id < max_id;
		min_id = id < min_id ? id : min_id;
		max_id = id > max_id ? id : max_id;
	}
	k->min_id = min_id;
	k->min_item = min_item;
	k->min_price = min_price;
	k->id_bits = bit_width((uint64_t)max_id - (uint64_t)min_id);
	k->item_bits = bit_width((uint64_t)(max_item - min_item));
	k->price_bits = bit_width((uint64_t)max_price - (uint64_t)min_price);
	k->one_phase = k->item_bits + k->price_bits <= 64 && k->price_bits < 64;
}

static uint64_t price_key(const struct sort_keys *k, uint32_t r)
{
	return (uint64_t)batch_unit_buyout(k->b, r) - (uint64_t)k->min_price;
}

static uint64_t item_key(const struct sort_keys *k, uint32_t r)
{
	return (uint64_t)((int64_t)k->b->item_id[r] - k->min_item);
}

/* Room for 2 * n items, in 2 MB pages where the kernel gives them (transparent huge pages
 * on request, the usual setting): the radix passes write every byte of it, so a huge page
 * costs no memory that small ones would not, and it is one page fault instead of 512. On
 * the 2-core VM that was 3,000 of 16,000 faults and 7% of the CPU time of a 420k-row
 * commodities import. */
#define HUGE_PAGE (2u << 20)

static struct sort_item *scratch_new(size_t n)
{
	size_t bytes = 2 * n * sizeof(struct sort_item);
	void *p;

	if (bytes < HUGE_PAGE || posix_memalign(&p, HUGE_PAGE, bytes) != 0)
		return xmalloc(bytes);
	(void)madvise(p, bytes, MADV_HUGEPAGE); /* a hint: without it, small pages */
	return p;
}

/* Sorts rows from .. from + n into a[0..n) (tmp: scratch of n items); returns the array
 * that holds the result, a or tmp. Radix phases from the least significant key up:
 * auction_id, unit price, item_id (price and item in one phase when both fit 64 bits). */
static struct sort_item *sort_range(const struct sort_keys *k, struct sort_item *a,
                                    struct sort_item *tmp, size_t from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		a[i].row = (uint32_t)(from + i);
	if (k->by_id) {
		for (size_t i = 0; i < n; i++)
			a[i].key = (uint64_t)k->b->auction_id[from + i] - (uint64_t)k->min_id;
		radix(&a, &tmp, n, k->id_bits);
	}
	if (k->one_phase) {
		for (size_t i = 0; i < n; i++)
			a[i].key =
			        (item_key(k, a[i].row) << k->price_bits) | price_key(k, a[i].row);
		radix(&a, &tmp, n, k->item_bits + k->price_bits);
		return a;
	}
	for (size_t i = 0; i < n; i++)
		a[i].key = price_key(k, a[i].row);
	radix(&a, &tmp, n, k->price_bits);
	for (size_t i = 0; i < n; i++)
		a[i].key = item_key(k, a[i].row);
	radix(&a, &tmp, n, k->item_bits);
	return a;
}

/* 1 when the right half's item r goes before the left half's l: the left one wins every
 * tie, as it does in a stable sort of the whole. */
static int right_first(const struct sort_keys *k, const struct sort_item *l,
                       const struct sort_item *r)
{
	uint64_t pl, pr;

	if (l->key != r->key)
		return r->key < l->key;
	if (!k->one_phase) { /* the key was the item alone */
		pl = price_key(k, l->row);
		pr = price_key(k, r->row);
		if (pl != pr)
			return pr < pl;
	}
	return k->by_id && k->b->auction_id[r->row] < k->b->auction_id[l->row];
}

/* The two sorted halves and where their merge goes. */
struct merge {
	const struct sort_keys *k;
	const struct sort_item *l, *r;
	size_t nl, nr;
	uint32_t *perm; /* nl + nr rows */
};

/* The first count rows of the merge, from the front. */
static void merge_front(const struct merge *m, size_t count)
{
	size_t i = 0, j = 0;

	for (size_t o = 0; o < count; o++)
		if (j < m->nr && (i == m->nl || right_first(m->k, &m->l[i], &m->r[j])))
			m->perm[o] = m->r[j++].row;
		else
			m->perm[o] = m->l[i++].row;
}

/* The last count rows of the same merge, from the back: the later of the two candidates
 * is the left one exactly when the right one goes before it. */
static void merge_back(const struct merge *m, size_t count)
{
	size_t i = m->nl, j = m->nr, n = m->nl + m->nr;

	for (size_t o = n; o > n - count; o--)
		if (i > 0 && (j == 0 || right_first(m->k, &m->l[i - 1], &m->r[j - 1])))
			m->perm[o - 1] = m->l[--i].row;
		else
			m->perm[o - 1] = m->r[--j].row;
}

static void *merge_back_half(void *arg)
{
	const struct merge *m = arg;

	merge_back(m, m->nl + m->nr - (m->nl + m->nr) / 2);
	return NULL;
}

/* The merge, its back half on a thread of its own: each side writes half the rows, and
 * the two meet where the one-thread merge would be halfway. */
static void merge(const struct sort_keys *k, const struct sort_item *l, size_t nl,
                  const struct sort_item *r, size_t nr, uint32_t *perm)
{
	struct merge m = {k, l, r, nl, nr, perm};
	size_t n = nl + nr;
	pthread_t th;

	if (n < SORT_SPLIT_MIN || pthread_create(&th, NULL, merge_back_half, &m) != 0) {
		merge_front(&m, n);
		return;
	}
	merge_front(&m, n / 2);
	pthread_join(th, NULL);
}

/* The second half, sorted on a thread of its own. */
struct half {
	const struct sort_keys *k;
	struct sort_item *a, *tmp, *sorted;
	size_t from, n;
};

static void *sort_half(void *arg)
{
	struct half *h = arg;

	h->sorted = sort_range(h->k, h->a, h->tmp, h->from, h->n);
	return NULL;
}

uint32_t *store_sort_rows(const struct batch *b)
{
	size_t n = b->n ? b->n : 1, mid = b->n >= SORT_SPLIT_MIN ? b->n / 2 : b->n;
	struct sort_item *a = scratch_new(n), *tmp = a + n;
	uint32_t *perm = xmalloc(n * sizeof(*perm));
	struct sort_keys k;
	struct half right;
	struct sort_item *left;
	pthread_t th;
	int threaded;

	find_keys(b, &k);
	right = (struct half){&k, a + mid, tmp + mid, NULL, mid, b->n - mid};
	/* without a thread, the calling one sorts both halves in turn */
	threaded = right.n > 0 && pthread_create(&th, NULL, sort_half, &right) == 0;
	left = sort_range(&k, a, tmp, 0, mid);
	if (threaded)
		pthread_join(th, NULL);
	else
		sort_half(&right);
	merge(&k, left, mid, right.sorted, right.n, perm);
	free(a);
	return perm;
}
