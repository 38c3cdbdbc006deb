-- Economy size: the gold listed on every house's snapshot of each hour, and the auctions,
-- per region (area chart: x time, y gold, series region).
-- columns: time DateTime('UTC'), region String, gold_listed Float64, auctions Int64
SELECT toDateTime(toStartOfHour(snapshot_ts), 'UTC') AS time, region, sum(ifNull(gold_listed, 0)) / 10000 AS gold_listed,
       sum(auctions) AS auctions
FROM item_snapshots
GROUP BY time, region
ORDER BY time, region
