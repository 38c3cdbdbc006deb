-- movers.sql - market value now (the newest hour) against 24 hours ago (the newest hour in
-- the 12 hours before that) and 7 days ago (the newest hour in the day before that).
-- An hour's value is the unit-weighted median of the houses' market values (the value of
-- the house holding the middle unit), so a house whose only listing is a joke moves
-- nothing; both hours compared ($by: 24h or 7d) need $min_auctions auctions and
-- $min_units units. Moves rank by |ln(now / then)|: doubling and halving are the same
-- size, and -100% is not the largest possible fall. The hours are found in snapshots
-- first, so only three hours of the summary are read.
WITH hrs AS (SELECT DISTINCT region, date_trunc('hour', snapshot_ts) AS hr FROM snapshots
             WHERE in_range(region, realm_id, snapshot_ts, $region, $realm, $since, $until)
               AND of_flavor(kind_flavor(kind), $flavors)),
t AS (SELECT region, max(hr) AS now FROM hrs GROUP BY region),
tt AS (SELECT t.region, t.now,
              max(h.hr) FILTER (WHERE h.hr <= t.now - INTERVAL 24 HOUR
                                  AND h.hr > t.now - INTERVAL 36 HOUR) AS t24,
              max(h.hr) FILTER (WHERE h.hr <= t.now - INTERVAL 7 DAY
                                  AND h.hr > t.now - INTERVAL 8 DAY) AS t7
       FROM t JOIN hrs h USING (region) GROUP BY ALL),
sel AS (SELECT s.region, s.kind, s.realm_id, s.house_id, s.snapshot_ts,
               date_trunc('hour', s.snapshot_ts) AS hr,
               CASE date_trunc('hour', s.snapshot_ts) WHEN tt.now THEN 0 WHEN tt.t24 THEN 1
               ELSE 2 END AS which
        FROM snapshots s JOIN tt ON s.region = tt.region
         AND date_trunc('hour', s.snapshot_ts) IN (tt.now, tt.t24, tt.t7)
        WHERE in_range(s.region, s.realm_id, s.snapshot_ts, $region, $realm, $since, $until)
          AND of_flavor(kind_flavor(s.kind), $flavors)),
-- One join per hour compared: each probe of item_snapshots (in time order) gets its hour's
-- snapshot_ts range as a filter at run time, and reads that hour's row groups only.
hour_rows AS (SELECT x.hr, i.* FROM item_snapshots i JOIN sel x USING (region, kind, realm_id, house_id, snapshot_ts)
              WHERE x.which = 0 AND is_item(i.item_id, i.pet_species_id, $item, $species)
              UNION ALL
              SELECT x.hr, i.* FROM item_snapshots i JOIN sel x USING (region, kind, realm_id, house_id, snapshot_ts)
              WHERE x.which = 1 AND is_item(i.item_id, i.pet_species_id, $item, $species)
              UNION ALL
              SELECT x.hr, i.* FROM item_snapshots i JOIN sel x USING (region, kind, realm_id, house_id, snapshot_ts)
              WHERE x.which = 2 AND is_item(i.item_id, i.pet_species_id, $item, $species)),
h AS (SELECT region, kind, item_id, pet_species_id, hr,
             unit_median(round(market_value)::BIGINT, units) AS v,
             sum(auctions) AS a, sum(units) AS u
      FROM hour_rows GROUP BY ALL),
m AS (SELECT h.region, kind, item_id, pet_species_id,
             max(v) FILTER (WHERE hr = now) AS v_now, max(v) FILTER (WHERE hr = t24) AS v_24h,
             max(v) FILTER (WHERE hr = t7) AS v_7d,
             max(a) FILTER (WHERE hr = now) AS a_now, max(u) FILTER (WHERE hr = now) AS u_now,
             max(a) FILTER (WHERE hr = t24) AS a_24h, max(u) FILTER (WHERE hr = t24) AS u_24h,
             max(a) FILTER (WHERE hr = t7) AS a_7d, max(u) FILTER (WHERE hr = t7) AS u_7d
      FROM h JOIN tt USING (region) GROUP BY ALL),
c AS (SELECT *, CASE WHEN $by = '7d' THEN v_7d ELSE v_24h END AS v_then,
             CASE WHEN $by = '7d' THEN a_7d ELSE a_24h END AS a_then,
             CASE WHEN $by = '7d' THEN u_7d ELSE u_24h END AS u_then
      FROM m)
SELECT region, kind, item_id, item_label(item_id, pet_species_id, $flavors) AS item, v_now AS now,
       v_24h AS day_ago, pct(v_now - v_24h, v_24h) AS change_24h_pct, v_7d AS week_ago,
       pct(v_now - v_7d, v_7d) AS change_7d_pct, a_now::BIGINT AS auctions,
       u_now::BIGINT AS units
FROM c
WHERE v_now > 0 AND v_then > 0 AND a_now >= $min_auctions AND a_then >= $min_auctions
  AND u_now >= $min_units AND u_then >= $min_units
ORDER BY abs(ln(v_now / v_then)) DESC, region, kind, item_id, pet_species_id
LIMIT $limit
