-- species.sql - the battle pet species listed as item $item (the pet cage), as p:SPECIES.
SELECT DISTINCT 'p:' || pet_species_id::VARCHAR AS species, pet_species_id FROM item_snapshots
WHERE item_id = $item AND pet_species_id > 0 AND of_flavor(kind_flavor(kind), $flavors) ORDER BY pet_species_id
