/* truth.c - event storage and the NDJSON form of /sim/truth. */
#include <stdlib.h>
#include <string.h>

#include "sim/truth.h"
#include "util/ts.h"

static const char *const names[] = {"posted", "sold", "cancelled", "expired"};

void sim_truth_init(struct sim_truth *t)
{
	memset(t, 0, sizeof(*t));
}

void sim_truth_release(struct sim_truth *t)
{
	free(t->ev);
	sim_truth_init(t);
}

void sim_truth_append(struct sim_truth *t, const struct sim_event *ev, size_t n)
{
	if (n == 0) /* ev may be NULL then, and memcpy must not see it */
		return;
	if (t->n + n > t->cap) {
		size_t cap = t->cap ? t->cap : 1024;
		while (cap < t->n + n)
			cap *= 2;
		t->ev = xrealloc(t->ev, cap * sizeof(*t->ev));
		t->cap = cap;
	}
	memcpy(t->ev + t->n, ev, n * sizeof(*ev));
	t->n += n;
}

size_t sim_truth_after(const struct sim_truth *t, int64_t since)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->ev[mid].at > since)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

void sim_truth_drop_through(struct sim_truth *t, int64_t horizon)
{
	size_t k = sim_truth_after(t, horizon);

	if (k == 0 || k < t->n - k)
		return;
	memmove(t->ev, t->ev + k, (t->n - k) * sizeof(*t->ev));
	t->n -= k;
	t->first += k;
}

static int cmp_event(const void *a, const void *b)
{
	const struct sim_event *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->auction_id != y->auction_id)
		return x->auction_id < y->auction_id ? -1 : 1;
	return (x->kind > y->kind) - (x->kind < y->kind);
}

void sim_truth_sort(struct sim_event *ev, size_t n)
{
	if (n > 1) /* ev may be NULL when there is nothing to sort: qsort must not see it */
		qsort(ev, n, sizeof(*ev), cmp_event);
}

void sim_truth_render(struct buf *out, const char *flavor, int32_t realm_id, int house,
                      const struct sim_event *ev)
{
	char at[TS_ISO_LEN];

	ts_format_iso(ev->at, at);
	buf_puts(out, "{\"event\":\"");
	buf_puts(out, names[ev->kind]);
	if (flavor) {
		buf_puts(out, "\",\"flavor\":\"");
		buf_puts(out, flavor);
	}
	buf_puts(out, "\",\"realm_id\":");
	buf_put_i64(out, realm_id);
	if (house) {
		buf_puts(out, ",\"auction_house_id\":");
		buf_put_i64(out, house);
	}
	buf_puts(out, ",\"auction_id\":");
	buf_put_i64(out, ev->auction_id);
	buf_puts(out, ",\"item_id\":");
	buf_put_i64(out, ev->item_id);
	buf_puts(out, ",\"quantity\":");
	buf_put_i64(out, ev->quantity);
	buf_puts(out, ",\"unit_price\":");
	buf_put_i64(out, ev->unit_price);
	buf_puts(out, ",\"at\":\"");
	buf_puts(out, at);
	buf_puts(out, "\"}\n");
}
