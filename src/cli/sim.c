/* sim.c - wowah sim: serve the simulated Battle.net API on 127.0.0.1 until a signal. */
#include <signal.h>
#include <stdio.h>

#include "cli/cli.h"
#include "sim/server.h"
#include "sim/world.h"
#include "util/opt.h"

static const char usage[] =
        "wowah sim [--port N] [--region eu] [--realms N] [--seed S] [--history-hours H] ...";
static const char summary[] =
        "Serve an offline Battle.net API with a living, deterministic auction market.\n"
        "Prints 'listening on http://127.0.0.1:PORT' when ready; stops on SIGINT/SIGTERM.\n"
        "Control: POST /sim/advance?hours=N, POST /sim/revoke-tokens, GET /sim/truth, "
        "GET /sim/clock.";

/* Waits for SIGINT or SIGTERM, which the caller has blocked in every thread. */
static void wait_for_signal(const sigset_t *set)
{
	int sig;
	sigwait(set, &sig);
}

static int run(int argc, char **argv)
{
	/* -1 until given: the option's 0 is none, the world's 0 its default */
	int64_t classic[SIM_NFLAVORS] = {-1, -1, -1, -1};
	int64_t port = 0, realms, seed, history, truth, max_clock = 0, per_realm, commodities, ttl,
	        rate, slow = 0;
	double fail = 0, truncate = 0, malformed = 0;
	const char *region, *client_id, *client_secret;
	const struct opt opts[] = {
	        OPT_INT_("port", &port, "N", "TCP port on 127.0.0.1 (0: any free port)", NULL, 0,
	                 65535),
	        OPT_CHOICE_DEF_("region", &region, "eu|us|kr|tw", "region served", NULL, "eu"),
	        OPT_INT_DEF_("realms", &realms, "N", "retail connected realms, 1-300", NULL, 1, 300,
	                     5),
	        OPT_INT_("classic-realms", &classic[SIM_CLASSIC], "N",
	                 "Classic progression connected realms, 0-60 (default: a fifth of "
	                 "--realms, at least 1)",
	                 NULL, 0, SIM_MAX_CLASSIC_REALMS),
	        OPT_INT_("classic1x-realms", &classic[SIM_CLASSIC1X], "N",
	                 "Classic Era connected realms, 0-60 (default: a fifth of --realms, at "
	                 "least 2)",
	                 NULL, 0, SIM_MAX_CLASSIC_REALMS),
	        OPT_INT_("classicann-realms", &classic[SIM_CLASSICANN], "N",
	                 "Anniversary connected realms, 0-60 (default: a fifth of --realms, at "
	                 "least 1)",
	                 NULL, 0, SIM_MAX_CLASSIC_REALMS),
	        OPT_INT_DEF_("seed", &seed, "S", "seed of the world and its market", NULL, 0, 9e15,
	                     1),
	        OPT_INT_DEF_("history-hours", &history, "H",
	                     "hours of market life before the clock starts, 0-8760", NULL, 0, 8760,
	                     24),
	        OPT_INT_DEF_("truth-hours", &truth, "H",
	                     "hours of ground truth kept before the clock, 1-8760", NULL, 1, 8760,
	                     168),
	        OPT_INT_("max-clock-hours", &max_clock, "H",
	                 "furthest the clock may go, in hours after the market's birth (0: no "
	                 "limit); /sim/advance past it gets 409",
	                 NULL, 0, 1e6),
	        OPT_INT_DEF_("auctions-per-realm", &per_realm, "N", "realm house size, 1-200000",
	                     NULL, 1, 200000, 2000),
	        OPT_INT_DEF_("commodities", &commodities, "N",
	                     "region commodity listings, 1-1000000", NULL, 1, 1000000, 20000),
	        OPT_STR_DEF_("client-id", &client_id, "ID", "OAuth client id accepted",
	                     "WOWAH_SIM_CLIENT_ID", "wowah-sim"),
	        OPT_STR_DEF_("client-secret", &client_secret, "S", "OAuth client secret accepted",
	                     "WOWAH_SIM_CLIENT_SECRET", "wowah-sim-secret"),
	        OPT_INT_DEF_("token-ttl", &ttl, "SECONDS", "access token lifetime", NULL, 1, 1e9,
	                     86399),
	        OPT_INT_DEF_("rate-limit", &rate, "N", "requests per second per client before 429",
	                     NULL, 1, 1e9, 100),
	        OPT_DBL_("fail-rate", &fail, "P", "share of data requests answered 500/503", NULL,
	                 0, 1),
	        OPT_DBL_("truncate-rate", &truncate, "P",
	                 "share of data responses cut off mid-body", NULL, 0, 1),
	        OPT_DBL_("malformed-rate", &malformed, "P",
	                 "share of data responses with invalid JSON", NULL, 0, 1),
	        OPT_INT_("slow-ms", &slow, "MS", "delay added to every data request", NULL, 0,
	                 600000),
	        OPT_END_,
	};
	struct sim_config wc = {0};
	struct sim_server_config sc = {0};
	struct sim_world *w = NULL;
	struct sim_server *srv = NULL;
	struct err e = {0};
	sigset_t set;
	int npos, status;

	if (!cli_parse(opts, usage, summary, argc, argv, &npos, &status))
		return status;
	if (cli_no_args("sim", npos, argv, &e))
		return cli_fail(&e);
	wc.region = region;
	wc.seed = (uint64_t)seed;
	wc.realms = realms;
	for (int f = SIM_CLASSIC; f < SIM_NFLAVORS; f++)
		wc.classic_realms[f] = classic[f] < 0 ? 0 : classic[f] ? classic[f] : SIM_NO_REALMS;
	wc.history_hours = history;
	wc.truth_hours = truth;
	wc.max_clock_hours = max_clock;
	wc.auctions_per_realm = per_realm;
	wc.commodities = commodities;
	sc.port = (int)port;
	sc.client_id = client_id;
	sc.client_secret = client_secret;
	sc.token_ttl = ttl;
	sc.rate_limit = rate;
	sc.fail_rate = fail;
	sc.truncate_rate = truncate;
	sc.malformed_rate = malformed;
	sc.slow_ms = slow;

	/* Blocked before any thread starts, so only sigwait() below sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (sim_world_new(&wc, &w, &e) || sim_server_start(w, &sc, &srv, &e) ||
	    sim_world_warm(w, &e)) {
		sim_server_stop(srv);
		sim_world_free(w);
		return cli_fail(&e);
	}
	printf("listening on http://127.0.0.1:%d\n", sim_server_port(srv));
	fflush(stdout);
	wait_for_signal(&set);
	sim_server_stop(srv);
	sim_world_free(w);
	return 0;
}

const struct cli_cmd cmd_sim = {"sim", "serve an offline Battle.net API with a simulated market",
                                run};
