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
-- What the units error of every kind is made of (docs/sales.md, "Unseen units: where the
-- error is"), over (house, item, day)s selling 10 or more: the estimate's; with the true
-- unseen units in place of the model's (what is left is the judging of seen auctions);
-- with the true units sold after a first sighting in place of the seen estimate (what is
-- left is the model of unseen sales); and the unseen units, true and estimated, beside the
-- units bought within the hour after a first sighting (fast: the model's base), true and
-- estimated. An auction's units sold before its first sighting, or never seen, are unseen.
CREATE TEMP TABLE fs AS SELECT kind, realm_id, house_id, auction_id, min(first_seen) AS
  first_seen FROM auction_lifetimes GROUP BY ALL;
CREATE TEMP TABLE tun AS SELECT kind, realm_id, house_id, item_id, e.ts::DATE AS day,
  sum(e.quantity) AS unseen FROM ev e SEMI JOIN span USING (kind, realm_id, house_id)
  LEFT JOIN fs f USING (kind, realm_id, house_id, auction_id) WHERE e.event = 'sold' AND
  (f.first_seen IS NULL OR e.ts < f.first_seen) GROUP BY ALL;
CREATE TEMP TABLE tfast AS SELECT kind, sum(e.quantity) AS units FROM ev e
  JOIN fs f USING (kind, realm_id, house_id, auction_id)
  JOIN (SELECT kind, realm_id, house_id, snapshot_ts, lead(snapshot_ts) OVER (PARTITION BY
  kind, realm_id, house_id ORDER BY snapshot_ts) AS next_ts FROM snapshots) s ON s.kind =
  f.kind AND s.realm_id = f.realm_id AND s.house_id = f.house_id AND s.snapshot_ts =
  f.first_seen WHERE e.event = 'sold' AND e.ts >= f.first_seen AND e.ts < s.next_ts AND
  f.first_seen::DATE IN (SELECT day FROM days) GROUP BY ALL;
CREATE TEMP TABLE parts AS SELECT kind, realm_id, house_id, item_id, day, sum(units_seen) AS
  seen, sum(units_unseen) AS unseen FROM item_sales_days WHERE day IN (SELECT day FROM days)
  GROUP BY ALL;
SELECT 'units error, 10+/day, made of' AS what, kind, sum(t.units) AS units_true,
  round(sum(abs(coalesce(p.seen, 0) + coalesce(p.unseen, 0) - t.units)) / sum(t.units), 4)
  AS estimate, round(sum(abs(coalesce(p.seen, 0) + coalesce(u.unseen, 0) - t.units)) /
  sum(t.units), 4) AS unseen_true, round(sum(abs(t.units - coalesce(u.unseen, 0) +
  coalesce(p.unseen, 0) - t.units)) / sum(t.units), 4) AS seen_true,
  sum(u.unseen) AS true_unseen, round(sum(p.unseen)) AS est_unseen
  FROM tu t LEFT JOIN parts p USING (kind, realm_id, house_id, item_id, day)
  LEFT JOIN tun u USING (kind, realm_id, house_id, item_id, day) WHERE t.units >= 10
  GROUP BY ALL ORDER BY kind;
SELECT 'unseen per unit of fast' AS what, kind, t.units AS fast_true, f.fast AS fast_est,
  u.unseen AS unseen_true, round(u.unseen / t.units, 3) AS true_ratio, e.unseen AS
  unseen_est, round(e.unseen / f.fast, 3) AS est_ratio FROM tfast t
  JOIN (SELECT kind, sum(fast) AS fast FROM item_sales_parts WHERE day IN (SELECT day FROM
  days) GROUP BY ALL) f USING (kind)
  JOIN (SELECT kind, sum(unseen) AS unseen FROM tun WHERE day IN (SELECT day FROM days)
  GROUP BY ALL) u USING (kind)
  JOIN (SELECT kind, round(sum(unseen)) AS unseen FROM parts GROUP BY ALL) e USING (kind)
  ORDER BY kind;
