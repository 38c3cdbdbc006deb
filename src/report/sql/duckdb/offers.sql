-- offers.sql - a fragment, after pooled.sql: "f", each realm's lowest real offer of each
-- item (a realm whose only listing is a joke is neither where to buy nor where to sell).
-- Commodities are one market per region and are left out.
f AS (SELECT region, kind, realm_id, house_id, item_id, pet_species_id, min(l.ub) AS lo,
             any_value(rv.mv) AS rmv, realm_label(region, kind, realm_id, house_id) AS realm
      FROM l JOIN rv USING (region, kind, item_id, pet_species_id)
      WHERE kind <> 'commodity' AND fair(l.ub, rv.mv) GROUP BY ALL)
