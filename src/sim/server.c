/* server.c - HTTP: routing, OAuth, Bearer tokens, namespaces, caching headers, gzip, the
 * rate limit, faults, and the /sim/ control calls.
 *
 * Check order for a data call, as on the real API: Bearer (401), rate limit (429), route
 * and namespace (404), faults, then If-Modified-Since (304) or the body. Bodies are
 * served from reference-counted buffers through a reader callback, which is also how a
 * response is cut short on purpose (--truncate-rate).
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "sim/render.h"
#include "sim/rng.h"
#include "sim/server.h"
#include "util/ts.h"

#define MAX_UPLOAD 4096

struct token {
	char value[40];
	int64_t expires; /* wall clock */
};

struct sim_server {
	struct sim_world *w;
	struct sim_server_config cfg;
	struct MHD_Daemon *d;
	int port;
	pthread_mutex_t lock; /* tokens, rate counter, fault stream */
	struct token *tokens;
	size_t ntokens, cap;
	uint64_t issued;
	int64_t rate_second, rate_count;
	struct sim_rng faults;
};

struct conn {
	char body[MAX_UPLOAD + 1];
	size_t len;
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
		return s->cut < s->body->len ? MHD_CONTENT_READER_END_WITH_ERROR
		                             : MHD_CONTENT_READER_END_OF_STREAM;
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

/* Sends body (whose reference this takes) with status and content type. */
static struct MHD_Response *body_response(struct sim_body *body, size_t cut)
{
	struct send *s = xmalloc(sizeof(*s));
	s->body = body;
	s->cut = cut;
	return MHD_create_response_from_callback(body->len, 64 * 1024, read_body, s, free_send);
}

static enum MHD_Result queue(struct MHD_Connection *c, int status, struct MHD_Response *r,
                             const char *type)
{
	if (type)
		MHD_add_response_header(r, "Content-Type", type);
	enum MHD_Result rc = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result send_buf(struct MHD_Connection *c, int status, struct buf *b,
                                const char *type)
{
	struct sim_body *body = sim_body_new(b);
	return queue(c, status, body_response(body, body->len), type);
}

static enum MHD_Result send_json(struct MHD_Connection *c, int status, const char *json)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, json);
	return send_buf(c, status, &b, "application/json;charset=UTF-8");
}

static enum MHD_Result send_api_error(struct MHD_Connection *c, int status, const char *detail)
{
	struct buf b = BUF_INIT;
	sim_render_error(&b, status, detail);
	struct sim_body *body = sim_body_new(&b);
	struct MHD_Response *r = body_response(body, body->len);
	if (status == 429)
		MHD_add_response_header(r, "Retry-After", "1");
	return queue(c, status, r, "application/json;charset=UTF-8");
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

static int credentials_ok(struct sim_server *s, struct MHD_Connection *c, const char *body)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
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

static enum MHD_Result handle_token(struct sim_server *s, struct MHD_Connection *c,
                                    const char *body)
{
	const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "grant_type");
	char grant[64] = "";
	struct buf b = BUF_INIT;
	struct token *t;

	if (q)
		snprintf(grant, sizeof(grant), "%s", q);
	else
		form_value(body, "grant_type", grant, sizeof(grant));
	if (!credentials_ok(s, c, body))
		return send_json(c, 401,
		                 "{\"error\":\"unauthorized\",\"error_description\":"
		                 "\"Bad credentials\"}");
	if (strcmp(grant, "client_credentials") != 0)
		return send_json(c, 400,
		                 "{\"error\":\"unsupported_grant_type\",\"error_description\":"
		                 "\"grant_type must be client_credentials\"}");
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
	return send_buf(c, 200, &b, "application/json;charset=UTF-8");
}

static int bearer_ok(struct sim_server *s, struct MHD_Connection *c)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	int ok = 0;
	if (!auth || strncasecmp(auth, "Bearer ", 7) != 0)
		return 0;
	auth += 7;
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->ntokens && !ok; i++)
		ok = strcmp(s->tokens[i].value, auth) == 0 && s->tokens[i].expires > ts_now();
	pthread_mutex_unlock(&s->lock);
	return ok;
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

enum ns { NS_DYNAMIC, NS_STATIC, NS_CLASSIC, NS_OTHER };

static enum ns namespace_of(struct sim_server *s, struct MHD_Connection *c)
{
	const char *ns = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "namespace");
	const char *r = s->w->gen->region;
	char want[64];
	size_t n, rl = strlen(r);

	if (!ns)
		ns = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Battlenet-Namespace");
	if (!ns)
		return NS_OTHER;
	snprintf(want, sizeof(want), "dynamic-%s", r);
	if (strcmp(ns, want) == 0)
		return NS_DYNAMIC;
	snprintf(want, sizeof(want), "dynamic-classic-%s", r);
	if (strcmp(ns, want) == 0)
		return NS_CLASSIC;
	/* static-eu, or a versioned static-11.0.7_58187-eu */
	n = strlen(ns);
	if (strncmp(ns, "static-", 7) == 0 && n > 7 + rl && ns[n - rl - 1] == '-' &&
	    strcmp(ns + n - rl, r) == 0)
		return NS_STATIC;
	snprintf(want, sizeof(want), "static-%s", r);
	return strcmp(ns, want) == 0 ? NS_STATIC : NS_OTHER;
}

/* A body ready to send, with its time. */
struct reply {
	int status;
	struct sim_body *body; /* plain JSON unless gzipped */
	int gzipped;
	int64_t modified;
	const char *detail; /* error responses */
};

static int parse_id(const char *s, const char **end, int32_t *out)
{
	char *e;
	long v = strtol(s, &e, 10);
	if (e == s || v <= 0 || v > 0x7fffffff)
		return -1;
	*out = (int32_t)v;
	*end = e;
	return 0;
}

static void small_reply(struct reply *r, struct buf *b, int64_t modified)
{
	r->status = 200;
	r->body = sim_body_new(b);
	r->modified = modified;
}

static void auctions_reply(struct sim_server *s, struct reply *r, int32_t realm, int house,
                           int gzip)
{
	struct sim_house *h = sim_world_house(s->w, realm, house);
	if (!h)
		return;
	r->status = 200;
	r->body = sim_world_auctions(s->w, h, gzip, &r->modified);
	r->gzipped = gzip;
}

/* Resolves a /data/wow/ path; r->status stays 0 for "not found". */
static void route(struct sim_server *s, const char *p, enum ns ns, int locale, int gzip,
                  struct reply *r)
{
	const struct sim_gen *gen = s->w->gen;
	struct buf b = BUF_INIT;
	const char *rest;
	int32_t id;

	if (strcmp(p, "connected-realm/index") == 0 && (ns == NS_DYNAMIC || ns == NS_CLASSIC)) {
		sim_render_realm_index(&b, gen, ns == NS_CLASSIC);
		small_reply(r, &b, gen->epoch);
	} else if (strcmp(p, "auctions/commodities") == 0 && ns == NS_DYNAMIC) {
		auctions_reply(s, r, 0, 0, gzip);
	} else if (strcmp(p, "token/index") == 0 && ns == NS_DYNAMIC) {
		int64_t updated, price;
		sim_world_token(s->w, &updated, &price);
		sim_render_token(&b, gen, updated, price);
		small_reply(r, &b, updated);
	} else if (strncmp(p, "item/", 5) == 0 && ns == NS_STATIC && !parse_id(p + 5, &rest, &id) &&
	           !*rest && sim_gen_item_index(gen, id) >= 0) {
		sim_render_item(&b, gen, &gen->items[sim_gen_item_index(gen, id)], locale);
		small_reply(r, &b, gen->epoch);
	} else if (strncmp(p, "media/item/", 11) == 0 && ns == NS_STATIC &&
	           !parse_id(p + 11, &rest, &id) && !*rest && sim_gen_item_index(gen, id) >= 0) {
		sim_render_media(&b, gen, &gen->items[sim_gen_item_index(gen, id)]);
		small_reply(r, &b, gen->epoch);
	} else if (strncmp(p, "realm/", 6) == 0 && (ns == NS_DYNAMIC || ns == NS_CLASSIC) &&
	           sim_render_realm(&b, gen, p + 6, ns == NS_CLASSIC, locale) == 0) {
		small_reply(r, &b, gen->epoch);
	} else if (strncmp(p, "connected-realm/", 16) == 0 &&
	           (ns == NS_DYNAMIC || ns == NS_CLASSIC) && !parse_id(p + 16, &rest, &id)) {
		const struct sim_crealm *cr = sim_gen_crealm(gen, id, ns == NS_CLASSIC);
		int32_t house;
		if (!cr) {
		} else if (!*rest) {
			sim_render_crealm(&b, gen, cr, locale);
			small_reply(r, &b, gen->epoch);
		} else if (strcmp(rest, "/auctions") == 0 && ns == NS_DYNAMIC) {
			auctions_reply(s, r, id, 0, gzip);
		} else if (strcmp(rest, "/auctions/index") == 0 && ns == NS_CLASSIC) {
			sim_render_house_index(&b, gen, cr, locale);
			small_reply(r, &b, gen->epoch);
		} else if (strncmp(rest, "/auctions/", 10) == 0 && ns == NS_CLASSIC &&
		           !parse_id(rest + 10, &rest, &house) && !*rest &&
		           (house == 2 || house == 6 || house == 7)) {
			auctions_reply(s, r, id, house, gzip);
		}
	}
	buf_release(&b);
}

static int wants_gzip(struct MHD_Connection *c)
{
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
	return ae && strstr(ae, "gzip") && !strstr(ae, "gzip;q=0");
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

static enum MHD_Result handle_data(struct sim_server *s, struct MHD_Connection *c, const char *path)
{
	struct reply r = {0};
	const char *loc = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "locale");
	const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
	int locale = loc ? sim_locale_index(loc) : -1, gzip = wants_gzip(c), bad;
	char lm[TS_HTTP_LEN], nsname[64];
	enum ns ns;
	int64_t since;
	size_t cut;
	struct MHD_Response *resp;

	if (!bearer_ok(s, c))
		return send_api_error(c, 401, "Unauthorized");
	if (!rate_ok(s))
		return send_api_error(c, 429, "Too Many Requests");
	ns = namespace_of(s, c);
	bad = s->cfg.malformed_rate > 0 && fault_draw(s) < s->cfg.malformed_rate;
	/* A malformed body is cut from the plain JSON, then gzipped like any other. */
	route(s, path, ns, locale, gzip && !bad, &r);
	if (!r.status)
		return send_api_error(c, 404, "Not Found");
	if (s->cfg.slow_ms > 0)
		usleep((useconds_t)(s->cfg.slow_ms * 1000));
	if (s->cfg.fail_rate > 0 && fault_draw(s) < s->cfg.fail_rate) {
		sim_body_unref(r.body);
		int status = fault_draw(s) < 0.5 ? 500 : 503;
		return send_api_error(
		        c, status, status == 500 ? "Internal Server Error" : "Service Unavailable");
	}
	ts_format_http(r.modified, lm);
	if (ims && ts_parse_http(ims, &since) == 0 && since >= r.modified) {
		sim_body_unref(r.body);
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(resp, "Last-Modified", lm);
		return queue(c, 304, resp, NULL);
	}
	if (bad) {
		struct sim_body *half = cut_in_half(r.body);
		sim_body_unref(r.body);
		r.body = half;
	}
	if (gzip && !r.gzipped) { /* small bodies are gzipped per request */
		struct buf z = BUF_INIT;
		sim_gzip(r.body->data, r.body->len, &z, NULL);
		sim_body_unref(r.body);
		r.body = sim_body_new(&z);
	}
	cut = r.body->len;
	if (s->cfg.truncate_rate > 0 && fault_draw(s) < s->cfg.truncate_rate)
		cut = r.body->len / 2;
	resp = body_response(r.body, cut);
	MHD_add_response_header(resp, "Last-Modified", lm);
	snprintf(nsname, sizeof(nsname), "%s-%s",
	         ns == NS_STATIC    ? "static"
	         : ns == NS_CLASSIC ? "dynamic-classic"
	                            : "dynamic",
	         s->w->gen->region);
	MHD_add_response_header(resp, "Battlenet-Namespace", nsname);
	MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	if (gzip)
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
	return queue(c, 200, resp, "application/json;charset=UTF-8");
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
			return MHD_CONTENT_READER_END_OF_STREAM;
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

static enum MHD_Result handle_truth(struct sim_server *s, struct MHD_Connection *c)
{
	const char *realm = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "realm_id");
	const char *since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
	const char *until = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "until");
	struct truth_stream *t = xcalloc(1, sizeof(*t));
	const char *end;
	int32_t id;

	t->s = s;
	t->cur.realm_id = -1;
	if (realm && strcmp(realm, "0") == 0)
		t->cur.realm_id = 0;
	else if (realm && !parse_id(realm, &end, &id) && !*end)
		t->cur.realm_id = id;
	else if (realm)
		goto bad;
	t->cur.since = INT64_MIN;
	if ((since && parse_time(since, &t->cur.since)) ||
	    (until && parse_time(until, &t->cur.until)))
		goto bad;
	return queue(c, 200,
	             MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, read_truth, t,
	                                               free_truth),
	             "application/x-ndjson");
bad:
	free(t);
	return send_json(c, 400,
	                 "{\"error\":\"realm_id must be a number; since and until ISO 8601 "
	                 "times or Unix seconds\"}");
}

static enum MHD_Result send_clock(struct sim_server *s, struct MHD_Connection *c)
{
	char now[TS_ISO_LEN], epoch[TS_ISO_LEN];
	struct buf b = BUF_INIT;
	ts_format_iso(sim_world_clock(s->w), now);
	ts_format_iso(s->w->gen->epoch, epoch);
	buf_printf(&b, "{\"clock\":\"%s\",\"epoch\":\"%s\"}", now, epoch);
	return send_buf(c, 200, &b, "application/json;charset=UTF-8");
}

static enum MHD_Result handle_sim(struct sim_server *s, struct MHD_Connection *c, const char *m,
                                  const char *path)
{
	int post = strcmp(m, "POST") == 0, get = strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;

	if (post && strcmp(path, "advance") == 0) {
		const char *h = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "hours");
		char *end;
		long long n = h ? strtoll(h, &end, 10) : -1;
		if (!h || *end || n < 1 || n > 8760)
			return send_json(
			        c, 400,
			        "{\"error\":\"hours must be a whole number from 1 to 8760\"}");
		sim_world_advance(s->w, n);
		return send_clock(s, c);
	}
	if (post && strcmp(path, "revoke-tokens") == 0) {
		pthread_mutex_lock(&s->lock);
		s->ntokens = 0;
		pthread_mutex_unlock(&s->lock);
		return send_json(c, 200, "{\"revoked\":true}");
	}
	if (get && strcmp(path, "truth") == 0)
		return handle_truth(s, c);
	if (get && strcmp(path, "clock") == 0)
		return send_clock(s, c);
	return send_api_error(c, 404, "Not Found");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	struct sim_server *s = cls;
	struct conn *cc = *con_cls;
	(void)version;

	if (!cc) {
		*con_cls = cc = xcalloc(1, sizeof(*cc));
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n =
		        *upload_size < MAX_UPLOAD - cc->len ? *upload_size : MAX_UPLOAD - cc->len;
		memcpy(cc->body + cc->len, upload, n);
		cc->len += n;
		*upload_size = 0;
		return MHD_YES;
	}
	cc->body[cc->len] = '\0';
	if (strcmp(url, "/token") == 0 || strcmp(url, "/oauth/token") == 0) {
		if (strcmp(method, "POST") != 0)
			return send_json(c, 405, "{\"error\":\"method_not_allowed\"}");
		return handle_token(s, c, cc->body);
	}
	if (strncmp(url, "/data/wow/", 10) == 0 &&
	    (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
		return handle_data(s, c, url + 10);
	if (strncmp(url, "/sim/", 5) == 0)
		return handle_sim(s, c, method, url + 5);
	return send_api_error(c, 404, "Not Found");
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	free(*con_cls);
	*con_cls = NULL;
}

int sim_server_start(struct sim_world *w, const struct sim_server_config *cfg,
                     struct sim_server **out, struct err *e)
{
	struct sim_server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_in addr;
	const union MHD_DaemonInfo *info;

	s->w = w;
	s->cfg = *cfg;
	pthread_mutex_init(&s->lock, NULL);
	sim_rng_init(&s->faults, w->cfg.seed, 0xfa017);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->d = MHD_start_daemon(
	        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL,
	        (uint16_t)cfg->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
	        (struct sockaddr *)&addr, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
	if (!s->d) {
		pthread_mutex_destroy(&s->lock);
		free(s);
		return err_set(e, WOWAH_EIO, "cannot listen on 127.0.0.1:%d (port in use?)",
		               cfg->port);
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : cfg->port;
	*out = s;
	return WOWAH_OK;
}

int sim_server_port(const struct sim_server *s)
{
	return s->port;
}

void sim_server_stop(struct sim_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->d);
	pthread_mutex_destroy(&s->lock);
	free(s->tokens);
	free(s);
}
