/* api.c - the API's endpoints: parameters checked against each endpoint's list, a report
 * run on a lent connection, its rows written as JSON or CSV, answers cached. */
#include "web/api.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/format.h"
#include "model/keys.h"
#include "report/report.h"
#include "report/sqlfiles.h"
#include "util/ts.h"

/* The parameters an endpoint may take, as bits. */
enum {
	P_REGION = 1 << 0,
	P_REALM = 1 << 1,
	P_ITEM = 1 << 2,
	P_SINCE = 1 << 3,
	P_UNTIL = 1 << 4,
	P_LIMIT = 1 << 5,
	P_BY = 1 << 6,
	P_DAILY = 1 << 7,
	P_THRESHOLD = 1 << 8,
	P_MIN_AUCTIONS = 1 << 9,
	P_MIN_UNITS = 1 << 10,
	P_UNITS = 1 << 11,
	P_Q = 1 << 12,
	P_FORMAT = 1 << 13,
	P_HOURS = 1 << 14,
	P_FLAVOR = 1 << 15,
};

#define P_WHERE (P_REGION | P_REALM | P_SINCE | P_UNTIL | P_FORMAT | P_FLAVOR)

static const char *const param_names[] = {
        "region",    "realm",        "item",      "since", "until", "limit",  "by",    "daily",
        "threshold", "min_auctions", "min_units", "units", "q",     "format", "hours", "flavor",
};
#define NPARAMS (sizeof(param_names) / sizeof(param_names[0]))
#define FORMAT  13 /* P_FORMAT's index */
_Static_assert(P_FORMAT == 1 << FORMAT, "FORMAT is the index of format");

struct endpoint {
	const char *name;
	unsigned takes, needs;
	const char *by; /* "a|b": the words by takes */
};

static const struct endpoint endpoints[] = {
        {"price", P_WHERE | P_ITEM, P_ITEM, NULL},
        {"history", P_WHERE | P_ITEM | P_DAILY, P_ITEM, NULL},
        {"top", P_WHERE | P_ITEM | P_LIMIT | P_BY, 0, "gold|units|auctions|sold"},
        {"deals", P_WHERE | P_ITEM | P_LIMIT | P_THRESHOLD, 0, NULL},
        {"arbitrage", P_WHERE | P_ITEM | P_LIMIT, 0, NULL},
        {"movers", P_WHERE | P_ITEM | P_LIMIT | P_BY | P_MIN_AUCTIONS | P_MIN_UNITS, 0, "24h|7d"},
        {"realms", P_WHERE, 0, NULL},
        {"token", P_REGION | P_SINCE | P_UNTIL | P_FORMAT | P_FLAVOR, 0, NULL},
        {"economy", P_WHERE | P_ITEM, 0, NULL},
        {"search", P_Q | P_LIMIT | P_FORMAT | P_FLAVOR, P_Q, NULL},
        {"houses", P_WHERE, 0, NULL},
        {"snapshots", P_WHERE, 0, NULL},
        {"gaps", P_WHERE | P_LIMIT, 0, NULL},
        {"buy", P_WHERE | P_ITEM | P_UNITS, P_ITEM | P_UNITS, NULL},
        {"sales", P_WHERE | P_ITEM, P_ITEM, NULL},
        {"shortage", P_WHERE | P_ITEM | P_LIMIT | P_HOURS, 0, NULL},
};

/* The request's parameters, by index of param_names. */
struct params {
	const char *v[NPARAMS];
	char bad[160];    /* the first problem: "parameter 'x' ..." */
	char unknown[48]; /* the name of an unknown parameter */
	const char *bad_param;
	size_t n;
};

void web_api_error(struct web_answer *a, int status, const char *param, const char *msg)
{
	buf_reset(&a->body);
	buf_puts(&a->body, "{\"error\":");
	buf_put_json_string(&a->body, msg, strlen(msg));
	buf_puts(&a->body, ",\"parameter\":");
	if (param)
		buf_put_json_string(&a->body, param, strlen(param));
	else
		buf_puts(&a->body, "null");
	buf_puts(&a->body, "}\n");
	a->status = status;
	a->type = HTTPD_JSON;
}

static void collect(void *ctx, const char *name, const char *value)
{
	struct params *p = ctx;
	size_t i = 0;

	if (p->bad_param)
		return;
	while (i < NPARAMS && strcmp(param_names[i], name) != 0)
		i++;
	if (i == NPARAMS) {
		snprintf(p->unknown, sizeof(p->unknown), "%.40s", name);
		p->bad_param = p->unknown;
		snprintf(p->bad, sizeof(p->bad), "unknown parameter '%.40s'", name);
		return;
	}
	if (p->v[i]) {
		p->bad_param = param_names[i];
		snprintf(p->bad, sizeof(p->bad), "parameter '%s' given twice", name);
		return;
	}
	p->v[i] = value ? value : "";
}

static int fail(struct params *p, size_t i, const char *why)
{
	p->bad_param = param_names[i];
	snprintf(p->bad, sizeof(p->bad), "%s: %s", param_names[i], why);
	return -1;
}

/* Whole decimal digits, at most max_digits of them. */
static int digits(const char *s, size_t max_digits)
{
	size_t n = strspn(s, "0123456789");
	return n > 0 && n <= max_digits && s[n] == '\0';
}

static int int_in(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	if (!digits(s, 12))
		return 0;
	*out = strtoll(s, NULL, 10);
	return *out >= lo && *out <= hi;
}

/* Valid UTF-8 without control characters. */
static int clean_text(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u) {
		int n = *u < 0x80             ? 0
		        : (*u & 0xE0) == 0xC0 ? 1
		        : (*u & 0xF0) == 0xE0 ? 2
		        : (*u & 0xF8) == 0xF0 ? 3
		                              : -1;
		if (n < 0 || (n == 0 && (*u < 0x20 || *u == 0x7f)) || (n == 1 && *u < 0xC2))
			return 0;
		u++;
		for (; n > 0; n--, u++)
			if ((*u & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

static int one_of(const char *s, const char *choices)
{
	size_t n = strlen(s);

	for (const char *p = choices;;) {
		size_t k = strcspn(p, "|");
		if (k == n && strncmp(p, s, k) == 0)
			return 1;
		if (!p[k])
			return 0;
		p += k + 1;
	}
}

/* Checks each given parameter; fills o. */
static int check(const struct endpoint *ep, struct params *p, struct report_opts *o)
{
	int64_t t, v;
	unsigned mask;
	struct err e;

	for (size_t i = 0; i < NPARAMS; i++) {
		const char *s = p->v[i];
		unsigned bit = 1u << i;

		if (!s)
			continue;
		if (!(ep->takes & bit))
			return fail(p, i, "not taken by this endpoint");
		switch (bit) {
		case P_REGION:
			if (!one_of(s, "eu|us|kr|tw|cn"))
				return fail(p, i, "one of eu, us, kr, tw, cn");
			o->region = s;
			break;
		case P_REALM:
			if (!int_in(s, 1, INT32_MAX, &v))
				return fail(p, i, "a connected realm id (a number)");
			o->realm = s;
			break;
		case P_ITEM:
			if (!int_in(s, 1, INT32_MAX, &v) &&
			    !((s[0] == 'p') && s[1] == ':' && int_in(s + 2, 1, INT32_MAX, &v)))
				return fail(p, i, "an item id or p:SPECIES (numbers)");
			o->item = s;
			break;
		case P_SINCE:
		case P_UNTIL:
			if (strlen(s) > 40 || ts_parse_iso(s, &t))
				return fail(p, i, "a UTC time (2026-11-27T13:00Z)");
			*(bit == P_SINCE ? &o->since : &o->until) = s;
			break;
		case P_LIMIT:
			if (!int_in(s, 1, WEB_MAX_LIMIT, &o->limit))
				return fail(p, i, "a number from 1 to 500");
			break;
		case P_BY:
			if (!one_of(s, ep->by))
				return fail(p, i,
				            ep->by[0] == 'g' ? "one of gold, units, auctions, sold"
				                             : "one of 24h, 7d");
			o->by = s;
			break;
		case P_DAILY:
			if (!one_of(s, "0|1"))
				return fail(p, i, "0 or 1");
			o->daily = s[0] == '1';
			break;
		case P_THRESHOLD:
			if (!int_in(s, 0, 100, &v))
				return fail(p, i, "a whole percentage from 0 to 100");
			o->threshold = (double)v;
			break;
		case P_MIN_AUCTIONS:
		case P_MIN_UNITS:
			if (!int_in(s, 0, 1000000000, &v))
				return fail(p, i, "a number from 0 to 1000000000");
			*(bit == P_MIN_UNITS ? &o->min_units : &o->min_auctions) = v;
			break;
		case P_UNITS:
			if (!int_in(s, 1, 1000000000, &o->units))
				return fail(p, i, "a number from 1 to 1000000000");
			break;
		case P_Q:
			if (!*s || strlen(s) > 100 || !clean_text(s))
				return fail(p, i, "text of 1 to 100 bytes of UTF-8");
			o->item = s;
			break;
		case P_FORMAT:
			if (!one_of(s, "json|csv"))
				return fail(p, i, "json or csv");
			break;
		case P_HOURS:
			if (!int_in(s, 1, 720, &v))
				return fail(p, i, "whole hours from 1 to 720");
			o->hours = (double)v;
			break;
		case P_FLAVOR:
			if (strlen(s) > 60 || model_flavor_list("flavor", s, &mask, &e))
				return fail(p, i,
				            "retail, classic, classic1x or classicann, "
				            "comma-separated");
			o->flavor = s;
			break;
		}
	}
	for (size_t i = 0; i < NPARAMS; i++) /* what is given is checked first */
		if (!p->v[i] && (ep->needs & (1u << i)))
			return fail(p, i, "missing");
	return 0;
}

static const char *kind_name(enum rset_kind k)
{
	static const char *const names[] = {"plain",   "text", "count", "copper",
	                                    "percent", "time", "date"};
	return (size_t)k < sizeof(names) / sizeof(names[0]) ? names[k] : "plain";
}

/* {"report":...,"rows":[...]} from fmt's JSON lines (one object per line). */
static void write_json(const char *name, uint64_t gen, const struct rset *r, int truncated,
                       struct buf *out)
{
	struct buf lines = BUF_INIT;

	buf_printf(out, "{\"report\":\"%s\",\"generation\":%llu,\"columns\":[", name,
	           (unsigned long long)gen);
	for (size_t i = 0; i < r->ncols; i++) {
		buf_puts(out, i ? ",{\"name\":" : "{\"name\":");
		buf_put_json_string(out, r->cols[i].name, strlen(r->cols[i].name));
		buf_printf(out, ",\"kind\":\"%s\"}", kind_name(r->cols[i].kind));
	}
	buf_puts(out, "],\"rows\":[");
	fmt_result(r, FMT_JSON, 0, &lines);
	for (size_t i = 0; i < lines.len; i++)
		if (lines.data[i] == '\n')
			lines.data[i] = i + 1 < lines.len ? ',' : ' ';
	if (lines.len)
		buf_append(out, lines.data, lines.len);
	buf_printf(out, "],\"truncated\":%s}\n", truncated ? "true" : "false");
	buf_release(&lines);
}

/* Which parameter a report's usage error is about, from its message. */
static const char *param_of(const char *msg)
{
	if (strncmp(msg, "item", 4) == 0 || strstr(msg, "needs an ITEM"))
		return "item";
	if (strncmp(msg, "realm", 5) == 0 || strncmp(msg, "no realm", 8) == 0)
		return "realm";
	if (strstr(msg, "--units"))
		return "units";
	return NULL;
}

/* The SQL file a question needs; an engine without it cannot answer (the sales reports
 * read the auction lifetimes, which only DuckDB has unless the engine grew them). */
static const char *sql_of(const char *name, const struct report_opts *o)
{
	return o->by && strcmp(o->by, "sold") == 0 ? "top_sold" : name;
}

static int engine_has(const struct web_api *api, const char *sql)
{
	return report_sql_text(web_db_engine(api->db), sql) != NULL;
}

static void run_report(struct web_api *api, const struct endpoint *ep, struct report_opts *o,
                       int csv, struct web_answer *a)
{
	struct web_conn conn;
	struct rset *r = NULL;
	struct err e = {0};
	int truncated = 0, rc;

	if (!engine_has(api, sql_of(ep->name, o))) {
		char msg[160];
		snprintf(msg, sizeof(msg),
		         "the %s reports have no %s.sql: serve the data dir for it",
		         web_db_engine(api->db), sql_of(ep->name, o));
		web_api_error(a, 501, NULL, msg);
		return;
	}
	rc = web_db_acquire(api->db, api->wait_ms, &conn, &e);
	if (rc) {
		web_api_error(a, 503, NULL, e.msg);
		return;
	}
	rc = report_run(&conn.eng, ep->name, o, &r, &e);
	web_db_release(api->db, &conn);
	if (rc == WOWAH_EUSAGE) {
		web_api_error(a, 400, param_of(e.msg), e.msg);
		return;
	}
	if (rc) {
		fprintf(stderr, "wowah serve: /api/%s: %s\n", ep->name, e.msg);
		web_api_error(a, 500, NULL, "the report failed; the server's log says why");
		return;
	}
	if (r->nrows > WEB_MAX_ROWS) {
		rset_truncate(r, WEB_MAX_ROWS);
		truncated = 1;
	}
	a->status = 200;
	if (csv) {
		fmt_result(r, FMT_CSV, 0, &a->body);
		a->type = "text/csv;charset=UTF-8";
		snprintf(a->filename, sizeof(a->filename), "%s.csv", ep->name);
	} else {
		write_json(ep->name, conn.generation, r, truncated, &a->body);
		a->type = HTTPD_JSON;
	}
	rset_free(r);
}

static void status(struct web_api *api, struct web_answer *a)
{
	int64_t taken;
	uint64_t gen = web_db_generation(api->db, &taken);
	char iso[TS_ISO_LEN];

	ts_format_iso(taken, iso);
	buf_printf(&a->body, "{\"engine\":\"%s\",\"sales\":%s,\"generation\":%llu,\"updated\":",
	           web_db_engine(api->db), engine_has(api, "sales") ? "true" : "false",
	           (unsigned long long)gen);
	if (gen)
		buf_printf(&a->body, "\"%s\"}\n", iso);
	else
		buf_puts(&a->body, "null}\n");
	a->status = 200;
	a->type = HTTPD_JSON;
}

void web_api_answer(struct web_api *api, const char *name, struct httpd_req *req,
                    struct web_answer *a)
{
	const struct endpoint *ep = NULL;
	struct params p = {0};
	struct report_opts o = {0};
	struct buf key = BUF_INIT;
	int csv;

	for (size_t i = 0; i < sizeof(endpoints) / sizeof(endpoints[0]); i++)
		if (strcmp(endpoints[i].name, name) == 0)
			ep = &endpoints[i];
	if (!ep && strcmp(name, "status") != 0) {
		web_api_error(a, 404, NULL, "no such endpoint");
		return;
	}
	if (httpd_req_args(req, collect, &p) > NPARAMS && !p.bad_param)
		snprintf(p.bad, sizeof(p.bad), "too many parameters"), p.bad_param = "";
	if (!ep && !p.bad_param && httpd_req_args(req, NULL, NULL))
		snprintf(p.bad, sizeof(p.bad), "status takes no parameters"), p.bad_param = "";
	if (!ep && !p.bad_param) {
		status(api, a);
		return;
	}
	o.limit = 20;
	o.threshold = 50;
	o.min_auctions = 5;
	o.min_units = 5;
	o.hours = 24;
	o.data_dir = api->data_dir;
	if (p.bad_param || check(ep, &p, &o)) {
		web_api_error(a, 400, *p.bad_param ? p.bad_param : NULL, p.bad);
		return;
	}
	csv = p.v[FORMAT] && strcmp(p.v[FORMAT], "csv") == 0;
	buf_printf(&key, "%llu %s", (unsigned long long)web_db_generation(api->db, NULL), name);
	for (size_t i = 0; i < NPARAMS; i++)
		if (p.v[i])
			buf_printf(&key, " %zu=%s", i, p.v[i]);
	if (web_cache_get(api->cache, key.data, &a->body, &a->status)) {
		a->type = csv ? "text/csv;charset=UTF-8" : HTTPD_JSON;
		if (csv)
			snprintf(a->filename, sizeof(a->filename), "%s.csv", ep->name);
	} else {
		run_report(api, ep, &o, csv, a);
		if (a->status == 200 || a->status == 400)
			web_cache_put(api->cache, key.data, a->status, a->body.data, a->body.len);
	}
	buf_release(&key);
}
