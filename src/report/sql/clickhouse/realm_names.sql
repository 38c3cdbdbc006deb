-- realm_names.sql - a fragment: each connected realm's label name (its realm of the lowest
-- id), joined USING (region, realm_id) where DuckDB's realm_label() looks it up.
(SELECT region, crid AS realm_id, rl_name
 FROM (SELECT region, connected_realm_id AS crid, argMin(name, realm_id) AS rl_name FROM realms
       GROUP BY region, connected_realm_id))
