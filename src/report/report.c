/* report.c - the reports' definitions, and running one: --realm, --item and the times
 * resolved into named parameters, the SQL of the engine's dialect (sqlfiles.h) run, the
 * result checked against the definition's columns.
 *
 * A report's SQL file may name fragments of its dialect as @name@ (a CTE the reports
 * share, sql/<dialect>/<name>.sql); @listings@ is the dialect's listings of the latest
 * snapshots in range, chosen by listings(); @unit_buyout@ is the storage contract's rule
 * over an auction file's columns (model/auction.h); @day_weights@ TSM's day weights of the
 * 14-day value as an array literal (price/price.h), for a dialect that computes it in SQL.
 * Fragments hold SQL only, never values from the command line.
 */
#include "report/report.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/auction.h"
#include "model/keys.h"
#include "price/price.h"
#include "report/query.h"
#include "report/sqlfiles.h"
#include "util/buf.h"
#include "util/ts.h"

const char *const report_names =
        "price history top deals arbitrage movers realms sales token economy search houses "
        "snapshots gaps buy shortage";

#define US_PER_S 1000000LL

struct col_def {
	const char *name;
	enum rset_kind kind;
};

enum item_use {
	ITEM_ANY,    /* --item filters when given */
	ITEM_ONE,    /* one item (not the pet cage of several species) is needed */
	ITEM_ABSENT, /* this form is the report without ITEM */
	ITEM_TEXT,   /* ITEM is text to look for ($text), not resolved */
};

struct report_def {
	const char *name; /* the command's */
	const char *sql;  /* sql/<dialect>/<sql>.sql */
	enum item_use item;
	const char *by_choices; /* --by: "a|b|c", the first the default; NULL: none */
	const struct col_def *cols;
	/* a series over time: without --since nor --daily, the span_days ending with the
	 * newest snapshot in range; --daily, a row a day (its first column a date). 0: none */
	int span_days;
};

/* Each report's columns, in order, with their kinds (a list reads best unformatted). */
/* clang-format off */
#define TEXT(n)    {n, RSET_KIND_TEXT}
#define COUNT(n)   {n, RSET_KIND_COUNT}
#define COPPER(n)  {n, RSET_KIND_COPPER}
#define PERCENT(n) {n, RSET_KIND_PERCENT}
#define TIME(n)    {n, RSET_KIND_TIME}
#define DATE(n)    {n, RSET_KIND_DATE}
#define NUMBER(n)  {n, RSET_KIND_PLAIN}
#define END        {NULL, RSET_KIND_PLAIN}
static const struct col_def price_cols[] = {
	TEXT("region"), TEXT("realm"), TIME("snapshot"), COPPER("lowest"),
	COPPER("market_value"), COPPER("median"), COUNT("auctions"), COUNT("units"),
	COPPER("weighted_14d"), COPPER("historical_60d"), COPPER("region_14d"),
	COPPER("region_market"), PERCENT("sale_rate_pct"), NUMBER("sold_per_day"),
	COPPER("sale_avg"), PERCENT("region_sale_rate_pct"), NUMBER("region_sold_per_day"),
	COPPER("region_sale_avg"), END,
};
static const struct col_def history_cols[] = {
	TIME("time"), COPPER("lowest"), COPPER("market_value"), COPPER("median"),
	COUNT("units"), COUNT("auctions"), END,
};
static const struct col_def top_cols[] = {
	COUNT("rank"), COUNT("item_id"), TEXT("item"), COPPER("gold_listed"),
	PERCENT("share_pct"), COUNT("units"), COUNT("auctions"), END,
};
static const struct col_def deals_cols[] = {
	TEXT("region"), TEXT("realm"), COUNT("item_id"), TEXT("item"), COPPER("unit_price"),
	COUNT("quantity"), COPPER("region_value"), PERCENT("pct_of_value"), COPPER("profit"), END,
};
static const struct col_def arbitrage_cols[] = {
	TEXT("region"), TEXT("kind"), COUNT("item_id"), TEXT("item"), TEXT("buy_realm"),
	COPPER("buy"), TEXT("sell_realm"), COPPER("sell"), COPPER("spread"),
	PERCENT("spread_pct"), END,
};
static const struct col_def arbitrage_item_cols[] = {
	TEXT("region"), TEXT("kind"), TEXT("realm"), COPPER("lowest"), COPPER("market_value"),
	PERCENT("pct_of_region"), TEXT("role"), COPPER("spread"), END,
};
static const struct col_def movers_cols[] = {
	TEXT("region"), TEXT("kind"), COUNT("item_id"), TEXT("item"), COPPER("now"),
	COPPER("day_ago"), PERCENT("change_24h_pct"), COPPER("week_ago"),
	PERCENT("change_7d_pct"), COUNT("auctions"), COUNT("units"), END,
};
static const struct col_def realms_cols[] = {
	TEXT("region"), COUNT("realm_id"), TEXT("kind"), COUNT("house_id"), TEXT("names"),
	TEXT("population"), TIME("last_snapshot"), COUNT("auctions"), END,
};
static const struct col_def sales_cols[] = {
	TIME("day"), TEXT("region"), TEXT("realm"), COUNT("units_sold"), COUNT("units_seen"),
	COUNT("auctions_sold"), COUNT("auctions_ended"), PERCENT("sale_rate_pct"),
	COPPER("avg_price"), END,
};
static const struct col_def token_cols[] = {
	TEXT("region"), TIME("time"), COPPER("price"), END,
};
static const struct col_def economy_cols[] = {
	TIME("time"), COUNT("houses"), COUNT("auctions"), COUNT("units"), COPPER("gold_listed"),
	END,
};
static const struct col_def search_cols[] = {
	COUNT("item_id"), COUNT("pet_species_id"), TEXT("item"), TEXT("key"), TEXT("matched"),
	END,
};
static const struct col_def houses_cols[] = {
	TEXT("region"), TEXT("kind"), COUNT("realm_id"), COUNT("house_id"), TEXT("realm"),
	TIME("first_snapshot"), TIME("last_snapshot"), TIME("last_fetched"), COUNT("snapshots"),
	COUNT("auctions"), COUNT("gaps"), COUNT("hours_missing"), END,
};
static const struct col_def snapshots_cols[] = {
	TEXT("region"), TEXT("kind"), COUNT("realm_id"), COUNT("house_id"), TEXT("realm"),
	DATE("day"), COUNT("snapshots"), COUNT("auctions"), END,
};
static const struct col_def gaps_cols[] = {
	TEXT("region"), TEXT("realm"), TIME("after"), TIME("before"), COUNT("hours_missing"), END,
};
static const struct col_def buy_cols[] = {
	TEXT("region"), TEXT("realm"), COUNT("units"), COPPER("cost"), COPPER("avg_price"),
	COPPER("last_price"), COUNT("listed"), TEXT("note"), END,
};
static const struct col_def shortage_cols[] = {
	TEXT("region"), TEXT("realm"), COUNT("item_id"), TEXT("item"), COUNT("units"),
	NUMBER("sold_per_hour"), NUMBER("hours_left"), COPPER("market_value"),
	COPPER("weighted_14d"), PERCENT("pct_of_14d"), END,
};
static const struct col_def top_sold_cols[] = {
	COUNT("rank"), COUNT("item_id"), TEXT("item"), COPPER("gold_sold_per_day"),
	NUMBER("sold_per_day"), PERCENT("sale_rate_pct"), COPPER("gold_listed"), END,
};
/* clang-format on */

/* history without --since nor --daily shows the fortnight ending with the newest snapshot
 * in range, as The Undermine Journal's chart of hours does: a year of hours is 8,760 rows
 * and reading them grows with the history (issue 10); --since widens it, --daily shows
 * every day. */
#define HISTORY_SPAN_DAYS 14

/* The first definition of a name that fits the options (ITEM, --by) wins. */
static const struct report_def reports[] = {
        {"price", "price", ITEM_ONE, NULL, price_cols, 0},
        {"history", "history", ITEM_ONE, NULL, history_cols, HISTORY_SPAN_DAYS},
        {"top", "top", ITEM_ANY, "gold|units|auctions", top_cols, 0},
        {"top", "top_sold", ITEM_ANY, "sold", top_sold_cols, 0},
        {"deals", "deals", ITEM_ANY, NULL, deals_cols, 0},
        {"arbitrage", "arbitrage", ITEM_ABSENT, NULL, arbitrage_cols, 0},
        {"arbitrage", "arbitrage_item", ITEM_ONE, NULL, arbitrage_item_cols, 0},
        {"movers", "movers", ITEM_ANY, "24h|7d", movers_cols, 0},
        {"realms", "realms", ITEM_ANY, NULL, realms_cols, 0},
        {"sales", "sales", ITEM_ONE, NULL, sales_cols, 0},
        {"token", "token", ITEM_ANY, NULL, token_cols, 0},
        {"economy", "economy", ITEM_ANY, NULL, economy_cols, 0},
        {"search", "search", ITEM_TEXT, NULL, search_cols, 0},
        {"houses", "houses", ITEM_ANY, NULL, houses_cols, 0},
        {"snapshots", "snapshots", ITEM_ANY, NULL, snapshots_cols, 0},
        {"gaps", "gaps", ITEM_ANY, NULL, gaps_cols, 0},
        {"buy", "buy", ITEM_ONE, NULL, buy_cols, 0},
        {"shortage", "shortage", ITEM_ANY, NULL, shortage_cols, 0},
};

struct ctx {
	const struct rset_engine *eng;
	const struct report_opts *o;
	struct rset_params p;
	int64_t item_id, species, realm_id;
	int has_item, has_species;
	char by[16];      /* --by's default */
	char flavors[48]; /* $flavors (parameters are borrowed: it lives as long as the run) */
	char **files;     /* $files, when listings() reads the snapshot files */
	size_t nfiles;
};

const char *report_sql_text(const char *dialect, const char *name)
{
	size_t n = strlen(dialect);

	for (const struct report_sql_file *f = report_sql_files; f->name; f++)
		if (strncmp(f->name, dialect, n) == 0 && f->name[n] == '/' &&
		    strcmp(f->name + n + 1, name) == 0)
			return f->text;
	return NULL;
}

static int sql_text(const struct ctx *c, const char *name, const char **out, struct err *e)
{
	*out = report_sql_text(c->eng->dialect, name);
	if (!*out)
		return err_set(e, WOWAH_EDB, "the %s reports have no %s.sql", c->eng->dialect,
		               name);
	return WOWAH_OK;
}

/* ---- running SQL ---- */

struct run_state {
	const struct rset_engine *eng;
	const struct rset_params *p;
	struct rset *last; /* the rows of the last statement */
	struct err *e;
};

static int run_statement(const char *sql, void *arg)
{
	struct run_state *s = arg;
	struct rset *r = NULL;
	int rc = s->eng->run(s->eng->impl, sql, s->p, &r, s->e);

	if (rc)
		return rc;
	rset_free(s->last);
	s->last = r;
	return WOWAH_OK;
}

/* Runs every statement of text; *out (when out is not NULL) gets the last one's rows. */
static int run_sql(const struct ctx *c, const char *text, const struct rset_params *p,
                   struct rset **out, struct err *e)
{
	struct run_state s = {c->eng, p, NULL, e};
	int rc = report_sql_each(text, run_statement, &s);

	if (rc || !out)
		rset_free(s.last);
	else
		*out = s.last;
	return rc;
}

static int expand(struct ctx *c, const char *text, int depth, const char **frag, struct buf *out,
                  struct err *e);

#define FRAGMENT_DEPTH 6 /* fragments may name fragments, this deep */

/* Runs the dialect's file name, its @fragments@ in place, with p: its rows. */
static int lookup(struct ctx *c, const char *name, const struct rset_params *p, struct rset **out,
                  struct err *e)
{
	struct buf sql = BUF_INIT;
	const char *text, *frag = NULL;
	int rc = sql_text(c, name, &text, e);

	if (!rc)
		rc = expand(c, text, FRAGMENT_DEPTH, &frag, &sql, e);
	if (!rc)
		rc = run_sql(c, sql.data, p, out, e);
	buf_release(&sql);
	if (!rc && !*out)
		rc = err_set(e, WOWAH_EDB, "%s.sql returns no rows", name);
	return rc;
}

/* ---- options into parameters ---- */

static int is_int(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Lists "<id> <name>" of the first two columns of r, for ambiguity messages; with pets
 * (item.sql's third column, the species), a species as p:SPECIES, the key that names it. */
static void candidates(const struct rset *r, int pets, struct buf *out)
{
	for (size_t i = 0; i < r->nrows && i < 10; i++) {
		const struct rset_cell *name = rset_at(r, i, 1);
		int64_t id = rset_at(r, i, 0)->v.i, species = pets ? rset_at(r, i, 2)->v.i : 0;

		buf_printf(out, "%s%s%lld %s", i ? ", " : "", species > 0 ? "p:" : "",
		           (long long)(species > 0 ? species : id), name->null ? "" : name->v.s);
	}
	if (r->nrows > 10)
		buf_puts(out, ", ...");
}

/* --item: an id as it is; p:SPECIES a battle pet species; a name (case-insensitive, any
 * locale) of an item or a species exactly, else as a part. */
static int resolve_item(struct ctx *c, struct err *e)
{
	const char *name = c->o->item;
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
		c->item_id = MODEL_PET_CAGE_ITEM; /* each species an item of its own */
		c->species = strtoll(name + 2, NULL, 10);
		c->has_species = 1;
		return WOWAH_OK;
	}
	for (int part = 0; part < 2; part++) {
		struct rset_params p = {0};
		struct buf list = BUF_INIT;
		struct rset *r = NULL;
		size_t n;

		rset_param_text(&p, "name", name);
		rset_param_bool(&p, "part", part);
		rset_param_text(&p, "flavors", c->flavors);
		rset_param_int(&p, "cage", MODEL_PET_CAGE_ITEM);
		rc = lookup(c, "item", &p, &r, e);
		if (rc)
			return rc;
		n = r->nrows;
		if (n == 1) {
			c->item_id = rset_at(r, 0, 0)->v.i;
			c->species = rset_at(r, 0, 2)->v.i;
			c->has_species = c->species > 0;
		}
		if (n > 1) {
			candidates(r, 1, &list);
			rc = err_set(e, WOWAH_EUSAGE, "item '%s' is ambiguous: %s; give the id",
			             name, list.data);
		}
		buf_release(&list);
		rset_free(r);
		if (n > 0)
			return rc;
	}
	return err_set(e, WOWAH_EUSAGE,
	               "no item named '%s' (give its id, or pull item names first)", name);
}

/* --realm: a connected realm id or any of its realms' id, slug or name, among the realms
 * of --flavor (an Era realm and a retail one may share a name or an id). */
static int resolve_realm(struct ctx *c, struct err *e)
{
	const char *name = c->o->realm;
	struct rset_params p = {0};
	struct buf list = BUF_INIT;
	struct rset *r = NULL;
	int rc;

	rset_param_text(&p, "name", name);
	rset_param_text(&p, "region", c->o->region);
	rset_param_text(&p, "flavors", c->flavors);
	rc = lookup(c, "realm", &p, &r, e);
	if (rc)
		return rc;
	if (r->nrows == 1)
		c->realm_id = rset_at(r, 0, 0)->v.i;
	else if (r->nrows == 0 && is_int(name))
		c->realm_id = strtoll(name, NULL, 10); /* no realm metadata: the id as it is */
	else if (r->nrows == 0)
		rc = err_set(e, WOWAH_EUSAGE,
		             "no realm '%s' (give a connected realm id, a slug or a name)", name);
	else {
		candidates(r, 0, &list);
		rc = err_set(e, WOWAH_EUSAGE, "realm '%s' is ambiguous: %s; give the id", name,
		             list.data);
	}
	buf_release(&list);
	rset_free(r);
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

static int time_param(struct ctx *c, const char *name, const char *what, const char *s,
                      int end_of_day, struct err *e)
{
	int64_t t;
	int rc;

	if (!s) {
		rset_param_null(&c->p, name, RSET_TIME);
		return WOWAH_OK;
	}
	rc = parse_time(what, s, end_of_day, &t, e);
	if (!rc)
		rset_param_time(&c->p, name, t * US_PER_S);
	return rc;
}

/* Whether by is one of choices ("a|b|c"). */
static int by_in(const char *choices, const char *by)
{
	for (const char *p = choices;;) {
		size_t k = strcspn(p, "|");
		if (k == strlen(by) && strncmp(p, by, k) == 0)
			return 1;
		if (!p[k])
			return 0;
		p += k + 1;
	}
}

/* --by: one of choices ("a|b|c"), the first when not given; the message names every
 * definition's choices of the report. */
static int by_param(struct ctx *c, const struct report_def *def, struct err *e)
{
	const char *by = c->o->by, *choices = def->by_choices;
	struct buf all = BUF_INIT;

	if (!by) {
		snprintf(c->by, sizeof(c->by), "%.*s", (int)strcspn(choices, "|"), choices);
		rset_param_text(&c->p, "by", c->by);
		return WOWAH_OK;
	}
	if (by_in(choices, by)) {
		rset_param_text(&c->p, "by", by);
		return WOWAH_OK;
	}
	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
		if (strcmp(reports[i].name, def->name) == 0 && reports[i].by_choices)
			buf_printf(&all, "%s%s", all.len ? "|" : "", reports[i].by_choices);
	err_set(e, WOWAH_EUSAGE, "--by: '%s' is not one of %s", by, all.data);
	buf_release(&all);
	return WOWAH_EUSAGE;
}

/* --flavor as $flavors: the flavour names, comma-separated, in their order; retail's when
 * not given, for every report: a report never pools two flavours' markets unasked. */
static int flavor_param(struct ctx *c, struct err *e)
{
	unsigned mask;
	size_t n = 0;
	int rc;

	if ((rc = model_flavor_list("--flavor", c->o->flavor ? c->o->flavor : "retail", &mask, e)))
		return rc;
	for (int fl = 0; fl < MODEL_NFLAVORS; fl++)
		if (mask & (1u << fl))
			n += (size_t)snprintf(c->flavors + n, sizeof(c->flavors) - n, "%s%s",
			                      n ? "," : "", model_flavor_name(fl));
	rset_param_text(&c->p, "flavors", c->flavors);
	return WOWAH_OK;
}

static int build_params(struct ctx *c, const struct report_def *def, struct err *e)
{
	const struct report_opts *o = c->o;
	int rc;

	if ((rc = flavor_param(c, e)))
		return rc;
	rset_param_text(&c->p, "region", o->region);
	if (o->realm) {
		rc = resolve_realm(c, e);
		if (rc)
			return rc;
		rset_param_int(&c->p, "realm", c->realm_id);
	} else {
		rset_param_null(&c->p, "realm", RSET_INT);
	}
	rc = time_param(c, "since", "--since", o->since, 0, e);
	if (!rc)
		rc = time_param(c, "until", "--until", o->until, 1, e);
	if (!rc && def->item != ITEM_TEXT)
		rc = resolve_item(c, e);
	if (rc)
		return rc;
	if (c->has_item)
		rset_param_int(&c->p, "item", c->item_id);
	else
		rset_param_null(&c->p, "item", RSET_INT);
	if (c->has_species)
		rset_param_int(&c->p, "species", c->species);
	else
		rset_param_null(&c->p, "species", RSET_INT);
	rset_param_int(&c->p, "limit", o->limit);
	rset_param_double(&c->p, "threshold", o->threshold / 100.0);
	rset_param_int(&c->p, "min_auctions", o->min_auctions);
	rset_param_int(&c->p, "min_units", o->min_units);
	rset_param_bool(&c->p, "daily", o->daily);
	rset_param_text(&c->p, "dir", o->data_dir);
	rset_param_text(&c->p, "text", def->item == ITEM_TEXT ? o->item : NULL);
	rset_param_int(&c->p, "units", o->units);
	rset_param_double(&c->p, "hours", o->hours);
	if (def->item == ITEM_TEXT && (!o->item || !*o->item))
		return err_set(e, WOWAH_EUSAGE, "report %s needs the TEXT to look for", def->name);
	if (strcmp(def->name, "buy") == 0 && o->units < 1)
		return err_set(e, WOWAH_EUSAGE, "report buy needs --units N (N >= 1)");
	if (def->by_choices)
		return by_param(c, def, e);
	rset_param_text(&c->p, "by", NULL);
	return WOWAH_OK;
}

/* price, history and arbitrage of one item: the pet cage alone names no one price. */
static int one_item(struct ctx *c, const char *report, struct err *e)
{
	struct rset_params p = {0};
	struct buf list = BUF_INIT;
	struct rset *r = NULL;
	int rc;

	if (!c->has_item)
		return err_set(e, WOWAH_EUSAGE, "report %s needs an ITEM (id, name or p:SPECIES)",
		               report);
	/* only the cage holds pets: any other item's check would read its whole history */
	if (c->has_species || c->item_id != MODEL_PET_CAGE_ITEM)
		return WOWAH_OK;
	rset_param_int(&p, "item", c->item_id);
	rset_param_text(&p, "flavors", c->flavors);
	rc = lookup(c, "species", &p, &r, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < r->nrows && i < 10; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", rset_at(r, i, 0)->v.s);
	if (r->nrows > 10)
		buf_puts(&list, ", ...");
	if (r->nrows > 1)
		rc = err_set(e, WOWAH_EUSAGE,
		             "item %lld holds battle pets of %llu species (%s); name one as "
		             "p:SPECIES",
		             (long long)c->item_id, (unsigned long long)r->nrows, list.data);
	buf_release(&list);
	rset_free(r);
	return rc;
}

/* $since of a series over time (span_days) asked with neither --since nor --daily. */
static int series_span(struct ctx *c, const struct report_def *def, struct err *e)
{
	const struct rset_cell *t;
	struct rset *r = NULL;
	int rc;

	if (!def->span_days || c->o->daily || c->o->since)
		return WOWAH_OK;
	rc = lookup(c, "newest", &c->p, &r, e);
	if (rc)
		return rc;
	if (r->nrows != 1 || r->cols[0].type != RSET_TIME) {
		rset_free(r);
		return err_set(e, WOWAH_EDB, "newest.sql of %s: not one time", c->eng->dialect);
	}
	t = rset_at(r, 0, 0);
	if (!t->null && t->v.i > 0)
		rset_param_time(&c->p, "since",
		                t->v.i - (int64_t)def->span_days * 86400 * US_PER_S);
	rset_free(r);
	return WOWAH_OK;
}

/* ---- the SQL of a report ---- */

/* Which fragment is @listings@: the stored listings when listings_covered.sql says they
 * hold the latest snapshots in range (a dialect without that file always has them), else
 * the snapshot files of listings_files.sql, bound as $files. */
static int listings(struct ctx *c, const char **frag, struct err *e)
{
	const char *covered = report_sql_text(c->eng->dialect, "listings_covered");
	struct rset *r = NULL;
	int yes, rc;

	*frag = "listings_stored";
	if (!covered)
		return WOWAH_OK;
	rc = lookup(c, "listings_covered", &c->p, &r, e);
	if (rc)
		return rc;
	yes = r->nrows == 1 && !rset_at(r, 0, 0)->null && rset_at(r, 0, 0)->v.i;
	rset_free(r);
	if (yes)
		return WOWAH_OK;
	rc = lookup(c, "listings_files", &c->p, &r, e);
	if (rc)
		return rc;
	c->nfiles = r->nrows;
	c->files = xcalloc(r->nrows + 1, sizeof(char *));
	for (size_t i = 0; i < r->nrows; i++)
		c->files[i] = xstrdup(rset_at(r, i, 0)->v.s);
	rset_free(r);
	rset_param_list(&c->p, "files", (const char *const *)c->files, c->nfiles);
	*frag = c->nfiles ? "listings_parquet" : "listings_none";
	return WOWAH_OK;
}

/* text with its @fragments@ in place (depth levels further down at most); *frag is the
 * listings fragment once chosen. */
static int expand(struct ctx *c, const char *text, int depth, const char **frag, struct buf *out,
                  struct err *e)
{
	int rc;

	while (*text) {
		const char *at = strchr(text, '@'), *end, *body;
		size_t n;
		char name[64];

		if (!at) {
			buf_puts(out, text);
			break;
		}
		end = strchr(at + 1, '@');
		n = end ? (size_t)(end - at - 1) : 0;
		if (!end || n == 0 || n >= sizeof(name) ||
		    strspn(at + 1, "abcdefghijklmnopqrstuvwxyz_") != n || depth == 0)
			return err_set(e, WOWAH_EDB, "a stray '@' in the %s SQL", c->eng->dialect);
		buf_append(out, text, (size_t)(at - text));
		memcpy(name, at + 1, n);
		name[n] = '\0';
		if (strcmp(name, "listings") == 0) {
			if (!*frag && (rc = listings(c, frag, e)) != WOWAH_OK)
				return rc;
			snprintf(name, sizeof(name), "%s", *frag);
		}
		if (strcmp(name, "day_weights") == 0) {
			for (int d = 0; d < PRICE_WEIGHT_DAYS; d++)
				buf_printf(out, "%c%d", d ? ',' : '[', price_day_weights[d]);
			buf_putc(out, ']');
			text = end + 1;
			continue;
		}
		if (strcmp(name, "unit_buyout") == 0)
			body = MODEL_UNIT_BUYOUT_SQL;
		else if ((rc = sql_text(c, name, &body, e)) != WOWAH_OK)
			return rc;
		rc = expand(c, body, depth - 1, frag, out, e);
		if (rc)
			return rc;
		text = end + 1;
	}
	return WOWAH_OK;
}

static int kind_fits(enum rset_kind k, enum rset_type t)
{
	switch (k) {
	case RSET_KIND_TEXT:
		return t == RSET_TEXT;
	case RSET_KIND_COUNT:
		return t == RSET_INT;
	case RSET_KIND_COPPER:
	case RSET_KIND_PERCENT:
		return t == RSET_INT || t == RSET_DOUBLE;
	case RSET_KIND_TIME:
	case RSET_KIND_DATE:
		return t == RSET_TIME || t == RSET_DATE;
	default:
		return 1;
	}
}

/* The engine's columns must be the definition's, in its order and of fitting types: each
 * dialect's SQL answers with the same columns. */
static int shape(const struct ctx *c, const struct report_def *def, struct rset *r, struct err *e)
{
	size_t n = 0;

	while (def->cols[n].name)
		n++;
	if (r->ncols != n)
		return err_set(e, WOWAH_EDB, "report %s: the %s SQL returns %zu columns, not %zu",
		               def->name, c->eng->dialect, r->ncols, n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(r->cols[i].name, def->cols[i].name) ||
		    !kind_fits(def->cols[i].kind, r->cols[i].type))
			return err_set(
			        e, WOWAH_EDB,
			        "report %s: column %zu of the %s SQL is '%s', not a fitting '%s'",
			        def->name, i + 1, c->eng->dialect, r->cols[i].name,
			        def->cols[i].name);
		r->cols[i].kind = def->cols[i].kind;
	}
	if (def->span_days && c->o->daily)
		r->cols[0].kind = RSET_KIND_DATE;
	return WOWAH_OK;
}

/* The first fitting definition; when none takes --by, the first that fits otherwise
 * (its --by check says what the choices are). */
static const struct report_def *find(const char *name, int has_item, const char *by)
{
	const struct report_def *any = NULL;

	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++) {
		const struct report_def *d = &reports[i];
		if (strcmp(d->name, name) != 0 || (d->item == ITEM_ABSENT && has_item))
			continue;
		if (!by || !d->by_choices || by_in(d->by_choices, by))
			return d;
		if (!any)
			any = d;
	}
	return any;
}

int report_run(const struct rset_engine *eng, const char *name, const struct report_opts *o,
               struct rset **out, struct err *e)
{
	const struct report_def *def = find(name, o->item != NULL, o->by);
	struct ctx c = {0};
	struct buf sql = BUF_INIT;
	const char *text = NULL, *helpers, *frag = NULL;
	int rc;

	*out = NULL;
	if (!def)
		return err_set(e, WOWAH_EUSAGE, "unknown report '%s' (one of: %s)", name,
		               report_names);
	c.eng = eng;
	c.o = o;
	helpers = report_sql_text(eng->dialect, "helpers");
	rc = helpers ? run_sql(&c, helpers, NULL, NULL, e) : WOWAH_OK;
	if (!rc)
		rc = build_params(&c, def, e);
	if (!rc && def->item == ITEM_ONE)
		rc = one_item(&c, def->name, e);
	if (!rc)
		rc = series_span(&c, def, e);
	if (!rc)
		rc = sql_text(&c, def->sql, &text, e);
	if (!rc)
		rc = expand(&c, text, FRAGMENT_DEPTH, &frag, &sql, e);
	if (!rc)
		rc = run_sql(&c, sql.data, &c.p, out, e);
	if (!rc && !*out)
		rc = err_set(e, WOWAH_EDB, "report %s: the %s SQL returns no rows", name,
		             eng->dialect);
	if (!rc)
		rc = shape(&c, def, *out, e);
	if (rc) {
		rset_free(*out);
		*out = NULL;
	}
	for (size_t i = 0; i < c.nfiles; i++)
		free(c.files[i]);
	free(c.files);
	buf_release(&sql);
	return rc;
}

/* Whether row i's text column col is key (any row when col < 0). */
static int row_is(const struct rset *r, size_t i, int col, const char *key)
{
	const struct rset_cell *c;

	if (col < 0)
		return 1;
	c = rset_at(r, i, (size_t)col);
	return !c->null && strcmp(c->v.s, key) == 0;
}

/* Column name of the rows whose region and realm columns are region and realm (NULL:
 * every row), NULL as 0. */
static double *series_of(const struct rset *r, const char *name, const char *region,
                         const char *realm, size_t *n)
{
	int col = rset_find(r, name);
	int rc = region ? rset_find(r, "region") : -1, hc = realm ? rset_find(r, "realm") : -1;
	double *v;

	*n = 0;
	if (col < 0 || (region && rc < 0) || (realm && hc < 0))
		return NULL;
	v = xcalloc(r->nrows + 1, sizeof(double));
	for (size_t i = 0; i < r->nrows; i++) {
		double x;
		if (!row_is(r, i, rc, region) || !row_is(r, i, hc, realm))
			continue;
		x = rset_double(r, i, (size_t)col);
		v[(*n)++] = isnan(x) ? 0 : x;
	}
	return v;
}

double *report_series(const struct rset *r, size_t *n)
{
	return series_of(r, "market_value", NULL, NULL, n);
}

double *report_sales_series(const struct rset *r, const char *region, size_t *n)
{
	return series_of(r, "units_sold", region, "region", n);
}
