/* fuzz-serve-http.c - `wowah serve`'s request handling (web/server.h, web/api.h): routes,
 * API parameters, asset names, methods, headers, over loopback to a server started once
 * per process on an empty data dir (every parameter is checked before the database is
 * needed; with no database a valid request is a 503 that says to load).
 *
 * Input as fuzz-sim-http's (fuzz.h, fuzz_http_request): byte 0 is flags (bit 0: the
 * client takes gzip), then "METHOD TARGET", header lines, an empty line, the body. Every
 * request gets a complete HTTP answer within the deadline, and the server keeps serving.
 */
#include "fuzz.h"

#include <limits.h>

#include "web/server.h"

static struct web_server *server;
static char dir[PATH_MAX];

static void remove_dir(void)
{
	web_server_stop(server);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct web_server_config cfg = {0};
	struct err e = {0};
	const char *tmp = getenv("TMPDIR");
	sigset_t old;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/wowah-fuzz-serve.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	cfg.data_dir = dir;
	cfg.tmp_dir = dir;
	fuzz_alarm_block(&old);
	if (web_server_start(&cfg, &server, &e)) {
		fprintf(stderr, "fuzz: cannot start serve: %s\n", e.msg);
		abort();
	}
	fuzz_alarm_restore(&old);
	atexit(remove_dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct buf req = BUF_INIT, out = BUF_INIT;

	if (len < 2)
		return 0;
	fuzz_http_request(&req, data + 1, len - 1, data[0] & 1 ? "Accept-Encoding: gzip\r\n" : "");
	fuzz_http_exchange(web_server_port(server), &req, &out);
	fuzz_http_check_answer(&out);
	buf_release(&req);
	buf_release(&out);
	return 0;
}
