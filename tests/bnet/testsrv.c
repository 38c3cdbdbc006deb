/* testsrv.c - scripted libmicrohttpd server for the bnet tests. */
#include "testsrv.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct tsrv {
	struct MHD_Daemon *d;
	tsrv_handler handler;
	void *ud;
	char url[64];
	atomic_int now, max, total;
};

struct cut_body {
	char *data;
	size_t len, cut;
};

static ssize_t cut_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct cut_body *c = cls;
	size_t n;

	if (pos >= c->cut)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	n = c->cut - pos;
	if (n > max)
		n = max;
	memcpy(buf, c->data + pos, n);
	return (ssize_t)n;
}

static void cut_free(void *cls)
{
	struct cut_body *c = cls;
	free(c->data);
	free(c);
}

static void sleep_ms(int ms)
{
	struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
	struct tsrv *s = cls;
	struct tsrv_req req = {0};
	struct tsrv_resp resp = {200, NULL, 0, NULL, NULL, "application/json", 0, -1};
	struct MHD_Response *r;
	char *pass = NULL;
	enum MHD_Result ret;
	int cur;
	(void)version;
	(void)upload;

	if (*con_cls == NULL) {
		*con_cls = s;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	cur = atomic_fetch_add(&s->now, 1) + 1;
	atomic_fetch_add(&s->total, 1);
	for (int m = atomic_load(&s->max);
	     cur > m && !atomic_compare_exchange_weak(&s->max, &m, cur);)
		;
	req.method = method;
	req.path = url;
	req.authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	req.if_modified_since =
	        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Modified-Since");
	req.user = MHD_basic_auth_get_username_password(conn, &pass);
	req.pass = pass;
	s->handler(s->ud, &req, &resp);
	if (resp.delay_ms)
		sleep_ms(resp.delay_ms);
	if (!resp.body)
		resp.body = "";
	if (!resp.body_len)
		resp.body_len = strlen(resp.body);
	if (resp.cut_at >= 0) {
		struct cut_body *c = malloc(sizeof(*c));
		c->data = malloc(resp.body_len + 1);
		memcpy(c->data, resp.body, resp.body_len);
		c->len = resp.body_len;
		c->cut = (size_t)resp.cut_at < resp.body_len ? (size_t)resp.cut_at : resp.body_len;
		r = MHD_create_response_from_callback(resp.body_len, 4096, cut_reader, c, cut_free);
	} else {
		r = MHD_create_response_from_buffer(resp.body_len, (void *)resp.body,
		                                    MHD_RESPMEM_MUST_COPY);
	}
	if (resp.content_type)
		MHD_add_response_header(r, "Content-Type", resp.content_type);
	if (resp.last_modified)
		MHD_add_response_header(r, "Last-Modified", resp.last_modified);
	if (resp.retry_after)
		MHD_add_response_header(r, "Retry-After", resp.retry_after);
	ret = MHD_queue_response(conn, (unsigned)resp.status, r);
	MHD_destroy_response(r);
	MHD_free(req.user ? (void *)req.user : NULL);
	MHD_free(pass);
	atomic_fetch_sub(&s->now, 1);
	return ret;
}

struct tsrv *tsrv_start(tsrv_handler h, void *ud)
{
	struct tsrv *s = calloc(1, sizeof(*s));
	struct sockaddr_in addr = {0};
	const union MHD_DaemonInfo *info;

	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->handler = h;
	s->ud = ud;
	s->d = MHD_start_daemon(
	        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
	        0, NULL, NULL, answer, s, MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_END);
	if (!s->d) {
		free(s);
		return NULL;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(s->url, sizeof(s->url), "http://127.0.0.1:%u", (unsigned)info->port);
	return s;
}

void tsrv_stop(struct tsrv *s)
{
	MHD_stop_daemon(s->d);
	free(s);
}

const char *tsrv_url(const struct tsrv *s)
{
	return s->url;
}

int tsrv_max_concurrent(const struct tsrv *s)
{
	return atomic_load(&s->max);
}

int tsrv_requests(const struct tsrv *s)
{
	return atomic_load(&s->total);
}
