/* testsrv.h - a tiny loopback HTTP server for the bnet tests, scripted per test.
 *
 * Each request is answered by the test's handler, which sees the method, path, the
 * Authorization and If-Modified-Since headers and the Basic credentials, and says what
 * to send: status, body, headers, an optional delay, and an optional cut (the body is
 * declared whole but the connection closes after `cut_at` bytes).
 */
#ifndef WOWAH_TESTS_TESTSRV_H
#define WOWAH_TESTS_TESTSRV_H

#include <stddef.h>

struct tsrv_req {
	const char *method, *path;
	const char *authorization;     /* NULL when absent */
	const char *if_modified_since; /* NULL when absent */
	const char *user, *pass;       /* Basic credentials, NULL when absent */
};

struct tsrv_resp {
	int status;
	const char *body; /* copied; NULL: empty */
	size_t body_len;  /* 0: strlen(body) */
	const char *last_modified, *retry_after, *content_type;
	int delay_ms; /* sleep before answering */
	long cut_at;  /* >= 0: close after this many body bytes; -1: send it all */
};

typedef void (*tsrv_handler)(void *ud, const struct tsrv_req *req, struct tsrv_resp *resp);

struct tsrv;

/* Starts on 127.0.0.1 (a free port). The handler runs on the server's threads. */
struct tsrv *tsrv_start(tsrv_handler h, void *ud);
void tsrv_stop(struct tsrv *s);
/* "http://127.0.0.1:PORT" */
const char *tsrv_url(const struct tsrv *s);
/* Most requests seen in progress at once, and requests seen in all. */
int tsrv_max_concurrent(const struct tsrv *s);
int tsrv_requests(const struct tsrv *s);

#endif
