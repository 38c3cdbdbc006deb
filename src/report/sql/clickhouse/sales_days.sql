-- sales_days.sql - a fragment: the item's estimated sales per house and day within
-- --region, --realm, --since, --until and --flavor (DuckDB's in_days() and of_flavor()),
-- each house's sums: units (seen and unseen), units seen, auctions sold and ended, and
-- paid (the average sale price x the units seen, where a price is known). The item is a
-- range of the sort key (item_id first), as the other reports of one item.
(SELECT day, region, kind, realm_id, house_id, sum(units_sold) AS units,
        sum(units_seen) AS seen, sum(auctions_sold) AS sold, sum(auctions_ended) AS ended,
        sum(avg_price * units_seen) AS paid
 FROM item_sales_days
 WHERE item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647)
   AND ($species IS NULL OR pet_species_id = ifNull($species, 0))
   AND ($region IS NULL OR region = lower(ifNull($region, '')))
   AND ($realm IS NULL OR realm_id = ifNull($realm, 0)) AND @in_flavor@
   AND ($since IS NULL OR day >= toDate(ifNull($since, toDateTime(0, 'UTC'))))
   AND ($until IS NULL OR day <= toDate(ifNull($until, toDateTime(0, 'UTC'))))
 GROUP BY day, region, kind, realm_id, house_id)
