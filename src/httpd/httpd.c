/* httpd.c - libmicrohttpd behind httpd.h: the daemon, routing, the worker pool, the
 * request deadline, and the response helpers.
 *
 * A request goes: the I/O thread collects its headers and body, finds the route,
 * suspends the connection and queues the request; a worker runs the handler, which
 * queues the response (allowed on a suspended connection), and resumes it; the I/O
 * thread sends it. A blocking stream does the same for each chunk of its body. While
 * stopping, handlers and fills run on the I/O thread instead, so no connection is ever
 * suspended when MHD_stop_daemon runs (an API violation).
 *
 * The deadline: libmicrohttpd's timeout counts idle time only, which a client sending a
 * byte a second never reaches. So every connection waiting for a request is on a list
 * with its deadline, and a reaper thread shuts down the socket of one that is late;
 * MHD sees the end of the stream and closes it. MHD notifies "closed" (which takes the
 * list's lock to unlist it) before it closes the descriptor, so a shutdown() under that
 * lock always hits the connection's own socket, never a reused descriptor.
 */
#include "httpd/httpd.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <zlib.h>

#include "util/ts.h"

_Static_assert(HTTPD_STREAM_END == MHD_CONTENT_READER_END_OF_STREAM, "reader end");
_Static_assert(HTTPD_STREAM_ABORT == MHD_CONTENT_READER_END_WITH_ERROR, "reader abort");
_Static_assert(HTTPD_SIZE_UNKNOWN == MHD_SIZE_UNKNOWN, "unknown size");

#define REAP_MS 200 /* how often the reaper looks for late requests */
/* How long a waiting connection's client may have shut its side, with nothing left to
 * read, before the reaper closes it: longer than the I/O thread takes to read what came
 * before the end (a complete request, unlisted once it is read) even on a loaded machine. */
#define EOF_GRACE_MS 1000

/* A connection, for the deadline. */
struct conn {
	int fd;
	int64_t deadline;  /* ts_now_ms(); on the list only while waiting for a request */
	int64_t eof_since; /* when the reaper first saw the client's end of stream; 0: not */
	struct conn *prev, *next;
	int listed;
};

/* Work for a worker thread on a suspended connection, which it resumes when done. */
struct job {
	void (*run)(struct job *j);
	struct MHD_Connection *c;
	struct job *next;
};

struct httpd_req {
	struct job job; /* runs the handler */
	struct httpd *h;
	struct MHD_Connection *c;
	const char *method, *path, *rest;
	const struct httpd_route *route;
	struct buf body;
	int too_large, sent;
};

/* A stream whose reader runs on a worker, a chunk at a time (httpd_resp_stream_blocking). */
#define BLOCKING_CHUNK (256 * 1024)

struct blocking {
	struct job job; /* fills buf */
	struct httpd *h;
	httpd_reader read;
	void *cls;
	void (*free_cls)(void *cls);
	char *buf;
	size_t len, off;
	uint64_t pos; /* of the reader's next chunk */
	ssize_t end;  /* 0, or what the reader returned instead of bytes */
};

struct httpd_resp {
	struct MHD_Response *mhd;
	struct blocking *blocking; /* learns its connection in httpd_send() */
};

struct httpd {
	struct httpd_config cfg;
	struct MHD_Daemon *d;
	int port;

	pthread_mutex_t lock; /* the queue, busy, stopping */
	pthread_cond_t work, idle;
	struct job *head, *tail;
	unsigned busy; /* jobs queued or running */
	int stopping, quit;
	pthread_t *workers;
	unsigned nworkers;

	pthread_mutex_t conns_lock; /* the waiting list, reaper_quit */
	pthread_cond_t reaper_cv;
	struct conn *waiting;
	int reaper_quit, reaper_started;
	pthread_t reaper;
};

/* ---- the deadline ---- */

static void conn_unlist(struct httpd *h, struct conn *k)
{
	if (!k->listed)
		return;
	if (k->prev)
		k->prev->next = k->next;
	else
		h->waiting = k->next;
	if (k->next)
		k->next->prev = k->prev;
	k->prev = k->next = NULL;
	k->listed = 0;
}

/* Puts k on the waiting list with a fresh deadline; conns_lock held. */
static void conn_wait(struct httpd *h, struct conn *k)
{
	conn_unlist(h, k);
	k->deadline = ts_now_ms() + (int64_t)h->cfg.timeout_s * 1000;
	k->eof_since = 0;
	k->next = h->waiting;
	if (k->next)
		k->next->prev = k;
	h->waiting = k;
	k->listed = 1;
}

/* Whether the request k waits for can never arrive: its client shut its side and nothing
 * is left to read. libmicrohttpd polls edge-triggered (epoll) and stops reading after a
 * read that did not fill its buffer, so an end of stream that came with the headers, to a
 * request still owed a body, raises no new event: MHD would wait for the body until the
 * deadline. The peek sees it; the grace lets the I/O thread read what came before it. */
static int client_gone(struct conn *k, int64_t now)
{
	char c;

	if (recv(k->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) != 0) {
		k->eof_since = 0;
		return 0;
	}
	if (!k->eof_since)
		k->eof_since = now;
	return now - k->eof_since >= EOF_GRACE_MS;
}

static void *reap_loop(void *arg)
{
	struct httpd *h = arg;

	pthread_mutex_lock(&h->conns_lock);
	while (!h->reaper_quit) {
		struct timespec until;
		int64_t now = ts_now_ms();
		struct conn *k = h->waiting;

		while (k) {
			struct conn *next = k->next;
			if (k->deadline <= now || client_gone(k, now)) {
				/* MHD reads the end of the stream and closes the connection */
				shutdown(k->fd, SHUT_RDWR);
				conn_unlist(h, k);
			}
			k = next;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += REAP_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&h->reaper_cv, &h->conns_lock, &until);
	}
	pthread_mutex_unlock(&h->conns_lock);
	return NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	struct httpd *h = cls;
	struct conn *k = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info =
		        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		k = xcalloc(1, sizeof(*k));
		k->fd = info ? info->connect_fd : -1;
		*socket_context = k;
		if (k->fd < 0)
			return;
		pthread_mutex_lock(&h->conns_lock);
		conn_wait(h, k);
		pthread_mutex_unlock(&h->conns_lock);
		return;
	}
	if (!k)
		return;
	pthread_mutex_lock(&h->conns_lock);
	conn_unlist(h, k);
	pthread_mutex_unlock(&h->conns_lock);
	free(k);
	*socket_context = NULL;
}

static struct conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *info =
	        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return info ? info->socket_context : NULL;
}

/* The request has arrived whole: it is no longer late, whatever the handler takes. */
static void conn_arrived(struct httpd *h, struct MHD_Connection *c)
{
	struct conn *k = conn_of(c);
	if (!k)
		return;
	pthread_mutex_lock(&h->conns_lock);
	conn_unlist(h, k);
	pthread_mutex_unlock(&h->conns_lock);
}

/* ---- routing and the workers ---- */

static int method_ok(const char *want, const char *method)
{
	if (!want || strcmp(want, method) == 0)
		return 1;
	return strcmp(want, "GET") == 0 && strcmp(method, "HEAD") == 0;
}

/* The first route for the request; sets r->rest. */
static const struct httpd_route *route_of(struct httpd *h, struct httpd_req *r)
{
	for (const struct httpd_route *rt = h->cfg.routes; rt && rt->path; rt++) {
		size_t n = strlen(rt->path);
		if (!method_ok(rt->method, r->method))
			continue;
		if (n && rt->path[n - 1] == '*') {
			if (strncmp(r->path, rt->path, n - 1) != 0)
				continue;
			r->rest = r->path + n - 1;
			return rt;
		}
		if (strcmp(r->path, rt->path) == 0) {
			r->rest = r->path + n;
			return rt;
		}
	}
	return NULL;
}

static void run_handler(struct job *j)
{
	struct httpd_req *r = (struct httpd_req *)j;
	r->route->fn(r->h->cfg.ctx, r);
	if (!r->sent)
		httpd_send_text(r, 500, "Internal Server Error: the handler sent no response\n");
}

static void *work_loop(void *arg)
{
	struct httpd *h = arg;

	pthread_mutex_lock(&h->lock);
	for (;;) {
		struct job *j;
		while (!h->head && !h->quit)
			pthread_cond_wait(&h->work, &h->lock);
		if (!h->head)
			break;
		j = h->head;
		h->head = j->next;
		if (!h->head)
			h->tail = NULL;
		pthread_mutex_unlock(&h->lock);

		j->run(j);
		MHD_resume_connection(j->c);

		pthread_mutex_lock(&h->lock);
		if (--h->busy == 0)
			pthread_cond_broadcast(&h->idle);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

/* Suspends j's connection and hands j to a worker; or, while stopping, runs it here. */
static void dispatch(struct httpd *h, struct job *j)
{
	pthread_mutex_lock(&h->lock);
	if (h->stopping) {
		pthread_mutex_unlock(&h->lock);
		j->run(j);
		return;
	}
	/* suspended under the lock, so httpd_stop cannot miss it */
	MHD_suspend_connection(j->c);
	j->next = NULL;
	if (h->tail)
		h->tail->next = j;
	else
		h->head = j;
	h->tail = j;
	h->busy++;
	pthread_cond_signal(&h->work);
	pthread_mutex_unlock(&h->lock);
}

/* A body announced bigger than max_body is refused before a byte of it is read. */
static int announced_too_large(const struct httpd *h, struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	char *end;
	unsigned long long n;

	if (!cl)
		return 0;
	n = strtoull(cl, &end, 10);
	return end != cl && n > h->cfg.max_body;
}

/* A request announcing its body's length twice, chunked and by Content-Length, is
 * malformed (RFC 9112 6.3: a request smuggled past a proxy that reads the other one). */
static int framing_ambiguous(struct MHD_Connection *c)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding") &&
	       MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
}

/* Answers before the body is read; the connection closes after it, the body unread. */
static void send_early(struct httpd_req *r, int status, const char *text)
{
	struct buf b = BUF_INIT;
	struct httpd_resp *resp;

	conn_arrived(r->h, r->c);
	buf_puts(&b, text);
	resp = httpd_resp_buf(&b);
	httpd_resp_header(resp, "Connection", "close");
	httpd_send(r, status, resp, "text/plain;charset=UTF-8");
}

/* The path of a request target: origin form ("/data/...") as it is, absolute form
 * ("https://eu.api.blizzard.com/data/...", what a client sends to a proxy, and what
 * HTTP/1.1 servers must accept, RFC 9112 3.2.2) without its scheme and authority. */
static const char *target_path(const char *url)
{
	const char *p = url;

	if (strncasecmp(p, "http://", 7) == 0)
		p += 7;
	else if (strncasecmp(p, "https://", 8) == 0)
		p += 8;
	else
		return url;
	p += strcspn(p, "/");
	return *p ? p : "/";
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	struct httpd *h = cls;
	struct httpd_req *r = *con_cls;
	(void)version;

	if (!r) {
		r = xcalloc(1, sizeof(*r));
		r->job.run = run_handler;
		r->job.c = c;
		r->h = h;
		r->c = c;
		r->method = method;
		r->path = target_path(url);
		*con_cls = r;
		if (framing_ambiguous(c))
			send_early(r, 400,
			           "Bad Request: both Transfer-Encoding and Content-Length\n");
		else if (announced_too_large(h, c))
			send_early(r, 413, "Payload Too Large\n");
		return MHD_YES;
	}
	if (r->sent) { /* answered early: the rest of the body is dropped */
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		if (r->body.len + *upload_size > h->cfg.max_body)
			r->too_large = 1;
		else
			buf_append(&r->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	conn_arrived(h, c);
	if (r->too_large) {
		httpd_send_text(r, 413, "Payload Too Large\n");
		return MHD_YES;
	}
	r->route = route_of(h, r);
	if (!r->route) {
		httpd_send_text(r, 404, "Not Found\n");
		return MHD_YES;
	}
	dispatch(h, &r->job);
	return MHD_YES;
}

/* The response is out: the connection waits for its next request, with a deadline. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct httpd *h = cls;
	struct httpd_req *r = *con_cls;
	struct conn *k = conn_of(c);
	(void)toe;

	if (k && k->fd >= 0) {
		pthread_mutex_lock(&h->conns_lock);
		conn_wait(h, k);
		pthread_mutex_unlock(&h->conns_lock);
	}
	if (r) {
		buf_release(&r->body);
		free(r);
	}
	*con_cls = NULL;
}

/* ---- start and stop ---- */

/* Connections are file descriptors: take every one the hard limit allows, and keep a
 * margin for the files the process opens itself. */
/* %XX decoding as MHD does it, but a %00 becomes DEL (0x7f): handlers see C strings, and
 * "app.js%00.png" must not read as "app.js". No route or parameter takes DEL. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	size_t n = MHD_http_unescape(s);
	(void)cls;
	(void)c;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0')
			s[i] = 0x7f;
	return n;
}

static unsigned connection_limit(unsigned want)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return want;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)want + 128)
		return rl.rlim_cur > 256 ? (unsigned)(rl.rlim_cur - 128) : 128;
	return want;
}

static void set_defaults(struct httpd_config *cfg)
{
	if (!cfg->io_threads)
		cfg->io_threads = 2;
	if (!cfg->workers)
		cfg->workers = 16;
	if (!cfg->max_connections)
		cfg->max_connections = 4096;
	if (!cfg->timeout_s)
		cfg->timeout_s = 30;
	if (!cfg->max_body)
		cfg->max_body = 64 * 1024;
	cfg->max_connections = connection_limit(cfg->max_connections);
}

static int start_threads(struct httpd *h, struct err *e)
{
	h->workers = xcalloc(h->cfg.workers, sizeof(*h->workers));
	for (; h->nworkers < h->cfg.workers; h->nworkers++)
		if (pthread_create(&h->workers[h->nworkers], NULL, work_loop, h) != 0)
			return err_set(e, WOWAH_EIO, "cannot start the HTTP worker threads");
	if (pthread_create(&h->reaper, NULL, reap_loop, h) != 0)
		return err_set(e, WOWAH_EIO, "cannot start the HTTP deadline thread");
	h->reaper_started = 1;
	return WOWAH_OK;
}

static void free_httpd(struct httpd *h)
{
	pthread_mutex_lock(&h->lock);
	h->quit = 1;
	pthread_cond_broadcast(&h->work);
	pthread_mutex_unlock(&h->lock);
	for (unsigned i = 0; i < h->nworkers; i++)
		pthread_join(h->workers[i], NULL);
	if (h->reaper_started) {
		pthread_mutex_lock(&h->conns_lock);
		h->reaper_quit = 1;
		pthread_cond_signal(&h->reaper_cv);
		pthread_mutex_unlock(&h->conns_lock);
		pthread_join(h->reaper, NULL);
	}
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->work);
	pthread_cond_destroy(&h->idle);
	pthread_mutex_destroy(&h->conns_lock);
	pthread_cond_destroy(&h->reaper_cv);
	free(h->workers);
	free(h);
}

int httpd_start(const struct httpd_config *cfg, struct httpd **out, struct err *e)
{
	struct httpd *h = xcalloc(1, sizeof(*h));
	struct sockaddr_in addr;
	const union MHD_DaemonInfo *info;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (cfg->host && inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
		free(h);
		return err_set(e, WOWAH_EUSAGE, "'%s' is no IPv4 address to listen on", cfg->host);
	}
	h->cfg = *cfg;
	set_defaults(&h->cfg);
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->work, NULL);
	pthread_cond_init(&h->idle, NULL);
	pthread_mutex_init(&h->conns_lock, NULL);
	pthread_cond_init(&h->reaper_cv, NULL);
	if (start_threads(h, e)) {
		free_httpd(h);
		return WOWAH_EIO;
	}
	h->d = MHD_start_daemon(
	        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME,
	        (uint16_t)cfg->port, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR,
	        (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, h->cfg.io_threads,
	        MHD_OPTION_CONNECTION_LIMIT, h->cfg.max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
	        h->cfg.timeout_s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
	        MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_UNESCAPE_CALLBACK,
	        unescape, NULL, MHD_OPTION_END);
	if (!h->d) {
		free_httpd(h);
		return err_set(e, WOWAH_EIO, "cannot listen on %s:%d (port in use?)",
		               cfg->host ? cfg->host : "127.0.0.1", cfg->port);
	}
	info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : cfg->port;
	*out = h;
	return WOWAH_OK;
}

int httpd_port(const struct httpd *h)
{
	return h->port;
}

void httpd_stop(struct httpd *h)
{
	if (!h)
		return;
	/* from here on handlers run on the I/O threads; wait for the workers' last ones */
	pthread_mutex_lock(&h->lock);
	h->stopping = 1;
	while (h->busy)
		pthread_cond_wait(&h->idle, &h->lock);
	pthread_mutex_unlock(&h->lock);
	MHD_stop_daemon(h->d);
	free_httpd(h);
}

/* ---- requests ---- */

const char *httpd_req_method(const struct httpd_req *r)
{
	return r->method;
}

const char *httpd_req_path(const struct httpd_req *r)
{
	return r->path;
}

const char *httpd_req_rest(const struct httpd_req *r)
{
	return r->rest ? r->rest : "";
}

const char *httpd_req_arg(const struct httpd_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->c, MHD_GET_ARGUMENT_KIND, name);
}

const char *httpd_req_header(const struct httpd_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->c, MHD_HEADER_KIND, name);
}

struct args_walk {
	void (*fn)(void *ctx, const char *name, const char *value);
	void *ctx;
	size_t n;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
	struct args_walk *w = cls;
	(void)kind;
	w->n++;
	if (w->fn)
		w->fn(w->ctx, key, value);
	return MHD_YES;
}

size_t httpd_req_args(const struct httpd_req *r,
                      void (*fn)(void *ctx, const char *name, const char *value), void *ctx)
{
	struct args_walk w = {fn, ctx, 0};
	MHD_get_connection_values(r->c, MHD_GET_ARGUMENT_KIND, each_arg, &w);
	return w.n;
}

const char *httpd_req_body(const struct httpd_req *r, size_t *out_len)
{
	if (out_len)
		*out_len = r->body.len;
	return r->body.len ? r->body.data : "";
}

int httpd_req_wants_gzip(const struct httpd_req *r)
{
	const char *ae = httpd_req_header(r, "Accept-Encoding");
	return ae && strstr(ae, "gzip") && !strstr(ae, "gzip;q=0");
}

/* ---- responses ---- */

static struct httpd_resp *wrap(struct MHD_Response *mhd)
{
	struct httpd_resp *resp;
	if (!mhd)
		abort(); /* MHD fails here only when out of memory */
	resp = xcalloc(1, sizeof(*resp));
	resp->mhd = mhd;
	return resp;
}

struct httpd_resp *httpd_resp_buf(struct buf *b)
{
	size_t len;
	char *data = buf_detach(b, &len);
	return wrap(MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE));
}

struct httpd_resp *httpd_resp_stream(uint64_t size, httpd_reader read, void *cls,
                                     void (*free_cls)(void *cls))
{
	return wrap(MHD_create_response_from_callback(size, 64 * 1024, read, cls, free_cls));
}

/* Worker side: the next chunk from the reader. */
static void fill(struct job *j)
{
	struct blocking *b = (struct blocking *)j;
	ssize_t n = b->read(b->cls, b->pos, b->buf, BLOCKING_CHUNK);

	b->off = 0;
	b->len = n > 0 ? (size_t)n : 0;
	b->pos += b->len;
	if (n < 0)
		b->end = n;
}

/* I/O side: what the worker filled; when it is used up, suspend and ask for more. */
static ssize_t read_blocking(void *cls, uint64_t pos, char *out, size_t max)
{
	struct blocking *b = cls;
	size_t n = b->len - b->off;
	(void)pos;

	if (n) {
		n = n < max ? n : max;
		memcpy(out, b->buf + b->off, n);
		b->off += n;
		return (ssize_t)n;
	}
	if (b->end)
		return b->end;
	/* MHD calls again once the worker resumes the connection; while stopping, dispatch
	 * fills here and the 0 only makes MHD call again at once */
	dispatch(b->h, &b->job);
	return 0;
}

static void free_blocking(void *cls)
{
	struct blocking *b = cls;
	if (b->free_cls)
		b->free_cls(b->cls);
	free(b->buf);
	free(b);
}

struct httpd_resp *httpd_resp_stream_blocking(httpd_reader read, void *cls,
                                              void (*free_cls)(void *cls))
{
	struct blocking *b = xcalloc(1, sizeof(*b));
	struct httpd_resp *resp;

	b->job.run = fill;
	b->read = read;
	b->cls = cls;
	b->free_cls = free_cls;
	b->buf = xmalloc(BLOCKING_CHUNK);
	resp = wrap(MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, read_blocking, b,
	                                              free_blocking));
	resp->blocking = b;
	return resp;
}

void httpd_resp_header(struct httpd_resp *resp, const char *name, const char *value)
{
	MHD_add_response_header(resp->mhd, name, value);
}

void httpd_send(struct httpd_req *r, int status, struct httpd_resp *resp, const char *type)
{
	if (type)
		httpd_resp_header(resp, "Content-Type", type);
	if (resp->blocking) {
		resp->blocking->h = r->h;
		resp->blocking->job.c = r->c;
	}
	/* a second response to one request is a bug of its handler: dropped */
	if (!r->sent)
		MHD_queue_response(r->c, (unsigned)status, resp->mhd);
	r->sent = 1;
	MHD_destroy_response(resp->mhd);
	free(resp);
}

void httpd_send_buf(struct httpd_req *r, int status, const char *type, struct buf *b)
{
	httpd_send(r, status, httpd_resp_buf(b), type);
}

void httpd_send_text(struct httpd_req *r, int status, const char *text)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, text);
	httpd_send_buf(r, status, "text/plain;charset=UTF-8", &b);
}

void httpd_send_json(struct httpd_req *r, int status, const char *json)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, json);
	httpd_send_buf(r, status, HTTPD_JSON, &b);
}

int httpd_gzip(const void *data, size_t len, struct buf *out, struct err *e)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return err_set(e, WOWAH_ENOMEM, "gzip: cannot start deflate");
	buf_reserve(out, deflateBound(&z, len) + 1);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->data + out->len;
	z.avail_out = (uInt)(out->cap - out->len);
	rc = deflate(&z, Z_FINISH);
	out->len += z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END)
		return err_set(e, WOWAH_EIO, "gzip: deflate failed (%d)", rc);
	return WOWAH_OK;
}
