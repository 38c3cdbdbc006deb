-- realm_names.sql - a fragment: each connected realm's label name per market (kind): its
-- realm of the lowest id in its own flavour's realms, or for Classic progression, of
-- retail's (a data dir made before flavours listed them there), its own first, as
-- DuckDB's realm_rank(); joined USING (region, realm_id, kind) where realm_label() looks.
(SELECT region, crid AS realm_id, kind, argMin(nm, rk * 4294967296 + rid) AS rl_name
 FROM (SELECT region, connected_realm_id AS crid, realm_id AS rid, name AS nm,
              arrayJoin(if(toString(flavor) = 'retail', [('realm', 0), ('classic', 1)],
                           [(toString(flavor), 0)])) AS kr,
              kr.1 AS kind, kr.2 AS rk
       FROM realms)
 GROUP BY region, crid, kind)
