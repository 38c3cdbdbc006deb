-- item.sql - --item NAME: the items of --flavor (flavor_items.sql) with a name (any
-- locale, case-insensitive) equal to $name, or with $part containing it; id and English
-- name, for the candidates message.
SELECT item_id, min(nm) AS name
FROM (SELECT item_id, name AS nm, arrayJoin(arrayPushBack(nvals, name)) AS n
      FROM @flavor_items@)
WHERE if($part, position(lowerUTF8(n), lowerUTF8($name)) > 0, lowerUTF8(n) = lowerUTF8($name))
GROUP BY item_id ORDER BY item_id
