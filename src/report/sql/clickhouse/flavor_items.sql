-- flavor_items.sql - a fragment: the items a report of --flavor ($flavors) names, as
-- DuckDB's flavor_items(): each id's name and locales' names (nvals) from the first
-- flavour listed whose items hold it, else retail's (rank 99; 0 drops another flavour's).
(SELECT item_id, argMin(name, rk) AS name, argMin(`names.value`, rk) AS nvals
 FROM (SELECT item_id, name, `names.value`,
              if(indexOf(splitByChar(',', $flavors), toString(flavor)) > 0,
                 indexOf(splitByChar(',', $flavors), toString(flavor)),
                 if(toString(flavor) = 'retail', 99, 0)) AS rk
       FROM items)
 WHERE rk > 0
 GROUP BY item_id)
