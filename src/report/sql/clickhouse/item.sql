-- item.sql - --item NAME: the items with a name (any locale, case-insensitive) equal to
-- $name, or with $part containing it; id and English name, for the candidates message.
SELECT item_id, min(nm) AS name
FROM (SELECT item_id, name AS nm, arrayJoin(arrayPushBack(`names.value`, name)) AS n FROM items)
WHERE if($part, position(lowerUTF8(n), lowerUTF8($name)) > 0, lowerUTF8(n) = lowerUTF8($name))
GROUP BY item_id ORDER BY item_id
