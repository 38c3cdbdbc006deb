-- sales.sql - per day, the item's sales estimated from the auction lifetimes
-- (item_sales_days, fed from wowah.duckdb: docs/sales.md): per house, and the region's
-- sum over its houses (realm "region"), as DuckDB's sales.sql. A house row sums the
-- houses of one label (as DuckDB groups by it); rounding is half away from zero, as
-- DuckDB's round().
SELECT toDateTime(day) AS day, region, realm,
       toInt64(floor(units) + (units - floor(units) >= 0.5)) AS units_sold,
       toInt64(seen) AS units_seen, toInt64(sold) AS auctions_sold,
       toInt64(ended) AS auctions_ended,
       if(ended > 0, (floor(100.0 * sold / ended * 10) + (100.0 * sold / ended * 10 - floor(100.0 * sold / ended * 10) >= 0.5)) / 10, NULL)
         AS sale_rate_pct,
       if(seen > 0, toInt64(floor(paid / seen) + (paid / seen - floor(paid / seen) >= 0.5)), NULL)
         AS avg_price
FROM (SELECT day, region, realm, 0 AS is_region, sum(units) AS units, sum(seen) AS seen,
             sum(sold) AS sold, sum(ended) AS ended, sum(paid) AS paid
      FROM (SELECT day, region, @realm_label@ AS realm, units, seen, sold, ended, paid
            FROM @sales_days@
            ALL LEFT JOIN @realm_names@ USING (region, realm_id, kind))
      GROUP BY day, region, realm
      UNION ALL
      SELECT day, region, 'region', 1, sum(units), sum(seen), sum(sold), sum(ended), sum(paid)
      FROM @sales_days@
      GROUP BY day, region)
ORDER BY day, region, is_region, realm
