-- search_hits.sql - a fragment: the items of --flavor (flavor_items.sql) whose name in
-- any locale holds $text (case-insensitive), or whose id is $text, with the best rank r of their names (0 a
-- whole name or the id, 1 a name starting with it, 2 any part) and a name of that rank.
(SELECT item_id, argMin(n, rk) AS matched, min(rk) AS r
 FROM (SELECT item_id, n,
              multiIf(lowerUTF8(n) = lowerUTF8($text) OR toString(item_id) = $text, 0,
                      position(lowerUTF8(n), lowerUTF8($text)) = 1, 1, 2) AS rk
       FROM (SELECT item_id, arrayJoin(arrayPushBack(nvals, name)) AS n FROM @flavor_items@)
       WHERE position(lowerUTF8(n), lowerUTF8($text)) > 0 OR toString(item_id) = $text)
 GROUP BY item_id)
