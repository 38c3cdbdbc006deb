-- offers.sql - a fragment: each realm's lowest real offer lo of each item, the region
-- value rmv and the realm's label (a realm whose only listing is a joke, above 10 x the
-- region value, is neither where to buy nor where to sell). Commodities are one market
-- per region and are left out.
(SELECT region, kind, realm_id, house_id, item_id, pet_species_id, lo, rmv,
        @realm_label@ AS realm
 FROM (SELECT region, kind, realm_id, house_id, item_id, pet_species_id,
              assumeNotNull(min(ub)) AS lo, any(mv) AS rmv
       FROM (SELECT * FROM @realm_listings@ AS l
             ALL INNER JOIN @region_value@ AS rv USING (region, kind, item_id, pet_species_id)
             WHERE kind != 'commodity' AND ub <= mv * 10)
       GROUP BY region, kind, realm_id, house_id, item_id, pet_species_id)
 ALL LEFT JOIN @realm_names@ USING (region, realm_id, kind))
