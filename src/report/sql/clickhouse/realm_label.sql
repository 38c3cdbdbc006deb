-- realm_label.sql - an expression: DuckDB's realm_label() over kind, realm_id, house_id and
-- rl_name (realm_names.sql joined).
if(kind = 'commodity', '(commodities)',
   concat(ifNull(rl_name, toString(realm_id)),
          if(house_id > 0, concat(' #', toString(house_id)), '')))
