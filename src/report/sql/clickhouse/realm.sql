-- realm.sql - --realm NAME: the connected realms with a realm whose id, slug or name (any
-- locale, case-insensitive) is $name, or whose connected realm id is; $region narrows the
-- search (a slug can exist in several regions).
SELECT connected_realm_id, arrayStringConcat(arraySort(groupUniqArray(nm)), '/') AS names
FROM (SELECT region, connected_realm_id, realm_id, slug, name AS nm,
             arrayJoin(arrayPushBack(`names.value`, name)) AS n FROM realms)
WHERE (toString(realm_id) = $name OR toString(connected_realm_id) = $name
       OR lowerUTF8(slug) = lowerUTF8($name) OR lowerUTF8(n) = lowerUTF8($name))
  AND ($region IS NULL OR region = lower(ifNull($region, '')))
GROUP BY connected_realm_id ORDER BY connected_realm_id
