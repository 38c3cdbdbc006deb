-- gaps.sql - each gap in a house's snapshots: two snapshots more than 90 minutes apart
-- (the API publishes about hourly), with the hours missed between them, newest first.
WITH s AS (SELECT region, kind, realm_id, house_id, snapshot_ts AS after_ts,
                  lead(snapshot_ts) OVER (PARTITION BY region, kind, realm_id, house_id
                                          ORDER BY snapshot_ts) AS before_ts
           FROM snapshots
           WHERE in_range(region, realm_id, snapshot_ts, $region, $realm, $since, $until)
             AND of_flavor(kind_flavor(kind), $flavors))
SELECT region, realm_label(region, kind, realm_id, house_id) AS realm,
       after_ts::TIMESTAMP AS after, before_ts::TIMESTAMP AS before,
       (round(epoch(before_ts - after_ts) / 3600)::BIGINT - 1) AS hours_missing
FROM s WHERE before_ts - after_ts > INTERVAL 90 MINUTE
ORDER BY before_ts DESC, region, realm LIMIT $limit
