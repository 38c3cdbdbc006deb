-- helpers.sql - TEMP macros the DuckDB reports share, run before each report. They live
-- in the report's connection only, so nothing that needs wowah's functions is ever stored
-- in wowah.duckdb. Parameters reach them as arguments: DuckDB folds the bound values into
-- constants, so "p_realm IS NULL OR ..." costs nothing and filters still reach the scans.

-- Copper as an integer (half away from zero, as gold() rounds).
CREATE OR REPLACE TEMP MACRO copper(v) AS round(v)::BIGINT;

-- a in percent of b, one decimal.
CREATE OR REPLACE TEMP MACRO pct(a, b) AS
  CASE WHEN b > 0 THEN round(100.0 * a / b, 1)::DOUBLE END;

-- A listing is a real offer at or below 10 times the region's market value: top counts
-- only their gold (a few 9,999,999g posts would otherwise outweigh a whole market) and
-- arbitrage buys and sells only at them. The cheapest listing of the region is always
-- one, as the market value is never below it.
CREATE OR REPLACE TEMP MACRO fair(ub, mv) AS ub <= mv * 10;

-- The flavour of a house's market (kind): realm ids of two flavours are two realms.
CREATE OR REPLACE TEMP MACRO kind_flavor(k) AS
  CASE WHEN k IN ('realm', 'commodity', 'token') THEN 'retail' ELSE k END;

-- --flavor: whether flavour fl is one of those listed (report.c binds retail's when
-- --flavor is not given).
CREATE OR REPLACE TEMP MACRO of_flavor(fl, p_flavors) AS
  list_contains(string_split(p_flavors, ','), fl);

-- The items a report of the flavours p_flavors ($flavors) names: each id's row of the
-- first flavour listed whose static namespace named it, else retail's (a data dir made
-- before flavours fetched every flavour's items from retail's static namespace).
CREATE OR REPLACE TEMP MACRO flavor_items(p_flavors) AS TABLE
  SELECT * EXCLUDE (rk)
  FROM (SELECT *, coalesce(list_position(string_split(p_flavors, ','), flavor), 99) AS rk
        FROM items WHERE of_flavor(flavor, p_flavors) OR flavor = 'retail')
  QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY rk) = 1;

-- Item names as reports show them. Real names are unique but for the crafting-quality
-- tiers of a reagent, which share one and differ only by id (a higher tier has a higher
-- id): an item whose name others share is labelled with its rank by id among them,
-- 'Frost Cloth (tier 2)'.
CREATE OR REPLACE TEMP MACRO item_names(p_flavors) AS TABLE
  SELECT item_id, name,
         CASE WHEN count(*) OVER (PARTITION BY name) > 1
              THEN name || ' (tier ' || row_number() OVER (PARTITION BY name ORDER BY item_id)::VARCHAR || ')'
              ELSE name END AS label
  FROM flavor_items(p_flavors);

-- A battle pet is named by its species (pets: retail's, the one flavour with pets), else
-- by its cage; either way with its key, 'Swamp Toad [p:49]'.
CREATE OR REPLACE TEMP MACRO item_label(id, sp, p_flavors) AS
  coalesce(CASE WHEN sp > 0 THEN (SELECT name FROM pets WHERE species_id = sp) END,
           (SELECT label FROM item_names(p_flavors) WHERE item_id = id), '#' || id::VARCHAR) ||
  CASE WHEN sp > 0 THEN ' [p:' || sp::VARCHAR || ']' ELSE '' END;

-- Whether a realms row of flavour rf may name a house of kind k: its own flavour's, or,
-- for Classic progression, retail's (a data dir made before flavours listed its Classic
-- realms in the retail realms file, the only one there was); its own first (rank 0).
CREATE OR REPLACE TEMP MACRO realm_rank(rf, k) AS
  CASE WHEN rf = kind_flavor(k) THEN 0 WHEN k = 'classic' AND rf = 'retail' THEN 1 END;

CREATE OR REPLACE TEMP MACRO realm_label(rg, k, rid, hid) AS
  CASE WHEN k = 'commodity' THEN '(commodities)'
  ELSE coalesce((SELECT arg_min(name, (realm_rank(r.flavor, k), realm_id)) FROM realms r
                 WHERE r.region = rg AND realm_rank(r.flavor, k) IS NOT NULL
                   AND r.connected_realm_id = rid), rid::VARCHAR) ||
       CASE WHEN hid > 0 THEN ' #' || hid::VARCHAR ELSE '' END END;

-- --region, --realm, --since and --until on a snapshot time (NULL: not given).
CREATE OR REPLACE TEMP MACRO in_range(rg, rid, ts, p_region, p_realm, p_since, p_until) AS
  (p_region IS NULL OR rg = lower(p_region)) AND (p_realm IS NULL OR rid = p_realm) AND
  (p_since IS NULL OR ts >= p_since) AND (p_until IS NULL OR ts <= p_until);

-- The same on a UTC day (item_days).
CREATE OR REPLACE TEMP MACRO in_days(rg, rid, d, p_region, p_realm, p_since, p_until) AS
  (p_region IS NULL OR rg = lower(p_region)) AND (p_realm IS NULL OR rid = p_realm) AND
  (p_since IS NULL OR d >= p_since::DATE) AND (p_until IS NULL OR d <= p_until::DATE);

-- --item: an item, and a battle pet species of the pet cage (NULL: any).
CREATE OR REPLACE TEMP MACRO is_item(id, sp, p_item, p_species) AS
  (p_item IS NULL OR id = p_item) AND (p_species IS NULL OR sp = p_species);

-- latest: the newest snapshot of each house of the flavours within the filter.
CREATE OR REPLACE TEMP MACRO latest(p_region, p_realm, p_since, p_until, p_flavors) AS TABLE
  SELECT region, kind, realm_id, house_id, max(snapshot_ts) AS ts FROM snapshots
  WHERE in_range(region, realm_id, snapshot_ts, p_region, p_realm, p_since, p_until)
    AND of_flavor(kind_flavor(kind), p_flavors)
  GROUP BY ALL;
