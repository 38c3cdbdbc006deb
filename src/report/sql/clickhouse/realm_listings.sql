-- realm_listings.sql - a fragment: the listings of --realm (all when not given).
(SELECT * FROM @listings@ WHERE ($realm IS NULL OR realm_id = ifNull($realm, 0)))
