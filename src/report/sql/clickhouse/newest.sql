-- newest.sql - the newest snapshot within --region, --realm, --until and --flavor: where
-- history's default span ends (report.c, history_span). No snapshot: 18.16's max() of no
-- rows is the epoch, which report.c takes for none.
SELECT max(ts) AS ts FROM @latest@
