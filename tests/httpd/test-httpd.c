/* test-httpd.c - the HTTP layer with real libmicrohttpd on loopback and real libcurl (and
 * raw sockets for misbehaving clients): routes, requests, responses, streams, gzip,
 * concurrent handlers, slow clients that must not starve a normal request, the request
 * deadline, the connection limit, and stopping with a handler in flight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "httpd/httpd.h"
#include "util/ts.h"

/* ---- handlers ---- */

static void hello(void *ctx, struct httpd_req *q)
{
	(void)ctx;
	httpd_send_text(q, 200, "hello\n");
}

/* Echoes what the request carried, as one line per item. */
static void echo(void *ctx, struct httpd_req *q)
{
	struct buf b = BUF_INIT;
	const char *a = httpd_req_arg(q, "a"), *x = httpd_req_header(q, "x-test");
	size_t len;
	const char *body = httpd_req_body(q, &len);
	struct httpd_resp *r;
	(void)ctx;

	buf_printf(&b, "method=%s\npath=%s\nrest=%s\na=%s\nx=%s\nbody=%zu:%s\n",
	           httpd_req_method(q), httpd_req_path(q), httpd_req_rest(q), a ? a : "(none)",
	           x ? x : "(none)", len, body);
	r = httpd_resp_buf(&b);
	httpd_resp_header(r, "X-Echo", "yes");
	httpd_send(q, 201, r, "text/plain");
}

static void silent(void *ctx, struct httpd_req *q)
{
	(void)ctx;
	(void)q;
}

/* The same 100,000 bytes, gzipped when the client takes it. */
static char big[100000];

static void gz(void *ctx, struct httpd_req *q)
{
	struct buf b = BUF_INIT;
	struct httpd_resp *r;
	(void)ctx;

	if (!httpd_req_wants_gzip(q)) {
		buf_append(&b, big, sizeof(big));
		httpd_send_buf(q, 200, "text/plain", &b);
		return;
	}
	assert_int_equal(httpd_gzip(big, sizeof(big), &b, NULL), WOWAH_OK);
	r = httpd_resp_buf(&b);
	httpd_resp_header(r, "Content-Encoding", "gzip");
	httpd_send(q, 200, r, "text/plain");
}

/* A stream of n bytes of 'a'..'z'; with cut, the connection closes halfway. */
struct stream {
	uint64_t n;
	int cut, chunked;
};

static ssize_t read_stream(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream *s = cls;
	size_t k = 0;
	if (s->cut && pos >= s->n / 2)
		return HTTPD_STREAM_ABORT;
	if (pos >= s->n)
		return HTTPD_STREAM_END;
	for (; k < max && pos + k < s->n; k++)
		out[k] = (char)('a' + (pos + k) % 26);
	return (ssize_t)k;
}

static void stream(void *ctx, struct httpd_req *q)
{
	struct stream *s = xcalloc(1, sizeof(*s));
	(void)ctx;
	s->n = 300000;
	s->cut = strcmp(httpd_req_rest(q), "cut") == 0;
	s->chunked = strcmp(httpd_req_rest(q), "chunked") == 0;
	httpd_send(q, 200,
	           httpd_resp_stream(s->chunked ? HTTPD_SIZE_UNKNOWN : s->n, read_stream, s, free),
	           "application/octet-stream");
}

/* Every handler waits until `want` of them run at once (or 20 s pass). */
static pthread_mutex_t meet_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t meet_cv = PTHREAD_COND_INITIALIZER;
static int meet_in, meet_want;

static void meet(void *ctx, struct httpd_req *q)
{
	struct timespec until;
	int ok = 1;
	(void)ctx;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 20;
	pthread_mutex_lock(&meet_mu);
	meet_in++;
	pthread_cond_broadcast(&meet_cv);
	while (meet_in < meet_want && ok)
		ok = pthread_cond_timedwait(&meet_cv, &meet_mu, &until) == 0;
	pthread_mutex_unlock(&meet_mu);
	httpd_send_text(q, ok ? 200 : 503, ok ? "met\n" : "alone\n");
}

/* Sleeps a little, so httpd_stop() finds it running. */
static volatile int slow_started, slow_done;

static void slow(void *ctx, struct httpd_req *q)
{
	(void)ctx;
	slow_started = 1;
	usleep(300 * 1000);
	httpd_send_text(q, 200, "late\n");
	slow_done = 1;
}

/* A blocking stream: its first chunk waits until a /hello has been answered. With
 * one I/O thread, that can only happen if the reader does not run on it. */
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_waiting, gate_open;

static ssize_t read_gated(void *cls, uint64_t pos, char *out, size_t max)
{
	struct timespec until;
	int ok = 1;
	(void)cls;

	if (pos >= 600000)
		return HTTPD_STREAM_END;
	if (pos == 0) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 20;
		pthread_mutex_lock(&gate_mu);
		gate_waiting = 1;
		pthread_cond_broadcast(&gate_cv);
		while (!gate_open && ok)
			ok = pthread_cond_timedwait(&gate_cv, &gate_mu, &until) == 0;
		pthread_mutex_unlock(&gate_mu);
		if (!ok)
			return HTTPD_STREAM_ABORT;
	}
	max = max < 600000 - pos ? max : (size_t)(600000 - pos);
	for (size_t k = 0; k < max; k++)
		out[k] = (char)('a' + (pos + k) % 26);
	return (ssize_t)max;
}

static void gated(void *ctx, struct httpd_req *q)
{
	(void)ctx;
	httpd_send(q, 200, httpd_resp_stream_blocking(read_gated, NULL, NULL), "text/plain");
}

static const struct httpd_route routes[] = {
        {"GET", "/gated", gated},     {"GET", "/hello", hello},   {"POST", "/echo", echo},
        {NULL, "/echo/*", echo},      {"GET", "/silent", silent}, {"GET", "/gz", gz},
        {"GET", "/stream/*", stream}, {"GET", "/meet", meet},     {"GET", "/slow", slow},
        {NULL, NULL, NULL},
};

static struct httpd *start(struct httpd_config cfg)
{
	struct httpd *h = NULL;
	struct err e = {0};
	cfg.routes = routes;
	if (httpd_start(&cfg, &h, &e))
		fail_msg("httpd_start: %s", e.msg);
	assert_true(httpd_port(h) > 0);
	return h;
}

/* ---- a client ---- */

struct reply {
	long status;
	CURLcode rc;
	struct buf body, headers;
};

static size_t collect(char *p, size_t size, size_t n, void *cls)
{
	buf_append(cls, p, size * n);
	return size * n;
}

/* One request; method NULL is GET, a body makes it a POST. */
static void fetch(struct reply *out, int port, const char *method, const char *path,
                  const char *body, const char *header, int gzip)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hl = header ? curl_slist_append(NULL, header) : NULL;
	char url[256];

	memset(out, 0, sizeof(*out));
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &out->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	if (method && strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (method)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (hl)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	if (gzip)
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
	out->rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	if (!out->body.data)
		buf_puts(&out->body, "");
	if (!out->headers.data)
		buf_puts(&out->headers, "");
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
}

static void reply_free(struct reply *r)
{
	buf_release(&r->body);
	buf_release(&r->headers);
}

static void expect_in(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("'%s' not in:\n%s", needle, haystack);
}

/* A raw loopback socket, connected; -1 when the server refused it. */
static int dial(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether the server closed fd within ms (a read sees the end, or an error). */
static int closed_within(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char c[256];
	int64_t end = ts_now_ms() + ms;

	for (int64_t now = ts_now_ms(); now < end; now = ts_now_ms()) {
		if (poll(&p, 1, (int)(end - now)) <= 0)
			return 0;
		ssize_t n = read(fd, c, sizeof(c));
		if (n <= 0)
			return 1;
	}
	return 0;
}

/* Whether any bytes of a response arrive on fd within ms (not when it is closed); the
 * first of them, NUL-terminated, in got. */
static int answered_within(int fd, int ms, char *got, size_t cap)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	ssize_t n = poll(&p, 1, ms) > 0 ? read(fd, got, cap - 1) : -1;
	got[n > 0 ? n : 0] = '\0';
	return n > 0;
}

/* ---- tests ---- */

static void routes_and_requests(void **state)
{
	struct httpd *h = start((struct httpd_config){0});
	int port = httpd_port(h);
	struct reply r;
	(void)state;

	fetch(&r, port, NULL, "/hello", NULL, NULL, 0);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body.data, "hello\n");
	expect_in(r.headers.data, "Content-Type: text/plain;charset=UTF-8");
	reply_free(&r);

	/* GET routes take HEAD: headers, no body */
	fetch(&r, port, "HEAD", "/hello", NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body.data, "");
	expect_in(r.headers.data, "Content-Length: 6");
	reply_free(&r);

	/* the method is part of the route: POST /hello matches nothing */
	fetch(&r, port, NULL, "/hello", "x=1", NULL, 0);
	assert_int_equal(r.status, 404);
	assert_string_equal(r.body.data, "Not Found\n");
	reply_free(&r);
	fetch(&r, port, NULL, "/hello/more", NULL, NULL, 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);

	/* query, headers, body, status and response headers */
	fetch(&r, port, NULL, "/echo?a=b%20c", "grant_type=x&y=%41", "X-Test: 42", 0);
	assert_int_equal(r.status, 201);
	assert_string_equal(r.body.data, "method=POST\npath=/echo\nrest=\na=b c\nx=42\n"
	                                 "body=18:grant_type=x&y=%41\n");
	expect_in(r.headers.data, "X-Echo: yes");
	reply_free(&r);

	/* a prefix route, any method */
	fetch(&r, port, "DELETE", "/echo/some/thing", NULL, NULL, 0);
	assert_int_equal(r.status, 201);
	assert_string_equal(r.body.data, "method=DELETE\npath=/echo/some/thing\nrest=some/thing\n"
	                                 "a=(none)\nx=(none)\nbody=0:\n");
	reply_free(&r);

	/* a handler that forgets to answer */
	fetch(&r, port, NULL, "/silent", NULL, NULL, 0);
	assert_int_equal(r.status, 500);
	reply_free(&r);
	httpd_stop(h);
}

static void body_limit(void **state)
{
	struct httpd *h = start((struct httpd_config){.max_body = 100});
	struct buf body = BUF_INIT;
	struct reply r;
	const char *req = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\nab";
	char got[256];
	int fd;
	(void)state;

	for (int i = 0; i < 100; i++)
		buf_putc(&body, 'x');
	fetch(&r, httpd_port(h), NULL, "/echo", body.data, NULL, 0);
	assert_int_equal(r.status, 201);
	expect_in(r.body.data, "body=100:xxx");
	reply_free(&r);
	buf_putc(&body, 'x');
	fetch(&r, httpd_port(h), NULL, "/echo", body.data, NULL, 0);
	assert_int_equal(r.status, 413);
	reply_free(&r);
	buf_release(&body);

	/* announced too large: refused at once, before the body is sent */
	fd = dial(httpd_port(h));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	assert_true(answered_within(fd, 5000, got, sizeof(got)));
	expect_in(got, "HTTP/1.1 413");
	close(fd);
	httpd_stop(h);
}

static void streams_and_gzip(void **state)
{
	struct httpd *h = start((struct httpd_config){0});
	int port = httpd_port(h);
	struct reply r;
	(void)state;

	fetch(&r, port, NULL, "/stream/whole", NULL, NULL, 0);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.body.len, 300000);
	assert_int_equal(r.body.data[299999], 'a' + 299999 % 26);
	expect_in(r.headers.data, "Content-Length: 300000");
	reply_free(&r);

	fetch(&r, port, NULL, "/stream/chunked", NULL, NULL, 0);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.body.len, 300000);
	expect_in(r.headers.data, "Transfer-Encoding: chunked");
	reply_free(&r);

	/* cut short: the client sees a partial body, not a complete one */
	fetch(&r, port, NULL, "/stream/cut", NULL, NULL, 0);
	assert_int_equal(r.rc, CURLE_PARTIAL_FILE);
	assert_true(r.body.len < 300000);
	reply_free(&r);

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('0' + (i * 7 + i / 100) % 10);
	fetch(&r, port, NULL, "/gz", NULL, NULL, 1);
	assert_int_equal(r.rc, CURLE_OK);
	expect_in(r.headers.data, "Content-Encoding: gzip");
	assert_int_equal(r.body.len, sizeof(big)); /* curl inflated it */
	assert_memory_equal(r.body.data, big, sizeof(big));
	reply_free(&r);
	fetch(&r, port, NULL, "/gz", NULL, "Accept-Encoding: gzip;q=0", 0);
	assert_null(strstr(r.headers.data, "Content-Encoding"));
	assert_int_equal(r.body.len, sizeof(big));
	reply_free(&r);
	httpd_stop(h);
}

static void port_in_use(void **state)
{
	struct httpd *a = start((struct httpd_config){0}), *b = NULL;
	struct httpd_config cfg = {.port = httpd_port(a), .routes = routes};
	struct err e = {0};
	(void)state;

	assert_int_equal(httpd_start(&cfg, &b, &e), WOWAH_EIO);
	assert_null(b);
	expect_in(e.msg, "cannot listen on 127.0.0.1:");
	httpd_stop(a);
}

struct client {
	int port;
	const char *path;
	struct reply r;
	pthread_t th;
};

static void *client_run(void *arg)
{
	struct client *c = arg;
	fetch(&c->r, c->port, NULL, c->path, NULL, NULL, 0);
	return NULL;
}

/* Handlers run side by side: four requests are all inside their handler at once. */
static void concurrent_handlers(void **state)
{
	struct httpd *h = start((struct httpd_config){.workers = 4, .io_threads = 1});
	struct client c[4];
	(void)state;

	meet_in = 0;
	meet_want = 4;
	for (int i = 0; i < 4; i++) {
		c[i] = (struct client){.port = httpd_port(h), .path = "/meet"};
		assert_int_equal(pthread_create(&c[i].th, NULL, client_run, &c[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(c[i].th, NULL);
		assert_int_equal(c[i].r.status, 200);
		reply_free(&c[i].r);
	}
	httpd_stop(h);
}

/* 300 clients that send their headers a byte at a time, against 2 I/O threads and 4
 * workers: a normal request is still answered at once, every time. */
static void slow_clients_do_not_starve(void **state)
{
	enum { NSLOW = 300 };
	struct httpd *h = start((struct httpd_config){.workers = 4, .io_threads = 2});
	int port = httpd_port(h), fds[NSLOW], open_ = 0;
	const char *req = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ";
	(void)state;

	for (int i = 0; i < NSLOW; i++) {
		fds[i] = dial(port);
		assert_true(fds[i] >= 0);
		assert_int_equal(write(fds[i], req, strlen(req)), (ssize_t)strlen(req));
	}
	/* 3 seconds of a byte per client every 300 ms; a normal request every 300 ms */
	for (int round = 0; round < 10; round++) {
		struct reply r;
		int64_t t0 = ts_now_ms();
		for (int i = 0; i < NSLOW; i++)
			if (fds[i] >= 0 && write(fds[i], "a", 1) != 1) {
				close(fds[i]);
				fds[i] = -1;
			}
		fetch(&r, port, NULL, "/hello", NULL, NULL, 0);
		assert_int_equal(r.rc, CURLE_OK);
		assert_int_equal(r.status, 200);
		reply_free(&r);
		int64_t left = 300 - (ts_now_ms() - t0);
		if (left > 0)
			usleep((useconds_t)left * 1000);
	}
	/* they were all still connected (the deadline, 30 s by default, had not come) */
	for (int i = 0; i < NSLOW; i++)
		if (fds[i] >= 0) {
			open_++;
			close(fds[i]);
		}
	assert_int_equal(open_, NSLOW);
	httpd_stop(h);
}

/* A client dripping its headers is cut off at the deadline, and so is an idle
 * keep-alive connection; a quick one is served. */
static void request_deadline(void **state)
{
	struct httpd *h = start((struct httpd_config){.timeout_s = 1});
	int port = httpd_port(h), drip = dial(port), idle;
	const char *req = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
	char got[512];
	int64_t t0 = ts_now_ms(), cut_at = -1;
	ssize_t n;
	(void)state;

	assert_true(drip >= 0);
	assert_int_equal(write(drip, "GET /hello HTTP/1.1\r\n", 21), 21);
	/* a byte every 100 ms keeps MHD's idle timer happy: only the deadline stops it */
	for (int i = 0; i < 60 && cut_at < 0; i++) {
		if (write(drip, "X", 1) != 1 || closed_within(drip, 100))
			cut_at = ts_now_ms() - t0;
	}
	if (cut_at < 0)
		fail_msg("a client dripping its headers was still connected after 6 s");
	assert_true(cut_at >= 900); /* not before the deadline */
	close(drip);

	/* the idle one: a request in time, then nothing */
	idle = dial(port);
	assert_true(idle >= 0);
	assert_int_equal(write(idle, req, strlen(req)), (ssize_t)strlen(req));
	n = read(idle, got, sizeof(got) - 1);
	assert_true(n > 0);
	got[n] = '\0';
	expect_in(got, "HTTP/1.1 200");
	assert_true(closed_within(idle, 5000));
	close(idle);
	httpd_stop(h);
}

/* A body announced both chunked and by length is malformed (RFC 9112 6.3): a 400 before
 * the body is read, and the connection closed after it, though the client keeps its side
 * open; the server answers the next one. */
static void framing_both_headers(void **state)
{
	struct httpd *h = start((struct httpd_config){0});
	int port = httpd_port(h), fd = dial(port);
	const char *req = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
	                  "Content-Length: 5\r\n\r\n";
	char got[512];
	struct reply r;
	(void)state;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	assert_true(answered_within(fd, 10000, got, sizeof(got)));
	expect_in(got, "HTTP/1.1 400");
	expect_in(got, "Connection: close");
	assert_true(closed_within(fd, 10000));
	close(fd);
	fetch(&r, port, "GET", "/hello", NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	httpd_stop(h);
}

/* At the limit new connections are turned away; once the deadline clears the idle ones
 * the server takes requests again. */
static void connection_limit(void **state)
{
	enum { LIMIT = 8 };
	struct httpd *h = start((struct httpd_config){.max_connections = LIMIT, .timeout_s = 1});
	int port = httpd_port(h), fds[LIMIT], extra;
	char got[256];
	struct reply r;
	(void)state;

	for (int i = 0; i < LIMIT; i++) {
		fds[i] = dial(port);
		assert_true(fds[i] >= 0);
	}
	usleep(200 * 1000); /* let the server accept them all */
	/* the ninth is closed, or left waiting in the backlog: never answered meanwhile */
	extra = dial(port);
	if (extra >= 0) {
		const char *req = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
		if (write(extra, req, strlen(req)) == (ssize_t)strlen(req))
			assert_false(answered_within(extra, 500, got, sizeof(got)));
		close(extra);
	}
	for (int i = 0; i < LIMIT; i++) {
		assert_true(closed_within(fds[i], 5000));
		close(fds[i]);
	}
	fetch(&r, port, NULL, "/hello", NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	httpd_stop(h);
}

/* A blocking stream's reader runs on a worker: a request on the only I/O thread is
 * answered while the reader waits, and the stream then completes in order. */
static void blocking_stream(void **state)
{
	struct httpd *h = start((struct httpd_config){.io_threads = 1});
	struct client c = {.port = httpd_port(h), .path = "/gated"};
	struct reply r;
	(void)state;

	gate_waiting = gate_open = 0;
	assert_int_equal(pthread_create(&c.th, NULL, client_run, &c), 0);
	pthread_mutex_lock(&gate_mu);
	while (!gate_waiting)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	fetch(&r, httpd_port(h), NULL, "/hello", NULL, NULL, 0);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	pthread_mutex_lock(&gate_mu);
	gate_open = 1;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
	pthread_join(c.th, NULL);
	assert_int_equal(c.r.rc, CURLE_OK);
	assert_int_equal(c.r.body.len, 600000);
	for (size_t k = 0; k < 600000; k += 4999)
		assert_int_equal(c.r.body.data[k], 'a' + k % 26);
	expect_in(c.r.headers.data, "Transfer-Encoding: chunked");
	reply_free(&c.r);
	httpd_stop(h);
}

/* httpd_stop() lets a running handler finish. */
static void stop_with_handler_running(void **state)
{
	struct httpd *h = start((struct httpd_config){0});
	struct client c = {.port = httpd_port(h), .path = "/slow"};
	(void)state;

	slow_started = slow_done = 0;
	assert_int_equal(pthread_create(&c.th, NULL, client_run, &c), 0);
	for (int i = 0; i < 2000 && !slow_started; i++)
		usleep(5 * 1000);
	assert_true(slow_started);
	httpd_stop(h);
	assert_true(slow_done);
	pthread_join(c.th, NULL);
	reply_free(&c.r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(routes_and_requests),
	        cmocka_unit_test(body_limit),
	        cmocka_unit_test(streams_and_gzip),
	        cmocka_unit_test(port_in_use),
	        cmocka_unit_test(concurrent_handlers),
	        cmocka_unit_test(slow_clients_do_not_starve),
	        cmocka_unit_test(request_deadline),
	        cmocka_unit_test(framing_both_headers),
	        cmocka_unit_test(connection_limit),
	        cmocka_unit_test(blocking_stream),
	        cmocka_unit_test(stop_with_handler_running),
	};
	int rc;

	signal(SIGPIPE, SIG_IGN); /* writes to sockets the server closed */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
