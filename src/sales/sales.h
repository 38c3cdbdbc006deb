/* sales.h - which auctions sold: each ended auction lifetime's estimated fate, from the
 * hourly snapshots alone (issue 11; the method, its evidence and its weaknesses are in
 * docs/sales.md).
 *
 * For a lifetime that left its house (the next snapshot of the house lacks it):
 *  - expired: its time_left says it ran out before that next snapshot. time_left at the
 *    last sighting bounds the expiry from above (the bucket's longest), and the last
 *    bucket change from below (one snapshot earlier it still had more than the bucket's
 *    longest); the share of that window before the next snapshot is the chance it expired.
 *  - cancelled: it could not have run out, and a cheaper listing of the same item that was
 *    there with it is still there in the next snapshot: a buyer would have taken that one
 *    first, so this one was withdrawn (sellers cancel undercut auctions). A bid-only
 *    auction (no buyout) that left early is cancelled too.
 *  - sold: it could not have run out and nothing cheaper survived it, unless it was more
 *    likely withdrawn (below); or it could have run out and its bid rose while it was seen
 *    (a bidder's, who wins it then).
 *  - cancelled too: a listing that vanished as the cheapest, judged by hazards. Sellers
 *    withdraw listings at a rate c an hour (measured per house: undercut withdrawals per
 *    listing-hour not the cheapest); the cheapest listing of an item vanishes at c + s,
 *    s the rate it is bought at (measured per house and item: its cheapest listings'
 *    vanishings per hour it was listed, shrunk toward the house's rate). Such a vanishing
 *    was a withdrawal with chance c / (c + s); at SALES_CUT_CHANCE or more it is
 *    cancelled. Only the SALES_HISTORY before the last sighting counts, so a fate never
 *    changes once its next snapshot is in.
 *  - listed: still in its house's newest snapshot.
 * Commodities are bought partly: every drop of quantity between two sightings counts as
 * units sold, whatever happens to the rest.
 */
#ifndef WOWAH_SALES_SALES_H
#define WOWAH_SALES_SALES_H

#include "util/buf.h"

/* The columns the estimate adds to a lifetime. */
#define SALES_OUTCOME_COLUMNS \
	"outcome VARCHAR, units_sold INTEGER, confidence DOUBLE, sold_at TIMESTAMPTZ"

/* How far back the hazards of a fate look, the hours of the house's rate an item's own
 * record is shrunk toward, the withdrawals a house must have shown before its rate is
 * used; the chance of a withdrawal at which a cheapest listing that
 * vanished is cancelled (chosen on one simulated history, confirmed on another:
 * docs/sales.md). */
#define SALES_HISTORY         "INTERVAL 7 DAY"
#define SALES_PRIOR_HOURS     10
#define SALES_MIN_WITHDRAWALS 10
#define SALES_CUT_CHANCE      "0.8"

/* The verdicts before the hazards, two steps. sales_outcomes_sql appends a SELECT of
 * (region, kind, realm_id, house_id, auction_id, item_id, sp (the pet species, 0 for
 * none), first_seen, last_seen, next_ts, outcome, p_exp, bid_won, cheapest, cut, dropped,
 * quantity_last, drop_at) for every lifetime of lifetimes (a relation with the columns of
 * a lifetime file) whose last_seen is at or after since (a SQL expression of type
 * TIMESTAMPTZ); snapshots is a relation with (region, kind, realm_id, house_id,
 * snapshot_ts) of every snapshot the lifetimes were built from.
 *
 * sales_hazard_sql appends a SELECT of (region, kind, realm_id, house_id, auction_id,
 * first_seen, last_seen, outcome, units_sold, confidence, sold_at) for the rows of
 * verdicts (what sales_outcomes_sql selects, over at least the SALES_HISTORY and a day
 * before since) whose last_seen is at or after since; items is a relation with the
 * columns of item_snapshots over the same houses and time. sold_at is when the last units
 * sold (the middle of the hour they vanished in); NULL unless some did. */
void sales_outcomes_sql(struct buf *out, const char *lifetimes, const char *snapshots,
                        const char *since);
void sales_hazard_sql(struct buf *out, const char *verdicts, const char *items, const char *since);

/* The sales per (region, kind, realm_id, house_id, day, item_id, pet_species_id, 0 for
 * none), in three steps that a load keeps as tables (src/warehouse/item_sales_parts.c):
 *
 * sales_parts_sql appends a SELECT, from lifetimes (a relation with the lifetime columns
 * and the outcome columns), of the days on or after from_day (a SQL DATE expression):
 * auctions_ended and auctions_sold (by the day of last_seen), sale_rate (sold / ended),
 * units_seen (the units_sold of the lifetimes, by the day of sold_at) and avg_price
 * (copper per unit, weighted by units, of the seen sales), posted (the units first seen
 * that day, NULL for none) and fast (those of them bought within the next hour: a whole
 * auction gone after one sighting, or the first drop of quantity). Every sum is a sum over
 * the lifetimes of the day, so the rows of a day depend only on the lifetimes that count
 * on that day.
 *
 * sales_rates_sql appends a SELECT of (region, kind, realm_id, house_id, item_id,
 * pet_species_id, fast, posted), their sums over the days of parts (exact integers: the
 * sums of any split of the days add up to the same).
 *
 * sales_days_sql appends the SELECT of the sales per day from parts and rates: their
 * columns and units_unseen (the model below) and units_sold (seen plus unseen).
 * Unseen sales, bought between a listing's posting and its first sighting (whole auctions
 * never seen, and the units a commodity listing lost before it was seen): per house and
 * item, h = fast / posted (capped at 0.9) estimates the share of a listing's units bought
 * within an hour; a listing is posted on average half an hour before the next snapshot, so
 * about q = h / 2 of the units posted sell unseen, that is q / (1 - q) for every unit
 * seen. units_unseen = the units first seen that day x q / (1 - q). */
void sales_parts_sql(struct buf *out, const char *lifetimes, const char *from_day);
void sales_rates_sql(struct buf *out, const char *parts);
void sales_days_sql(struct buf *out, const char *parts, const char *rates);

#endif
