/* fuzz-sim-http.c - the simulator's HTTP request handling (sim/server.h): paths, query
 * strings, headers and bodies, over loopback to a server started once per process.
 *
 * The server's only API is start/stop on a port, so each input is one connection.
 * Input: byte 0 is flags (bit 0: add a valid "Authorization: Bearer" token, so the data
 * routes are reached); then "METHOD TARGET" up to the first '\n', header lines up to an
 * empty line, and the rest is the body (its Content-Length is added). Every request gets
 * a complete answer within a few seconds, and the server keeps serving.
 */
#include "fuzz.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "sim/server.h"
#include "sim/world.h"
#include "util/buf.h"

#define CLIENT_ID     "fuzz-id"
#define CLIENT_SECRET "fuzz-secret"
#define DEADLINE_S    40  /* for one answer: past the server's 30 s request deadline, it is hung */
#define MAX_ADVANCE_H 168 /* hours all inputs together may move the clock */

static struct sim_world *world;
static struct sim_server *server;
static char token[64];

static int connect_server(void)
{
	struct sockaddr_in a = {0};
	struct timeval tv = {DEADLINE_S, 0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)sim_server_port(server));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("fuzz: connect to the simulator");
		abort();
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Sends req, reads the answer to its end into out; aborts when the server hangs. */
static void exchange(const struct buf *req, struct buf *out)
{
	int fd = connect_server();
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
		fprintf(stderr, "fuzz: no complete answer within %d s\n", DEADLINE_S);
		abort();
	}
	close(fd);
}

static void fetch_token(void)
{
	struct buf req = BUF_INIT, out = BUF_INIT;
	const char *p;

	buf_printf(&req,
	           "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	           "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n"
	           "\r\ngrant_type=client_credentials&client_id=" CLIENT_ID
	           "&client_secret=" CLIENT_SECRET,
	           strlen("grant_type=client_credentials&client_id=" CLIENT_ID
	                  "&client_secret=" CLIENT_SECRET));
	exchange(&req, &out);
	buf_putc(&out, '\0');
	p = strstr(out.data, "\"access_token\":\"");
	if (!p || sscanf(p + 16, "%63[^\"]", token) != 1) {
		fprintf(stderr, "fuzz: no token from the simulator: %s\n", out.data);
		abort();
	}
	buf_release(&req);
	buf_release(&out);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* Small, so a request that simulates every house still answers quickly. The clock is
	 * bounded too: each input may POST /sim/advance up to a year, the hours add up, and
	 * the next data request simulates them all (a year took 26 s of the deadline here).
	 * After a week, the commodities take about 2 s, a truth of every house about 8 s
	 * (docs/fuzzing.md). */
	struct sim_config wc = {.region = "us",
	                        .seed = 1,
	                        .realms = 2,
	                        .history_hours = 4,
	                        .max_clock_hours = 4 + MAX_ADVANCE_H,
	                        .auctions_per_realm = 40,
	                        .commodities = 20};
	struct sim_server_config sc = {.client_id = CLIENT_ID,
	                               .client_secret = CLIENT_SECRET,
	                               .token_ttl = 86400,
	                               .rate_limit = 1000000000};
	struct err e = {0};
	sigset_t alarm, old;

	(void)argc;
	(void)argv;
	/* libFuzzer's -timeout is a SIGALRM that only counts on this thread: the server's
	 * threads inherit it blocked, or one of them takes the signal and a hang goes unseen */
	sigemptyset(&alarm);
	sigaddset(&alarm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alarm, &old);
	if (sim_world_new(&wc, &world, &e) || sim_server_start(world, &sc, &server, &e)) {
		fprintf(stderr, "fuzz: cannot start the simulator: %s\n", e.msg);
		abort();
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	fetch_token();
	return 0;
}

/* Appends data[0..len) with each "\n" as "\r\n" (a "\r\n" already there stays one). */
static void put_lines(struct buf *b, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
			buf_putc(b, '\r');
		buf_putc(b, (char)data[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct buf req = BUF_INIT, out = BUF_INIT;
	const uint8_t *line_end, *head_end, *p;
	size_t hlen;

	if (len < 2)
		return 0;
	p = data + 1;
	len--;
	line_end = memchr(p, '\n', len);
	if (!line_end)
		line_end = p + len;
	/* the headers end at "\n\n" (or the input) */
	head_end = line_end;
	while (head_end < p + len &&
	       !(head_end[0] == '\n' && head_end + 1 < p + len && head_end[1] == '\n'))
		head_end++;
	put_lines(&req, p, (size_t)(line_end - p));
	buf_puts(&req, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
	if (data[0] & 1)
		buf_printf(&req, "Authorization: Bearer %s\r\n", token);
	hlen = (size_t)(head_end - line_end);
	if (hlen > 1) {
		put_lines(&req, line_end + 1, hlen - 1);
		buf_puts(&req, "\r\n");
	}
	p = head_end + 2 <= data + 1 + len ? head_end + 2 : data + 1 + len;
	buf_printf(&req, "Content-Length: %zu\r\n\r\n", (size_t)(data + 1 + len - p));
	buf_append(&req, p, (size_t)(data + 1 + len - p));
	exchange(&req, &out);
	if (out.len && (out.len < 12 || memcmp(out.data, "HTTP/1.", 7) != 0)) {
		fprintf(stderr, "fuzz: not an HTTP answer: %.*s\n", (int)out.len, out.data);
		abort();
	}
	buf_release(&req);
	buf_release(&out);
	return 0;
}
