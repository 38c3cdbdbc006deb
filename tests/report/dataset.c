/* dataset.c - the fixed test data dir of dataset.h. */
#include "dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "duck/duck.h"
#include "model/catalog.h"
#include "model/layout.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/ts.h"

/* Auctions: (id, kind, realm_id, house, t, item_id, quantity, unit price, bid). A realm or
 * Classic row's buyout is price x quantity (0 when price is 0: bid only); a commodity
 * row has unit_price = price and no buyout. */
static const char *const rows_sql =
        "CREATE TEMP TABLE r AS SELECT * FROM (VALUES "
        /* Argent Dawn (1305) */
        "(101, 'realm', 1305, 0, 0, 19019, 1, 1000000000, NULL),"
        "(102, 'realm', 1305, 0, 0, 2770, 20, 100, NULL),"
        "(103, 'realm', 1305, 0, 0, 2771, 10, 50, NULL),"
        "(111, 'realm', 1305, 0, 1, 19019, 1, 1100000000, NULL),"
        "(112, 'realm', 1305, 0, 1, 2770, 20, 110, NULL),"
        "(113, 'realm', 1305, 0, 1, 2771, 10, 55, NULL),"
        "(114, 'realm', 1305, 0, 1, 2772, 10, 80, NULL),"
        "(121, 'realm', 1305, 0, 2, 19019, 1, 1200000000, NULL),"
        "(122, 'realm', 1305, 0, 2, 2770, 20, 120, NULL),"
        "(131, 'realm', 1305, 0, 3, 19019, 1, 1200000000, 900000000),"
        "(132, 'realm', 1305, 0, 3, 19019, 1, 300000000, NULL),"
        "(133, 'realm', 1305, 0, 3, 2770, 20, 120, NULL),"
        "(134, 'realm', 1305, 0, 3, 2770, 5, 130, NULL),"
        "(135, 'realm', 1305, 0, 3, 2771, 10, 60, NULL),"
        "(136, 'realm', 1305, 0, 3, 2772, 10, 84, NULL),"
        "(137, 'realm', 1305, 0, 3, 82800, 1, 50000, NULL),"
        "(138, 'realm', 1305, 0, 3, 82800, 1, 60000, NULL),"
        "(139, 'realm', 1305, 0, 3, 82800, 1, 500000000, NULL),"
        /* Ravencrest + Черный Шрам (1402) */
        "(201, 'realm', 1402, 0, 0, 19019, 1, 900000000, NULL),"
        "(202, 'realm', 1402, 0, 0, 2770, 20, 90, NULL),"
        "(211, 'realm', 1402, 0, 1, 19019, 1, 950000000, NULL),"
        "(212, 'realm', 1402, 0, 1, 2770, 20, 95, NULL),"
        "(221, 'realm', 1402, 0, 2, 19019, 1, 1000000000, NULL),"
        "(231, 'realm', 1402, 0, 3, 19019, 1, 1000000000, NULL),"
        "(232, 'realm', 1402, 0, 3, 2770, 20, 100, NULL),"
        "(233, 'realm', 1402, 0, 3, 2771, 5, 70, NULL),"
        /* a joke: the realm's only Iron Ore, at 9,999,999g */
        "(234, 'realm', 1402, 0, 3, 2772, 1, 99999990000, NULL),"
        "(235, 'realm', 1402, 0, 3, 82800, 1, 40000, NULL),"
        /* commodities */
        "(301, 'commodity', 0, 0, 0, 2589, 1000, 10, NULL),"
        "(302, 'commodity', 0, 0, 0, 2589, 500, 12, NULL),"
        "(303, 'commodity', 0, 0, 0, 152510, 100, 5000, NULL),"
        "(311, 'commodity', 0, 0, 1, 2589, 1000, 11, NULL),"
        "(312, 'commodity', 0, 0, 1, 152510, 100, 5200, NULL),"
        "(321, 'commodity', 0, 0, 2, 2589, 1000, 12, NULL),"
        "(322, 'commodity', 0, 0, 2, 152510, 50, 5400, NULL),"
        "(331, 'commodity', 0, 0, 3, 2589, 1000, 12, NULL),"
        "(332, 'commodity', 0, 0, 3, 2589, 200, 20, NULL),"
        "(333, 'commodity', 0, 0, 3, 2589, 10, 3, NULL),"
        "(334, 'commodity', 0, 0, 3, 152510, 100, 5500, NULL),"
        "(335, 'commodity', 0, 0, 3, 152510, 10, 9000, NULL),"
        /* Classic Firemaw (4474), Alliance house */
        "(401, 'classic', 4474, 2, 3, 2770, 5, 120, 500),"
        "(402, 'classic', 4474, 2, 3, 2770, 3, 0, 100)"
        ") t(auction_id, kind, realm_id, house, t, item_id, quantity, price, bid);"
        /* battle pets (item 82800): species 39 sells for ~5g, species 40 for 50,000g */
        "CREATE TEMP TABLE pets AS SELECT * FROM (VALUES (137, 39), (138, 39), (139, 40), "
        "(235, 39)) t(auction_id, species)";

static const char *const times[4] = {"2026-11-20 12:00:00Z", "2026-11-26 12:00:00Z",
                                     "2026-11-27 11:00:00Z", "2026-11-27 12:00:00Z"};
static const char *const iso[4] = {"2026-11-20T12:00:00Z", "2026-11-26T12:00:00Z",
                                   "2026-11-27T11:00:00Z", "2026-11-27T12:00:00Z"};

struct house {
	const char *kind;
	int realm_id, house, first_t;
};

static const struct house houses[] = {
        {"realm", 1305, 0, 0},
        {"realm", 1402, 0, 0},
        {"commodity", 0, 0, 0},
        {"classic", 4474, 2, 3},
};

static const char *const realms_sql =
        "COPY (SELECT 'eu' AS region, * EXCLUDE (names_list), MAP(['en_US', 'ru_RU'], "
        "names_list) AS names, 'en_GB' AS locale, 'Europe/Paris' AS timezone, "
        "'NORMAL' AS type, 'English' AS category, 'UP' AS status, "
        "false AS has_queue, false AS is_tournament, "
        "TIMESTAMPTZ '2026-11-20 12:00:05Z' AS fetched_at FROM (VALUES "
        "(1305, 1305, 'Argent Dawn', ['Argent Dawn', 'Серебряный рассвет'], 'argent-dawn', "
        "'HIGH'),"
        "(1402, 1402, 'Ravencrest', ['Ravencrest', 'Гребень Ворона'], 'ravencrest', 'MEDIUM'),"
        "(1402, 1403, 'Черный Шрам', ['Blackscar', 'Черный Шрам'], 'blackscar', 'MEDIUM'),"
        "(4474, 4474, 'Firemaw', ['Firemaw', 'Огнечрев'], 'firemaw', 'FULL')"
        ") t(connected_realm_id, realm_id, name, names_list, slug, population)) "
        "TO '%s' (FORMAT parquet)";

/* Item files: 3 items fetched with the first pull, 2 with the last. */
static const char *const items_sql =
        "COPY (SELECT item_id::INTEGER AS item_id, name, MAP(['en_US', 'de_DE', 'ru_RU'], "
        "names_list) AS names, quality, 1::INTEGER AS level, 0::INTEGER AS required_level, "
        "7::INTEGER AS item_class_id, 'Tradeskill' AS item_class, 0::INTEGER AS "
        "item_subclass_id, 'Other' AS item_subclass, 'NON_EQUIP' AS inventory_type, "
        "0::BIGINT AS purchase_price, 0::BIGINT AS sell_price, 0::INTEGER AS max_count, "
        "true AS is_stackable, false AS is_equippable, NULL::VARCHAR AS icon, "
        "TIMESTAMPTZ '%s' AS fetched_at FROM (VALUES %s) t(item_id, name, names_list, "
        "quality)) TO '%s' (FORMAT parquet)";
static const char *const items_first =
        "(19019, 'Thunderfury, Blessed Blade of the Windseeker', ['Thunderfury, Blessed Blade "
        "of the Windseeker', 'Donnerzorn, Gesegnete Klinge des Windsuchers', 'Громострел'], "
        "'LEGENDARY'),"
        "(2770, 'Copper Ore', ['Copper Ore', 'Kupfererz', 'Медная руда'], 'COMMON'),"
        "(2771, 'Tin Ore', ['Tin Ore', 'Zinnerz', 'Оловянная руда'], 'COMMON')";
static const char *const items_last =
        "(2589, 'Linen Cloth', ['Linen Cloth', 'Leinenstoff', 'Льняная ткань'], 'COMMON'),"
        "(152510, 'Anchor Weed', ['Anchor Weed', 'Ankerkraut', 'Якорь-трава'], 'COMMON'),"
        "(2772, 'Iron Ore', ['Iron Ore', 'Eisenerz', 'Железная руда'], 'COMMON'),"
        "(82800, 'Pet Cage', ['Pet Cage', 'Haustierkäfig', 'Клетка для питомца'], 'COMMON')";

static const char *const token_sql =
        "COPY (SELECT 'eu' AS region, TIMESTAMPTZ '2026-11-27 12:00:00Z' AS last_updated, "
        "3100000000::BIGINT AS price, TIMESTAMPTZ '2026-11-27 12:00:05Z' AS fetched_at) "
        "TO '%s' (FORMAT parquet)";

static const char *const auctions_sql =
        "COPY (SELECT TIMESTAMPTZ '%s' AS snapshot_ts, 'eu' AS region, "
        "realm_id::INTEGER AS realm_id, CASE WHEN house > 0 THEN house END::SMALLINT AS "
        "auction_house_id, auction_id::BIGINT AS auction_id, item_id::INTEGER AS item_id, "
        "quantity::INTEGER AS quantity, CASE WHEN kind = 'commodity' THEN price "
        "END::BIGINT AS unit_price, CASE WHEN kind <> 'commodity' THEN price * quantity "
        "END::BIGINT AS buyout, bid::BIGINT AS bid, "
        "'LONG'::ENUM('SHORT', 'MEDIUM', 'LONG', 'VERY_LONG') AS time_left, "
        "CASE WHEN kind = 'realm' THEN 0 END::INTEGER AS context, NULL::INTEGER[] AS "
        "bonus_lists, NULL::STRUCT(type INTEGER, value BIGINT)[] AS modifiers, "
        "(SELECT species FROM pets p WHERE p.auction_id = r.auction_id)::INTEGER AS "
        "pet_species_id, NULL::INTEGER AS pet_breed_id, NULL::INTEGER AS "
        "pet_level, NULL::INTEGER AS pet_quality_id, NULL::BIGINT AS rand, NULL::BIGINT AS "
        "seed FROM r WHERE kind = '%s' AND realm_id = %d AND house = %d AND t = %d "
        "ORDER BY item_id, price, auction_id) TO '%s' (FORMAT parquet, COMPRESSION zstd)";

static int failed(const char *what, const struct err *e)
{
	fprintf(stderr, "dataset: %s: %s\n", what, e->msg);
	return -1;
}

/* Writes one file with sql (a format with one %s: the path) unless it exists, creating
 * its directory; returns 1 when written, 0 when it was there, -1 on error. */
static int write_once(struct duck *d, const char *dir, const char *rel, const char *sql)
{
	struct err e = {0};
	char *path = fs_join(dir, rel), *slash;
	struct buf b = BUF_INIT;
	int rc = 1;

	if (fs_exists(path)) {
		free(path);
		return 0;
	}
	slash = strrchr(path, '/');
	*slash = '\0';
	if (fs_mkdirs(path, &e))
		rc = failed(path, &e);
	*slash = '/';
	/* the formats take the path inside their own quotes: test paths have none */
	buf_printf(&b, sql, path);
	if (rc == 1 && duck_exec(d, b.data, &e))
		rc = failed(rel, &e);
	buf_release(&b);
	free(path);
	return rc;
}

static int catalog_line(const char *dir, const char *kind, int realm, int house, const char *ts,
                        int64_t rows, const char *rel)
{
	char *path = fs_join(dir, rel), *data, *cat;
	struct err e = {0};
	size_t len;
	FILE *f;

	if (fs_read_file(path, &data, &len, &e)) {
		free(path);
		return failed(rel, &e);
	}
	cat = fs_join(dir, MODEL_CATALOG_FILE);
	if (!fs_exists(cat)) {
		f = fopen(cat, "w");
		fputs(MODEL_CATALOG_HEADER, f);
		fclose(f);
	}
	f = fopen(cat, "a");
	fprintf(f, "eu\t%s\t%d\t%d\t%s\t%s\t%lld\t%zu\t%08lx\t%s\t%s\n", kind, realm, house, ts, ts,
	        (long long)rows, len, crc32(0, (const unsigned char *)data, (unsigned)len), rel,
	        model_flavor_name(strcmp(kind, "classic") == 0 ? MODEL_FLAVOR_CLASSIC
	                                                       : MODEL_FLAVOR_RETAIL));
	fclose(f);
	free(data);
	free(cat);
	free(path);
	return 0;
}

static int64_t count_rows(struct duck *d, const struct house *h, int t)
{
	char sql[256];
	duckdb_result r;
	int64_t n;

	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM r WHERE kind = '%s' AND realm_id = %d AND house = %d "
	         "AND t = %d",
	         h->kind, h->realm_id, h->house, t);
	if (duck_query(d, sql, &r, NULL))
		return -1;
	n = duckdb_value_int64(&r, 0, 0);
	duckdb_destroy_result(&r);
	return n;
}

static int write_snapshot(struct duck *d, const char *dir, const struct house *h, int t)
{
	char rel[MODEL_PATH_MAX], sql[4096];
	int64_t ts;
	int rc;

	if (ts_parse_iso(iso[t], &ts))
		return -1;
	model_auction_path(rel, sizeof(rel), "eu", model_market_flavor(h->kind),
	                   model_kind_parse(h->kind), h->realm_id, h->house, ts);
	snprintf(sql, sizeof(sql), auctions_sql, times[t], h->kind, h->realm_id, h->house, t, "%s");
	rc = write_once(d, dir, rel, sql);
	if (rc <= 0)
		return rc;
	return catalog_line(dir, h->kind, h->realm_id, h->house, iso[t], count_rows(d, h, t), rel);
}

static int write_items(struct duck *d, const char *dir, const char *fetched, const char *values)
{
	char rel[MODEL_PATH_MAX], sql[4096];
	int64_t ts;

	if (ts_parse_iso(fetched, &ts))
		return -1;
	model_items_path(rel, sizeof(rel), MODEL_FLAVOR_RETAIL, ts, 1);
	snprintf(sql, sizeof(sql), items_sql, fetched, values, "%s");
	return write_once(d, dir, rel, sql) < 0 ? -1 : 0;
}

int dataset_write(const char *dir, int upto)
{
	char realms[MODEL_PATH_MAX], token[MODEL_PATH_MAX];
	struct duck d;
	struct err e = {0};
	int64_t token_ts;
	int rc = 0;

	model_realms_path(realms, sizeof(realms), "eu", MODEL_FLAVOR_RETAIL);
	if (ts_parse_iso(iso[3], &token_ts))
		return -1;
	model_token_path(token, sizeof(token), "eu", MODEL_FLAVOR_RETAIL, token_ts);
	if (fs_mkdirs(dir, &e))
		return failed(dir, &e);
	if (duck_open(&d, NULL, &e))
		return failed("open", &e);
	if (duck_exec(&d, rows_sql, &e)) {
		duck_close(&d);
		return failed("rows", &e);
	}
	for (int t = 0; t < upto && rc == 0; t++)
		for (size_t h = 0; h < sizeof(houses) / sizeof(houses[0]) && rc == 0; h++)
			if (t >= houses[h].first_t)
				rc = write_snapshot(&d, dir, &houses[h], t) < 0 ? -1 : 0;
	if (rc == 0 && write_once(&d, dir, realms, realms_sql) < 0)
		rc = -1;
	if (rc == 0)
		rc = write_items(&d, dir, "2026-11-20 12:00:05Z", items_first);
	if (rc == 0 && upto >= 4) {
		rc = write_items(&d, dir, "2026-11-27 12:00:05Z", items_last);
		if (rc == 0 && write_once(&d, dir, token, token_sql) == 1)
			rc = catalog_line(dir, "token", 0, 0, iso[3], 1, token);
	}
	duck_close(&d);
	return rc;
}
