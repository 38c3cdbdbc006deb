-- houses.sql - every house with snapshots in range: the first and last snapshot (its
-- Last-Modified), when the last was fetched, how many there are, the auctions of the
-- last, and the gaps: hours between two snapshots beyond the first (the API publishes
-- about hourly; an interval over 90 minutes is a gap of its whole hours minus one).
WITH s AS (SELECT *, snapshot_ts - lag(snapshot_ts) OVER (
                      PARTITION BY region, kind, realm_id, house_id ORDER BY snapshot_ts) AS dt
           FROM snapshots
           WHERE in_range(region, realm_id, snapshot_ts, $region, $realm, $since, $until)
             AND of_flavor(kind_flavor(kind), $flavors)),
h AS (SELECT region, kind, realm_id, house_id, min(snapshot_ts) AS first_ts,
             max(snapshot_ts) AS last_ts, max(fetched_at) AS fetched, count(*) AS n,
             arg_max(rows, snapshot_ts)::BIGINT AS auctions,
             count(*) FILTER (WHERE dt > INTERVAL 90 MINUTE) AS gaps,
             coalesce(sum(round(epoch(dt) / 3600)::BIGINT - 1)
                      FILTER (WHERE dt > INTERVAL 90 MINUTE), 0)::BIGINT AS missing
      FROM s GROUP BY region, kind, realm_id, house_id)
SELECT region, kind, realm_id, house_id, realm_label(region, kind, realm_id, house_id) AS realm,
       first_ts::TIMESTAMP AS first_snapshot, last_ts::TIMESTAMP AS last_snapshot,
       fetched::TIMESTAMP AS last_fetched, n AS snapshots, auctions, gaps,
       missing AS hours_missing
FROM h ORDER BY region, kind = 'commodity', kind, realm, house_id
