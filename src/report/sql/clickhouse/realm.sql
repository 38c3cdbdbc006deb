-- realm.sql - --realm NAME: the connected realms with a realm whose id, slug or name (any
-- locale, case-insensitive) is $name, or whose connected realm id is; $region narrows the
-- search (a slug can exist in several regions). Only realms of --flavor ($flavors) count,
-- and retail's for Classic progression when none of its own matches, as DuckDB's realm.sql
-- (the best rank's rows from an array, 18.16 having no window functions).
SELECT m.2 AS connected_realm_id, m.3 AS names
FROM (SELECT groupArray((rk, crid, names)) AS g, min(rk) AS best
      FROM (SELECT connected_realm_id AS crid, rk,
                   arrayStringConcat(arraySort(groupUniqArray(nm)), '/') AS names
            FROM (SELECT region, connected_realm_id, realm_id, slug, name AS nm,
                         arrayJoin(arrayPushBack(`names.value`, name)) AS n,
                         multiIf(has(splitByChar(',', $flavors), toString(flavor)), 0,
                                 toString(flavor) = 'retail'
                                   AND has(splitByChar(',', $flavors), 'classic'), 1, 2) AS rk
                  FROM realms)
            WHERE (toString(realm_id) = $name OR toString(connected_realm_id) = $name
                   OR lowerUTF8(slug) = lowerUTF8($name) OR lowerUTF8(n) = lowerUTF8($name))
              AND ($region IS NULL OR region = lower(ifNull($region, ''))) AND rk < 2
            GROUP BY connected_realm_id, rk))
ARRAY JOIN g AS m
WHERE m.1 = best
ORDER BY connected_realm_id
