/* truth.h - the ground truth: every auction's fate, as the simulator decided it.
 *
 * Each market appends its events here as it simulates; /sim/truth serves them as NDJSON.
 * An auction has one `posted` event, then (commodities only) zero or more partial `sold`
 * events, then exactly one ending event: `expired`, `cancelled`, or the `sold` that takes
 * its last units. Purchases of one auction between two consecutive snapshots of its
 * market are merged into one `sold` event carrying the units sold.
 *
 * Events are appended in time order (a market appends each hour's sorted events after the
 * previous hour's), so a time is found by binary search, and the oldest can be dropped:
 * a simulator that runs for simulated years keeps a window of them, not all.
 */
#ifndef WOWAH_SIM_TRUTH_H
#define WOWAH_SIM_TRUTH_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum sim_event_kind { SIM_POSTED, SIM_SOLD, SIM_CANCELLED, SIM_EXPIRED };

struct sim_event {
	int64_t at;         /* Unix seconds */
	int64_t unit_price; /* copper per unit */
	uint32_t auction_id;
	int32_t item_id;
	uint32_t quantity;
	uint8_t kind;
};

struct sim_truth {
	struct sim_event *ev;
	size_t n, cap;
	uint64_t first; /* events dropped so far: ev[i] is event number first + i */
};

void sim_truth_init(struct sim_truth *t);
void sim_truth_release(struct sim_truth *t);
void sim_truth_append(struct sim_truth *t, const struct sim_event *ev, size_t n);

/* Index in ev of the first event after since (n when there is none). */
size_t sim_truth_after(const struct sim_truth *t, int64_t since);

/* Drops the events at or before horizon, once they are at least half of those kept (so
 * each event is moved about once, and memory stays within about twice what is newer):
 * readers filter by time anyway and count from first. */
void sim_truth_drop_through(struct sim_truth *t, int64_t horizon);

/* Sorts events by time, then auction id, then kind (posted first): the order they are
 * served in. */
void sim_truth_sort(struct sim_event *ev, size_t n);

/* Appends one NDJSON line. house is the Classic auction house id, or 0 on retail; flavor
 * the flavour's name ("classic1x"), or NULL for a line without one (retail and Classic
 * progression, whose lines kept their shape when the other flavours came). */
void sim_truth_render(struct buf *out, const char *flavor, int32_t realm_id, int house,
                      const struct sim_event *ev);

#endif
