-- realm.sql - --realm NAME: the connected realms with a realm whose id, slug or name (any
-- locale, case-insensitive) is $name, or whose connected realm id is; $region narrows the
-- search (a slug can exist in several regions).
SELECT connected_realm_id, string_agg(DISTINCT name, '/' ORDER BY name) AS names
FROM (SELECT *, unnest(list_append(map_values(names), name)) AS n FROM realms)
WHERE (realm_id::VARCHAR = $name OR connected_realm_id::VARCHAR = $name
       OR lower(slug) = lower($name) OR lower(n) = lower($name))
  AND ($region IS NULL OR region = lower($region))
GROUP BY ALL ORDER BY 1
