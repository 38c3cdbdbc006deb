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

#include "sim/server.h"
#include "sim/world.h"
#include "util/buf.h"

#define CLIENT_ID     "fuzz-id"
#define CLIENT_SECRET "fuzz-secret"
#define MAX_ADVANCE_H 168 /* hours all inputs together may move the clock */

static struct sim_world *world;
static struct sim_server *server;
static char token[64];

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
	fuzz_http_exchange(sim_server_port(server), &req, &out);
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
	sigset_t old;

	(void)argc;
	(void)argv;
	fuzz_alarm_block(&old);
	if (sim_world_new(&wc, &world, &e) || sim_server_start(world, &sc, &server, &e)) {
		fprintf(stderr, "fuzz: cannot start the simulator: %s\n", e.msg);
		abort();
	}
	fuzz_alarm_restore(&old);
	fetch_token();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct buf req = BUF_INIT, out = BUF_INIT;
	char auth[128] = "";

	if (len < 2)
		return 0;
	if (data[0] & 1)
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s\r\n", token);
	fuzz_http_request(&req, data + 1, len - 1, auth);
	fuzz_http_exchange(sim_server_port(server), &req, &out);
	fuzz_http_check_answer(&out);
	buf_release(&req);
	buf_release(&out);
	return 0;
}
