-- score-sales.sql: the queries of score-sales.sh over wowah.duckdb and the truth (TRUTH).
CREATE TEMP TABLE ev AS SELECT CASE WHEN realm_id = 0 THEN 'commodity' WHEN auction_house_id
  IS NOT NULL THEN 'classic' ELSE 'realm' END AS kind, realm_id, coalesce(auction_house_id, 0)
  AS house_id, auction_id, item_id, event, quantity, "at" AS ts
  FROM read_json('TRUTH', format = 'newline_delimited', columns = {event: 'VARCHAR',
  realm_id: 'INTEGER', auction_house_id: 'INTEGER', auction_id: 'BIGINT', item_id: 'INTEGER',
  quantity: 'INTEGER', unit_price: 'BIGINT', "at": 'TIMESTAMPTZ', flavor: 'VARCHAR'})
  -- Era and Anniversary lines name their flavour; the histories scored pull retail and
  -- Classic progression only, and Era realms may share their ids
  WHERE flavor IS NULL;
CREATE TEMP TABLE span AS SELECT kind, realm_id, house_id, min(snapshot_ts) AS t0,
  max(snapshot_ts) AS t1 FROM snapshots GROUP BY ALL;
-- the truth per auction, as of its house's last snapshot
CREATE TEMP TABLE tr AS SELECT e.kind, e.realm_id, e.house_id, auction_id,
  CASE WHEN bool_or(event = 'expired') THEN 'expired' WHEN bool_or(event = 'cancelled') THEN
  'cancelled' WHEN sum(quantity) FILTER (WHERE event = 'sold') >= max(quantity) FILTER (WHERE
  event = 'posted') THEN 'sold' ELSE 'listed' END AS truth
  FROM ev e JOIN span s USING (kind, realm_id, house_id) WHERE e.ts <= s.t1 GROUP BY ALL;
-- the estimate and the baselines per auction seen (its last lifetime)
CREATE TEMP TABLE es AS SELECT kind, realm_id, house_id, auction_id,
  arg_max(outcome, last_seen) AS est,
  CASE WHEN arg_max(outcome, last_seen) = 'listed' THEN 'listed' ELSE 'sold' END AS b1,
  CASE WHEN arg_max(outcome, last_seen) = 'listed' THEN 'listed' WHEN
  arg_max(time_left_last, last_seen) = 'SHORT' THEN 'expired' ELSE 'sold' END AS b2
  FROM auction_lifetimes GROUP BY ALL;
CREATE TEMP TABLE j AS SELECT * FROM tr JOIN es USING (kind, realm_id, house_id, auction_id)
  WHERE truth <> 'listed' OR est <> 'listed';
SELECT 'confusion (rows: truth)' AS what, kind, truth, count(*) FILTER (WHERE est = 'sold') AS
  est_sold, count(*) FILTER (WHERE est = 'cancelled') AS est_cancelled, count(*) FILTER (WHERE
  est = 'expired') AS est_expired, count(*) FILTER (WHERE est = 'listed') AS est_listed
  FROM j GROUP BY ALL ORDER BY kind, truth;
SELECT kind, m AS method, round(tp / nullif(tp + fp, 0), 4) AS precision,
  round(tp / nullif(tp + fn, 0), 4) AS recall,
  round(2 * tp / nullif(2 * tp + fp + fn, 0), 4) AS f1 FROM (
  SELECT kind, m, count(*) FILTER (WHERE o = 'sold' AND truth = 'sold') AS tp,
  count(*) FILTER (WHERE o = 'sold' AND truth <> 'sold') AS fp,
  count(*) FILTER (WHERE o <> 'sold' AND truth = 'sold') AS fn
  FROM (SELECT kind, truth, 'estimate' AS m, est AS o FROM j UNION ALL SELECT kind, truth,
  'vanished=sold', b1 FROM j UNION ALL SELECT kind, truth, 'vanished not SHORT', b2 FROM j)
  GROUP BY ALL) ORDER BY kind, m;
-- units sold per (house, item, day), whole days within every house's snapshots only
CREATE TEMP TABLE days AS SELECT d::DATE AS day FROM range((SELECT max(t0) FROM span)::DATE + 1,
  (SELECT min(t1) FROM span)::DATE, INTERVAL 1 DAY) r(d);
-- (the houses pulled only: a history without Classic must not score Classic's sales)
CREATE TEMP TABLE tu AS SELECT kind, realm_id, house_id, item_id, ts::DATE AS day,
  sum(quantity) AS units FROM ev SEMI JOIN span USING (kind, realm_id, house_id)
  WHERE event = 'sold' AND ts::DATE IN (SELECT day FROM days) GROUP BY ALL;
CREATE TEMP TABLE eu AS SELECT kind, realm_id, house_id, item_id, m, day, sum(u) AS units
  FROM (SELECT kind, realm_id, house_id, item_id, 'estimate' AS m, day, units_sold AS u
  FROM item_sales_days UNION ALL
  SELECT kind, realm_id, house_id, item_id, 'estimate, seen only', day, units_seen
  FROM item_sales_days UNION ALL
  SELECT kind, realm_id, house_id, item_id, 'vanished=sold', (last_seen + INTERVAL 30 MINUTE)::DATE,
  quantity_first FROM auction_lifetimes WHERE outcome <> 'listed' UNION ALL
  SELECT kind, realm_id, house_id, item_id, 'vanished not SHORT', (last_seen + INTERVAL 30
  MINUTE)::DATE, quantity_first FROM auction_lifetimes WHERE outcome <> 'listed' AND
  time_left_last <> 'SHORT') WHERE day IN (SELECT day FROM days) GROUP BY ALL;
CREATE TEMP TABLE ue AS WITH k AS (SELECT kind, realm_id, house_id, item_id, day FROM tu UNION
  SELECT kind, realm_id, house_id, item_id, day FROM eu),
  mk AS (SELECT * FROM k CROSS JOIN (SELECT DISTINCT m FROM eu))
SELECT kind, m, day, t.units AS tu, e.units AS eu, abs(coalesce(e.units, 0) -
  coalesce(t.units, 0)) AS err FROM mk LEFT JOIN tu t USING (kind, realm_id, house_id,
  item_id, day) LEFT JOIN eu e USING (kind, realm_id, house_id, item_id, day, m);
SELECT kind, m AS method, round(sum(err) / sum(coalesce(tu, 0)), 4) AS units_error,
  round(sum(err) FILTER (WHERE tu >= 10) / sum(tu) FILTER (WHERE tu >= 10), 4) AS
  units_error_10_a_day, sum(tu) AS units_true, sum(eu) AS units_est
  FROM ue GROUP BY ALL ORDER BY kind, m;
-- the same per day: a gain must hold on a history's later days, not only its first
SELECT kind, m AS method, day, round(sum(err) / sum(coalesce(tu, 0)), 4) AS units_error,
  round(sum(err) FILTER (WHERE tu >= 10) / sum(tu) FILTER (WHERE tu >= 10), 4) AS
  units_error_10_a_day, sum(tu) AS units_true, round(sum(eu)) AS units_est
  FROM ue WHERE m IN ('estimate', 'estimate, seen only') GROUP BY ALL ORDER BY kind, m, day;
