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
 *  - sold: it could not have run out and nothing cheaper survived it; or it could have
 *    run out and its bid rose while it was seen (a bidder's, who wins it then).
 *  - expired, too, in a realm or Classic house: a listing judged sold or cancelled by the
 *    rules above that could have run out before the next snapshot (chance p > 0), when,
 *    given that it vanished, running out is the likelier: p / (p + (1 - p) r) >= 0.5, r
 *    the house's rate over the SALES_RECORD before at which an item's cheapest listing
 *    vanished in an hour (a listing that did not run out vanishes at most that often).
 *  - cancelled, too, on a retail realm watched SALES_WATCHED (every hour of the day seen
 *    once): a listing judged sold by the rule above that was its item's only listing at
 *    its last sighting, when a withdrawal explains its going at least as well as a buyer:
 *    c / (c + s) >= 0.5, c the withdrawal hazard (SALES_WITHDRAWAL an hour) and s the
 *    buyer rate for the item's cheapest listing in that hour: the item's hours listed with
 *    a buyout, over the SALES_RECORD before, after which its cheapest buyout was gone (its
 *    own vanishing not counted), per hour, from a prior of SALES_PRIOR_VANISHINGS such
 *    hours at the house's rate for the hours an item had one listing alone (a Gamma prior:
 *    a few hours watched say little), times the house's rate in that hour of the day
 *    (from a prior of one snapshot's item-hours at its rate at all hours) over its rate
 *    at all hours (buyers follow a daily rhythm, withdrawals do not).
 *  - listed: still in its house's newest snapshot.
 * Commodities are bought partly: every drop of quantity between two sightings counts as
 * units sold, whatever happens to the rest.
 */
#ifndef WOWAH_SALES_SALES_H
#define WOWAH_SALES_SALES_H

#include "util/buf.h"

/* The withdrawal rule's constants (docs/sales.md, "Withdrawn while alone"): the record
 * an item's and its house's rates are measured over, how long a house must have been
 * watched, the prior's weight in vanishings (half of one, as Jeffreys' prior for a
 * Poisson rate) and the withdrawal hazard c an hour (chosen on the 72-hour history of
 * seed 101). */
#define SALES_RECORD           "INTERVAL 7 DAY"
#define SALES_WATCHED          "INTERVAL 24 HOUR"
#define SALES_PRIOR_VANISHINGS "0.5"
#define SALES_WITHDRAWAL       "0.05"

/* The columns the estimate adds to a lifetime. */
#define SALES_OUTCOME_COLUMNS                                                           \
	"outcome VARCHAR, units_sold INTEGER, confidence DOUBLE, sold_at TIMESTAMPTZ, " \
	"cheapest_first BOOLEAN, cheapest_second BOOLEAN"

/* Appends a SELECT of (region, kind, realm_id, house_id, auction_id, first_seen, last_seen,
 * outcome, units_sold, confidence, sold_at, cheapest_first, cheapest_second) for every
 * lifetime of lifetimes (a relation with the columns of a lifetime file) whose last_seen
 * is at or after since (a SQL expression of type TIMESTAMPTZ); snapshots is a relation
 * with (region, kind, realm_id, house_id, snapshot_ts) of every snapshot the lifetimes
 * were built from, items one with the columns of item_snapshots of their houses, from
 * SALES_RECORD before since (all of a house's items: the house's rates are over them all).
 * sold_at is when the last units sold (the middle of the hour they vanished in); NULL
 * unless some did. cheapest_first: no listing of its item in its house was cheaper at its
 * first sighting. cheapest_second: still listed at its house's snapshot after its first
 * sighting and no listing of its item cheaper then (false when first seen in the house's
 * first snapshot). */
void sales_outcomes_sql(struct buf *out, const char *lifetimes, const char *snapshots,
                        const char *items, const char *since);

/* The sales per (region, kind, realm_id, house_id, day, item_id, pet_species_id, 0 for
 * none), in three steps that a load keeps as tables (src/warehouse/item_sales_parts.c):
 *
 * sales_parts_sql appends a SELECT, from lifetimes (a relation with the lifetime columns
 * and the outcome columns) and snapshots (as for sales_days_sql), of the days on or after
 * from_day (a SQL DATE expression):
 * auctions_ended and auctions_sold (by the day of last_seen), sale_rate (sold / ended),
 * units_seen (the units_sold of the lifetimes, by the day of sold_at) and avg_price
 * (copper per unit, weighted by units, of the seen sales), posted (the units first seen
 * that day, NULL for none) and fast (those of them bought within the next hour: a whole
 * auction gone after one sighting, or the first drop of quantity); and by the day of the
 * snapshot, bottom_new (the snapshots, after the house's first, whose bottom of the book,
 * the cheapest listing of the item and the newest of a tie, was first seen in them: a
 * listing first seen as the cheapest) and bottom_prev (those whose bottom was first seen in
 * the snapshot before: a listing still the cheapest at its second sighting, none first
 * seen beside it); and by the day of the first sighting, of the listings first seen as the
 * bottom, posted within the hour before (fresh), those sold within the hour after
 * (fresh_sold), those still the bottom at their second sighting (aged) and those of them
 * sold within the hour after it (aged_sold); and by the day of the last sighting, of the
 * auctions with a bid that could have run out (judged expired, or sold to a bidder: a risen
 * bid, last seen SHORT or MEDIUM), those first seen after the house's first snapshot
 * (ran_posted) and those in it (ran_start), the ones of each whose bid rose (ran_posted_bid,
 * ran_start_bid), and the units of the latter judged expired without one (start_unbid).
 * Every sum is a sum over the lifetimes seen on
 * the day, so the rows of a day depend only on the lifetimes that count on that day.
 *
 * sales_rates_sql appends a SELECT of (region, kind, realm_id, house_id, item_id,
 * pet_species_id, fast, posted, bottom_new, bottom_prev, fresh, fresh_sold, aged,
 * aged_sold, ran_posted, ran_posted_bid, ran_start, ran_start_bid), their sums over the
 * days of parts (exact integers: the sums of any split of the days add up to the same).
 *
 * sales_days_sql appends the SELECT of the sales per day from parts, rates and snapshots
 * (region, kind, realm_id, house_id, one row per snapshot of the houses): their columns and
 * units_unseen (the model below) and units_sold (seen plus unseen). Unseen sales are bought
 * between a listing's posting and its first sighting (whole auctions never seen, and the
 * units a commodity listing lost before it was seen). Every kind alike: demand takes the
 * bottom of an item's book (the cheapest listing), and a unit bought s after a snapshot (s
 * spread evenly over the hour) goes to a listing not yet seen when the bottom's age is
 * under s, to one in its first hour seen when it is between s and s + 1. The snapshots
 * measure that age: of the hours watched after the house's first snapshot, the share p0
 * whose bottom was first seen in that snapshot (bottom_new) and p1 in the one before
 * (bottom_prev, from a prior of half an hour); within each hour the age is spread as e^-ka,
 * k = ln(p0 / p1), whose mean share of an hour is m = 1 / k - e^-k / (1 - e^-k) (a half
 * when k = 0). A bottom under an hour old draws rho times the demand of an older one (the
 * freshest is the cheapest of its market): rho is the hazard of a sale in the hour after a
 * fresh bottom's first sighting over that in the hour after its second, pooled per house
 * over the items of like k (retail and Classic; 1 for commodities). units_unseen = the
 * day's fast x rho p0 (1 - m) / (rho p0 m + p1 (1 - m)), plus the units won by a bid placed
 * before the house was first watched: an auction listed then that ran out without a risen
 * bid may have had one all along. Per house, B = ran_posted_bid / ran_posted (the share
 * with a bidder), Bs = ran_start_bid / ran_start (those seen to rise), and (B - Bs) / (1 -
 * Bs) of the day's start_unbid are counted sold (0 when B <= Bs). */
void sales_parts_sql(struct buf *out, const char *lifetimes, const char *snapshots,
                     const char *from_day);
void sales_rates_sql(struct buf *out, const char *parts);
void sales_days_sql(struct buf *out, const char *parts, const char *rates, const char *snapshots);

#endif
