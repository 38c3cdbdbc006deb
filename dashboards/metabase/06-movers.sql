-- Movers: each item's mean market value over the houses at the newest hour against 24
-- hours before it, in gold and percent, largest moves first (table).
-- columns: item_id Int32, now_gold Float64, day_ago_gold Float64, change_pct Float64
SELECT item_id, now_v / 10000 AS now_gold, then_v / 10000 AS day_ago_gold,
       round(100 * (now_v - then_v) / then_v, 1) AS change_pct
FROM (SELECT item_id, avgIf(mv, hr = t) AS now_v, avgIf(mv, hr = t - 86400) AS then_v
      FROM (SELECT item_id, assumeNotNull(market_value) AS mv, toStartOfHour(snapshot_ts) AS hr,
                   (SELECT max(toStartOfHour(snapshot_ts)) FROM snapshots) AS t
            FROM item_snapshots
            WHERE isNotNull(market_value))
      WHERE hr = t OR hr = t - 86400
      GROUP BY item_id)
WHERE now_v > 0 AND then_v > 0
ORDER BY abs(log(now_v / then_v)) DESC, item_id
LIMIT 50
