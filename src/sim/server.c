/* server.c - the simulator's routes on the HTTP layer: OAuth, Bearer tokens, namespaces,
 * caching headers, gzip, the rate limit, faults, and the /sim/ control calls.
 *
 * Check order for a data call, as on the real API: Bearer (401), rate limit (429), route
 * and namespace (404), faults, then If-Modified-Since (304) or the body. Bodies are
 * served from reference-counted buffers through a reader callback, which is also how a
 * response is cut short on purpose (--truncate-rate).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "httpd/httpd.h"
#include "sim/render.h"
#include "sim/rng.h"
#include "sim/server.h"
#include "util/ts.h"

/* OAuth forms are a few hundred bytes; anything much bigger is not one. */
#define MAX_UPLOAD 4096

struct token {
	char value[40];
	int64_t expires; /* wall clock */
};

struct sim_server {
	struct sim_world *w;
	struct sim_server_config cfg;
	struct httpd *http;
	pthread_mutex_t lock; /* tokens, rate counter, fault stream */
	struct token *tokens;
	size_t ntokens, cap;
	uint64_t issued;
	int64_t rate_second, rate_count;
	struct sim_rng faults;
};

/* What a response is sent from: a body and how much of it to send. */
struct send {
	struct sim_body *body;
	size_t cut; /* < body->len: close the connection after cut bytes */
};

/* ---- responses ---- */

static ssize_t read_body(void *cls, uint64_t pos, char *out, size_t max)
{
	struct send *s = cls;
	if (pos >= s->cut)
		return s->cut < s->body->len ? HTTPD_STREAM_ABORT : HTTPD_STREAM_END;
	size_t n = s->cut - (size_t)pos < max ? s->cut - (size_t)pos : max;
	memcpy(out, s->body->data + pos, n);
	return (ssize_t)n;
}

static void free_send(void *cls)
{
	struct send *s = cls;
	sim_body_unref(s->body);
	free(s);
}

/* Sends the first cut bytes of body, whose reference this takes (no copy of a cached
 * body). */
static struct httpd_resp *body_response(struct sim_body *body, size_t cut)
{
	struct send *s = xmalloc(sizeof(*s));
	s->body = body;
	s->cut = cut;
	return httpd_resp_stream(body->len, read_body, s, free_send);
}

static void send_api_error(struct httpd_req *q, int status, const char *detail)
{
	struct buf b = BUF_INIT;
	struct httpd_resp *r;

	sim_render_error(&b, status, detail);
	r = httpd_resp_buf(&b);
	if (status == 429)
		httpd_resp_header(r, "Retry-After", "1");
	httpd_send(q, status, r, HTTPD_JSON);
}

/* ---- OAuth ---- */

static int b64_value(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	return ch == '+' ? 62 : ch == '/' ? 63 : -1;
}

/* Decodes base64 into out (NUL-terminated); -1 when it is not base64 or too long. */
static int b64_decode(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	unsigned acc = 0;
	int bits = 0;
	for (; *s && *s != '='; s++) {
		int v = b64_value(*s);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n + 1 >= cap)
				return -1;
			out[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[n] = '\0';
	return 0;
}

/* Decodes one application/x-www-form-urlencoded value of key from body into out. */
static int form_value(const char *body, const char *key, char *out, size_t cap)
{
	size_t klen = strlen(key);
	for (const char *p = body; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
		if (strncmp(p, key, klen) != 0 || p[klen] != '=')
			continue;
		size_t n = 0;
		for (const char *v = p + klen + 1; *v && *v != '&' && n + 1 < cap; v++) {
			if (*v == '+') {
				out[n++] = ' ';
			} else if (*v == '%' && v[1] && v[2]) {
				char hex[3] = {v[1], v[2], 0};
				out[n++] = (char)strtol(hex, NULL, 16);
				v += 2;
			} else {
				out[n++] = *v;
			}
		}
		out[n] = '\0';
		return 0;
	}
	return -1;
}

static int credentials_ok(struct sim_server *s, struct httpd_req *q, const char *body)
{
	const char *auth = httpd_req_header(q, "Authorization");
	char dec[512], id[256], secret[256];

	if (auth && strncasecmp(auth, "Basic ", 6) == 0) {
		char *colon;
		if (b64_decode(auth + 6, dec, sizeof(dec)) || !(colon = strchr(dec, ':')))
			return 0;
		*colon = '\0';
		return strcmp(dec, s->cfg.client_id) == 0 &&
		       strcmp(colon + 1, s->cfg.client_secret) == 0;
	}
	/* OAuth also allows the credentials in the form body. */
	if (form_value(body, "client_id", id, sizeof(id)) ||
	    form_value(body, "client_secret", secret, sizeof(secret)))
		return 0;
	return strcmp(id, s->cfg.client_id) == 0 && strcmp(secret, s->cfg.client_secret) == 0;
}

static void handle_token(void *ctx, struct httpd_req *q)
{
	struct sim_server *s = ctx;
	const char *arg = httpd_req_arg(q, "grant_type"), *body = httpd_req_body(q, NULL);
	char grant[64] = "";
	struct buf b = BUF_INIT;
	struct token *t;

	if (arg)
		snprintf(grant, sizeof(grant), "%s", arg);
	else
		form_value(body, "grant_type", grant, sizeof(grant));
	if (!credentials_ok(s, q, body)) {
		httpd_send_json(q, 401,
		                "{\"error\":\"unauthorized\",\"error_description\":"
		                "\"Bad credentials\"}");
		return;
	}
	if (strcmp(grant, "client_credentials") != 0) {
		httpd_send_json(q, 400,
		                "{\"error\":\"unsupported_grant_type\",\"error_description\":"
		                "\"grant_type must be client_credentials\"}");
		return;
	}
	pthread_mutex_lock(&s->lock);
	if (s->ntokens == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->tokens = xrealloc(s->tokens, s->cap * sizeof(*s->tokens));
	}
	t = &s->tokens[s->ntokens++];
	/* Unpredictable across runs, so a token cached from another run is refused. */
	s->issued++;
	snprintf(t->value, sizeof(t->value), "%.2s%016llx%016llx", s->w->gen->region,
	         (unsigned long long)sim_hash((uint64_t)ts_now_ms() ^ ((uint64_t)getpid() << 32),
	                                      s->issued),
	         (unsigned long long)sim_hash(s->issued, (uint64_t)time(NULL)));
	t->value[0] = (char)(t->value[0] - 32);
	t->value[1] = (char)(t->value[1] - 32);
	t->expires = ts_now() + s->cfg.token_ttl;
	buf_printf(
	        &b,
	        "{\"access_token\":\"%s\",\"token_type\":\"bearer\",\"expires_in\":%lld,\"sub\":",
	        t->value, (long long)s->cfg.token_ttl);
	pthread_mutex_unlock(&s->lock);
	buf_put_json_string(&b, s->cfg.client_id, strlen(s->cfg.client_id));
	buf_putc(&b, '}');
	httpd_send_buf(q, 200, HTTPD_JSON, &b);
}

/* Battle.net answers a token request that is not a POST as one without a grant. */
static void token_method(void *ctx, struct httpd_req *q)
{
	(void)ctx;
	httpd_send_json(q, 400,
	                "{\"error\":\"invalid_request\",\"error_description\":"
	                "\"Missing grant type\"}");
}

/* When a live token of this value expires; 0 when there is none. */
static int64_t token_expiry(struct sim_server *s, const char *value)
{
	int64_t expires = 0;
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->ntokens && !expires; i++)
		if (strcmp(s->tokens[i].value, value) == 0 && s->tokens[i].expires > ts_now())
			expires = s->tokens[i].expires;
	pthread_mutex_unlock(&s->lock);
	return expires;
}

static int bearer_ok(struct sim_server *s, struct httpd_req *q)
{
	const char *auth = httpd_req_header(q, "Authorization");
	if (!auth || strncasecmp(auth, "Bearer ", 7) != 0)
		return 0;
	return token_expiry(s, auth + 7) != 0;
}

/* /oauth/check_token: the token from the query (GET) or the form body (POST). The
 * token's own value is never echoed, as in the other errors. */
static void handle_check_token(void *ctx, struct httpd_req *q)
{
	struct sim_server *s = ctx;
	const char *arg = httpd_req_arg(q, "token");
	char token[64] = "";
	struct buf b = BUF_INIT;
	int64_t expires;

	if (arg)
		snprintf(token, sizeof(token), "%s", arg);
	else if (form_value(httpd_req_body(q, NULL), "token", token, sizeof(token)))
		token[0] = '\0';
	if (!token[0]) {
		httpd_send_json(q, 400,
		                "{\"error\":\"invalid_request\",\"error_description\":"
		                "\"Missing token\"}");
		return;
	}
	expires = token_expiry(s, token);
	if (!expires) {
		httpd_send_json(q, 400,
		                "{\"error\":\"invalid_token\",\"error_description\":"
		                "\"Invalid access token\"}");
		return;
	}
	/* a client-credentials token: no user, no scope */
	buf_printf(&b,
	           "{\"scope\":[],\"account_authorities\":[],\"exp\":%lld,"
	           "\"client_authorities\":[],\"authorities\":[],\"client_id\":",
	           (long long)expires);
	buf_put_json_string(&b, s->cfg.client_id, strlen(s->cfg.client_id));
	buf_putc(&b, '}');
	httpd_send_buf(q, 200, HTTPD_JSON, &b);
}

/* Counts a request against the client's second; 0 when it is over the limit. */
static int rate_ok(struct sim_server *s)
{
	int64_t now = ts_now();
	int ok;
	pthread_mutex_lock(&s->lock);
	if (now != s->rate_second) {
		s->rate_second = now;
		s->rate_count = 0;
	}
	ok = ++s->rate_count <= s->cfg.rate_limit;
	pthread_mutex_unlock(&s->lock);
	return ok;
}

/* ---- data routes ---- */

enum ns { NS_DYNAMIC, NS_STATIC, NS_OTHER };

/* A static namespace's version, as in static-11.0.7_58187-eu: numbers joined by dots,
 * '_', a build number. */
static int is_version(const char *v, size_t n)
{
	const char *end = v + n, *us = memchr(v, '_', n);
	int digits = 0;

	if (!us || us + 1 == end)
		return 0;
	for (const char *p = v; p < us; p++) {
		if (*p == '.' && digits)
			digits = 0;
		else if (*p >= '0' && *p <= '9')
			digits++;
		else
			return 0;
	}
	for (const char *p = us + 1; p < end; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return digits > 0;
}

/* ns[0..n) (a namespace without its region) is kind ("static-classic1x"), or kind
 * versioned ("static-classic1x-1.15.5_57979"). */
static int is_kind(const char *ns, size_t n, const char *kind, int versioned)
{
	size_t k = strlen(kind);

	if (n < k || strncmp(ns, kind, k) != 0)
		return 0;
	return n == k || (versioned && ns[k] == '-' && is_version(ns + k + 1, n - k - 1));
}

/* The request's namespace, by kind, and its flavour; the name it was asked by (echoed in
 * hrefs and in the Battlenet-Namespace header) into name. Every flavour's static
 * namespace serves the world's items (the items its houses list), a Classic one some of
 * them by an older name (sim_item_of_flavor); retail's alone serves the battle pet species.
 * Anything else the real API does not know is NS_OTHER: a 404 on every route. */
static enum ns namespace_of(struct sim_server *s, struct httpd_req *q, char name[64], int *flavor)
{
	const char *ns = httpd_req_arg(q, "namespace");
	const char *r = s->w->gen->region;
	size_t n, rl = strlen(r);

	if (!ns)
		ns = httpd_req_header(q, "Battlenet-Namespace");
	if (!ns || strlen(ns) >= 64)
		return NS_OTHER;
	snprintf(name, 64, "%s", ns);
	n = strlen(ns);
	if (n <= rl + 1 || ns[n - rl - 1] != '-' || strcmp(ns + n - rl, r) != 0)
		return NS_OTHER;
	n -= rl + 1; /* ns[0..n) is the namespace without its region */
	for (*flavor = 0; *flavor < SIM_NFLAVORS; ++*flavor) {
		const char *f = sim_flavor_names[*flavor], *dash = *f ? "-" : "";
		char dynamic[32], stat[32];
		snprintf(dynamic, sizeof(dynamic), "dynamic%s%s", dash, f);
		snprintf(stat, sizeof(stat), "static%s%s", dash, f);
		if (is_kind(ns, n, dynamic, 0))
			return NS_DYNAMIC;
		if (is_kind(ns, n, stat, 1))
			return NS_STATIC;
	}
	return NS_OTHER;
}

/* A body ready to send, with its time. */
struct reply {
	int status;
	struct sim_body *body; /* plain JSON unless gzipped */
	int gzipped;
	int64_t modified;
	const char *detail; /* error responses */
};

/* An id as the real API reads one: digits without a sign or a leading zero. */
static int parse_id(const char *s, const char **end, int32_t *out)
{
	int64_t v = 0;
	const char *p = s;

	if (*p < '1' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > 0x7fffffff)
			return -1;
	}
	*out = (int32_t)v;
	*end = p;
	return 0;
}

static void small_reply(struct reply *r, struct buf *b, int64_t modified)
{
	r->status = 200;
	r->body = sim_body_new(b);
	r->modified = modified;
}

static void auctions_reply(struct sim_server *s, struct reply *r, int flavor, int32_t realm,
                           int house, int gzip)
{
	struct sim_house *h = sim_world_house(s->w, flavor, realm, house);
	if (!h)
		return;
	r->status = 200;
	r->body = sim_world_auctions(s->w, h, gzip, &r->modified);
	r->gzipped = gzip;
}

/* A Classic house in one locale: the cached body, its name localized (gzipped later). */
static void house_reply(struct sim_server *s, struct reply *r, int flavor, int32_t realm, int house,
                        int locale, int gzip)
{
	struct buf b = BUF_INIT;
	struct sim_body *all;

	auctions_reply(s, r, flavor, realm, house, gzip && locale < 0);
	if (!r->status || locale < 0)
		return;
	all = r->body;
	if (sim_render_house_name(&b, all->data, all->len, house, locale) == 0) {
		r->body = sim_body_new(&b);
		sim_body_unref(all);
	}
	buf_release(&b);
}

/* The path with a trailing slash read as the real API does: "connected-realm/",
 * "token/" and a Classic realm's "auctions/" are their indexes (their self links say so),
 * any other "x/" is "x". */
static void canonical_path(const char *p, int classic, char *out, size_t cap)
{
	size_t n = strlen(p);
	const char *rest;
	int32_t id;

	if (n == 0 || p[n - 1] != '/' || n >= cap) {
		snprintf(out, cap, "%s", n < cap ? p : ""); /* longer than any route: none */
		return;
	}
	snprintf(out, cap, "%.*s", (int)(n - 1), p);
	if (strcmp(out, "connected-realm") == 0 || strcmp(out, "token") == 0 ||
	    (classic && strncmp(out, "connected-realm/", 16) == 0 &&
	     !parse_id(out + 16, &rest, &id) && strcmp(rest, "/auctions") == 0))
		snprintf(out, cap, "%.*s/index", (int)(n - 1), p);
}

/* Resolves a /data/wow/ path; r->status stays 0 for "not found". Retail has realm houses
 * and commodities, the Classic flavours their three houses per realm; only retail and
 * Classic progression have a token. */
static void route(struct sim_server *s, const char *path, enum ns ns, int flavor,
                  const char *nsname, int locale, int gzip, struct reply *r)
{
	const struct sim_gen *gen = s->w->gen;
	int dyn = ns == NS_DYNAMIC, retail = flavor == SIM_RETAIL;
	struct buf b = BUF_INIT;
	const char *rest;
	char p[256];
	int32_t id;

	canonical_path(path, dyn && !retail, p, sizeof(p));
	if (strcmp(p, "connected-realm/index") == 0 && dyn) {
		sim_render_realm_index(&b, gen, flavor);
		small_reply(r, &b, gen->epoch);
	} else if (strcmp(p, "auctions/commodities") == 0 && dyn && retail) {
		auctions_reply(s, r, SIM_RETAIL, 0, 0, gzip);
	} else if (strcmp(p, "token/index") == 0 && dyn && flavor <= SIM_CLASSIC) {
		int64_t updated, price;
		sim_world_token(s->w, flavor == SIM_CLASSIC, &updated, &price);
		sim_render_token(&b, gen, flavor == SIM_CLASSIC, updated, price);
		small_reply(r, &b, updated);
	} else if (strncmp(p, "item/", 5) == 0 && ns == NS_STATIC && !parse_id(p + 5, &rest, &id) &&
	           !*rest && sim_gen_item_index(gen, id) >= 0) {
		struct sim_item it = gen->items[sim_gen_item_index(gen, id)];
		sim_item_of_flavor(&it, flavor);
		sim_render_item(&b, gen, &it, locale, nsname);
		small_reply(r, &b, gen->epoch);
	} else if (strcmp(p, "pet/index") == 0 && ns == NS_STATIC && retail) {
		sim_render_pet_index(&b, gen, locale, nsname);
		small_reply(r, &b, gen->epoch);
	} else if (strncmp(p, "pet/", 4) == 0 && ns == NS_STATIC && retail &&
	           !parse_id(p + 4, &rest, &id) && !*rest && sim_gen_pet_index(gen, id) >= 0) {
		sim_render_pet(&b, gen, sim_gen_pet_index(gen, id), locale, nsname);
		small_reply(r, &b, gen->epoch);
	} else if (strncmp(p, "media/item/", 11) == 0 && ns == NS_STATIC &&
	           !parse_id(p + 11, &rest, &id) && !*rest && sim_gen_item_index(gen, id) >= 0) {
		sim_render_media(&b, gen, &gen->items[sim_gen_item_index(gen, id)], nsname);
		small_reply(r, &b, gen->epoch);
	} else if (strncmp(p, "realm/", 6) == 0 && dyn &&
	           sim_render_realm(&b, gen, p + 6, flavor, locale) == 0) {
		small_reply(r, &b, gen->epoch);
	} else if (strncmp(p, "connected-realm/", 16) == 0 && dyn &&
	           !parse_id(p + 16, &rest, &id)) {
		const struct sim_crealm *cr = sim_gen_crealm(gen, id, flavor);
		int32_t house;
		if (!cr) {
		} else if (!*rest) {
			sim_render_crealm(&b, gen, cr, locale);
			small_reply(r, &b, gen->epoch);
		} else if (strcmp(rest, "/auctions") == 0 && retail) {
			auctions_reply(s, r, SIM_RETAIL, id, 0, gzip);
		} else if (strcmp(rest, "/auctions/index") == 0 && !retail) {
			sim_render_house_index(&b, gen, cr, locale);
			small_reply(r, &b, gen->epoch);
		} else if (strncmp(rest, "/auctions/", 10) == 0 && !retail &&
		           !parse_id(rest + 10, &rest, &house) && !*rest &&
		           (house == 2 || house == 6 || house == 7)) {
			house_reply(s, r, flavor, id, house, locale, gzip);
		}
	}
	buf_release(&b);
}

static double fault_draw(struct sim_server *s)
{
	pthread_mutex_lock(&s->lock);
	double u = sim_rng_unit(&s->faults);
	pthread_mutex_unlock(&s->lock);
	return u;
}

/* The first half of a body: JSON that parses as nothing. */
static struct sim_body *cut_in_half(struct sim_body *b)
{
	struct buf half = BUF_INIT;
	buf_append(&half, b->data, b->len / 2);
	return sim_body_new(&half);
}

/* What a 200 and a 304 both carry: a cache keys on them. */
static void cache_headers(struct httpd_resp *resp, const char *last_modified, const char *ns)
{
	httpd_resp_header(resp, "Last-Modified", last_modified);
	httpd_resp_header(resp, "Battlenet-Namespace", ns);
	httpd_resp_header(resp, "Vary", "Accept-Encoding");
}

static void handle_data(void *ctx, struct httpd_req *q)
{
	struct sim_server *s = ctx;
	struct reply r = {0};
	const char *loc = httpd_req_arg(q, "locale");
	const char *ims = httpd_req_header(q, "If-Modified-Since");
	int locale = loc ? sim_locale_index(loc) : -1, gzip = httpd_req_wants_gzip(q), bad;
	char lm[TS_HTTP_LEN], nsname[64] = "";
	enum ns ns;
	int flavor = SIM_RETAIL;
	int64_t since;
	size_t cut;
	struct httpd_resp *resp;

	if (!bearer_ok(s, q)) {
		send_api_error(q, 401, "Unauthorized");
		return;
	}
	if (!rate_ok(s)) {
		send_api_error(q, 429, "Too Many Requests");
		return;
	}
	ns = namespace_of(s, q, nsname, &flavor);
	bad = s->cfg.malformed_rate > 0 && fault_draw(s) < s->cfg.malformed_rate;
	/* A malformed body is cut from the plain JSON, then gzipped like any other. */
	route(s, httpd_req_rest(q), ns, flavor, nsname, locale, gzip && !bad, &r);
	if (!r.status) {
		send_api_error(q, 404, "Not Found");
		return;
	}
	if (s->cfg.slow_ms > 0)
		usleep((useconds_t)(s->cfg.slow_ms * 1000));
	if (s->cfg.fail_rate > 0 && fault_draw(s) < s->cfg.fail_rate) {
		sim_body_unref(r.body);
		int status = fault_draw(s) < 0.5 ? 500 : 503;
		send_api_error(q, status,
		               status == 500 ? "Internal Server Error" : "Service Unavailable");
		return;
	}
	ts_format_http(r.modified, lm);
	if (ims && ts_parse_http(ims, &since) == 0 && since >= r.modified) {
		struct buf none = BUF_INIT;
		sim_body_unref(r.body);
		resp = httpd_resp_buf(&none);
		cache_headers(resp, lm, nsname);
		httpd_send(q, 304, resp, NULL);
		return;
	}
	if (bad) {
		struct sim_body *half = cut_in_half(r.body);
		sim_body_unref(r.body);
		r.body = half;
	}
	if (gzip && !r.gzipped) { /* small bodies are gzipped per request */
		struct buf z = BUF_INIT;
		httpd_gzip(r.body->data, r.body->len, &z, NULL);
		sim_body_unref(r.body);
		r.body = sim_body_new(&z);
	}
	cut = r.body->len;
	if (s->cfg.truncate_rate > 0 && fault_draw(s) < s->cfg.truncate_rate)
		cut = r.body->len / 2;
	resp = body_response(r.body, cut);
	cache_headers(resp, lm, nsname);
	if (gzip)
		httpd_resp_header(resp, "Content-Encoding", "gzip");
	httpd_send(q, 200, resp, HTTPD_JSON);
}

/* ---- control calls ---- */

static int parse_time(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*s && !*end) {
		*out = v;
		return 0;
	}
	return ts_parse_iso(s, out);
}

struct truth_stream {
	struct sim_server *s;
	struct sim_truth_cursor cur;
	struct buf pending;
	size_t off;
};

static ssize_t read_truth(void *cls, uint64_t pos, char *out, size_t max)
{
	struct truth_stream *t = cls;
	(void)pos;
	if (t->off == t->pending.len) {
		buf_reset(&t->pending);
		t->off = 0;
		if (!sim_world_truth(t->s->w, &t->cur, &t->pending, 256 * 1024))
			return HTTPD_STREAM_END;
	}
	size_t n = t->pending.len - t->off < max ? t->pending.len - t->off : max;
	memcpy(out, t->pending.data + t->off, n);
	t->off += n;
	return (ssize_t)n;
}

static void free_truth(void *cls)
{
	struct truth_stream *t = cls;
	buf_release(&t->pending);
	free(t);
}

/* 410: the truth asked for is older than the window kept (--truth-hours). */
static void send_gone(struct sim_server *s, struct httpd_req *q, int64_t horizon)
{
	char kept[TS_ISO_LEN];
	struct buf b = BUF_INIT;

	ts_format_iso(horizon, kept);
	buf_printf(&b,
	           "{\"error\":\"since is before the truth kept: the simulator keeps the last "
	           "%lld hours (wowah sim --truth-hours), since %s\",\"kept_since\":\"%s\"}",
	           (long long)s->w->cfg.truth_hours, kept, kept);
	httpd_send_buf(q, 410, HTTPD_JSON, &b);
}

/* A flavour by name: "retail" or a Classic flavour's namespace part; -1 when unknown. */
static int flavor_by_name(const char *name)
{
	if (strcmp(name, "retail") == 0)
		return SIM_RETAIL;
	for (int f = SIM_CLASSIC; f < SIM_NFLAVORS; f++)
		if (strcmp(name, sim_flavor_names[f]) == 0)
			return f;
	return -1;
}

static void handle_truth(struct sim_server *s, struct httpd_req *q)
{
	const char *realm = httpd_req_arg(q, "realm_id");
	const char *flavor = httpd_req_arg(q, "flavor");
	const char *since = httpd_req_arg(q, "since");
	const char *until = httpd_req_arg(q, "until");
	struct truth_stream *t = xcalloc(1, sizeof(*t));
	int64_t horizon = sim_world_truth_horizon(s->w);
	const char *end;
	int32_t id;

	t->s = s;
	t->cur.realm_id = -1;
	t->cur.flavor = flavor ? flavor_by_name(flavor) : -1;
	if (flavor && t->cur.flavor < 0)
		goto bad;
	if (realm && strcmp(realm, "0") == 0)
		t->cur.realm_id = 0;
	else if (realm && !parse_id(realm, &end, &id) && !*end)
		t->cur.realm_id = id;
	else if (realm)
		goto bad;
	/* without since, all the truth kept; a since before it would miss dropped events */
	t->cur.since = horizon;
	if ((since && parse_time(since, &t->cur.since)) ||
	    (until && parse_time(until, &t->cur.until)))
		goto bad;
	if (t->cur.since < horizon) {
		free(t);
		send_gone(s, q, horizon);
		return;
	}
	/* the reader may simulate houses up to the clock: on a worker, not an I/O thread */
	httpd_send(q, 200, httpd_resp_stream_blocking(read_truth, t, free_truth),
	           "application/x-ndjson");
	return;
bad:
	free(t);
	httpd_send_json(q, 400,
	                "{\"error\":\"realm_id must be a number; flavor retail, classic, "
	                "classic1x or classicann; since and until ISO 8601 times or Unix "
	                "seconds\"}");
}

static void send_clock(struct sim_server *s, struct httpd_req *q)
{
	char now[TS_ISO_LEN], epoch[TS_ISO_LEN];
	struct buf b = BUF_INIT;
	ts_format_iso(sim_world_clock(s->w), now);
	ts_format_iso(s->w->gen->epoch, epoch);
	buf_printf(&b, "{\"clock\":\"%s\",\"epoch\":\"%s\"}", now, epoch);
	httpd_send_buf(q, 200, HTTPD_JSON, &b);
}

static void handle_sim(void *ctx, struct httpd_req *q)
{
	struct sim_server *s = ctx;
	const char *m = httpd_req_method(q), *path = httpd_req_rest(q);
	int post = strcmp(m, "POST") == 0, get = strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;

	if (post && strcmp(path, "advance") == 0) {
		const char *h = httpd_req_arg(q, "hours");
		struct err e = {0};
		char *end;
		long long n = h ? strtoll(h, &end, 10) : -1;
		if (!h || *end || n < 1 || n > 8760) {
			httpd_send_json(
			        q, 400,
			        "{\"error\":\"hours must be a whole number from 1 to 8760\"}");
			return;
		}
		if (sim_world_advance(s->w, n, &e)) {
			/* the message holds no quote or backslash */
			struct buf b = BUF_INIT;
			buf_printf(&b, "{\"error\":\"%s\"}", e.msg);
			httpd_send_buf(q, 409, HTTPD_JSON, &b);
			return;
		}
		send_clock(s, q);
		return;
	}
	if (post && strcmp(path, "revoke-tokens") == 0) {
		pthread_mutex_lock(&s->lock);
		s->ntokens = 0;
		pthread_mutex_unlock(&s->lock);
		httpd_send_json(q, 200, "{\"revoked\":true}");
		return;
	}
	if (get && strcmp(path, "truth") == 0) {
		handle_truth(s, q);
		return;
	}
	if (get && strcmp(path, "clock") == 0) {
		send_clock(s, q);
		return;
	}
	send_api_error(q, 404, "Not Found");
}

static void not_found(void *ctx, struct httpd_req *q)
{
	(void)ctx;
	send_api_error(q, 404, "Not Found");
}

/* The real API's hosts (oauth.battle.net/token, {region}.battle.net/oauth/token, and
 * check_token beside each) and the data and control paths; anything else is the API's
 * 404. */
static const struct httpd_route routes[] = {
        {"POST", "/token", handle_token},
        {"POST", "/oauth/token", handle_token},
        {NULL, "/token", token_method},
        {NULL, "/oauth/token", token_method},
        {"GET", "/check_token", handle_check_token},
        {"POST", "/check_token", handle_check_token},
        {"GET", "/oauth/check_token", handle_check_token},
        {"POST", "/oauth/check_token", handle_check_token},
        {"GET", "/data/wow/*", handle_data},
        {NULL, "/sim/*", handle_sim},
        {NULL, "*", not_found},
        {NULL, NULL, NULL},
};

int sim_server_start(struct sim_world *w, const struct sim_server_config *cfg,
                     struct sim_server **out, struct err *e)
{
	struct sim_server *s = xcalloc(1, sizeof(*s));
	/* as many workers as `pull --concurrency` can have transfers: each may sleep
	 * --slow-ms without holding up the others */
	struct httpd_config hc = {.port = cfg->port,
	                          .routes = routes,
	                          .ctx = s,
	                          .workers = 64,
	                          .max_body = MAX_UPLOAD};

	s->w = w;
	s->cfg = *cfg;
	pthread_mutex_init(&s->lock, NULL);
	sim_rng_init(&s->faults, w->cfg.seed, 0xfa017);
	if (httpd_start(&hc, &s->http, e)) {
		pthread_mutex_destroy(&s->lock);
		free(s);
		return WOWAH_EIO;
	}
	*out = s;
	return WOWAH_OK;
}

int sim_server_port(const struct sim_server *s)
{
	return httpd_port(s->http);
}

void sim_server_stop(struct sim_server *s)
{
	if (!s)
		return;
	httpd_stop(s->http);
	pthread_mutex_destroy(&s->lock);
	free(s->tokens);
	free(s);
}
