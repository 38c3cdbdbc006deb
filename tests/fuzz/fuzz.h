/* fuzz.h - what every libFuzzer target of tests/fuzz/ shares: the entry point's
 * declaration, the check that an error is one line, a file path for parsers that read
 * files, and for the HTTP servers (sim-http, serve-http) the request an input makes, one
 * exchange over loopback, and a start of their threads that leaves libFuzzer's alarm to
 * the fuzzing thread.
 *
 * A failed check calls abort(), which libFuzzer reports as a crash and keeps the input.
 */
#ifndef WOWAH_FUZZ_H
#define WOWAH_FUZZ_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "batch/batch.h"
#include "util/buf.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static inline int fuzz_same_bytes(const void *a, const void *b, size_t n)
{
	return n == 0 || memcmp(a, b, n) == 0; /* an empty array may be NULL */
}

/* Whether two batches hold the same rows (the parsers' differential checks).
 * Row i's value of a nullable column is only defined when present. */
#define FUZZ_SAME_VALUE(col, NAME, a, b, i) \
	(!batch_has((a), (i), BCOL_##NAME) || (a)->col[i] == (b)->col[i])

static inline int fuzz_same_rows(const struct batch *a, const struct batch *b)
{
	if (a->n != b->n || a->nbonus != b->nbonus || a->nmod != b->nmod)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->present[i] != b->present[i] || a->auction_id[i] != b->auction_id[i] ||
		    a->item_id[i] != b->item_id[i] || a->quantity[i] != b->quantity[i] ||
		    a->time_left[i] != b->time_left[i] ||
		    !FUZZ_SAME_VALUE(unit_price, UNIT_PRICE, a, b, i) ||
		    !FUZZ_SAME_VALUE(buyout, BUYOUT, a, b, i) ||
		    !FUZZ_SAME_VALUE(bid, BID, a, b, i))
			return 0;
	return fuzz_same_bytes(a->bonus, b->bonus, a->nbonus * sizeof(*a->bonus)) &&
	       fuzz_same_bytes(a->mod_value, b->mod_value, a->nmod * sizeof(*a->mod_value));
}

/* Every failure of a parser of outside input is one clear line: a code, a message, no
 * line break in it. */
static inline void fuzz_check_err(int rc, const struct err *e)
{
	if (rc == WOWAH_OK)
		return;
	if (e->code != rc || e->msg[0] == '\0' || strchr(e->msg, '\n')) {
		fprintf(stderr, "fuzz: bad error (rc %d, code %d): '%s'\n", rc, e->code, e->msg);
		abort();
	}
}

/* A path whose file holds exactly data[0..len): an in-memory file, so a run writes
 * nothing to disk. Valid until the next call. */
static inline const char *fuzz_file(const uint8_t *data, size_t len)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz-input", 0);
		if (fd < 0) {
			perror("fuzz: memfd_create");
			abort();
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || (len && pwrite(fd, data, len, 0) != (ssize_t)len)) {
		perror("fuzz: writing the input file");
		abort();
	}
	return path;
}

/* ---- HTTP servers over loopback ---- */

/* For one answer: past the servers' own 30 s request deadline (src/httpd/), it is hung. */
#define FUZZ_HTTP_DEADLINE_S 40

/* libFuzzer's -timeout is a SIGALRM that only counts on the fuzzing thread: a server's
 * threads must inherit it blocked, or one of them takes the signal and a hang goes
 * unseen. Call before starting the server, then fuzz_alarm_restore(). */
static inline void fuzz_alarm_block(sigset_t *old)
{
	sigset_t alarm;
	sigemptyset(&alarm);
	sigaddset(&alarm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alarm, old);
}

static inline void fuzz_alarm_restore(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static inline int fuzz_http_connect(int port)
{
	struct sockaddr_in a = {0};
	struct timeval tv = {FUZZ_HTTP_DEADLINE_S, 0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("fuzz: connect to the server");
		abort();
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Sends req on a connection of its own, shuts the write side, reads the answer to its
 * end into out; aborts when the server hangs. */
static inline void fuzz_http_exchange(int port, const struct buf *req, struct buf *out)
{
	int fd = fuzz_http_connect(port);
	char chunk[16384];
	ssize_t n;

	for (size_t off = 0; off < req->len; off += (size_t)n) {
		n = send(fd, req->data + off, req->len - off, MSG_NOSIGNAL);
		if (n <= 0)
			break; /* the server may answer and close before reading it all */
	}
	shutdown(fd, SHUT_WR);
	/* libFuzzer's -timeout alarm interrupts the wait; it is no end of the answer */
	while ((n = recv(fd, chunk, sizeof(chunk), 0)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			buf_append(out, chunk, (size_t)n);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		fprintf(stderr, "fuzz: no complete answer within %d s\n", FUZZ_HTTP_DEADLINE_S);
		abort();
	}
	close(fd);
}

/* Appends data[0..len) with each "\n" as "\r\n" (a "\r\n" already there stays one). */
static inline void fuzz_put_lines(struct buf *b, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
			buf_putc(b, '\r');
		buf_putc(b, (char)data[i]);
	}
}

/* The request an input makes: "METHOD TARGET" up to the first '\n', header lines up to
 * an empty line ("\n\n"), the rest the body; Host, Connection: close, extra (whole
 * header lines, or "") and the body's Content-Length are added. */
static inline void fuzz_http_request(struct buf *req, const uint8_t *p, size_t len,
                                     const char *extra)
{
	const uint8_t *end = p + len, *line_end, *head_end, *body;
	size_t hlen;

	line_end = memchr(p, '\n', len);
	if (!line_end)
		line_end = end;
	head_end = line_end;
	while (head_end < end &&
	       !(head_end[0] == '\n' && head_end + 1 < end && head_end[1] == '\n'))
		head_end++;
	fuzz_put_lines(req, p, (size_t)(line_end - p));
	buf_puts(req, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
	buf_puts(req, extra);
	hlen = (size_t)(head_end - line_end);
	if (hlen > 1) {
		fuzz_put_lines(req, line_end + 1, hlen - 1);
		buf_puts(req, "\r\n");
	}
	body = head_end + 2 <= end ? head_end + 2 : end;
	buf_printf(req, "Content-Length: %zu\r\n\r\n", (size_t)(end - body));
	buf_append(req, body, (size_t)(end - body));
}

/* What came back is nothing (the server closed) or an HTTP answer. */
static inline void fuzz_http_check_answer(const struct buf *out)
{
	if (out->len && (out->len < 12 || memcmp(out->data, "HTTP/1.", 7) != 0)) {
		fprintf(stderr, "fuzz: not an HTTP answer: %.*s\n", (int)out->len, out->data);
		abort();
	}
}

#endif
