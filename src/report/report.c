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
        "CREATE OR REPLACE TEMP MACRO item_label(id) AS "
        "coalesce((SELECT min(name) FROM items WHERE item_id = id), '#' || id::VARCHAR);"
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

/* Each house's 14-day weighted value of each item, over the region (not the realm), from
 * the day values that load keeps in item_days. */
#define W14_SQL                                                                          \
	"w AS (SELECT d.region, d.kind, d.realm_id, d.house_id, d.item_id, "             \
	"weighted_market_value(d.value_sum / d.scans, (r.day - d.day)::INTEGER) AS w14 " \
	"FROM (SELECT * FROM item_days WHERE %s) d JOIN ref r USING (region) "           \
	"WHERE d.day > r.day - 15 AND d.day <= r.day%s GROUP BY ALL) "

struct ctx {
	struct duck *d;
	const struct report_opts *o;
	struct buf where;       /* region, realm and time range: "region = 'eu' AND ..." */
	struct buf days_where;  /* item_days rows in range: region, realm, since, until */
	struct buf region_days; /* item_days of the region up to --until: "the region" */
	int64_t item_id;
	int has_item;
	const char *dir;
};

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

/* --item: an id as it is; a name (case-insensitive, any locale) exactly, else as a part. */
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
	buf_puts(&c->region_days, "true");
	if (o->region) {
		char *q = duck_quote(o->region);
		buf_printf(&c->where, " AND region = lower(%s)", q);
		buf_printf(&c->days_where, " AND region = lower(%s)", q);
		buf_printf(&c->region_days, " AND region = lower(%s)", q);
		free(q);
	}
	if (o->realm) {
		rc = resolve_realm(c, &realm, e);
		if (rc)
			return rc;
		buf_printf(&c->where, " AND realm_id = %lld", (long long)realm);
		buf_printf(&c->days_where, " AND realm_id = %lld", (long long)realm);
	}
	if (o->since) {
		rc = parse_time("--since", o->since, 0, &t, e);
		if (rc)
			return rc;
		buf_printf(&c->where, " AND snapshot_ts >= to_timestamp(%lld)", (long long)t);
		buf_printf(&c->days_where, " AND day >= to_timestamp(%lld)::DATE", (long long)t);
	}
	if (o->until) {
		rc = parse_time("--until", o->until, 1, &t, e);
		if (rc)
			return rc;
		buf_printf(&c->where, " AND snapshot_ts <= to_timestamp(%lld)", (long long)t);
		buf_printf(&c->days_where, " AND day <= to_timestamp(%lld)::DATE", (long long)t);
		buf_printf(&c->region_days, " AND day <= to_timestamp(%lld)::DATE", (long long)t);
	}
	return resolve_item(c, e);
}

/* ---- the reports ---- */

static int price(struct ctx *c, struct buf *sql, struct err *e)
{
	if (!c->has_item)
		return err_set(e, WOWAH_EUSAGE, "report price needs an ITEM (id or name)");
	buf_printf(
	        sql,
	        "WITH " LAT_SQL ", "
	        "days AS (SELECT d.region, d.kind, d.realm_id, d.house_id, "
	        "(r.day - d.day)::INTEGER AS ago, d.value_sum / d.scans AS v "
	        "FROM (SELECT * FROM item_days WHERE %s) d JOIN ref r USING (region) "
	        "WHERE d.item_id = %lld AND d.day > r.day - 60 AND d.day <= r.day), "
	        "src AS (SELECT region, kind, realm_id, house_id, "
	        "weighted_market_value(v, ago) AS w14, avg(v) AS h60 FROM days GROUP BY ALL) "
	        "SELECT l.region, realm_label(l.region, l.kind, l.realm_id, l.house_id) AS realm, "
	        "hm(l.ts) AS snapshot, gold(i.min_buyout) AS lowest, "
	        "gold(i.market_value) AS market_value, gold(i.median) AS median, "
	        "coalesce(i.auctions, 0) AS auctions, coalesce(i.units, 0) AS units, "
	        "gold(s.w14) AS weighted_14d, gold(s.h60) AS historical_60d, "
	        "gold(avg(s.w14) OVER (PARTITION BY l.region, l.kind)) AS region_14d "
	        "FROM lat l JOIN src s USING (region, kind, realm_id, house_id) "
	        "LEFT JOIN item_snapshots i ON i.region = l.region AND i.kind = l.kind AND "
	        "i.realm_id = l.realm_id AND i.house_id = l.house_id AND i.snapshot_ts = l.ts "
	        "AND i.item_id = %lld "
	        "ORDER BY l.region, l.kind = 'commodity', l.kind, realm, l.house_id",
	        c->where.data, c->days_where.data, (long long)c->item_id, (long long)c->item_id);
	return WOWAH_OK;
}

static int history(struct ctx *c, struct buf *sql, struct err *e)
{
	const char *unit = c->o->daily ? "day" : "hour";
	const char *fmt = c->o->daily ? "%Y-%m-%d" : "%Y-%m-%d %H:%M";
	struct buf raw = BUF_INIT;
	int rc;

	if (!c->has_item)
		return err_set(e, WOWAH_EUSAGE, "report history needs an ITEM (id or name)");
	/* hours across the houses first, so a day is the mean of its hours */
	buf_printf(
	        &raw,
	        "CREATE OR REPLACE TEMP TABLE hist AS WITH h AS (SELECT date_trunc('hour', "
	        "snapshot_ts) AS hr, min(min_buyout) AS lo, avg(market_value) AS mv, "
	        "avg(median) AS med, sum(units) AS u, sum(auctions) AS a FROM item_snapshots "
	        "WHERE item_id = %lld AND %s GROUP BY 1) "
	        "SELECT date_trunc('%s', hr) AS t, min(lo) AS lo, avg(mv) AS mv, avg(med) AS med, "
	        "avg(u) AS u, avg(a) AS a FROM h GROUP BY 1 ORDER BY 1",
	        (long long)c->item_id, c->where.data, unit);
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
	struct buf item = BUF_INIT;

	if (col[0] == 'g' && strcmp(by, "gold") != 0)
		return err_set(e, WOWAH_EUSAGE, "--by: '%s' is not one of gold|units|auctions", by);
	if (c->has_item)
		buf_printf(&item, "WHERE item_id = %lld", (long long)c->item_id);
	buf_printf(sql,
	           "WITH " LAT_SQL ", "
	           "agg AS (SELECT item_id, sum(gold_listed) AS g, sum(units) AS u, "
	           "sum(auctions) AS a FROM cur %s GROUP BY item_id), "
	           "tot AS (SELECT sum(g) AS tg FROM agg) "
	           "SELECT row_number() OVER (ORDER BY %s DESC, item_id) AS rank, item_id, "
	           "item_label(item_id) AS item, gold(g) AS gold_listed, pct(g, tg) AS share_pct, "
	           "u AS units, a AS auctions FROM agg, tot ORDER BY rank LIMIT %lld",
	           c->where.data, item.data ? item.data : "", col, (long long)c->o->limit);
	buf_release(&item);
	return WOWAH_OK;
}

/* The Parquet files of the latest snapshots, as a list literal. */
static int latest_files(struct ctx *c, struct buf *out, int64_t *n, struct err *e)
{
	struct buf sql = BUF_INIT;
	duckdb_result r;
	int rc;

	buf_printf(&sql,
	           "SELECT path FROM snapshots s JOIN (SELECT region, kind, realm_id, house_id, "
	           "max(snapshot_ts) AS snapshot_ts FROM snapshots WHERE %s GROUP BY ALL) USING "
	           "(region, kind, realm_id, house_id, snapshot_ts) ORDER BY path",
	           c->where.data);
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

static int deals(struct ctx *c, struct buf *sql, struct err *e)
{
	struct buf files = BUF_INIT, item = BUF_INIT;
	char *qdir = duck_quote(c->dir);
	int64_t n = 0;
	int rc = latest_files(c, &files, &n, e);

	if (c->has_item)
		buf_printf(&item, " AND d.item_id = %lld", (long long)c->item_id);
	if (!rc && n > 0)
		buf_printf(
		        sql,
		        "WITH " LAT_SQL ", " W14_SQL ", "
		        "rv AS (SELECT region, kind, item_id, avg(w14) AS mv FROM w GROUP BY ALL), "
		        "a AS (SELECT s.region, s.kind, s.realm_id, s.house_id, p.auction_id, "
		        "p.item_id, p.quantity, coalesce(p.unit_price, CASE WHEN p.buyout > 0 THEN "
		        "p.buyout // p.quantity END) AS ub FROM read_parquet(%s, hive_partitioning "
		        "= false, filename = true) p JOIN snapshots s ON p.filename = %s || '/' || "
		        "s.path) "
		        "SELECT a.region, realm_label(a.region, a.kind, a.realm_id, a.house_id) AS "
		        "realm, a.item_id, item_label(a.item_id) AS item, gold(a.ub) AS "
		        "unit_price, "
		        "a.quantity, gold(rv.mv) AS region_value, pct(a.ub, rv.mv) AS "
		        "pct_of_value, "
		        "gold((rv.mv - a.ub) * a.quantity) AS profit "
		        "FROM a JOIN rv USING (region, kind, item_id) WHERE a.ub IS NOT NULL AND "
		        "a.ub <= rv.mv * %.6f ORDER BY (rv.mv - a.ub) * a.quantity DESC, realm, "
		        "a.item_id, a.auction_id LIMIT %lld",
		        c->where.data, c->region_days.data, item.data ? item.data : "", files.data,
		        qdir, c->o->threshold / 100.0, (long long)c->o->limit);
	else if (!rc) /* nothing listed: the same columns, no rows */
		buf_puts(sql,
		         "SELECT NULL::VARCHAR AS region, NULL::VARCHAR AS realm, NULL::INTEGER "
		         "AS item_id, NULL::VARCHAR AS item, NULL::VARCHAR AS unit_price, "
		         "NULL::INTEGER AS quantity, NULL::VARCHAR AS region_value, NULL::DOUBLE "
		         "AS pct_of_value, NULL::VARCHAR AS profit WHERE false");
	free(qdir);
	buf_release(&files);
	buf_release(&item);
	return rc;
}

static int arbitrage(struct ctx *c, struct buf *sql, struct err *e)
{
	(void)e;
	if (c->has_item) {
		buf_printf(
		        sql,
		        "WITH " LAT_SQL ", "
		        "x AS (SELECT *, realm_label(region, kind, realm_id, house_id) AS realm "
		        "FROM "
		        "cur WHERE item_id = %lld AND kind <> 'commodity' AND min_buyout IS NOT "
		        "NULL) "
		        "SELECT region, kind, realm, gold(min_buyout) AS lowest, "
		        "gold(market_value) AS market_value, pct(min_buyout, avg(market_value) "
		        "OVER "
		        "(PARTITION BY region, kind)) AS pct_of_region, CASE "
		        "WHEN row_number() OVER (PARTITION BY region, kind ORDER BY min_buyout, "
		        "realm) "
		        "= 1 THEN 'buy' WHEN row_number() OVER (PARTITION BY region, kind ORDER BY "
		        "min_buyout DESC, realm) = 1 THEN 'sell' ELSE '' END AS role, "
		        "gold(min_buyout - min(min_buyout) OVER (PARTITION BY region, kind)) AS "
		        "spread "
		        "FROM x ORDER BY region, kind, min_buyout, realm",
		        c->where.data, (long long)c->item_id);
		return WOWAH_OK;
	}
	buf_printf(
	        sql,
	        "WITH " LAT_SQL ", "
	        "x AS (SELECT *, realm_label(region, kind, realm_id, house_id) AS realm FROM cur "
	        "WHERE kind <> 'commodity' AND min_buyout IS NOT NULL), "
	        "y AS (SELECT region, kind, item_id, arg_min(realm, (min_buyout, realm)) AS "
	        "buy_realm, min(min_buyout) AS lo, arg_max(realm, (min_buyout, realm)) AS "
	        "sell_realm, max(min_buyout) AS hi FROM x GROUP BY ALL HAVING count(*) > 1) "
	        "SELECT region, kind, item_id, item_label(item_id) AS item, buy_realm, "
	        "gold(lo) AS buy, sell_realm, gold(hi) AS sell, gold(hi - lo) AS spread, "
	        "pct(hi - lo, lo) AS spread_pct FROM y ORDER BY hi - lo DESC, item_id LIMIT %lld",
	        c->where.data, (long long)c->o->limit);
	return WOWAH_OK;
}

static int movers(struct ctx *c, struct buf *sql, struct err *e)
{
	const char *by = c->o->by ? c->o->by : "24h";
	struct buf item = BUF_INIT;

	if (strcmp(by, "24h") && strcmp(by, "7d"))
		return err_set(e, WOWAH_EUSAGE, "--by: '%s' is not one of 24h|7d", by);
	if (c->has_item)
		buf_printf(&item, " AND item_id = %lld", (long long)c->item_id);
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
	        "h AS (SELECT i.region, i.kind, i.item_id, date_trunc('hour', i.snapshot_ts) AS "
	        "hr, avg(i.market_value) AS v FROM (SELECT * FROM item_snapshots WHERE %s%s AND "
	        "snapshot_ts >= (SELECT min(coalesce(t7, t24, now)) FROM tt)) i JOIN tt ON "
	        "i.region = tt.region AND date_trunc('hour', i.snapshot_ts) IN (tt.now, tt.t24, "
	        "tt.t7) GROUP BY ALL), "
	        "m AS (SELECT h.region, kind, item_id, max(v) FILTER (WHERE hr = now) AS v_now, "
	        "max(v) FILTER (WHERE hr = t24) AS v_24h, max(v) FILTER (WHERE hr = t7) AS v_7d "
	        "FROM h JOIN tt USING (region) GROUP BY ALL) "
	        "SELECT region, kind, item_id, item_label(item_id) AS item, gold(v_now) AS now, "
	        "gold(v_24h) AS day_ago, pct(v_now - v_24h, v_24h) AS change_24h_pct, "
	        "gold(v_7d) AS week_ago, pct(v_now - v_7d, v_7d) AS change_7d_pct FROM m "
	        "WHERE v_now IS NOT NULL AND %s IS NOT NULL "
	        "ORDER BY abs(pct(v_now - %s, %s)) DESC, region, kind, item_id LIMIT %lld",
	        c->where.data, c->where.data, item.data ? item.data : "",
	        strcmp(by, "7d") ? "v_24h" : "v_7d", strcmp(by, "7d") ? "v_24h" : "v_7d",
	        strcmp(by, "7d") ? "v_24h" : "v_7d", (long long)c->o->limit);
	buf_release(&item);
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
	struct ctx c = {d, o, BUF_INIT, BUF_INIT, BUF_INIT, 0, 0, o->data_dir};
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
	buf_release(&c.region_days);
	return rc;
}

void report_out_release(struct report_out *out)
{
	duckdb_destroy_result(&out->result);
	free(out->series);
	out->series = NULL;
}
