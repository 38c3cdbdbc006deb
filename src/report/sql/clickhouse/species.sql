-- species.sql - the battle pet species listed as item $item (the pet cage), as p:SPECIES.
SELECT DISTINCT concat('p:', toString(pet_species_id)) AS species, pet_species_id
FROM item_snapshots WHERE item_id = $item AND pet_species_id > 0
  AND has(splitByChar(',', $flavors), multiIf(kind IN ('realm', 'commodity'), 'retail', kind)) ORDER BY pet_species_id
