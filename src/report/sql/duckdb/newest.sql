-- newest.sql - the newest snapshot within --region, --realm, --until and --flavor: where
-- history's default span ends (report.c, history_span).
SELECT max(ts)::TIMESTAMP AS ts FROM latest($region, $realm, $since, $until, $flavors)
