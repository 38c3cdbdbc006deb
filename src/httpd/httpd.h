/* httpd.h - an HTTP/1.1 server on 127.0.0.1 (libmicrohttpd): a route table, requests,
 * responses. Generic: it knows nothing of Blizzard (the simulator, `serve` and a metrics
 * endpoint sit on top of it).
 *
 * Threads: a small pool of I/O threads polls every connection (epoll), so a slow or idle
 * client costs a socket, not a thread; handlers run on a bounded pool of worker threads
 * (the connection is suspended meanwhile), so a handler that takes its time never holds
 * up the I/O of other clients. A request must arrive whole (headers and body) within
 * timeout_s of its connection opening or of the previous response on it, and a
 * connection idle that long is closed: a client sending a byte a second cannot keep a
 * slot for ever. At most max_connections are open at once, and a body announced larger
 * than max_body is refused (413) before it is read. A %00 in a URL reaches handlers as
 * DEL (0x7f), so that no path or argument is cut short at a NUL.
 */
#ifndef WOWAH_HTTPD_HTTPD_H
#define WOWAH_HTTPD_HTTPD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/buf.h"
#include "util/err.h"

struct httpd;
struct httpd_req;
struct httpd_resp;

/* Answers req with exactly one httpd_send*() (else the client gets a 500). Runs on a
 * worker thread: handlers of different requests run at the same time. */
typedef void (*httpd_handler)(void *ctx, struct httpd_req *req);

struct httpd_route {
	const char *method; /* "GET" (which takes HEAD too), "POST", ...; NULL: any method */
	/* "/token": that path only; a path ending in '*' is a prefix (the part after it is
	 * httpd_req_rest()); "*" alone: any path */
	const char *path;
	httpd_handler fn;
};

struct httpd_config {
	int port;                         /* 0: any free port (httpd_port() tells which) */
	const char *host;                 /* IPv4 address to listen on; NULL: 127.0.0.1 */
	const struct httpd_route *routes; /* first match wins; ends with {NULL, NULL, NULL} */
	void *ctx;                        /* passed to every handler */
	unsigned io_threads;              /* 0: 2 */
	unsigned workers;                 /* handler threads; 0: 16 */
	unsigned max_connections;         /* 0: 4096; at most the open-file limit allows */
	unsigned timeout_s;               /* request deadline and idle timeout; 0: 30 */
	size_t max_body;                  /* larger bodies get 413; 0: 64 KiB */
};

/* Listens on 127.0.0.1:cfg->port, or cfg->host (WOWAH_EUSAGE when that is no IPv4
 * address; WOWAH_EIO when it cannot listen, e.g. the port is taken).
 * Unmatched requests get 404 text. Raises the soft open-file limit to the hard one:
 * every connection is a file descriptor. cfg->routes and cfg->ctx must outlive it. */
int httpd_start(const struct httpd_config *cfg, struct httpd **out, struct err *e);
int httpd_port(const struct httpd *h);
/* Lets running handlers finish, closes every connection, frees h. */
void httpd_stop(struct httpd *h);

/* ---- the request (valid until the handler has sent its response) ---- */

const char *httpd_req_method(const struct httpd_req *r);
/* Without the query string; of an absolute-form target, only the path. */
const char *httpd_req_path(const struct httpd_req *r);
const char *httpd_req_rest(const struct httpd_req *r); /* after a prefix route's prefix */
const char *httpd_req_arg(const struct httpd_req *r, const char *name);    /* query; NULL */
const char *httpd_req_header(const struct httpd_req *r, const char *name); /* any case */
/* Calls fn on each query argument in order (value NULL for "?a" without '='); returns
 * how many there are. */
size_t httpd_req_args(const struct httpd_req *r,
                      void (*fn)(void *ctx, const char *name, const char *value), void *ctx);
/* The request body, NUL-terminated ("" when there is none). */
const char *httpd_req_body(const struct httpd_req *r, size_t *out_len);
/* Whether the client takes a gzip body (Accept-Encoding, not refused with q=0). */
int httpd_req_wants_gzip(const struct httpd_req *r);

/* ---- responses ---- */

/* What a stream reader returns instead of a byte count. */
#define HTTPD_STREAM_END   ((ssize_t)-1) /* the body is complete */
#define HTTPD_STREAM_ABORT ((ssize_t)-2) /* close the connection: the body is cut short */
#define HTTPD_SIZE_UNKNOWN UINT64_MAX    /* sent chunked */

/* Fills out with up to max bytes of the body from offset pos; called on an I/O thread,
 * so it should not block for long. */
typedef ssize_t (*httpd_reader)(void *cls, uint64_t pos, char *out, size_t max);

struct httpd_resp *httpd_resp_buf(struct buf *b); /* takes b's bytes, leaves b empty */
struct httpd_resp *httpd_resp_stream(uint64_t size, httpd_reader read, void *cls,
                                     void (*free_cls)(void *cls));
/* A body of unknown size (sent chunked) whose reader may block (it computes, or waits
 * for locks): it runs on a worker thread, filling 256 KB at a time, while the I/O thread
 * only copies what it filled. */
struct httpd_resp *httpd_resp_stream_blocking(httpd_reader read, void *cls,
                                              void (*free_cls)(void *cls));
void httpd_resp_header(struct httpd_resp *resp, const char *name, const char *value);

/* Sends resp (which this takes) with status and, unless NULL, a Content-Type. */
void httpd_send(struct httpd_req *r, int status, struct httpd_resp *resp, const char *type);
void httpd_send_buf(struct httpd_req *r, int status, const char *type, struct buf *b);
void httpd_send_text(struct httpd_req *r, int status, const char *text); /* text/plain */
void httpd_send_json(struct httpd_req *r, int status, const char *json);

#define HTTPD_JSON "application/json;charset=UTF-8"

/* Appends data gzipped (level 1: fast, for bodies made per request or cached) to out. */
int httpd_gzip(const void *data, size_t len, struct buf *out, struct err *e);

#endif
