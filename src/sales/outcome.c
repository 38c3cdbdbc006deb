/* outcome.c - the estimate of sales.h as one query over the lifetimes. */
#include "sales/sales.h"

/* Each snapshot with the one before and after it in its house (%s: the snapshots). */
static const char snaps_sql[] =
        "WITH sn AS (SELECT region, kind, realm_id, house_id, snapshot_ts AS ts, "
        "lag(snapshot_ts) OVER h AS prev_ts, lead(snapshot_ts) OVER h AS next_ts FROM %s "
        "WINDOW h AS (PARTITION BY region, kind, realm_id, house_id ORDER BY snapshot_ts)), ";

/* The lifetimes to judge (%s: the lifetimes, %s: since), with their unit price, the next
 * snapshot, the last time_left change and the quantities seen. */
static const char lifetimes_sql[] =
        "l AS (SELECT l.*, COALESCE(l.unit_price, CASE WHEN l.buyout > 0 THEN l.buyout // "
        "l.quantity_first END) AS ub, n.next_ts, CASE WHEN len(l.time_left_changes) > 0 THEN "
        "l.time_left_changes[-1].ts END AS tl_changed, list_concat([l.quantity_first], "
        "list_transform(l.quantity_changes, lambda c: c.quantity)) AS qs FROM %s l JOIN sn n "
        "ON n.region = l.region AND n.kind = l.kind AND n.realm_id = l.realm_id AND "
        "n.house_id = l.house_id AND n.ts = l.last_seen WHERE l.last_seen >= %s), ";

/* The window its expiry lies in: at most the last bucket's longest after the first
 * sighting in that bucket (the last change, else the first sighting); more than the
 * bucket's shortest after the last sighting, and more than the bucket's longest after the
 * snapshot before the one it changed into that bucket in. The buckets are the API's:
 * SHORT < 30 min, MEDIUM 30 min to 2 h, LONG 2 to 12 h, VERY_LONG 12 to 48 h. */
static const char expiry_sql[] =
        "b AS (SELECT l.*, CASE time_left_last WHEN 'SHORT' THEN 1800 WHEN 'MEDIUM' THEN "
        "7200 WHEN 'LONG' THEN 43200 ELSE 172800 END AS tl_max, CASE time_left_last WHEN "
        "'SHORT' THEN 0 WHEN 'MEDIUM' THEN 1800 WHEN 'LONG' THEN 7200 ELSE 43200 END AS "
        "tl_min FROM l), "
        "x AS (SELECT b.*, epoch(coalesce(b.tl_changed, b.first_seen)) + b.tl_max AS exp_hi, "
        "greatest(epoch(b.last_seen) + b.tl_min, coalesce(epoch(p.prev_ts) + b.tl_max, 0)) "
        "AS exp_lo FROM b LEFT JOIN sn p ON p.region = b.region AND p.kind = b.kind AND "
        "p.realm_id = b.realm_id AND p.house_id = b.house_id AND p.ts = b.tl_changed), ";

/* The chance it expired before the next snapshot, and the units bought as it shrank. */
static const char chance_sql[] =
        "p AS (SELECT x.*, CASE WHEN next_ts IS NULL THEN NULL WHEN exp_hi <= epoch(next_ts) "
        "THEN 1.0 WHEN exp_lo >= epoch(next_ts) THEN 0.0 ELSE (epoch(next_ts) - exp_lo) / "
        "(exp_hi - exp_lo) END AS p_exp, list_sum(list_transform(range(1, len(qs)), lambda "
        "i: greatest(0, qs[i] - qs[i + 1]))) AS dropped, list_max(list_transform("
        "list_filter(range(1, len(qs)), lambda i: qs[i + 1] < qs[i]), lambda i: "
        "quantity_changes[i].ts)) AS last_drop FROM x), ";

/* Another listing m of p's item in p's house, cheaper than p (p.ub). */
#define CHEAPER_SQL                                                                             \
	"m.region = p.region AND m.kind = p.kind AND m.realm_id = p.realm_id AND m.house_id = " \
	"p.house_id AND m.item_id = p.item_id AND m.pet_species_id IS NOT DISTINCT FROM "       \
	"p.pet_species_id AND COALESCE(m.unit_price, CASE WHEN m.buyout > 0 THEN m.buyout // "  \
	"m.quantity_first END) < p.ub"

/* Undercut: a cheaper listing of the same item there at the last sighting and still there
 * at the next snapshot. Cheapest at its first sighting: no cheaper listing of its item was
 * there then (the listings whose units sell before anyone sees them, sales.h; %s: the
 * lifetimes, twice). */
static const char undercut_sql[] =
        "u AS (SELECT p.*, p.next_ts IS NOT NULL AND p.ub IS NOT NULL AND EXISTS (SELECT 1 "
        "FROM %s m WHERE " CHEAPER_SQL " AND m.first_seen <= p.last_seen AND m.last_seen >= "
        "p.next_ts) AS undercut, p.ub IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %s m WHERE "
        "" CHEAPER_SQL " AND m.first_seen <= p.first_seen AND m.last_seen >= p.first_seen) "
        "AS cheapest_first FROM p), ";

/* A bid that rose while it was seen is a bidder's, who wins the auction if it runs out:
 * one that vanished when it could have expired sold. A bidder does not end it earlier, so
 * before its expiry the other rules judge it. */
static const char verdict_sql[] =
        "o AS (SELECT u.*, p_exp >= 0.5 AND len(bid_changes) > 0 AND bid_changes[-1].bid > "
        "bid AS bid_won, CASE WHEN next_ts IS NULL THEN 'listed' WHEN bid_won THEN 'sold' "
        "WHEN p_exp >= 0.5 THEN 'expired' WHEN ub IS NULL OR undercut THEN 'cancelled' ELSE "
        "'sold' END AS outcome FROM u), ";

/* Each item's hours in its house with a buyout to buy (%s: the items, twice): whether its
 * cheapest listing was gone by the next snapshot (the lowest buyout rose, or none was
 * left), keyed by their hour of the day (UTC). Realm and Classic houses: the rules below
 * are theirs. */
static const char item_hours_sql[] =
        "ih AS (SELECT i.region, i.kind, i.realm_id, i.house_id, i.item_id, coalesce("
        "i.pet_species_id, 0) AS sp, i.snapshot_ts AS ts, (epoch(i.snapshot_ts)::BIGINT // "
        "3600) %% 24 AS hod, i.auctions, coalesce(n.min_buyout > i.min_buyout, true)::INTEGER "
        "AS gone FROM %s i JOIN sn s ON s.region = i.region AND s.kind = i.kind AND "
        "s.realm_id = i.realm_id AND s.house_id = i.house_id AND s.ts = i.snapshot_ts LEFT "
        "JOIN %s n ON n.region = i.region AND n.kind = i.kind AND n.realm_id = i.realm_id AND "
        "n.house_id = i.house_id AND n.item_id = i.item_id AND n.pet_species_id IS NOT "
        "DISTINCT FROM i.pet_species_id AND n.snapshot_ts = s.next_ts WHERE i.kind <> 'commodity' "
        "AND s.next_ts IS NOT NULL AND i.min_buyout IS NOT NULL), "
        "hf AS (SELECT region, kind, realm_id, house_id, min(ts) AS first_ts FROM sn GROUP BY "
        "ALL), "
        "hh AS (SELECT region, kind, realm_id, house_id, ts, hod, sum(gone) AS g, count(*) AS "
        "n, coalesce(sum(gone) FILTER (WHERE auctions = 1), 0) AS ga, count(*) FILTER (WHERE "
        "auctions = 1) AS na FROM ih GROUP BY ALL), "
        "hr AS (SELECT *, sum(g) OVER w / sum(n) OVER w AS r, sum(ga) OVER w / nullif(sum(na) "
        "OVER w, 0) AS ra, sum(n) OVER w / count(*) OVER w AS k, sum(g) OVER wh AS gh, "
        "sum(n) OVER wh AS nh FROM hh WINDOW w AS (PARTITION BY region, kind, realm_id, "
        "house_id ORDER BY ts RANGE BETWEEN " SALES_RECORD " PRECEDING AND CURRENT ROW), wh "
        "AS (PARTITION BY region, kind, realm_id, house_id, hod ORDER BY ts RANGE BETWEEN "
        "" SALES_RECORD " PRECEDING AND CURRENT ROW)), "
        "ir AS (SELECT *, count(*) OVER w AS hours, sum(gone) OVER w - gone AS vanished FROM "
        "ih WINDOW w AS (PARTITION BY region, kind, realm_id, house_id, item_id, sp ORDER BY "
        "ts RANGE BETWEEN " SALES_RECORD " PRECEDING AND CURRENT ROW)), ";

/* The chance that a listing judged sold or cancelled that could have run out did, given
 * that it vanished (p_gone): p / (p + (1 - p) r), p the chance it ran out before the next
 * snapshot and r the house's rate at which an item's cheapest listing vanished in an hour
 * (a listing that did not run out vanishes at most that often).
 * The chance that a listing judged sold was withdrawn (sales.h), when it was alone of its
 * item at its last sighting and its house had been watched SALES_WATCHED: c / (c + s), s
 * its item's vanishings per hour listed from a prior of SALES_PRIOR_VANISHINGS at the
 * house's rate for a listing alone (ra), times the house's rate in that hour of the day
 * (gh of nh item-hours, from a prior of one snapshot's item-hours, k, at its rate at all
 * hours: an hour seen once or twice, or with few items, says little) over r. */
static const char withdrawn_sql[] =
        "wd AS (SELECT o.*, CASE WHEN o.kind = 'realm' AND o.outcome = 'sold' AND NOT "
        "o.bid_won AND i.auctions = 1 AND h.r > 0 AND h.ra > 0 AND o.last_seen >= "
        "(SELECT first_ts FROM hf WHERE hf.region = o.region AND hf.kind = o.kind AND "
        "hf.realm_id = o.realm_id AND hf.house_id = o.house_id) + " SALES_WATCHED " THEN "
        "" SALES_WITHDRAWAL " / "
        "(" SALES_WITHDRAWAL " + (i.vanished + " SALES_PRIOR_VANISHINGS ") / (i.hours + "
        "" SALES_PRIOR_VANISHINGS
        " / h.ra) * (h.gh + h.k * h.r) / (h.nh + h.k) / h.r) END AS p_cut, CASE WHEN "
        "o.outcome IN ('sold', 'cancelled') AND NOT o.bid_won AND o.p_exp > 0 AND h.r > 0 "
        "THEN o.p_exp / (o.p_exp + (1 - o.p_exp) * h.r) END AS p_gone FROM o LEFT JOIN "
        "ir i ON i.region "
        "= o.region AND i.kind = o.kind AND i.realm_id = o.realm_id AND i.house_id = "
        "o.house_id AND i.item_id = o.item_id AND i.sp = coalesce(o.pet_species_id, 0) AND "
        "i.ts = o.last_seen LEFT JOIN hr h ON h.region = o.region AND h.kind = o.kind AND "
        "h.realm_id = o.realm_id AND h.house_id = o.house_id AND h.ts = o.last_seen), "
        "f AS (SELECT wd.* REPLACE (CASE WHEN p_gone >= 0.5 THEN 'expired' WHEN p_cut >= 0.5 "
        "THEN 'cancelled' ELSE outcome END AS outcome, coalesce(p_gone, p_exp) AS p_exp) FROM "
        "wd), ";

/* Cheapest at its second sighting: still there in its house's next snapshot and no listing
 * of its item cheaper then (a tie is not cheaper); never for one first seen in its house's
 * first snapshot. The model of unseen sales counts the hours whose bottom of the book was
 * first seen an hour before by it (sales.h; %s: the items). */
static const char cheapest_second_sql[] =
        "uf AS (SELECT f.*, coalesce(s.prev_ts IS NOT NULL AND f.ub IS NOT NULL AND "
        "f.last_seen >= s.next_ts AND f.ub <= n.min_buyout, false) AS cheapest_second FROM f "
        "LEFT JOIN sn s ON s.region = f.region AND s.kind = f.kind AND s.realm_id = "
        "f.realm_id AND s.house_id = f.house_id AND s.ts = f.first_seen LEFT JOIN %s n ON "
        "n.region = f.region AND n.kind = f.kind AND n.realm_id = f.realm_id AND n.house_id = "
        "f.house_id AND n.item_id = f.item_id AND n.pet_species_id = "
        "coalesce(f.pet_species_id, 0) AND n.snapshot_ts = s.next_ts) "
        "SELECT region, kind, realm_id, house_id, auction_id, first_seen, last_seen, outcome, "
        "(coalesce(dropped, 0) + CASE WHEN outcome = 'sold' THEN quantity_last ELSE 0 "
        "END)::INTEGER AS units_sold, CASE WHEN outcome = 'listed' THEN "
        "NULL WHEN bid_won THEN 1.0 WHEN outcome = 'expired' THEN p_exp WHEN p_cut IS NULL "
        "THEN 1 - p_exp WHEN outcome = 'sold' THEN (1 - p_exp) * (1 - p_cut) ELSE (1 - p_exp) "
        "* p_cut END AS confidence, CASE WHEN outcome = 'sold' THEN "
        "last_seen + (next_ts - last_seen) / 2 WHEN coalesce(dropped, 0) > 0 THEN "
        "last_drop - INTERVAL 30 MINUTE END AS sold_at, cheapest_first, cheapest_second "
        "FROM uf";

void sales_outcomes_sql(struct buf *out, const char *lifetimes, const char *snapshots,
                        const char *items, const char *since)
{
	buf_printf(out, snaps_sql, snapshots);
	buf_printf(out, lifetimes_sql, lifetimes, since);
	buf_puts(out, expiry_sql);
	buf_puts(out, chance_sql);
	buf_printf(out, undercut_sql, lifetimes, lifetimes);
	buf_puts(out, verdict_sql);
	buf_printf(out, item_hours_sql, items, items);
	buf_puts(out, withdrawn_sql);
	buf_printf(out, cheapest_second_sql, items);
}

/* Each lifetime once, with its unit price, its items' key as the tables have it, whether it
 * was first seen after its house's first snapshot (posted in the hour before) and its
 * house's snapshot after its first sighting (%s: the snapshots, the lifetimes). */
static const char parts_in_sql[] =
        "WITH sn AS (SELECT region, kind, realm_id, house_id, snapshot_ts AS ts, "
        "lead(snapshot_ts) OVER h AS next_ts, min(snapshot_ts) OVER h AS t0 FROM %s WINDOW h "
        "AS (PARTITION BY region, kind, realm_id, house_id ORDER BY snapshot_ts ROWS BETWEEN "
        "UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)), "
        "l AS (SELECT l.* REPLACE (coalesce(l.pet_species_id, 0) AS pet_species_id), "
        "COALESCE(l.unit_price, CASE WHEN l.buyout > 0 THEN l.buyout // l.quantity_first END) "
        "AS ub, coalesce(l.first_seen > sn.t0, false) AS posted_seen, sn.next_ts AS second_ts "
        "FROM %s l LEFT JOIN sn "
        "ON sn.region = l.region AND sn.kind = l.kind AND sn.realm_id = l.realm_id AND "
        "sn.house_id = l.house_id AND sn.ts = l.first_seen), ";

/* The three days a lifetime counts on (%s: the first day, three times): the day its units
 * sold, the day it ended, the day it was first seen (its units posted, and those of them
 * bought within the hour after; and, of the listings first seen as the bottom of the book
 * (fresh), those sold within that hour, those still the bottom at their second sighting
 * (aged) and those of them sold within the hour after it). */
static const char parts_days_sql[] =
        "seen AS (SELECT region, kind, realm_id, house_id, sold_at::DATE AS day, item_id, "
        "pet_species_id, sum(units_sold) AS units, sum(units_sold * ub) / "
        "nullif(sum(units_sold) FILTER (WHERE ub IS NOT NULL), 0) AS avg_price FROM l "
        "WHERE units_sold > 0 AND sold_at::DATE >= %s GROUP BY ALL), "
        "ended AS (SELECT region, kind, realm_id, house_id, last_seen::DATE AS day, "
        "item_id, pet_species_id, count(*) FILTER (WHERE outcome <> 'listed') AS "
        "auctions_ended, count(*) FILTER (WHERE outcome = 'sold') AS auctions_sold FROM l "
        "WHERE last_seen::DATE >= %s GROUP BY ALL), "
        "new AS (SELECT region, kind, realm_id, house_id, first_seen::DATE AS day, "
        "item_id, pet_species_id, sum(quantity_first) AS posted, sum(fast) AS fast, "
        "count(*) FILTER (WHERE fresh) AS fresh, count(*) FILTER (WHERE fresh AND outcome = "
        "'sold' AND sightings = 1) AS fresh_sold, count(*) FILTER (WHERE fresh AND "
        "cheapest_second) AS aged, count(*) FILTER (WHERE fresh AND cheapest_second AND "
        "outcome = 'sold' AND last_seen = second_ts) AS aged_sold FROM "
        "(SELECT *, CASE WHEN outcome = 'sold' AND sightings = 1 THEN quantity_first WHEN "
        "len(quantity_changes) > 0 AND quantity_changes[1].ts <= first_seen + INTERVAL 90 "
        "MINUTE THEN greatest(0, quantity_first - quantity_changes[1].quantity) ELSE 0 END "
        "AS fast, cheapest_first AND posted_seen AS fresh FROM l) WHERE first_seen::DATE >= "
        "%s GROUP BY ALL), ";

/* The auctions with a bid that could have run out when they vanished (judged expired, or
 * sold to a bidder: a risen bid, last seen SHORT or MEDIUM), by the day of their last
 * sighting: those watched from their posting (first seen after the house's first snapshot)
 * and those already listed when the house was first watched, each with how many showed a
 * risen bid; and the units of those of the second kind judged expired without one, of
 * which a bidder who bid before anyone watched won some (sales.h; %s: the first day). */
static const char parts_bids_sql[] =
        "bids AS (SELECT region, kind, realm_id, house_id, last_seen::DATE AS day, item_id, "
        "pet_species_id, count(*) FILTER (WHERE posted_seen) AS ran_posted, count(*) FILTER "
        "(WHERE posted_seen AND rose) AS ran_posted_bid, count(*) FILTER (WHERE NOT "
        "posted_seen) AS ran_start, count(*) FILTER (WHERE NOT posted_seen AND rose) AS "
        "ran_start_bid, sum(quantity_last) FILTER (WHERE NOT posted_seen AND NOT rose) AS "
        "start_unbid FROM (SELECT *, len(bid_changes) > 0 AND bid_changes[-1].bid > bid AS "
        "rose FROM l WHERE kind <> 'commodity' AND bid > 0) WHERE (outcome = 'expired' OR "
        "(outcome = 'sold' AND rose AND time_left_last IN ('SHORT', 'MEDIUM'))) AND "
        "last_seen::DATE >= %s GROUP BY ALL), ";

/* The snapshots whose bottom of the book (the cheapest listing of the item, the newest of
 * a tie) was first seen in them (a listing first seen as the cheapest, posted within the
 * hour) or in the one before (one still the cheapest at its second sighting, with no new
 * one beside it), by the day of the snapshot (%s: the first day). Each needs only the
 * lifetimes seen in that snapshot, which count on its day. */
static const char parts_bottom_sql[] =
        "fresh AS (SELECT DISTINCT region, kind, realm_id, house_id, item_id, pet_species_id, "
        "first_seen AS ts FROM l WHERE cheapest_first AND posted_seen), "
        "aged AS (SELECT DISTINCT region, kind, realm_id, house_id, item_id, pet_species_id, "
        "second_ts AS ts FROM l WHERE cheapest_second), "
        "bottom AS (SELECT region, kind, realm_id, house_id, ts::DATE AS day, item_id, "
        "pet_species_id, count(*) FILTER (WHERE is_new) AS bottom_new, count(*) FILTER (WHERE "
        "NOT is_new) AS bottom_prev FROM (SELECT *, true AS is_new FROM fresh UNION ALL SELECT "
        "*, false FROM (FROM aged EXCEPT FROM fresh)) WHERE ts::DATE >= %s GROUP BY ALL), ";

static const char parts_join_sql[] =
        "k AS (SELECT region, kind, realm_id, house_id, day, item_id, pet_species_id FROM "
        "seen UNION SELECT region, kind, realm_id, house_id, day, item_id, pet_species_id "
        "FROM ended UNION SELECT region, kind, realm_id, house_id, day, item_id, "
        "pet_species_id FROM new UNION SELECT region, kind, realm_id, house_id, day, item_id, "
        "pet_species_id FROM bottom UNION SELECT region, kind, realm_id, house_id, day, "
        "item_id, pet_species_id FROM bids) "
        "SELECT k.*, coalesce(e.auctions_ended, 0) AS auctions_ended, "
        "coalesce(e.auctions_sold, 0) AS auctions_sold, e.auctions_sold / "
        "nullif(e.auctions_ended, 0) AS sale_rate, coalesce(s.units, 0) AS units_seen, "
        "s.avg_price, n.posted, coalesce(n.fast, 0) AS fast, coalesce(b.bottom_new, 0) AS "
        "bottom_new, coalesce(b.bottom_prev, 0) AS bottom_prev, coalesce(n.fresh, 0) AS fresh, "
        "coalesce(n.fresh_sold, 0) AS fresh_sold, coalesce(n.aged, 0) AS aged, "
        "coalesce(n.aged_sold, 0) AS aged_sold, coalesce(d.ran_posted, 0) AS ran_posted, "
        "coalesce(d.ran_posted_bid, 0) AS ran_posted_bid, coalesce(d.ran_start, 0) AS "
        "ran_start, coalesce(d.ran_start_bid, 0) AS ran_start_bid, coalesce(d.start_unbid, 0) "
        "AS start_unbid FROM k "
        "LEFT JOIN seen s USING (region, kind, realm_id, house_id, day, item_id, "
        "pet_species_id) "
        "LEFT JOIN ended e USING (region, kind, realm_id, house_id, day, item_id, "
        "pet_species_id) "
        "LEFT JOIN new n USING (region, kind, realm_id, house_id, day, item_id, "
        "pet_species_id) "
        "LEFT JOIN bottom b USING (region, kind, realm_id, house_id, day, item_id, "
        "pet_species_id) "
        "LEFT JOIN bids d USING (region, kind, realm_id, house_id, day, item_id, "
        "pet_species_id)";

void sales_parts_sql(struct buf *out, const char *lifetimes, const char *snapshots,
                     const char *from_day)
{
	buf_printf(out, parts_in_sql, snapshots, lifetimes);
	buf_printf(out, parts_days_sql, from_day, from_day, from_day);
	buf_printf(out, parts_bids_sql, from_day);
	buf_printf(out, parts_bottom_sql, from_day);
	buf_puts(out, parts_join_sql);
}

void sales_rates_sql(struct buf *out, const char *parts)
{
	buf_printf(out,
	           "SELECT region, kind, realm_id, house_id, item_id, pet_species_id, "
	           "sum(fast) AS fast, sum(coalesce(posted, 0)) AS posted, sum(bottom_new) AS "
	           "bottom_new, sum(bottom_prev) AS bottom_prev, sum(fresh) AS fresh, "
	           "sum(fresh_sold) AS fresh_sold, sum(aged) AS aged, sum(aged_sold) AS aged_sold, "
	           "sum(ran_posted) AS ran_posted, sum(ran_posted_bid) AS ran_posted_bid, "
	           "sum(ran_start) AS ran_start, sum(ran_start_bid) AS ran_start_bid "
	           "FROM %s GROUP BY ALL",
	           parts);
}

/* The share of a snapshot-to-snapshot hour's demand, at the bottom of an item's book, that
 * goes to listings first seen at most a (0 < a < 2) hours before: the bottom's age is spread
 * within each hour as e^-ka, k the decay from the first hour to the second (sales.h). Its
 * mean share of the first hour, m(k), is that of the truncated exponential: 1 / k - e^-k /
 * (1 - e^-k), a half when the hours are alike. */
#define AGE_MEAN(k) \
	"CASE WHEN " k " > 1e-6 THEN 1 / " k " - exp(-" k ") / (1 - exp(-" k ")) ELSE 0.5 END"

/* The hours a house was watched after its first snapshot: those whose bottom of the book
 * can have been posted in the hour before (%s: the snapshots). */
static const char unseen_hours_sql[] =
        "WITH hw AS (SELECT region, kind, realm_id, house_id, count(*) - 1 AS hours FROM %s "
        "GROUP BY ALL), ";

/* The chance that an auction already listed when its house was first watched, which ran out
 * without a risen bid, was won by a bidder who bid before anyone watched, per house (%s:
 * the rates): of the auctions that could have run out, those watched from their posting
 * show the share with a bidder (B), those listed before the watch a smaller share of risen
 * bids (Bs), the rest of theirs having bid unseen: (B - Bs) / (1 - Bs). */
static const char unseen_bidders_sql[] =
        "bw AS (SELECT region, kind, realm_id, house_id, CASE WHEN b > bs THEN (b - bs) / (1 - "
        "bs) ELSE 0 END AS cb FROM (SELECT region, kind, realm_id, house_id, sum(ran_posted_bid) "
        "/ nullif(sum(ran_posted), 0) AS b, sum(ran_start_bid) / nullif(sum(ran_start), 0) AS "
        "bs FROM %s GROUP BY ALL)), ";

/* Per house and item, the shares p0 and p1 of the hours watched whose bottom of the book was
 * first seen in that snapshot and in the one before (p1 from a prior of half such an hour:
 * none seen says the second hour is short, not empty), k = ln(p0 / p1) and m(k) (%s: the
 * rates). */
static const char unseen_ages_sql[] =
        "a AS (SELECT r.region, r.kind, r.realm_id, r.house_id, item_id, pet_species_id, "
        "fresh, fresh_sold, aged, aged_sold, bottom_new / hw.hours AS p0, (bottom_prev + 0.5) / "
        "hw.hours AS p1 FROM %s r JOIN hw "
        "USING (region, kind, realm_id, house_id) WHERE hw.hours > 0), "
        "ak AS (SELECT *, CASE WHEN p0 > p1 THEN ln(p0 / p1) ELSE 0 END AS k FROM a), "
        "am AS (SELECT *, " AGE_MEAN("k") " AS m FROM ak), ";

/* How much faster a bottom under an hour old is bought than one an hour older, rho, per
 * house and class of items alike in k (steps of a half, 3 and over as one): the hazard of
 * a sale in the hour after a fresh bottom's first sighting, -ln(1 - q0), over that in the
 * hour after its second, -ln(1 - q1), for those still the bottom then. q0 from half a
 * sale's prior, q1 from one listing's at q0: with no hour-old bottom seen, no difference
 * (rho 1). Retail and Classic only: a commodity listing sells partly, and whether it sold
 * within the hour says little of how fast. */
static const char unseen_hazard_sql[] =
        "kc AS (SELECT *, least(floor(k * 2) / 2, 3) AS kb FROM am), "
        "hc AS (SELECT region, kind, realm_id, house_id, kb, (sum(fresh_sold) + 0.5) / "
        "(sum(fresh) + 1) AS q0, sum(aged_sold) AS aged_sold, sum(aged) AS aged FROM kc GROUP "
        "BY ALL), "
        "hz AS (SELECT region, kind, realm_id, house_id, kb, CASE WHEN kind = 'commodity' THEN "
        "1 ELSE ln(1 - q0) / ln(1 - (aged_sold + q0) / (aged + 1)) END AS rho FROM hc), ";

/* The unseen units for every unit bought within the hour after its first sighting: a unit
 * bought s after a snapshot (s spread evenly over the hour) goes unseen when the bottom is
 * younger than s, to a listing in its first hour seen when the bottom's age is between s
 * and s + 1, and a bottom under an hour old draws rho times the demand of an older one:
 * rho p0 (1 - m) against rho p0 m + p1 (1 - m). */
static const char unseen_rates_sql[] =
        "r AS (SELECT kc.*, CASE WHEN p0 > 0 THEN rho * p0 * (1 - m) / (rho * p0 * m + p1 * "
        "(1 - m)) ELSE 0 END AS uf FROM kc JOIN hz USING (region, kind, realm_id, house_id, "
        "kb)), ";

/* Each day's unseen units (%s: the parts): its units bought within the hour after their
 * first sighting, times the item's unseen units for each of them; and the expected units of
 * its auctions listed before the watch and won by an unseen bid. */
static const char unseen_days_sql[] =
        "d AS (SELECT p.*, coalesce(p.fast * r.uf, 0) + coalesce(p.start_unbid * bw.cb, 0) AS "
        "u FROM %s p LEFT JOIN r USING (region, kind, realm_id, house_id, item_id, "
        "pet_species_id) LEFT JOIN bw USING (region, kind, realm_id, house_id)) "
        "SELECT region, kind, realm_id, house_id, day, item_id, pet_species_id, "
        "auctions_ended, auctions_sold, sale_rate, units_seen, u AS units_unseen, units_seen + "
        "u AS units_sold, avg_price FROM d";

void sales_days_sql(struct buf *out, const char *parts, const char *rates, const char *snapshots)
{
	buf_printf(out, unseen_hours_sql, snapshots);
	buf_printf(out, unseen_bidders_sql, rates);
	buf_printf(out, unseen_ages_sql, rates);
	buf_puts(out, unseen_hazard_sql);
	buf_puts(out, unseen_rates_sql);
	buf_printf(out, unseen_days_sql, parts);
}
