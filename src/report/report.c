/* report.c - the SQL of each report, and resolving --realm, --item and times.
 *
 * Options become SQL literals only through duck_quote() or as parsed numbers, never as
 * raw text. Helpers the queries share are TEMP macros: they live in this connection
 * only, so nothing that needs wowah's functions is ever stored in wowah.duckdb.
 */
#include "report/report.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/ts.h"

const char *const report_names = "price history top deals arbitrage movers realms";

static const char *const helpers_sql =
        "CREATE OR REPLACE TEMP MACRO hm(t) AS strftime(t, '%Y-%m-%d %H:%M');"
        "CREATE OR REPLACE TEMP MACRO item_label(id, sp) AS "
        "coalesce((SELECT min(name) FROM items WHERE item_id = id), '#' || id::VARCHAR) || "
        "CASE WHEN sp > 0 THEN ' [p:' || sp::VARCHAR || ']' ELSE '' END;"
        "CREATE OR REPLACE TEMP MACRO realm_label(rg, k, rid, hid) AS CASE WHEN "
        "k = 'commodity' THEN '(commodities)' ELSE coalesce((SELECT arg_min(name, realm_id) "
        "FROM realms r WHERE r.region = rg AND r.connected_realm_id = rid), rid::VARCHAR) || "
        "CASE WHEN hid > 0 THEN ' #' || hid::VARCHAR ELSE '' END END;"
        "CREATE OR REPLACE TEMP MACRO pct(a, b) AS CASE WHEN b > 0 THEN round(100.0 * a / b, 1) "
        "END;";

/* The latest snapshot of each house within the filter, the current summary rows, and the
 * reference day of each region. */
#define LAT_SQL                                                                                   \
	"lat AS (SELECT region, kind, realm_id, house_id, max(snapshot_ts) AS ts FROM snapshots " \
	"WHERE %s GROUP BY ALL), "                                                                \
	"cur AS (SELECT i.* FROM item_snapshots i JOIN lat l ON i.region = l.region AND "         \
	"i.kind = l.kind AND i.realm_id = l.realm_id AND i.house_id = l.house_id AND "            \
	"i.snapshot_ts = l.ts), "                                                                 \
	"ref AS (SELECT region, max(ts)::DATE AS day FROM lat GROUP BY region) "

struct ctx {
	struct duck *d;
	const struct report_opts *o;
	struct buf where;        /* region, realm and time range: "region = 'eu' AND ..." */
	struct buf days_where;   /* item_days rows in range: region, realm, since, until */
	struct buf region_snaps; /* snapshots of the region in range, every realm */
	struct buf item;         /* "item_id = 82800 AND pet_species_id = 39", or "true" */
	int64_t item_id, species, realm_id;
	int has_item, has_species, has_realm;
	const char *dir;
};

/* Battle pets are all listed as this item, told apart by pet_species_id: each species is
 * an item of its own (TSM's "p:SPECIES"). */
#define PET_CAGE_ITEM 82800

static int is_int(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Runs sql and gives back its rows; the caller destroys r. */
static int query(struct ctx *c, const char *sql, duckdb_result *r, struct err *e)
{
	return duck_query(c->d, sql, r, e);
}

/* Lists "<id> <name>" of the first column pairs of r, for ambiguity messages. */
static void candidates(duckdb_result *r, struct buf *out)
{
	idx_t n = duckdb_row_count(r);
	for (idx_t i = 0; i < n && i < 10; i++) {
		char *id = duckdb_value_varchar(r, 0, i), *name = duckdb_value_varchar(r, 1, i);
		buf_printf(out, "%s%s %s", i ? ", " : "", id, name ? name : "");
		duckdb_free(id);
		duckdb_free(name);
	}
	if (n > 10)
		buf_puts(out, ", ...");
}

/* --item: an id as it is; p:SPECIES a battle pet species; a name (case-insensitive, any
 * locale) exactly, else as a part. */
static int resolve_item(struct ctx *c, struct err *e)
{
	static const char *const tries[2] = {"lower(n) = lower(%s)",
	                                     "contains(lower(n), lower(%s))"};
	const char *name = c->o->item;
	char *q;
	int rc = WOWAH_OK;

	if (!name)
		return WOWAH_OK;
	c->has_item = 1;
	if (is_int(name)) {
		c->item_id = strtoll(name, NULL, 10);
		return WOWAH_OK;
	}
	if ((name[0] == 'p' || name[0] == 'P') && name[1] == ':') {
		if (!is_int(name + 2) || strlen(name + 2) > 9)
			return err_set(e, WOWAH_EUSAGE,
			               "item '%s': a battle pet is p:SPECIES, SPECIES a number "
			               "(p:39)",
			               name);
		c->item_id = PET_CAGE_ITEM;
		c->species = strtoll(name + 2, NULL, 10);
		c->has_species = 1;
		return WOWAH_OK;
	}
	q = duck_quote(name);
	for (int t = 0; t < 2; t++) {
		struct buf sql = BUF_INIT, cond = BUF_INIT, list = BUF_INIT;
		duckdb_result r;
		idx_t n;

		buf_printf(&cond, tries[t], q);
		buf_printf(
		        &sql,
		        "SELECT item_id, min(name) FROM (SELECT item_id, name, unnest(list_append("
		        "map_values(names), name)) AS n FROM items) WHERE %s GROUP BY item_id "
		        "ORDER BY item_id",
		        cond.data);
		rc = query(c, sql.data, &r, e);
		buf_release(&sql);
		buf_release(&cond);
		if (rc)
			break;
		n = duckdb_row_count(&r);
		if (n == 1)
			c->item_id = duckdb_value_int64(&r, 0, 0);
		if (n > 1) {
			candidates(&r, &list);
			rc = err_set(e, WOWAH_EUSAGE, "item '%s' is ambiguous: %s; give the id",
			             name, list.data);
		}
		buf_release(&list);
		duckdb_destroy_result(&r);
		if (n > 0)
			break;
		if (t == 1)
			rc = err_set(e, WOWAH_EUSAGE,
			             "no item named '%s' (give its id, or pull item names first)",
			             name);
	}
	free(q);
	return rc;
}

/* --realm: a connected realm id or any of its realms' id, slug or name. */
static int resolve_realm(struct ctx *c, int64_t *out, struct err *e)
{
	const char *name = c->o->realm;
	struct buf sql = BUF_INIT, list = BUF_INIT, where = BUF_INIT;
	char *q = duck_quote(name);
	duckdb_result r;
	idx_t n;
	int rc;

	if (c->o->region) {
		/* the region narrows the search: a slug can exist in several regions */
		char *qr = duck_quote(c->o->region);
		buf_printf(&where, " AND region = lower(%s)", qr);
		free(qr);
	}
	buf_printf(&sql,
	           "SELECT connected_realm_id, string_agg(DISTINCT name, '/' ORDER BY name) FROM "
	           "(SELECT *, unnest(list_append(map_values(names), name)) AS n FROM realms) "
	           "WHERE (realm_id::VARCHAR = %s OR connected_realm_id::VARCHAR = %s OR "
	           "lower(slug) = lower(%s) OR lower(n) = lower(%s))%s GROUP BY ALL ORDER BY 1",
	           q, q, q, q, where.data ? where.data : "");
	buf_release(&where);
	free(q);
	rc = query(c, sql.data, &r, e);
	buf_release(&sql);
	if (rc)
		return rc;
	n = duckdb_row_count(&r);
	if (n == 1)
		*out = duckdb_value_int64(&r, 0, 0);
	else if (n == 0 && is_int(name))
		*out = strtoll(name, NULL, 10); /* no realm metadata: take the id as it is */
	else if (n == 0)
		rc = err_set(e, WOWAH_EUSAGE,
		             "no realm '%s' (give a connected realm id, a slug or a name)", name);
	else {
		candidates(&r, &list);
		rc = err_set(e, WOWAH_EUSAGE, "realm '%s' is ambiguous: %s; give the id", name,
		             list.data);
	}
	buf_release(&list);
	duckdb_destroy_result(&r);
	return rc;
}

static int parse_time(const char *what, const char *s, int end_of_day, int64_t *out, struct err *e)
{
	if (ts_parse_iso(s, out))
		return err_set(e, WOWAH_EUSAGE,
		               "%s: '%s' is not a UTC time (2026-11-27, 2026-11-27T13:00, ...)",
		               what, s);
	if (end_of_day && strlen(s) == 10)
		*out += 86399;
	return WOWAH_OK;
}

static int build_filters(struct ctx *c, struct err *e)
{
	const struct report_opts *o = c->o;
	int64_t t, realm = 0;
	int rc;

	buf_puts(&c->where, "true");
	buf_puts(&c->days_where, "true");
	buf_puts(&c->region_snaps, "true");
	if (o->region) {
		char *q = duck_quote(o->region);
		buf_printf(&c->where, " AND region = lower(%s)", q);
		buf_printf(&c->days_where, " AND region = lower(%s)", q);
		buf_printf(&c->region_snaps, " AND region = lower(%s)", q);
		free(q);
	}
	if (o->realm) {
		rc = resolve_realm(c, &realm, e);
		if (rc)
			return rc;
		c->realm_id = realm;
		c->has_realm = 1;
		buf_printf(&c->where, " AND realm_id = %lld", (long long)realm);
		buf_printf(&c->days_where, " AND realm_id = %lld", (long long)realm);
	}
	if (o->since) {
		rc = parse_time("--since", o->since, 0, &t, e);
		if (rc)
			return rc;
		buf_printf(&c->where, " AND snapshot_ts >= to_timestamp(%lld)", (long long)t);
		buf_printf(&c->region_snaps, " AND snapshot_ts >= to_timestamp(%lld)",
		           (long long)t);
		buf_printf(&c->days_where, " AND day >= to_timestamp(%lld)::DATE", (long long)t);
	}
	if (o->until) {
		rc = parse_time("--until", o->until, 1, &t, e);
		if (rc)
			return rc;
		buf_printf(&c->where, " AND snapshot_ts <= to_timestamp(%lld)", (long long)t);
		buf_printf(&c->days_where, " AND day <= to_timestamp(%lld)::DATE", (long long)t);
		buf_printf(&c->region_snaps, " AND snapshot_ts <= to_timestamp(%lld)",
		           (long long)t);
	}
	rc = resolve_item(c, e);
	if (rc)
		return rc;
	if (!c->has_item)
		buf_puts(&c->item, "true");
	else if (c->has_species)
		buf_printf(&c->item, "item_id = %lld AND pet_species_id = %lld",
		           (long long)c->item_id, (long long)c->species);
	else
		buf_printf(&c->item, "item_id = %lld", (long long)c->item_id);
	return WOWAH_OK;
}

/* price, history and arbitrage of one item: the pet cage alone names no one price. */
static int one_item(struct ctx *c, const char *report, struct err *e)
{
	struct buf sql = BUF_INIT, list = BUF_INIT;
	duckdb_result r;
	idx_t n;
	int rc;

	if (!c->has_item)
		return err_set(e, WOWAH_EUSAGE, "report %s needs an ITEM (id, name or p:SPECIES)",
		               report);
	if (c->has_species)
		return WOWAH_OK;
	buf_printf(&sql,
	           "SELECT DISTINCT 'p:' || pet_species_id::VARCHAR FROM item_snapshots WHERE "
	           "item_id = %lld AND pet_species_id > 0 ORDER BY pet_species_id",
	           (long long)c->item_id);
	rc = query(c, sql.data, &r, e);
	buf_release(&sql);
	if (rc)
		return rc;
	n = duckdb_row_count(&r);
	for (idx_t i = 0; i < n && i < 10; i++) {
		char *v = duckdb_value_varchar(&r, 0, i);
		buf_printf(&list, "%s%s", i ? ", " : "", v);
		duckdb_free(v);
	}
	if (n > 10)
		buf_puts(&list, ", ...");
	if (n > 1)
		rc = err_set(e, WOWAH_EUSAGE,
		             "item %lld holds battle pets of %llu species (%s); name one as "
		             "p:SPECIES",
		             (long long)c->item_id, (unsigned long long)n, list.data);
	buf_release(&list);
	duckdb_destroy_result(&r);
	return rc;
}

/* The Parquet files of the latest snapshots of the region (every realm: the region's
 * market value pools them), as a list literal. */
static int latest_files(struct ctx *c, struct buf *out, int64_t *n, struct err *e)
{
	struct buf sql = BUF_INIT;
	duckdb_result r;
	int rc;

	buf_printf(&sql,
	           "SELECT path FROM snapshots s JOIN (SELECT region, kind, realm_id, house_id, "
	           "max(snapshot_ts) AS snapshot_ts FROM snapshots WHERE %s GROUP BY ALL) USING "
	           "(region, kind, realm_id, house_id, snapshot_ts) ORDER BY path",
	           c->region_snaps.data);
	rc = query(c, sql.data, &r, e);
	buf_release(&sql);
	if (rc)
		return rc;
	*n = (int64_t)duckdb_row_count(&r);
	buf_putc(out, '[');
	for (idx_t i = 0; i < duckdb_row_count(&r); i++) {
		char *rel = duckdb_value_varchar(&r, 0, i);
		struct buf abs = BUF_INIT;
		char *q;
		buf_printf(&abs, "%s/%s", c->dir, rel);
		q = duck_quote(abs.data);
		buf_printf(out, "%s%s", i ? ", " : "", q);
		free(q);
		buf_release(&abs);
		duckdb_free(rel);
	}
	buf_putc(out, ']');
	duckdb_destroy_result(&r);
	return WOWAH_OK;
}

/* A listing is a real offer at or below this multiple of the region's market value: top
 * counts only their gold (a few 9,999,999g posts would otherwise outweigh a whole
 * market) and arbitrage buys and sells only at them. The cheapest listing of the region
 * is always one, as the market value is never below it. */
#define FAIR_MULTIPLE 10

/* Whether latest_listings (load.h) holds the latest snapshots in range: it holds each
 * house's newest, so not when --until ends before some house's newest, nor in a database
 * made before the table (until the next load). */
static int stored_latest(struct ctx *c, int *yes, struct err *e)
{
	struct buf sql = BUF_INIT;
	duckdb_result r;
	int rc;

	buf_printf(&sql,
	           "SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name = "
	           "'latest_listings' AND schema_name = 'main' AND NOT temporary) = 1 AND NOT "
	           "EXISTS (SELECT 1 FROM (SELECT region, kind, realm_id, house_id, "
	           "max(snapshot_ts) AS ts FROM snapshots WHERE %s GROUP BY ALL) x JOIN "
	           "(SELECT region, kind, realm_id, house_id, max(snapshot_ts) AS ts FROM "
	           "snapshots GROUP BY ALL) y USING (region, kind, realm_id, house_id) WHERE "
	           "x.ts <> y.ts)",
	           c->region_snaps.data);
	rc = query(c, sql.data, &r, e);
	buf_release(&sql);
	if (rc)
		return rc;
	*yes = duckdb_value_boolean(&r, 0, 0);
	duckdb_destroy_result(&r);
	return WOWAH_OK;
}

/* Appends "WITH " and the CTEs "a": every listing of the region's latest snapshots with its unit
 * buyout ub, from latest_listings when it holds them, else from the Parquet files;
 * "rv": the region's market value of each item, TSM's market value of those
 * listings pooled (the cheapest 15-30% of units decide it, so a joke listing does not);
 * "l": the listings of --realm. All of them only of --item, if given. */
static int with_listings(struct ctx *c, struct buf *sql, struct err *e)
{
	struct buf files = BUF_INIT;
	int64_t n = 0;
	int stored = 0;
	int rc = stored_latest(c, &stored, e);

	if (!rc && !stored)
		rc = latest_files(c, &files, &n, e);
	if (rc) {
		buf_release(&files);
		return rc;
	}
	buf_puts(sql, "WITH ");
	if (stored) {
		buf_printf(
		        sql,
		        "a AS (SELECT region, kind, realm_id, house_id, auction_id, item_id, "
		        "pet_species_id, quantity, unit_buyout AS ub FROM latest_listings s "
		        "WHERE %s AND EXISTS (SELECT 1 FROM snapshots x WHERE %s AND x.region = "
		        "s.region AND x.kind = s.kind AND x.realm_id = s.realm_id AND x.house_id "
		        "= s.house_id AND x.snapshot_ts = s.snapshot_ts)), ",
		        c->item.data, c->region_snaps.data);
	} else if (n > 0) {
		char *qdir = duck_quote(c->dir);
		buf_printf(
		        sql,
		        "a AS (SELECT s.region, s.kind, s.realm_id, s.house_id, p.auction_id, "
		        "p.item_id, coalesce(p.pet_species_id, 0) AS pet_species_id, p.quantity, "
		        "coalesce(p.unit_price, CASE WHEN p.buyout > 0 THEN p.buyout // "
		        "p.quantity END) AS ub FROM read_parquet(%s, hive_partitioning = false, "
		        "filename = true) p JOIN snapshots s ON p.filename = %s || '/' || "
		        "s.path WHERE %s), ",
		        files.data, qdir, c->item.data);
		free(qdir);
	} else {
		buf_puts(sql, "a AS (SELECT NULL::VARCHAR AS region, NULL::VARCHAR AS kind, "
		              "NULL::INTEGER AS realm_id, NULL::INTEGER AS house_id, NULL::BIGINT "
		              "AS auction_id, NULL::INTEGER AS item_id, NULL::INTEGER AS "
		              "pet_species_id, NULL::INTEGER AS quantity, NULL::BIGINT AS ub "
		              "WHERE false), ");
	}
	buf_puts(sql, "rv AS (SELECT region, kind, item_id, pet_species_id, market_value(ub, "
	              "quantity) AS mv FROM a GROUP BY ALL), ");
	buf_puts(sql, "l AS (SELECT * FROM a WHERE true");
	if (c->has_realm)
		buf_printf(sql, " AND realm_id = %lld", (long long)c->realm_id);
	buf_puts(sql, ") ");
	buf_release(&files);
	return WOWAH_OK;
}

/* ---- the reports ---- */

static int price(struct ctx *c, struct buf *sql, struct err *e)
{
	int rc = one_item(c, "price", e);

	if (rc)
		return rc;
	rc = with_listings(c, sql, e);
	if (rc)
		return rc;
	buf_printf(
	        sql,
	        ", " LAT_SQL ", "
	        "days AS (SELECT d.region, d.kind, d.realm_id, d.house_id, "
	        "(r.day - d.day)::INTEGER AS ago, d.value_sum / d.scans AS v "
	        "FROM (SELECT * FROM item_days WHERE %s AND %s) d JOIN ref r USING (region) "
	        "WHERE d.day > r.day - 60 AND d.day <= r.day), "
	        "src AS (SELECT region, kind, realm_id, house_id, "
	        "weighted_market_value(v, ago) AS w14, avg(v) AS h60 FROM days GROUP BY ALL) "
	        "SELECT l.region, realm_label(l.region, l.kind, l.realm_id, l.house_id) AS realm, "
	        "hm(l.ts) AS snapshot, gold(i.min_buyout) AS lowest, "
	        "gold(i.market_value) AS market_value, gold(i.median) AS median, "
	        "coalesce(i.auctions, 0) AS auctions, coalesce(i.units, 0) AS units, "
	        "gold(s.w14) AS weighted_14d, gold(s.h60) AS historical_60d, "
	        "gold(avg(s.w14) OVER (PARTITION BY l.region, l.kind)) AS region_14d, "
	        "gold(rv.mv) AS region_market "
	        "FROM lat l JOIN src s USING (region, kind, realm_id, house_id) "
	        "LEFT JOIN rv ON rv.region = l.region AND rv.kind = l.kind "
	        "LEFT JOIN (SELECT * FROM item_snapshots WHERE %s) i ON i.region = l.region AND "
	        "i.kind = l.kind AND i.realm_id = l.realm_id AND i.house_id = l.house_id AND "
	        "i.snapshot_ts = l.ts "
	        "ORDER BY l.region, l.kind = 'commodity', l.kind, realm, l.house_id",
	        c->where.data, c->days_where.data, c->item.data, c->item.data);
	return WOWAH_OK;
}

static int history(struct ctx *c, struct buf *sql, struct err *e)
{
	const char *unit = c->o->daily ? "day" : "hour";
	const char *fmt = c->o->daily ? "%Y-%m-%d" : "%Y-%m-%d %H:%M";
	struct buf raw = BUF_INIT;
	int rc;

	rc = one_item(c, "history", e);
	if (rc)
		return rc;
	/* hours across the houses first, so a day is the mean of its hours */
	buf_printf(
	        &raw,
	        "CREATE OR REPLACE TEMP TABLE hist AS WITH h AS (SELECT date_trunc('hour', "
	        "snapshot_ts) AS hr, min(min_buyout) AS lo, avg(market_value) AS mv, "
	        "avg(median) AS med, sum(units) AS u, sum(auctions) AS a FROM item_snapshots "
	        "WHERE %s AND %s GROUP BY 1) "
	        "SELECT date_trunc('%s', hr) AS t, min(lo) AS lo, avg(mv) AS mv, avg(med) AS med, "
	        "avg(u) AS u, avg(a) AS a FROM h GROUP BY 1 ORDER BY 1",
	        c->item.data, c->where.data, unit);
	rc = duck_exec(c->d, raw.data, e);
	buf_release(&raw);
	if (rc)
		return rc;
	buf_puts(sql, "SELECT strftime(t, '");
	buf_puts(sql, fmt);
	buf_puts(sql, "') AS time, gold(lo) AS lowest, gold(mv) AS market_value, gold(med) AS "
	              "median, round(u)::BIGINT AS units, round(a)::BIGINT AS auctions FROM hist "
	              "ORDER BY t");
	return WOWAH_OK;
}

static int top(struct ctx *c, struct buf *sql, struct err *e)
{
	const char *by = c->o->by ? c->o->by : "gold";
	const char *col = strcmp(by, "units") == 0 ? "u" : strcmp(by, "auctions") == 0 ? "a" : "g";
	int rc;

	if (col[0] == 'g' && strcmp(by, "gold") != 0)
		return err_set(e, WOWAH_EUSAGE, "--by: '%s' is not one of gold|units|auctions", by);
	rc = with_listings(c, sql, e);
	if (rc)
		return rc;
	buf_printf(sql,
	           ", agg AS (SELECT item_id, pet_species_id, sum(l.ub::HUGEINT * l.quantity) "
	           "FILTER (WHERE l.ub <= rv.mv * %d) AS g, sum(l.quantity) AS u, count(*) AS a "
	           "FROM l JOIN rv USING (region, kind, item_id, pet_species_id) GROUP BY ALL), "
	           "tot AS (SELECT sum(g) AS tg FROM agg) "
	           "SELECT row_number() OVER (ORDER BY %s DESC NULLS LAST, item_id, "
	           "pet_species_id) AS rank, item_id, item_label(item_id, pet_species_id) AS item, "
	           "gold(coalesce(g, 0)) AS gold_listed, pct(g, tg) AS share_pct, u AS units, "
	           "a AS auctions FROM agg, tot ORDER BY rank LIMIT %lld",
	           FAIR_MULTIPLE, col, (long long)c->o->limit);
	return WOWAH_OK;
}

static int deals(struct ctx *c, struct buf *sql, struct err *e)
{
	int rc;

	rc = with_listings(c, sql, e);
	if (rc)
		return rc;
	buf_printf(sql,
	           "SELECT l.region, realm_label(l.region, l.kind, l.realm_id, l.house_id) AS "
	           "realm, l.item_id, item_label(l.item_id, l.pet_species_id) AS item, "
	           "gold(l.ub) AS unit_price, l.quantity, gold(rv.mv) AS region_value, "
	           "pct(l.ub, rv.mv) AS pct_of_value, gold((rv.mv - l.ub) * l.quantity) AS profit "
	           "FROM l JOIN rv USING (region, kind, item_id, pet_species_id) WHERE l.ub IS "
	           "NOT NULL AND l.ub <= rv.mv * %.6f ORDER BY (rv.mv - l.ub) * l.quantity DESC, "
	           "realm, l.item_id, l.pet_species_id, l.auction_id LIMIT %lld",
	           c->o->threshold / 100.0, (long long)c->o->limit);
	return WOWAH_OK;
}

/* arbitrage: a house's price is its lowest real offer (FAIR_MULTIPLE), so a realm whose
 * only listing is a joke is neither where to buy nor where to sell. */
static int arbitrage(struct ctx *c, struct buf *sql, struct err *e)
{
	int rc = c->has_item ? one_item(c, "arbitrage", e) : WOWAH_OK;

	if (rc)
		return rc;
	rc = with_listings(c, sql, e);
	if (rc)
		return rc;
	buf_printf(sql,
	           ", f AS (SELECT region, kind, realm_id, house_id, item_id, pet_species_id, "
	           "min(l.ub) AS lo, any_value(rv.mv) AS rmv, realm_label(region, kind, "
	           "realm_id, house_id) AS realm FROM l JOIN rv USING (region, kind, item_id, "
	           "pet_species_id) WHERE kind <> 'commodity' AND l.ub <= rv.mv * %d GROUP BY "
	           "ALL)",
	           FAIR_MULTIPLE);
	if (c->has_item) {
		buf_printf(
		        sql,
		        ", " LAT_SQL "SELECT f.region, f.kind, f.realm, gold(f.lo) AS lowest, "
		        "gold(cur.market_value) AS market_value, pct(f.lo, f.rmv) AS "
		        "pct_of_region, "
		        "CASE WHEN row_number() OVER (PARTITION BY f.region, f.kind ORDER BY f.lo, "
		        "f.realm) = 1 THEN 'buy' WHEN row_number() OVER (PARTITION BY f.region, "
		        "f.kind ORDER BY f.lo DESC, f.realm) = 1 THEN 'sell' ELSE '' END AS role, "
		        "gold(f.lo - min(f.lo) OVER (PARTITION BY f.region, f.kind)) AS spread "
		        "FROM f LEFT JOIN cur USING (region, kind, realm_id, house_id, item_id, "
		        "pet_species_id) ORDER BY f.region, f.kind, f.lo, f.realm",
		        c->where.data);
		return WOWAH_OK;
	}
	buf_printf(
	        sql,
	        ", y AS (SELECT region, kind, item_id, pet_species_id, arg_min(realm, (lo, realm)) "
	        "AS buy_realm, min(lo) AS lo, arg_max(realm, (lo, realm)) AS sell_realm, max(lo) "
	        "AS hi FROM f GROUP BY ALL HAVING count(*) > 1) "
	        "SELECT region, kind, item_id, item_label(item_id, pet_species_id) AS item, "
	        "buy_realm, gold(lo) AS buy, sell_realm, gold(hi) AS sell, gold(hi - lo) AS "
	        "spread, pct(hi - lo, lo) AS spread_pct FROM y ORDER BY hi - lo DESC, item_id, "
	        "pet_species_id LIMIT %lld",
	        (long long)c->o->limit);
	return WOWAH_OK;
}

/* movers: an item's value at an hour is the unit-weighted median of its houses' market
 * values (the value of the house that holds the middle unit), so a house whose only
 * listing is a joke moves nothing; both hours must show at least --min-auctions auctions
 * and --min-units units. Moves are ranked by |ln(now / then)|: doubling and halving are
 * the same size, and -100% is not the largest possible fall. */
static int movers(struct ctx *c, struct buf *sql, struct err *e)
{
	const char *by = c->o->by ? c->o->by : "24h";
	const char *then = strcmp(by, "7d") ? "24h" : "7d";

	if (strcmp(by, "24h") && strcmp(by, "7d"))
		return err_set(e, WOWAH_EUSAGE, "--by: '%s' is not one of 24h|7d", by);
	/* a value "24 hours ago" is the newest hour in (now - 36 h, now - 24 h], and
	 * "7 days ago" the newest in (now - 8 d, now - 7 d]: older data is not a comparison.
	 * The hours are found in snapshots first, so only three hours of the summary are read. */
	buf_printf(
	        sql,
	        "WITH hrs AS (SELECT DISTINCT region, date_trunc('hour', snapshot_ts) AS hr FROM "
	        "snapshots WHERE %s), "
	        "t AS (SELECT region, max(hr) AS now FROM hrs GROUP BY region), "
	        "tt AS (SELECT t.region, t.now, max(h.hr) FILTER (WHERE h.hr <= t.now - INTERVAL "
	        "24 HOUR AND h.hr > t.now - INTERVAL 36 HOUR) AS t24, max(h.hr) FILTER (WHERE "
	        "h.hr <= t.now - INTERVAL 7 DAY AND h.hr > t.now - INTERVAL 8 DAY) AS t7 FROM t "
	        "JOIN hrs h USING (region) GROUP BY ALL), "
	        "h AS (SELECT i.region, i.kind, i.item_id, i.pet_species_id, date_trunc('hour', "
	        "i.snapshot_ts) AS hr, unit_median(round(i.market_value)::BIGINT, i.units) AS v, "
	        "sum(i.auctions) AS a, sum(i.units) AS u FROM (SELECT * FROM item_snapshots "
	        "WHERE %s AND %s AND snapshot_ts >= (SELECT min(coalesce(t7, t24, now)) FROM tt)) "
	        "i JOIN tt ON i.region = tt.region AND date_trunc('hour', i.snapshot_ts) IN "
	        "(tt.now, tt.t24, tt.t7) GROUP BY ALL), "
	        "m AS (SELECT h.region, kind, item_id, pet_species_id, "
	        "max(v) FILTER (WHERE hr = now) AS v_now, max(v) FILTER (WHERE hr = t24) AS v_24h, "
	        "max(v) FILTER (WHERE hr = t7) AS v_7d, "
	        "max(a) FILTER (WHERE hr = now) AS a_now, max(u) FILTER (WHERE hr = now) AS u_now, "
	        "max(a) FILTER (WHERE hr = t24) AS a_24h, max(u) FILTER (WHERE hr = t24) AS u_24h, "
	        "max(a) FILTER (WHERE hr = t7) AS a_7d, max(u) FILTER (WHERE hr = t7) AS u_7d "
	        "FROM h JOIN tt USING (region) GROUP BY ALL) "
	        "SELECT region, kind, item_id, item_label(item_id, pet_species_id) AS item, "
	        "gold(v_now) AS now, gold(v_24h) AS day_ago, pct(v_now - v_24h, v_24h) AS "
	        "change_24h_pct, gold(v_7d) AS week_ago, pct(v_now - v_7d, v_7d) AS change_7d_pct, "
	        "a_now AS auctions, u_now AS units FROM m "
	        "WHERE v_now > 0 AND v_%s > 0 AND a_now >= %lld AND a_%s >= %lld AND "
	        "u_now >= %lld AND u_%s >= %lld "
	        "ORDER BY abs(ln(v_now / v_%s)) DESC, region, kind, item_id, pet_species_id "
	        "LIMIT %lld",
	        c->where.data, c->where.data, c->item.data, then, (long long)c->o->min_auctions,
	        then, (long long)c->o->min_auctions, (long long)c->o->min_units, then,
	        (long long)c->o->min_units, then, (long long)c->o->limit);
	return WOWAH_OK;
}

static int realms(struct ctx *c, struct buf *sql, struct err *e)
{
	(void)e;
	buf_printf(
	        sql,
	        "WITH s AS (SELECT region, kind, realm_id, house_id, max(snapshot_ts) AS ts, "
	        "arg_max(rows, snapshot_ts) AS auctions FROM snapshots WHERE kind <> 'commodity' "
	        "AND %s GROUP BY ALL), "
	        "r AS (SELECT region, connected_realm_id AS realm_id, string_agg(name, ', ' ORDER "
	        "BY name) AS names, arg_min(population, realm_id) AS population FROM realms "
	        "GROUP BY ALL) "
	        "SELECT s.region, s.realm_id, s.kind, s.house_id, r.names, r.population, "
	        "hm(s.ts) AS last_snapshot, s.auctions FROM s LEFT JOIN r USING (region, "
	        "realm_id) ORDER BY s.region, s.kind, s.realm_id, s.house_id",
	        c->where.data);
	return WOWAH_OK;
}

struct report_def {
	const char *name;
	int (*build)(struct ctx *c, struct buf *sql, struct err *e);
};

static const struct report_def reports[] = {
        {"arbitrage", arbitrage}, {"deals", deals},   {"history", history}, {"movers", movers},
        {"price", price},         {"realms", realms}, {"top", top},
};

static int series(struct ctx *c, struct report_out *out, struct err *e)
{
	duckdb_result r;
	int rc = query(c, "SELECT coalesce(mv, 0) FROM hist ORDER BY t", &r, e);

	if (rc)
		return rc;
	out->nseries = duckdb_row_count(&r);
	out->series = xcalloc(out->nseries + 1, sizeof(double));
	for (idx_t i = 0; i < out->nseries; i++)
		out->series[i] = duckdb_value_double(&r, 0, i);
	duckdb_destroy_result(&r);
	return WOWAH_OK;
}

int report_run(struct duck *d, const char *name, const struct report_opts *o,
               struct report_out *out, struct err *e)
{
	const struct report_def *def = NULL;
	struct ctx c = {d, o, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT,   0,
	                0, 0, 0,        0,        0,        o->data_dir};
	struct buf sql = BUF_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
		if (strcmp(reports[i].name, name) == 0)
			def = &reports[i];
	if (!def)
		return err_set(e, WOWAH_EUSAGE, "unknown report '%s' (one of: %s)", name,
		               report_names);
	rc = duck_exec(d, helpers_sql, e);
	if (!rc)
		rc = build_filters(&c, e);
	if (!rc)
		rc = def->build(&c, &sql, e);
	if (!rc)
		rc = query(&c, sql.data, &out->result, e);
	if (!rc && def->build == history) {
		rc = series(&c, out, e);
		if (rc)
			duckdb_destroy_result(&out->result);
	}
	buf_release(&sql);
	buf_release(&c.where);
	buf_release(&c.days_where);
	buf_release(&c.region_snaps);
	buf_release(&c.item);
	return rc;
}

void report_out_release(struct report_out *out)
{
	duckdb_destroy_result(&out->result);
	free(out->series);
	out->series = NULL;
}
