/* serve.c - wowah serve: the market in a browser (web/server.h) until a signal. */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bnet/bnet.h"
#include "ch/client.h"
#include "cli/cli.h"
#include "util/config.h"
#include "util/opt.h"
#include "web/server.h"

static const char usage[] = "wowah serve [--listen 127.0.0.1:8080] [--data-dir DIR | "
                            "--clickhouse URL] [--queries N] [--open]";
static const char summary[] =
        "Serve the market in a browser: charts and tables over DATA_DIR/wowah.duckdb, or over\n"
        "the ClickHouse that 'wowah feed' fills (--clickhouse URL, read-only), and the JSON API\n"
        "they use (every number from the reports of 'wowah report'). Prints 'serving\n"
        "http://HOST:PORT' first; picks up each 'wowah load' or feed within seconds and never\n"
        "holds one up; stops on SIGINT/SIGTERM.";
static const char default_dir[] = CLI_DATA_DIR_DEFAULT;

/* "HOST:PORT" (HOST an IPv4 address) into host and *port. */
static int parse_listen(const char *s, char *host, size_t n, int *port, struct err *e)
{
	const char *colon = strrchr(s, ':');
	char *end;
	long p;

	if (!colon || colon == s || (size_t)(colon - s) >= n)
		return err_set(e, WOWAH_EUSAGE, "--listen: '%s' is not HOST:PORT (127.0.0.1:8080)",
		               s);
	p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || p < 0 || p > 65535)
		return err_set(e, WOWAH_EUSAGE, "--listen: '%s' has no port from 0 to 65535", s);
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	*port = (int)p;
	return WOWAH_OK;
}

/* --open: the desktop's browser, when there is one; a failure only says so. */
static void open_browser(const char *url)
{
	pid_t pid = fork();

	if (pid == 0) {
		execlp("xdg-open", "xdg-open", url, (char *)NULL);
		_exit(127);
	}
	if (pid < 0)
		fprintf(stderr, "wowah serve: cannot start xdg-open; open %s yourself\n", url);
}

/* A value given on the command line: neither the default nor the environment's. */
static int given(const char *v, const char *def, const char *env)
{
	return v && v != def && v != cfg_get(env);
}

/* The source: --clickhouse (or WOWAH_CLICKHOUSE_URL without --data-dir) is ClickHouse;
 * both flags name two sources. Fills *ch, or the absolute data dir. */
static int choose_source(const char *data_dir, const struct cli_clickhouse *chc, struct ch_opts *ch,
                         char *dir, struct err *e)
{
	int dir_flag = given(data_dir, default_dir, "WOWAH_DATA_DIR");

	if (dir_flag && given(chc->url, NULL, "WOWAH_CLICKHOUSE_URL"))
		return err_set(e, WOWAH_EUSAGE,
		               "--data-dir and --clickhouse name two sources: give one of them");
	if (chc->url && !dir_flag)
		return cli_clickhouse_opts(chc, ch, e);
	if (!realpath(data_dir, dir))
		return err_set(e, WOWAH_ENOTFOUND,
		               "no data dir %s (pull or import some snapshots first)", data_dir);
	return WOWAH_OK;
}

static int run(int argc, char **argv)
{
	const char *listen, *data_dir;
	struct cli_clickhouse chc = {0};
	int64_t queries;
	int open = 0, npos, status, sig, port = 0;
	const struct opt opts[] = {
	        OPT_STR_DEF_("listen", &listen, "HOST:PORT",
	                     "address to serve on (port 0: any free one)", "WOWAH_LISTEN",
	                     "127.0.0.1:8080"),
	        OPT_STR_DEF_("data-dir", &data_dir, "DIR", "the data dir", "WOWAH_DATA_DIR",
	                     default_dir),
	        CLI_OPT_CLICKHOUSE_URL(&chc),
	        CLI_OPT_CLICKHOUSE_DATABASE(&chc),
	        OPT_INT_DEF_("queries", &queries, "N", "reports run at once (others wait)", NULL, 1,
	                     64, 2),
	        OPT_BOOL_("open", &open, "open the page in the desktop's browser"),
	        OPT_END_,
	};
	struct web_server_config cfg = {0};
	struct ch_opts ch = {0};
	struct web_server *srv = NULL;
	struct err e = {0};
	char host[64], dir[PATH_MAX] = "", url[128];
	sigset_t set;
	int rc;

	if (!cli_parse(opts, usage, summary, argc, argv, &npos, &status))
		return status;
	if (cli_no_args("serve", npos, argv, &e) ||
	    parse_listen(listen, host, sizeof(host), &port, &e) ||
	    choose_source(data_dir, &chc, &ch, dir, &e))
		return cli_fail(&e);
	cfg.clickhouse = ch.url ? &ch : NULL;
	cfg.data_dir = ch.url ? NULL : dir;
	cfg.host = host;
	cfg.port = port;
	cfg.queries = (unsigned)queries;

	/* Blocked before any thread starts, so only sigwait() below sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	rc = cfg.clickhouse ? bnet_global_init(&e) : WOWAH_OK;
	if (!rc)
		rc = web_server_start(&cfg, &srv, &e);
	if (rc) {
		if (cfg.clickhouse)
			bnet_global_cleanup();
		return cli_fail(&e);
	}
	snprintf(url, sizeof(url), "http://%s:%d", host, web_server_port(srv));
	printf("serving %s\n", url);
	fflush(stdout);
	if (strcmp(host, "127.0.0.1") != 0)
		fprintf(stderr,
		        "wowah serve: warning: listening on %s, not only this machine's loopback: "
		        "anyone who reaches it sees the data\n",
		        host);
	if (open)
		open_browser(url);
	sigwait(&set, &sig);
	web_server_stop(srv);
	if (cfg.clickhouse)
		bnet_global_cleanup();
	return 0;
}

const struct cli_cmd cmd_serve = {"serve", "the market in a browser: charts, tables, a JSON API",
                                  run};
