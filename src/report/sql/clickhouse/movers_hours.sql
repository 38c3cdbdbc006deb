-- movers_hours.sql - a fragment: per region the newest hour t0 in range, t24 the newest
-- hour in the 12 hours that end 24 hours before it, t7 the newest in the day that ends 7
-- days before it (NULL when there is none).
(SELECT region, t0,
        if(countIf(hr <= t0 - 86400 AND hr > t0 - 129600) > 0,
           maxIf(hr, hr <= t0 - 86400 AND hr > t0 - 129600), NULL) AS t24,
        if(countIf(hr <= t0 - 604800 AND hr > t0 - 691200) > 0,
           maxIf(hr, hr <= t0 - 604800 AND hr > t0 - 691200), NULL) AS t7
 FROM @movers_hrs@ ALL INNER JOIN (SELECT region, max(hr) AS t0 FROM @movers_hrs@ GROUP BY region)
 USING (region)
 GROUP BY region, t0)
