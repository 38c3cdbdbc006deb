/* server.c - routes, the careful headers, and the thread that keeps the copy current. */
#include "web/server.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "httpd/httpd.h"
#include "web/api.h"
#include "web/assets.h"
#include "web/cache.h"
#include "web/db.h"

#define REFRESH_MS   1000
#define SLOT_WAIT_MS 25000 /* under the 30 s request deadline of src/httpd/ */

struct web_server {
	struct web_server_config cfg;
	struct web_db *db;
	struct web_cache *cache;
	struct web_api api;
	struct httpd *h;
	pthread_t refresher;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int quit, started;
	char last_error[512]; /* the refresher's, said once */
};

/* Scripts, styles, images and API calls from this origin only; nothing inline (uPlot
 * sets styles through the CSSOM, which style-src does not govern). */
static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                          "form-action 'none'; frame-ancestors 'none'";

/* Sends a with the headers every answer carries (and etag, when not NULL). */
static void send(struct httpd_req *req, struct web_answer *a, const char *cache_control,
                 const char *etag)
{
	struct httpd_resp *resp = httpd_resp_buf(&a->body);
	char disp[96];

	httpd_resp_header(resp, "Content-Security-Policy", csp);
	httpd_resp_header(resp, "X-Content-Type-Options", "nosniff");
	httpd_resp_header(resp, "Referrer-Policy", "no-referrer");
	httpd_resp_header(resp, "X-Frame-Options", "DENY");
	httpd_resp_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	httpd_resp_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
	httpd_resp_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	httpd_resp_header(resp, "Cache-Control", cache_control);
	if (etag)
		httpd_resp_header(resp, "ETag", etag);
	if (a->filename[0]) {
		snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", a->filename);
		httpd_resp_header(resp, "Content-Disposition", disp);
	}
	httpd_send(req, a->status, resp, a->status == 304 ? NULL : a->type);
	buf_release(&a->body);
}

static void on_api(void *ctx, struct httpd_req *req)
{
	struct web_server *s = ctx;
	struct web_answer a = {0};

	web_api_answer(&s->api, httpd_req_rest(req), req, &a);
	send(req, &a, "no-store", NULL);
}

/* An asset, or 304 when the client holds these bytes (If-None-Match). */
static void send_asset(struct httpd_req *req, const struct web_asset *as)
{
	struct web_answer a = {0};
	const char *inm = httpd_req_header(req, "If-None-Match");

	a.type = as->type;
	a.status = inm && strcmp(inm, as->etag) == 0 ? 304 : 200;
	if (a.status == 200)
		buf_append(&a.body, as->data, as->len);
	send(req, &a, "no-cache", as->etag);
}

static void not_found(struct httpd_req *req)
{
	struct web_answer a = {0};

	a.status = 404;
	a.type = "text/plain;charset=UTF-8";
	buf_puts(&a.body, "Not Found\n");
	send(req, &a, "no-store", NULL);
}

static void on_static(void *ctx, struct httpd_req *req)
{
	const char *name = httpd_req_rest(req);
	const struct web_asset *as = strchr(name, '/') ? NULL : web_asset_find(name);
	(void)ctx;

	if (as && strcmp(as->name, "index.html") != 0)
		send_asset(req, as);
	else
		not_found(req);
}

static void on_page(void *ctx, struct httpd_req *req)
{
	(void)ctx;
	send_asset(req, web_asset_find("index.html"));
}

static void on_other(void *ctx, struct httpd_req *req)
{
	struct web_answer a = {0};
	int get = strcmp(httpd_req_method(req), "GET") == 0 ||
	          strcmp(httpd_req_method(req), "HEAD") == 0;
	(void)ctx;

	if (get && strncmp(httpd_req_path(req), "/api/", 5) != 0) {
		not_found(req);
		return;
	}
	web_api_error(&a, get ? 404 : 405, NULL,
	              get ? "no such endpoint" : "only GET and HEAD are served");
	send(req, &a, "no-store", NULL);
}

static const struct httpd_route routes[] = {
        {"GET", "/api/*", on_api},      {"GET", "/static/*", on_static},
        {"GET", "/", on_page},          {"GET", "/item", on_page},
        {"GET", "/realm", on_page},     {"GET", "/deals", on_page},
        {"GET", "/arbitrage", on_page}, {"GET", "/data", on_page},
        {NULL, "*", on_other},          {NULL, NULL, NULL},
};

/* One line on stderr when the refresh fails differently from last time. */
static void refresh(struct web_server *s)
{
	struct err e = {0};
	int changed;

	if (web_db_refresh(s->db, &changed, &e)) {
		if (strcmp(e.msg, s->last_error) != 0)
			fprintf(stderr, "wowah serve: %s\n", e.msg);
		snprintf(s->last_error, sizeof(s->last_error), "%s", e.msg);
		return;
	}
	s->last_error[0] = '\0';
	if (changed)
		web_cache_clear(s->cache);
}

static void *refresh_loop(void *arg)
{
	struct web_server *s = arg;

	pthread_mutex_lock(&s->lock);
	while (!s->quit) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_sec += REFRESH_MS / 1000;
		pthread_cond_timedwait(&s->wake, &s->lock, &t);
		if (s->quit)
			break;
		pthread_mutex_unlock(&s->lock);
		refresh(s);
		pthread_mutex_lock(&s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int web_server_start(const struct web_server_config *cfg, struct web_server **out, struct err *e)
{
	struct web_server *s = xcalloc(1, sizeof(*s));
	struct httpd_config hc = {0};
	int rc;

	s->cfg = *cfg;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	if (cfg->clickhouse)
		rc = web_db_new_clickhouse(cfg->clickhouse, cfg->queries ? cfg->queries : 2, &s->db,
		                           e);
	else
		rc = web_db_new(cfg->data_dir, cfg->tmp_dir, cfg->queries ? cfg->queries : 2,
		                &s->db, e);
	if (rc) {
		web_server_stop(s);
		return rc;
	}
	s->cache = web_cache_new(cfg->cache_bytes ? cfg->cache_bytes : 64 << 20);
	s->api = (struct web_api){s->db, s->cache, cfg->data_dir, SLOT_WAIT_MS};
	refresh(s);
	hc.port = cfg->port;
	hc.host = cfg->host;
	hc.routes = routes;
	hc.ctx = s;
	rc = httpd_start(&hc, &s->h, e);
	if (!rc && pthread_create(&s->refresher, NULL, refresh_loop, s) != 0)
		rc = err_set(e, WOWAH_ENOMEM, "cannot start a thread");
	if (rc) {
		web_server_stop(s);
		return rc;
	}
	s->started = 1;
	*out = s;
	return WOWAH_OK;
}

int web_server_port(const struct web_server *s)
{
	return httpd_port(s->h);
}

void web_server_stop(struct web_server *s)
{
	if (!s)
		return;
	if (s->started) {
		pthread_mutex_lock(&s->lock);
		s->quit = 1;
		pthread_cond_signal(&s->wake);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->refresher, NULL);
	}
	httpd_stop(s->h);
	web_cache_free(s->cache);
	web_db_free(s->db);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	free(s);
}
