-- score-sales-errors.sql: where the estimate's errors are, for realm and Classic auctions
-- (ERRORS=1 bench/score-sales.sh runs it after score-sales.sql, in the same session: it
-- reads that file's temp tables ev, span, tr, days and tu).
-- Each auction seen, its last lifetime, with its truth and the evidence the rules read:
-- time_left at the last sighting, whether its bid rose while seen, whether it was first
-- seen in its house's first snapshot (posted before anyone watched: a bid placed then is
-- never seen to rise).
CREATE TEMP TABLE lt AS SELECT l.kind, l.realm_id, l.house_id, l.auction_id, l.item_id,
  l.outcome, l.time_left_last, l.quantity_last, len(l.bid_changes) > 0 AS bid_rose,
  l.first_seen = s.t0 AS at_start, t.truth, (l.last_seen + INTERVAL 30 MINUTE)::DATE AS day
  FROM auction_lifetimes l JOIN span s USING (kind, realm_id, house_id)
  JOIN tr t USING (kind, realm_id, house_id, auction_id)
  WHERE l.kind <> 'commodity' AND l.outcome <> 'listed'
  QUALIFY l.last_seen = max(l.last_seen) OVER (PARTITION BY l.kind, l.realm_id, l.house_id,
  l.auction_id);
SELECT 'misjudged, by evidence' AS what, kind, truth, outcome AS est, time_left_last,
  bid_rose, at_start, count(*) AS auctions, sum(quantity_last) AS units FROM lt
  WHERE (truth = 'sold') <> (outcome = 'sold') GROUP BY ALL ORDER BY kind, truth, est,
  auctions DESC;
-- The units error over (house, item, day)s selling 10 or more, per day: the estimate's,
-- and what it would be with every seen auction judged right (its true units sold, on the
-- day they sold, plus the model of unseen sales as it is); and the units of the misjudged
-- auctions on those keys: sales judged expired (first seen at the start or not) or
-- cancelled, and withdrawals or expiries judged sold.
CREATE TEMP TABLE right_seen AS SELECT kind, realm_id, house_id, item_id, e.ts::DATE AS day,
  sum(e.quantity) AS units FROM ev e SEMI JOIN (SELECT * FROM lt WHERE truth = 'sold')
  USING (kind, realm_id, house_id, auction_id) WHERE e.event = 'sold' GROUP BY ALL;
CREATE TEMP TABLE wrong AS SELECT kind, realm_id, house_id, item_id, day,
  sum(quantity_last) FILTER (WHERE truth = 'sold' AND outcome = 'expired' AND at_start)
  AS sold_expired_start,
  sum(quantity_last) FILTER (WHERE truth = 'sold' AND outcome = 'expired' AND NOT at_start)
  AS sold_expired_later,
  sum(quantity_last) FILTER (WHERE truth = 'sold' AND outcome = 'cancelled') AS sold_cancelled,
  sum(quantity_last) FILTER (WHERE truth <> 'sold' AND outcome = 'sold') AS not_sold_sold
  FROM lt GROUP BY ALL;
CREATE TEMP TABLE est AS SELECT kind, realm_id, house_id, item_id, day, sum(units_sold) AS
  units, sum(units_unseen) AS unseen FROM item_sales_days WHERE kind <> 'commodity' AND day
  IN (SELECT day FROM days) GROUP BY ALL;
SELECT kind, day, sum(t.units) AS units_true, round(sum(abs(coalesce(e.units, 0) - t.units)) /
  sum(t.units), 4) AS units_error_10_a_day, round(sum(abs(coalesce(r.units, 0) +
  coalesce(e.unseen, 0) - t.units)) / sum(t.units), 4) AS seen_judged_right,
  sum(w.sold_expired_start) AS sold_expired_start, sum(w.sold_expired_later) AS
  sold_expired_later, sum(w.sold_cancelled) AS sold_cancelled, sum(w.not_sold_sold) AS
  not_sold_sold
  FROM tu t LEFT JOIN est e USING (kind, realm_id, house_id, item_id, day)
  LEFT JOIN right_seen r USING (kind, realm_id, house_id, item_id, day)
  LEFT JOIN wrong w USING (kind, realm_id, house_id, item_id, day)
  WHERE t.units >= 10 AND t.kind <> 'commodity' GROUP BY ALL ORDER BY kind, day;
