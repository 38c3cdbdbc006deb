-- item.sql - --item NAME: the items with a name (any locale, case-insensitive) equal to
-- $name, or with $part containing it; id and English name, for the candidates message.
SELECT item_id, min(name) AS name
FROM (SELECT item_id, name, unnest(list_append(map_values(names), name)) AS n FROM items)
WHERE CASE WHEN $part THEN contains(lower(n), lower($name)) ELSE lower(n) = lower($name) END
GROUP BY item_id ORDER BY item_id
