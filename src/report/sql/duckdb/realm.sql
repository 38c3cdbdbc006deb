-- realm.sql - --realm NAME: the connected realms with a realm whose id, slug or name (any
-- locale, case-insensitive) is $name, or whose connected realm id is; $region narrows the
-- search (a slug can exist in several regions). Only realms of --flavor ($flavors) count:
-- an Era realm and a retail one may share a name or an id. For Classic progression,
-- retail's realms stand in when none of its own matches (a data dir made before flavours
-- listed its Classic realms in the retail realms file, as realm_rank()).
SELECT connected_realm_id, string_agg(DISTINCT name, '/' ORDER BY name) AS names
FROM (SELECT *, unnest(list_append(map_values(names), name)) AS n,
             CASE WHEN of_flavor(flavor, $flavors) THEN 0
                  WHEN flavor = 'retail' AND of_flavor('classic', $flavors) THEN 1 END AS rk
      FROM realms)
WHERE (realm_id::VARCHAR = $name OR connected_realm_id::VARCHAR = $name
       OR lower(slug) = lower($name) OR lower(n) = lower($name))
  AND ($region IS NULL OR region = lower($region)) AND rk IS NOT NULL
GROUP BY connected_realm_id, rk
QUALIFY rk = min(rk) OVER ()
ORDER BY 1
